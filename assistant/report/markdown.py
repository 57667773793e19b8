"""Markdown and plain text renderings of a report, the working-draft formats staff pass around.

Levels 1 and 2 are headings of their own; levels 3 and 4 run into their first paragraph
("1.坚持区委正确领导。把牢政治方向…"), as official reports write them.
"""

from __future__ import annotations

import re

from assistant.report.model import Report, Section, Table

ESCAPE = "\\"
_LOOKS_LIKE_HEADING = re.compile(r"#{1,6}\s")


def paragraph_text(text: str) -> str:
    """A paragraph as written to the file: one that would read as a Markdown heading ("# 学习") gets a "\\"
    before it, which the text importer takes off again, so a paragraph never comes back as a heading."""
    return ESCAPE + text if _LOOKS_LIKE_HEADING.match(text) else text


def _heading_text(section: Section) -> str:
    return f"{section.number}{section.title}"


def _run_in(section: Section) -> list[str]:
    head = _heading_text(section)
    if not head.endswith(("。", "？", "！", "：")):
        head += "。"
    paras = [paragraph_text(p.text) for p in section.paragraphs]
    if paras:
        return [head + paras[0], *paras[1:]]
    return [head]


def _cell(text: str, markdown: bool) -> str:
    """A cell as written: a "|" in Markdown is escaped and a tab in plain text becomes a space, so that the cell
    reads back as one cell ("一般公共预算|基本支出"); line breaks become spaces because a row is one line."""
    flat = " ".join(text.splitlines())
    return flat.replace("|", "\\|") if markdown else flat.replace("\t", " ")


def _table_block(table: Table, markdown: bool) -> str:
    lines = [f"{table.caption}" if table.caption else ""]
    for i, raw in enumerate(table.rows):
        row = [_cell(c, markdown) for c in raw]
        lines.append("| " + " | ".join(row) + " |" if markdown else "\t".join(row))
        if markdown and i == 0:
            lines.append("|" + "---|" * len(row))
    return "\n".join(line for line in lines if line)


def _section_blocks(section: Section, markdown: bool) -> list[str]:
    if section.level <= 2:
        prefix = "#" * (section.level + 1) + " " if markdown else ""
        blocks = [prefix + _heading_text(section), *(paragraph_text(p.text) for p in section.paragraphs)]
    else:
        blocks = _run_in(section)
    blocks.extend(_table_block(t, markdown) for t in section.tables)
    for child in section.children:
        blocks.extend(_section_blocks(child, markdown))
    return blocks


def render(report: Report, markdown: bool = True) -> str:
    """The whole report as Markdown (``#`` headings) or plain text (one paragraph a line)."""
    blocks = [("# " if markdown else "") + report.title, *(paragraph_text(p.text) for p in report.preamble)]
    for section in report.sections:
        blocks.extend(_section_blocks(section, markdown))
    separator = "\n\n" if markdown else "\n"
    return separator.join(blocks) + "\n"
