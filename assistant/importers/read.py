"""Opening a report file of any supported kind, with one Chinese line for every way it can fail."""

from __future__ import annotations

from pathlib import Path

from assistant.importers.decode import decode_text
from assistant.importers.docx_reader import read_docx
from assistant.importers.errors import ReportReadError
from assistant.importers.text import parse_text
from assistant.report.model import Report

MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_TEXT_BYTES = 5 * 1024 * 1024
"""A report's text is tens of kilobytes; a .docx may carry photos, so it is allowed more."""
TEXT_SUFFIXES = (".txt", ".md")
REPORT_SUFFIXES = (*TEXT_SUFFIXES, ".docx")
_OLD_FORMATS = {".doc": "Word 97-2003", ".wps": "WPS", ".pdf": "PDF"}


def _checked_size(path: Path) -> int:
    name = path.name
    if not path.exists():
        raise ReportReadError(f"{path}：找不到文件")
    if path.is_dir():
        raise ReportReadError(f"{name}：是文件夹，不是报告文件")
    suffix = path.suffix.lower()
    if suffix in _OLD_FORMATS:
        raise ReportReadError(f"{name}：暂不支持 {_OLD_FORMATS[suffix]} 格式，请另存为 .docx 或 .txt 后再检查")
    if suffix not in REPORT_SUFFIXES:
        raise ReportReadError(f"{name}：不支持的文件类型“{suffix or '无扩展名'}”，请提供 .txt、.md 或 .docx")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReportReadError(f"{name}：无法读取（{exc.strerror or exc}）") from None
    if size == 0:
        raise ReportReadError(f"{name}：文件为空")
    limit_bytes = MAX_DOCX_BYTES if suffix == ".docx" else MAX_TEXT_BYTES
    if size > limit_bytes:
        limit = limit_bytes // (1024 * 1024)
        raise ReportReadError(f"{name}：文件过大（{size / 1024 / 1024:.1f} MB），报告文件不能超过 {limit} MB")
    return size


def read_text_file(path: Path) -> str:
    """The decoded text of a .txt or .md report, after the same checks as ``read_report``."""
    _checked_size(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportReadError(f"{path.name}：无法读取（{exc.strerror or exc}）") from None
    return decode_text(data, path.name)


def read_report(path: Path) -> Report:
    """The report in a .txt, .md or .docx file; ``ReportReadError`` for anything that is not one."""
    _checked_size(path)
    is_docx = path.suffix.lower() == ".docx"
    report = read_docx(path, path.name) if is_docx else parse_text(read_text_file(path))
    if not report.title and not report.preamble and not report.sections:
        raise ReportReadError(f"{path.name}：文件中没有文字")
    return report
