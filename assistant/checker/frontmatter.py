"""Front and back matter: a cover table, the title, a 目录 and 附件 tables are not the report's body.

Real reports open with a cover table (单位名称/填报人/联系电话), a 目录 listing the chapter headings, and
(Yunnan) close with 附件 tables whose rows are numbered like chapters ("一、一般公共预算财政拨款收入").
Read as body, a 目录 is seven empty chapters followed by seven chapters "out of order", and an annex
table is a second outline. So the checker splits them off first: the outline rules see the body only,
and the 目录 is compared with the body's headings instead (a disagreement is a warning).

A 目录 is recognised by its heading ("目录"/"目次") or, without one, by a run of at least three headings
with no text under them followed by the same headings with text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from assistant.importers.builder import OutlineBuilder
from assistant.importers.markers import match_marker
from assistant.report.model import Paragraph, Report, Section

TOC_LABELS = frozenset({"目录", "目次"})
MIN_UNLABELLED_TOC = 3
TITLE_MAX_CHARS = 80
_SPACE = re.compile(r"[\s\u3000]+")
_LEADER = re.compile(r"[\s\u3000.．·…—\-_⋯]*[0-9０-９]*[\s\u3000]*$")
_TITLE_NOISE = re.compile(r"[\s\u3000：:。.，,、（）()“”\"《》]")
_COVER = re.compile(
    r"^(?:单位名称|填报单位|报送单位|编制单位|主管部门|单位负责人|财务负责人|填报人|联系人|联系电话|填报日期|报送日期)"
    r"(?:[：:\s\u3000]|$)"
)
_ANNEX = re.compile(r"^附件\s*[0-9一二三四五六七八九十]*\s*(?:[：:.．、]\s*[^。]{0,40})?$")
_REPORT_TITLE = re.compile(r"(?:报告|报告书)$")
_FIGURE = re.compile(r"^-?[0-9][0-9,]*(?:\.[0-9]+)?%?$")
ROW_MAX_CHARS = 30

Line = tuple[str, "int | None"]


@dataclass
class Matter:
    """The report split into its body (what the outline rules read) and the lines around it."""

    body: Report
    front: list[Line] = field(default_factory=list)
    toc: list[Section] = field(default_factory=list)
    annex: list[Line] = field(default_factory=list)


def _bare(text: str) -> str:
    return _SPACE.sub("", text)


def _empty(section: Section) -> bool:
    return not section.paragraphs and not section.tables and all(_empty(c) for c in section.children)


def entry_title(section: Section) -> str:
    """A heading's title without a 目录's dot leaders and page number, and without punctuation."""
    return _TITLE_NOISE.sub("", strip_leader(section.title))


def _toc_length(tops: list[Section], labelled: bool) -> int:
    """How many of the top-level sections ``tops`` are a 目录 at their start (0 when there is none)."""
    if not tops:
        return 0
    first = entry_title(tops[0])
    for j in range(1, len(tops)):
        if entry_title(tops[j]) == first and all(_empty(t) for t in tops[: j - 1]):
            return j if labelled or j >= MIN_UNLABELLED_TOC else 0
        if not _empty(tops[j - 1]):
            break
    if labelled:
        leading = next((i for i, t in enumerate(tops) if not _empty(t)), len(tops))
        return leading if leading < len(tops) else 0
    return 0


def _lines(section: Section) -> Iterator[Line]:
    yield section.number + section.title, section.line
    yield from ((p.text, p.line) for p in section.paragraphs)
    yield from ((cell, None) for table in section.tables for row in table.rows for cell in row if cell)
    for child in section.children:
        yield from _lines(child)


def _is_annex(text: str) -> bool:
    return text.lstrip().startswith("附件") and _ANNEX.match(_bare(text)) is not None


def _annex_line(sections: list[Section]) -> int | None:
    """Where the annex starts: the first short line that reads "附件…" ("附件1：收入支出决算总表")."""
    for top in sections:
        for node in top.walk():
            if node.line is not None and not node.number and _is_annex(node.title):
                return node.line
            for paragraph in node.paragraphs:
                if paragraph.line is not None and _is_annex(paragraph.text):
                    return paragraph.line
    return None


def _cut(sections: list[Section], at: int, annex: list[Line]) -> list[Section]:
    """``sections`` without everything from line ``at`` on, which goes to ``annex``."""
    kept: list[Section] = []
    for section in sections:
        if section.line is not None and section.line >= at:
            annex.extend(_lines(section))
            continue
        paragraphs = [p for p in section.paragraphs if p.line is None or p.line < at]
        if len(paragraphs) == len(section.paragraphs) and not any(
            c.line is not None and c.line >= at for c in section.walk()
        ):
            kept.append(section)
            continue
        annex.extend((p.text, p.line) for p in section.paragraphs[len(paragraphs) :])
        annex.extend((cell, None) for table in section.tables for row in table.rows for cell in row if cell)
        children = _cut(section.children, at, annex)
        kept.append(replace(section, paragraphs=paragraphs, children=children, tables=[]))
    return kept


def _is_title(text: str) -> bool:
    text = text.rstrip()
    return 0 < len(text) <= TITLE_MAX_CHARS and "，" not in text and _REPORT_TITLE.search(text) is not None


def _opening(report: Report, extra: list[Paragraph]) -> tuple[Paragraph | None, list[Paragraph], list[Line]]:
    """The real title, the preamble left and the front lines (cover table, 目录 heading) of the opening.

    The title is the first line that names a report ("…自评报告"); what comes before it, cover-table lines
    ("联系电话：…", or a label alone with its value on the next line, as a flattened table) and a 目录
    heading are front matter.
    """
    lines: list[Paragraph] = []
    if report.title:
        lines.append(Paragraph(text=report.title, line=report.title_line))
    lines.extend(report.preamble)
    lines.extend(extra)
    title_at = next((i for i, p in enumerate(lines) if _is_title(p.text)), None)
    if title_at is None and report.title and not _COVER.match(report.title) and _bare(report.title) not in TOC_LABELS:
        title_at = 0
    front: list[Line] = []
    preamble: list[Paragraph] = []
    value_next = False
    for i, paragraph in enumerate(lines):
        if i == title_at:
            continue
        text = paragraph.text
        cover = _COVER.match(text) is not None
        if (title_at is not None and i < title_at) or cover or value_next or _bare(text) in TOC_LABELS:
            front.append((text, paragraph.line))
            value_next = cover and _COVER.fullmatch(_bare(text)) is not None
        else:
            preamble.append(paragraph)
    return (lines[title_at] if title_at is not None else None), preamble, front


def _is_row(section: Section) -> bool:
    """ "一、一般公共预算财政拨款收入" with a bare figure on the next line: a row of a table copied from a
    PDF one cell a line, not a chapter (a real heading is never followed by a number alone)."""
    if not section.number or not section.paragraphs or not section.paragraphs[0].text[:1].isdigit():
        return False
    if len(section.title) > ROW_MAX_CHARS:
        return False
    return _FIGURE.match(section.paragraphs[0].text.strip()) is not None and not any(
        c in section.title for c in "。，；"
    )


def _has_rows(sections: list[Section]) -> bool:
    return any(_is_row(s) for top in sections for s in top.walk())


def _reflow(sections: list[Section]) -> list[Section]:
    """The outline rebuilt with table rows read as paragraphs, so what follows a row nests where it belongs."""
    out = OutlineBuilder()

    def emit(section: Section) -> None:
        if _is_row(section):
            out.paragraph(section.number + section.title, section.line)
        else:
            found = match_marker(section.number) if section.number else None
            out.heading(section.level, found[0] if found else None, section.title, section.line)
        for paragraph in section.paragraphs:
            out.paragraph(paragraph.text, paragraph.line)
        for table in section.tables:
            out.table(table)
        for child in section.children:
            emit(child)

    for top in sections:
        emit(top)
    return out.report().sections


def split_matter(report: Report) -> Matter:
    """The body of ``report`` and its front matter (cover, 目录) and annex, each line with its place."""
    tops = report.sections
    label = tops[0] if tops and not tops[0].number and _empty(tops[0]) and _bare(tops[0].title) in TOC_LABELS else None
    skip = 1 if label is not None else 0
    labelled = (
        bool(skip) or _bare(report.title) in TOC_LABELS or any(_bare(p.text) in TOC_LABELS for p in report.preamble)
    )
    n_toc = skip + _toc_length(tops[skip:], labelled)
    toc = tops[skip:n_toc]
    sections = tops[n_toc:]
    extra: list[Paragraph] = []
    if toc and toc[-1].paragraphs:
        extra = list(toc[-1].paragraphs)
        toc[-1] = replace(toc[-1], paragraphs=[])
    if _has_rows(sections):
        sections = _reflow(sections)
    annex: list[Line] = []
    at = _annex_line(sections)
    if at is not None:
        sections = _cut(sections, at, annex)
    title, preamble, front = _opening(report, extra)
    if label is not None:
        front.append((label.title, label.line))
    front.extend(line for entry in toc for line in _lines(entry))
    body = Report(
        title=title.text if title else "",
        title_line=title.line if title else None,
        preamble=preamble,
        sections=sections,
    )
    return Matter(body, front, toc, annex)


def strip_leader(title: str) -> str:
    """A 目录 entry's title without its dot leaders and page number ("部门概况……1" → "部门概况")."""
    return _LEADER.sub("", title)
