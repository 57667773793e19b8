"""Opening a report file of any supported kind, with one Chinese line for every way it can fail."""

from __future__ import annotations

import errno
import io
import stat
from pathlib import Path

from assistant.importers.decode import decode_with_encoding
from assistant.importers.errors import ReportReadError
from assistant.importers.text import parse_text
from assistant.limits import MIB, limits
from assistant.os_reasons import os_reason
from assistant.report.model import Report

TEXT_SUFFIXES = (".txt", ".md")
REPORT_SUFFIXES = (*TEXT_SUFFIXES, ".docx")
_OLD_FORMATS = {".doc": "Word 97-2003", ".wps": "WPS", ".pdf": "PDF"}


def _checked_kind(name: str, size: int) -> None:
    """Refuse a file by its kind and size alone, before reading it.

    A report's text is tens of kilobytes; a .docx may carry photos, so it is allowed more (``assistant.limits``).
    """
    suffix = Path(name).suffix.lower()
    if suffix in _OLD_FORMATS:
        raise ReportReadError(f"{name}：暂不支持 {_OLD_FORMATS[suffix]} 格式，请另存为 .docx 或 .txt 后再检查")
    if suffix not in REPORT_SUFFIXES:
        raise ReportReadError(f"{name}：不支持的文件类型“{suffix or '无扩展名'}”，请提供 .txt、.md 或 .docx")
    if size == 0:
        raise ReportReadError(f"{name}：文件为空")
    limit_bytes = limits().docx_bytes if suffix == ".docx" else limits().text_bytes
    if size > limit_bytes:
        limit = limit_bytes // (1024 * 1024)
        raise ReportReadError(f"{name}：文件过大（{size / 1024 / 1024:.1f} MB），报告文件不能超过 {limit} MB")


def _checked_size(path: Path) -> int:
    """The size of a report file after every check that needs no reading (kind, size, permissions)."""
    name = path.name
    try:
        info = path.stat()
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise ReportReadError(f"{path}：找不到文件") from None
        raise ReportReadError(f"{name}：{os_reason(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReportReadError(f"{name}：是文件夹，不是报告文件")
    if not stat.S_ISREG(info.st_mode):
        raise ReportReadError(f"{name}：不是普通文件（可能是设备或管道），无法作为报告读取")
    _checked_kind(name, info.st_size)
    return info.st_size


def read_text_file(path: Path) -> str:
    """The decoded text of a .txt or .md report, after the same checks as ``read_report``."""
    return read_text_with_encoding(path)[0]


def read_text_with_encoding(path: Path) -> tuple[str, str]:
    """The decoded text of a .txt or .md report and its encoding, after the same checks as ``read_report``."""
    _checked_size(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(limits().text_bytes + 1)
    except OSError as exc:
        raise ReportReadError(f"{path.name}：{os_reason(exc)}") from None
    if len(data) > limits().text_bytes:
        raise ReportReadError(f"{path.name}：文件过大，报告文件不能超过 {limits().text_bytes // MIB} MB")
    return decode_with_encoding(data, path.name)


def _has_text(report: Report, name: str) -> Report:
    if not report.title and not report.preamble and not report.sections:
        raise ReportReadError(f"{name}：文件中没有文字")
    return report


def read_report(path: Path) -> Report:
    """The report in a .txt, .md or .docx file; ``ReportReadError`` for anything that is not one."""
    _checked_size(path)
    if path.suffix.lower() == ".docx":
        from assistant.importers.docx_reader import read_docx  # lxml: only with the [docx] extra

        return _has_text(read_docx(path, path.name), path.name)
    return _has_text(parse_text(read_text_file(path)), path.name)


def report_of_bytes(name: str, data: bytes) -> Report:
    """The report in the bytes of a file called ``name`` (received, not on disk), checked as ``read_report`` does."""
    _checked_kind(name, len(data))
    if Path(name).suffix.lower() == ".docx":
        from assistant.importers.docx_reader import read_docx

        return _has_text(read_docx(io.BytesIO(data), name), name)
    return _has_text(parse_text(decode_with_encoding(data, name)[0]), name)
