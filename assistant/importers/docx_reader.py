"""Word reports: paragraphs in body order, auto-numbered headings given back their markers, tables kept.

A paragraph's place is its 1-based number among the body's paragraphs (empty ones included), which is
what a finding points to in a .docx.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from assistant.importers.builder import OutlineBuilder, looks_like_title
from assistant.importers.docx_numbering import Numbering, ParagraphStyles
from assistant.importers.errors import ReportReadError
from assistant.importers.markers import match_marker
from assistant.limits import MIB, limits
from assistant.os_reasons import os_reason
from assistant.report.model import Report, Table

_HEADING_STYLE = re.compile(r"(?:Heading|标题)\s*([1-4])$", re.IGNORECASE)
_TITLE_STYLES = {"title", "标题"}
CHUNK_BYTES = 1024 * 1024
_PARAGRAPH_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?p[\s/>]")
_START_TAG = re.compile(rb"<[A-Za-z_]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
TAG_WINDOW = 32
"""Longest tag opening the counters look for; chunks overlap by this much so no tag is cut in two."""
ELEMENTS_PER_PARAGRAPH = 50
"""Elements a reader may meet per allowed paragraph (runs, properties, table cells): bounds the XML tree."""


class _PartCounter:
    """Counts paragraphs and elements of one XML part chunk by chunk, without building the tree."""

    def __init__(self) -> None:
        self.paragraphs = 0
        self.elements = 0
        self.dtd = False
        self._carry = b""

    def feed(self, chunk: bytes, final: bool = False) -> None:
        data = self._carry + chunk
        cut = len(data) if final else max(0, len(data) - TAG_WINDOW)
        self.paragraphs += sum(1 for m in _PARAGRAPH_TAG.finditer(data) if m.start() < cut)
        self.elements += sum(1 for m in _START_TAG.finditer(data) if m.start() < cut)
        self.dtd = self.dtd or _DTD.search(data) is not None
        self._carry = data[cut:]


def _inflate_checked(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str, budget: list[int]) -> int:
    """Unpack one part in chunks, refusing as soon as a bound is crossed; returns its paragraphs.

    Counting while inflating, never trusting the sizes the zip declares, is what stops a zip bomb
    whose header lies before the bytes exist.
    """
    lim = limits()
    xml = entry.filename.endswith((".xml", ".rels"))
    counter = _PartCounter() if xml else None
    size = 0
    with archive.open(entry) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            size += len(chunk)
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise ReportReadError(
                    f"{name}：文档解压后超过 {lim.inflated_bytes // MIB} MB，疑似损坏或恶意文件，已拒绝读取"
                )
            if counter is None:
                continue
            if size > lim.xml_part_bytes:
                raise ReportReadError(
                    f"{name}：文档的 {entry.filename} 部分解压后超过 {lim.xml_part_bytes // MIB} MB，"
                    "疑似损坏或恶意文件，已拒绝读取"
                )
            counter.feed(chunk)
            _check_counts(counter, name)
    if counter is None:
        return 0
    counter.feed(b"", final=True)
    _check_counts(counter, name)
    return counter.paragraphs


def _check_counts(counter: _PartCounter, name: str) -> None:
    lim = limits()
    if counter.dtd:
        raise ReportReadError(f"{name}：文档含有 Word 不会写出的 DTD/实体声明，疑似恶意文件，已拒绝读取")
    if counter.paragraphs > lim.docx_paragraphs:
        raise ReportReadError(
            f"{name}：文档段落超过 {lim.docx_paragraphs} 个（一份报告只有几百段），疑似损坏或恶意文件，已拒绝读取"
        )
    if counter.elements > lim.docx_paragraphs * ELEMENTS_PER_PARAGRAPH:
        raise ReportReadError(f"{name}：文档结构异常庞大（元素过多），疑似损坏或恶意文件，已拒绝读取")


def _check_archive(path: Path, name: str) -> None:
    """Refuse what is not a Word package, or what would unpack to far more than any report (a zip bomb).

    Every part is inflated once here, in chunks and against the limits, before python-docx builds
    anything: the sizes a zip declares are not believed.
    """
    lim = limits()
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > lim.zip_entries:
                raise ReportReadError(f"{name}：文档包含 {len(entries)} 个部分，疑似损坏或恶意文件，已拒绝读取")
            if "word/document.xml" not in {e.filename for e in entries}:
                raise ReportReadError(f"{name}：不是 Word 文档（缺少正文部分），请用 Word 另存为 .docx")
            if sum(e.file_size for e in entries) > lim.inflated_bytes:
                raise ReportReadError(f"{name}：文档解压后异常庞大，疑似损坏或恶意文件，已拒绝读取")
            budget = [lim.inflated_bytes]
            paragraphs = 0
            for entry in entries:
                paragraphs += _inflate_checked(archive, entry, name, budget)
                if paragraphs > lim.docx_paragraphs:
                    raise ReportReadError(
                        f"{name}：文档段落超过 {lim.docx_paragraphs} 个（一份报告只有几百段），"
                        "疑似损坏或恶意文件，已拒绝读取"
                    )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError, zlib.error):
        raise ReportReadError(f"{name}：不是有效的 Word 文档（.docx），文件可能已损坏或只是改了扩展名") from None
    except OSError as exc:
        raise ReportReadError(f"{name}：{os_reason(exc)}") from None


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
    except ReportReadError as exc:
        raise ReportReadError(f"{name}：{exc}") from None
    except Exception:
        # python-docx and lxml raise a dozen exception types on damaged packages; to the user they all
        # mean the same thing, and the reader is the boundary where that is decided.
        raise ReportReadError(f"{name}：Word 文档内容无法解析，文件可能已损坏，请用 Word 打开后重新保存") from None
