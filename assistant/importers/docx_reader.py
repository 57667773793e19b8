"""Word reports: paragraphs in body order, auto-numbered headings given back their markers, tables kept.

A paragraph's place is its 1-based number among the body's paragraphs (empty ones included), which is
what a finding points to in a .docx.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from assistant.importers.builder import OutlineBuilder, looks_like_title
from assistant.importers.docx_numbering import Numbering, ParagraphStyles
from assistant.importers.errors import ReportReadError
from assistant.importers.markers import match_marker
from assistant.report.model import Report, Table

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 5000
_HEADING_STYLE = re.compile(r"(?:Heading|标题)\s*([1-4])$", re.IGNORECASE)
_TITLE_STYLES = {"title", "标题"}


def _check_archive(path: Path, name: str) -> None:
    """Refuse what is not a Word package, or would unpack to far more than any report (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        raise ReportReadError(f"{name}：不是有效的 Word 文档（.docx），文件可能已损坏或只是改了扩展名") from None
    if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES:
        raise ReportReadError(f"{name}：文档解压后异常庞大，疑似损坏或恶意文件，已拒绝读取")
    if "word/document.xml" not in names:
        raise ReportReadError(f"{name}：不是 Word 文档（缺少正文部分），请用 Word 另存为 .docx")


def _rows(table: Any) -> list[list[str]]:
    return [[cell.text.strip() for cell in row.cells] for row in table.rows]


def _build(document: Any) -> Report:
    from docx.table import Table as DocxTable

    numbering = Numbering(document.part.numbering_part.element)
    styles = ParagraphStyles(document.part.styles.element)
    out = OutlineBuilder()
    number = 0
    for block in document.iter_inner_content():
        if isinstance(block, DocxTable):
            out.table(Table(caption=out.take_caption(number), rows=_rows(block)))
            continue
        number += 1
        numbered = styles.numbering(block._p)
        label = numbering.label(*numbered) if numbered else ""
        text = (label + block.text.replace("\n", "")).strip()
        if not text:
            continue
        style = styles.name(block._p)
        found = match_marker(text)
        heading_style = _HEADING_STYLE.search(style)
        if not out.started and found is None and (style.lower() in _TITLE_STYLES or looks_like_title(text)):
            out.set_title(text, number)
        elif found is not None:
            marker, start = found
            out.heading(marker.level, marker, text[start:], number)
        elif heading_style:
            out.heading(int(heading_style.group(1)), None, text, number)
        else:
            out.paragraph(text, number)
    return out.report()


def read_docx(path: Path, name: str) -> Report:
    _check_archive(path, name)
    import docx

    try:
        document = docx.Document(str(path))
        return _build(document)
    except ReportReadError:
        raise
    except Exception:
        # python-docx and lxml raise a dozen exception types on damaged packages; to the user they all
        # mean the same thing, and the reader is the boundary where that is decided.
        raise ReportReadError(f"{name}：Word 文档内容无法解析，文件可能已损坏，请用 Word 打开后重新保存") from None
