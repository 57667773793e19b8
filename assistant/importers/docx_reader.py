"""Word reports: paragraphs in body order, auto-numbered headings given back their markers, tables kept.

A paragraph's place is its 1-based number among the body's paragraphs (empty ones included), which is
what a finding points to in a .docx.

The body is read straight from its XML (``docx_package``), not through python-docx's object model:
building that model cost most of a batch intake's time (about 35 ms of a report's 50). The text of a
paragraph, a table's rows and cells (a merged cell repeated over the columns and rows it spans) follow
python-docx's own rules, and tests/test_docx_reader.py proves both readings give the same report on every
.docx of the tests.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, Final

from lxml import etree

from assistant.importers.builder import OutlineBuilder, looks_like_title
from assistant.importers.docx_numbering import Numbering, ParagraphStyles, W
from assistant.importers.docx_package import PARSER, WordPackage, open_package
from assistant.importers.errors import ReportReadError
from assistant.importers.markers import match_marker
from assistant.report.model import Report, Table

_HEADING_STYLE = re.compile(r"(?:Heading|标题)\s*([1-4])$", re.IGNORECASE)
_TITLE_STYLES = {"title", "标题"}
_P: Final = f"{W}p"
_TBL: Final = f"{W}tbl"
_BREAK_TYPES: Final = (None, "textWrapping")
_RUN_TEXT: Final = {f"{W}cr": "\n", f"{W}noBreakHyphen": "-", f"{W}ptab": "\t", f"{W}tab": "\t"}


def _run_text(run: Any) -> str:
    out = []
    for item in run:
        tag = item.tag
        if tag == f"{W}t":
            out.append(item.text or "")
        elif tag == f"{W}br":
            out.append("\n" if item.get(f"{W}type") in _BREAK_TYPES else "")
        else:
            out.append(_RUN_TEXT.get(tag, ""))
    return "".join(out)


def paragraph_text(paragraph: Any) -> str:
    """A paragraph's text as python-docx gives it: its runs and the runs of its hyperlinks, in order."""
    out = []
    for item in paragraph:
        if item.tag == f"{W}r":
            out.append(_run_text(item))
        elif item.tag == f"{W}hyperlink":
            out.extend(_run_text(run) for run in item.iterchildren(f"{W}r"))
    return "".join(out)


def _cell_text(cell: Any) -> str:
    return "\n".join(paragraph_text(p) for p in cell.iterchildren(_P)).strip()


def _int_val(element: Any, path: str, default: int) -> int:
    found = element.find(path)
    return default if found is None else int(found.get(f"{W}val", default))


def _span(cell: Any) -> int:
    return _int_val(cell, f"{W}tcPr/{W}gridSpan", 1)


def _continues(cell: Any) -> bool:
    """A cell that continues the vertical merge above it (``w:vMerge`` without a value means continue)."""
    merge = cell.find(f"{W}tcPr/{W}vMerge")
    return merge is not None and merge.get(f"{W}val", "continue") == "continue"


def table_rows(table: Any) -> list[list[str]]:
    """The rows of a table as python-docx's ``row.cells`` gives them: a cell spanning columns is repeated
    for each, and a cell continuing a vertical merge repeats the text of the cell above it in that column."""
    rows: list[list[str]] = []
    above: dict[int, tuple[str, int]] = {}
    for row in table.iterchildren(f"{W}tr"):
        texts: list[str] = []
        here: dict[int, tuple[str, int]] = {}
        offset = _int_val(row, f"{W}trPr/{W}gridBefore", 0)
        for cell in row.iterchildren(f"{W}tc"):
            span = _span(cell)
            if _continues(cell):
                if offset not in above:
                    raise ValueError("vertical merge without a cell above")
                text, span = above[offset]
            else:
                text = _cell_text(cell)
            texts.extend([text] * span)
            here[offset] = (text, span)
            offset += _span(cell)
        rows.append(texts)
        above = here
    return rows


@cache
def _default_styles() -> Any:
    """python-docx's default styles, which it reads a package without a styles part with."""
    return etree.fromstring(resources.files("docx").joinpath("templates", "default-styles.xml").read_bytes(), PARSER)


def _part_xml(package: WordPackage, kind: str) -> Any:
    part = package.related(package.main, kind)
    if part is None:
        return _default_styles() if kind == "styles" else None
    return package.shared_xml(part)


def build_report(package: WordPackage) -> Report:
    document = package.xml(package.main)
    body = document.find(f"{W}body") if document.tag == f"{W}document" else None
    if body is None:
        raise ValueError("no body")
    numbering = Numbering(_part_xml(package, "numbering"))
    styles = ParagraphStyles(_part_xml(package, "styles"))
    out = OutlineBuilder()
    number = 0
    for block in body:
        if block.tag == _TBL:
            out.table(Table(caption=out.take_caption(number), rows=table_rows(block)))
            continue
        if block.tag != _P:
            continue
        number += 1
        numbered = styles.numbering(block)
        label = numbering.label(*numbered) if numbered else ""
        text = (label + paragraph_text(block).replace("\n", "")).strip()
        if not text:
            continue
        style = styles.name(block)
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


def read_docx(source: Path | BinaryIO, name: str) -> Report:
    package = open_package(source, name)
    try:
        return build_report(package)
    except ReportReadError as exc:
        raise ReportReadError(f"{name}：{exc}") from None
    except (etree.LxmlError, KeyError, ValueError, TypeError):
        raise ReportReadError(f"{name}：Word 文档内容无法解析，文件可能已损坏，请用 Word 打开后重新保存") from None
