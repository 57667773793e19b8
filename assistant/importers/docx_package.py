"""A Word package opened within the limits: every part inflated once and counted, the XML parts kept.

A .docx is a zip of XML parts tied together by relationships. Every part is inflated here in chunks and
against ``assistant.limits`` (the sizes the zip declares are not believed), and in the same pass the XML
parts are kept, so the reader parses the body, the styles and the numbering from memory instead of
inflating the archive a second time. Which part is the body, and which are its styles and numbering, is
found through the package's relationships and content types, as Word and python-docx find them.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, Final

from lxml import etree

from assistant.importers.errors import ReportReadError
from assistant.limits import MIB, limits
from assistant.os_reasons import os_reason

CHUNK_BYTES = 1024 * 1024
_PARAGRAPH_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?p[\s/>]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
TAG_WINDOW = 32
"""Longest tag opening the counters look for; chunks overlap by this much so no tag is cut in two."""
ELEMENTS_PER_PARAGRAPH = 50
"""Elements a reader may meet per allowed paragraph (runs, properties, table cells): bounds the XML tree."""

_RELS_NS: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES_NS: Final = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RT: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MAIN_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
PARSER: Final = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
"""python-docx's own parser settings (blank text between tags dropped, entities never expanded)."""


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
        # A tag holds one "<", so no match overlaps the next: those starting before ``cut`` are all the
        # matches less those a scan from ``cut`` finds (counted with the next chunk).
        self.paragraphs += len(_PARAGRAPH_TAG.findall(data)) - len(_PARAGRAPH_TAG.findall(data, cut))
        # Every "<" but an end tag's opens an element (or, rarely, a comment or declaration: counted too,
        # which only errs on the safe side); counting bytes is what keeps this pass cheap.
        self.elements += data.count(b"<", 0, cut) - data.count(b"</", 0, cut + 1)
        self.dtd = self.dtd or _DTD.search(data) is not None
        self._carry = data[cut:]


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


def _inflate_checked(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str, budget: list[int]
) -> tuple[bytes | None, int]:
    """Unpack one part in chunks, refusing as soon as a bound is crossed; returns its bytes if XML, and its paragraphs.

    Counting while inflating, never trusting the sizes the zip declares, is what stops a zip bomb
    whose header lies before the bytes exist.
    """
    lim = limits()
    xml = entry.filename.endswith((".xml", ".rels"))
    counter = _PartCounter() if xml else None
    chunks: list[bytes] = []
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
            chunks.append(chunk)
    if counter is None:
        return None, 0
    counter.feed(b"", final=True)
    _check_counts(counter, name)
    return b"".join(chunks), counter.paragraphs


@dataclass(frozen=True)
class WordPackage:
    """The XML parts of a checked Word package by part name ("word/document.xml"), and where its body is."""

    parts: dict[str, bytes]
    main: str

    def xml(self, part: str) -> Any:
        return etree.fromstring(self.parts[part], PARSER)

    def shared_xml(self, part: str) -> Any:
        """A part that is only read, never changed (styles, numbering definitions, relationships), parsed once
        for every file that carries the same bytes: the files of a batch mostly come from one template."""
        return _parsed(self.parts[part])

    def related(self, source: str, kind: str) -> str | None:
        """The part ``source`` points to with a relationship of ``kind`` ("styles", "numbering"), if any."""
        folder, base = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if rels not in self.parts:
            return None
        for rel in self.shared_xml(rels).iter(f"{_RELS_NS}Relationship"):
            if rel.get("Type") == _RT + kind and rel.get("TargetMode") != "External":
                target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
                return target.lstrip("/")
        return None


@lru_cache(maxsize=16)
def _parsed(data: bytes) -> Any:
    return etree.fromstring(data, PARSER)


def _content_type(package: dict[str, bytes], part: str) -> str:
    types = _parsed(package["[Content_Types].xml"])
    for override in types.iter(f"{_TYPES_NS}Override"):
        if str(override.get("PartName", "")).lstrip("/").lower() == part.lower():
            return str(override.get("ContentType", ""))
    extension = posixpath.splitext(part)[1].lstrip(".").lower()
    for default in types.iter(f"{_TYPES_NS}Default"):
        if str(default.get("Extension", "")).lower() == extension:
            return str(default.get("ContentType", ""))
    return ""


def open_package(source: Path | BinaryIO, name: str) -> WordPackage:
    """The package in ``source`` (a file or its bytes) once every part passed the limits.

    The refusals are the same Chinese lines whatever the file is: not a Word package, a zip bomb (every
    part is inflated once, in chunks, against the limits), or a package whose body cannot be found.
    """
    lim = limits()
    try:
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
            if len(entries) > lim.zip_entries:
                raise ReportReadError(f"{name}：文档包含 {len(entries)} 个部分，疑似损坏或恶意文件，已拒绝读取")
            if "word/document.xml" not in {e.filename for e in entries}:
                raise ReportReadError(f"{name}：不是 Word 文档（缺少正文部分），请用 Word 另存为 .docx")
            if sum(e.file_size for e in entries) > lim.inflated_bytes:
                raise ReportReadError(f"{name}：文档解压后异常庞大，疑似损坏或恶意文件，已拒绝读取")
            budget = [lim.inflated_bytes]
            paragraphs = 0
            parts: dict[str, bytes] = {}
            for entry in entries:
                data, count = _inflate_checked(archive, entry, name, budget)
                paragraphs += count
                if paragraphs > lim.docx_paragraphs:
                    raise ReportReadError(
                        f"{name}：文档段落超过 {lim.docx_paragraphs} 个（一份报告只有几百段），"
                        "疑似损坏或恶意文件，已拒绝读取"
                    )
                if data is not None:
                    parts[entry.filename] = data
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError, zlib.error):
        raise ReportReadError(f"{name}：不是有效的 Word 文档（.docx），文件可能已损坏或只是改了扩展名") from None
    except OSError as exc:
        raise ReportReadError(f"{name}：{os_reason(exc)}") from None
    package = WordPackage(parts, "")
    main = package.related("", "officeDocument")
    if main is None or main not in parts or _content_type(parts, main) != MAIN_TYPE:
        raise ReportReadError(f"{name}：Word 文档内容无法解析，文件可能已损坏，请用 Word 打开后重新保存")
    return WordPackage(parts, main)
