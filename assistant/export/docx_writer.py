"""The report as a Word file in the GB/T 9704 layout: the document that is filed with the finance bureau.

Numbering is literal text, never a Word list, so Word cannot renumber it. Levels 1–2 are heading
paragraphs (Heading 1/2, outline levels 0/1); levels 3–4 run into their first paragraph ("1.标题。正文…")
as real reports write them, so reading the file back gives the same sections.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from assistant.export.docx_styles import (
    STYLE_FOOTER,
    STYLE_HEADING,
    STYLE_NORMAL,
    STYLE_TABLE_CAPTION,
    STYLE_TABLE_TEXT,
    STYLE_TITLE,
    StyleRef,
    apply_styles,
    grid_xml,
    rpr_xml,
)
from assistant.export.layout import (
    BODY_SIZE,
    FOOTER_DISTANCE,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_NUMBER_SIZE,
    PAGE_WIDTH,
    TABLE_SIZE,
    TEXT_WIDTH,
    TITLE_SIZE,
    TWIPS_PER_PT,
    Layout,
)
from assistant.report.model import Report, Section, Table
from assistant.safe_io import verify_report, write_atomic

RUN_IN_END = ("。", "？", "！", "：")
YEAR = re.compile(r"[0-9]{4}年")
TITLE_LINE = TEXT_WIDTH / (TITLE_SIZE * TWIPS_PER_PT)
"""How many 二号 characters one title line holds (20)."""
DASH = "—"
TABLE_COLUMN_SHARES = (0.3, 0.2, 0.2, 0.3)
"""Width of each column of the four-column budget table, as a share of the text width."""
CELL_PADDING = 57
"""Space above and below the text of a table cell, in twips (1 mm): single spacing alone touches the borders."""


def _add_run(paragraph: Any, text: str, font: str, size: float, bold: bool | None = None) -> Any:
    """A run that names its face itself (w:eastAsia included), as Word's own Chinese documents do."""
    run = paragraph.add_run(text)
    run._r.insert(0, parse_xml(rpr_xml(font, size, bold=bold)))
    return run


def _styled(paragraph: Any, style: StyleRef) -> Any:
    if style is not STYLE_NORMAL:
        paragraph._p.get_or_add_pPr().style = style.style_id
    return paragraph


def _paragraph(container: Any, style: StyleRef, text: str, font: str, size: float = BODY_SIZE) -> Any:
    paragraph = _styled(container.add_paragraph(), style)
    _add_run(paragraph, text, font, size)
    return paragraph


def _width(text: str) -> float:
    """Width in full-width characters: digits and Latin letters are half as wide."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def title_lines(title: str) -> list[str]:
    """A title too long for one line breaks before its year ("某单位" / "2023年度…报告"), keeping words whole
    as GB/T 9704 asks; where that does not give two lines that fit, Word breaks it."""
    found = YEAR.search(title)
    if _width(title) <= TITLE_LINE or found is None or found.start() == 0:
        return [title]
    head, tail = title[: found.start()], title[found.start() :]
    return [head, tail] if max(_width(head), _width(tail)) <= TITLE_LINE else [title]


def _write_title(document: Any, title: str, layout: Layout) -> None:
    paragraph = _styled(document.add_paragraph(), STYLE_TITLE)
    for index, line in enumerate(title_lines(title)):
        run = _add_run(paragraph, line, layout.font_title, TITLE_SIZE)
        if index:
            run._r.insert(1, parse_xml(f"<w:br {nsdecls('w')}/>"))


def _heading_text(section: Section) -> str:
    return f"{section.number}{section.title}"


def _run_in_head(section: Section) -> str:
    head = _heading_text(section)
    return head if head.endswith(RUN_IN_END) else head + "。"


def _write_run_in(document: Any, section: Section, layout: Layout) -> None:
    """One paragraph "1.标题。正文…"; the heading part may be bold (level 3 only, a setting)."""
    paragraph = document.add_paragraph()
    bold = layout.level3_bold and section.level == 3
    _add_run(paragraph, _run_in_head(section), layout.font_heading3, BODY_SIZE, bold=bold)
    texts = [p.text for p in section.paragraphs]
    if texts:
        _add_run(paragraph, texts[0], layout.font_body, BODY_SIZE)
    for text in texts[1:]:
        _paragraph(document, STYLE_NORMAL, text, layout.font_body)


def _cell_text(cell: Any, text: str, font: str) -> None:
    paragraph = cell.paragraphs[0]
    _styled(paragraph, STYLE_TABLE_TEXT)
    _add_run(paragraph, text, font, TABLE_SIZE)


def _write_table(document: Any, table: Table, layout: Layout) -> None:
    """The budget overview as a real table: single spacing, off the line grid, header row repeated."""
    columns = max((len(row) for row in table.rows), default=0)
    if not columns:
        return
    if table.caption:
        _paragraph(document, STYLE_TABLE_CAPTION, table.caption, layout.font_body, TABLE_SIZE)
    shares = TABLE_COLUMN_SHARES if columns == len(TABLE_COLUMN_SHARES) else (1 / columns,) * columns
    widths = [round(TEXT_WIDTH * share) for share in shares]
    grid = document.add_table(rows=len(table.rows), cols=columns)
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Twips(width)
    margins = "".join(f'<w:{side} w:w="{CELL_PADDING}" w:type="dxa"/>' for side in ("top", "bottom"))
    tbl_pr = grid._tbl.tblPr
    look = tbl_pr.find(qn("w:tblLook"))
    cell_mar = parse_xml(f"<w:tblCellMar {nsdecls('w')}>{margins}</w:tblCellMar>")
    if look is None:
        tbl_pr.append(cell_mar)
    else:
        look.addprevious(cell_mar)
    for index, (row, cells) in enumerate(zip(grid.rows, table.rows, strict=True)):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
        if index == 0:
            tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        for column, cell in enumerate(row.cells):
            cell.width = Twips(widths[column])
            text = cells[column] if column < len(cells) else ""
            font = layout.font_heading1 if index == 0 else layout.font_body
            _cell_text(cell, text, font)
            if column == 0 and index > 0:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT


def _write_section(document: Any, section: Section, layout: Layout) -> None:
    if section.level <= 2:
        font = layout.font_heading1 if section.level == 1 else layout.font_heading2
        _paragraph(document, STYLE_HEADING[section.level], _heading_text(section), font)
        for paragraph in section.paragraphs:
            _paragraph(document, STYLE_NORMAL, paragraph.text, layout.font_body)
    else:
        _write_run_in(document, section, layout)
    for table in section.tables:
        _write_table(document, table, layout)
    for child in section.children:
        _write_section(document, child, layout)


def _field_runs(paragraph: Any, instruction: str, shown: str, font: str) -> None:
    """A Word field (begin, instruction, separate, result, end); python-docx has no page-number API."""
    parts = [
        f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
        f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} </w:instrText>',
        f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>',
        None,
        f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>',
    ]
    for part in parts:
        run = _add_run(paragraph, shown if part is None else "", font, PAGE_NUMBER_SIZE)
        if part is not None:
            run._r.append(parse_xml(part))


def _page_number(footer: Any, layout: Layout, odd: bool) -> None:
    """The page number "— N —" in 四号宋体, one character in from the right edge on odd pages, the left on even."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    _styled(paragraph, STYLE_FOOTER)
    one_char = Twips(round(PAGE_NUMBER_SIZE * TWIPS_PER_PT))
    fmt = paragraph.paragraph_format
    if odd:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = one_char
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.left_indent = one_char
    _add_run(paragraph, f"{DASH} ", layout.font_page_number, PAGE_NUMBER_SIZE)
    _field_runs(paragraph, "PAGE", "1", layout.font_page_number)
    _add_run(paragraph, f" {DASH}", layout.font_page_number, PAGE_NUMBER_SIZE)


def _page_setup(document: Any, layout: Layout) -> None:
    section = document.sections[0]
    sect_pr = section._sectPr
    section.page_width = Twips(PAGE_WIDTH)
    section.page_height = Twips(PAGE_HEIGHT)
    section.top_margin = Twips(MARGIN_TOP)
    section.bottom_margin = Twips(MARGIN_BOTTOM)
    section.left_margin = Twips(MARGIN_LEFT)
    section.right_margin = Twips(MARGIN_RIGHT)
    section.footer_distance = Twips(FOOTER_DISTANCE)
    section.gutter = 0
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    sect_pr.append(parse_xml(grid_xml()))
    _page_number(section.footer, layout, odd=True)
    _page_number(section.even_page_footer, layout, odd=False)


def _properties(document: Any, report: Report, author: str, note: str, status: str) -> None:
    props = document.core_properties
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.title = report.title
    props.author = author
    props.last_modified_by = author
    props.language = "zh-CN"
    props.comments = note
    props.content_status = status
    props.keywords = ""
    props.subject = ""
    props.category = ""
    props.revision = 1
    props.created = now
    props.modified = now


def build_document(report: Report, layout: Layout, *, author: str = "", note: str = "", status: str = "") -> Any:
    """The python-docx Document of ``report``; ``note`` and ``status`` go into its comments and content status."""
    document = Document()
    apply_styles(document, layout)
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    _page_setup(document, layout)
    _write_title(document, report.title, layout)
    for paragraph in report.preamble:
        _paragraph(document, STYLE_NORMAL, paragraph.text, layout.font_body)
    for section in report.sections:
        _write_section(document, section, layout)
    _properties(document, report, author, note, status)
    return document


def write_docx(
    report: Report,
    path: Path,
    layout: Layout,
    *,
    author: str = "",
    note: str = "",
    status: str = "",
    verify: Callable[[Path], object] = verify_report,
) -> None:
    """Write the .docx through a temporary file that replaces ``path`` only once ``verify`` accepts it."""
    document = build_document(report, layout, author=author, note=note, status=status)
    write_atomic(path, lambda temporary: document.save(str(temporary)), verify)
