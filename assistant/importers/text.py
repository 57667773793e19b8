"""Plain text and Markdown reports: one paragraph a line, headings found by their markers.

Staff paste reports out of Word, so a line is a paragraph (Chinese text is not hard-wrapped) and a
heading is whatever line opens with 一、/（一）/1./（1）; Markdown ``#`` marks and ``**`` are allowed
around them. Pipe tables and tab-separated rows become tables.
"""

from __future__ import annotations

import re

from assistant.importers.builder import OutlineBuilder, looks_like_title
from assistant.importers.markers import match_marker
from assistant.report.markdown import ESCAPE
from assistant.report.model import Report, Table

_MD_HEADING = re.compile(r"#{1,6}(?=\s)")
_PIPE = re.compile(r"(?<!\\)\|")
_MD_RULE = re.compile(r"\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?")


def _unbold(text: str) -> str:
    if len(text) > 4 and text.startswith("**") and text.endswith("**"):
        return text[2:-2].strip()
    return text


def _cells(line: str) -> list[str] | None:
    """A table row, or None when the line is prose."""
    if line.startswith("|"):
        body = line.strip()[1:]
        cells = _PIPE.split(body)
        if cells and not cells[-1].strip():
            cells.pop()
        return [c.strip().replace("\\|", "|") for c in cells]
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    return None


class _TextReader:
    def __init__(self) -> None:
        self.out = OutlineBuilder()
        self.rows: list[list[str]] = []
        self.caption = ""

    def flush_table(self) -> None:
        if self.rows:
            self.out.table(Table(caption=self.caption, rows=self.rows))
        self.rows = []
        self.caption = ""

    def start_table(self, number: int) -> None:
        self.caption = self.out.take_caption(number - 1)

    def line(self, number: int, raw: str) -> None:
        text = raw.strip()
        if not text:
            self.flush_table()
            return
        cells = _cells(text)
        if cells is not None:
            if not self.rows:
                self.start_table(number)
            if not _MD_RULE.fullmatch(text):
                self.rows.append(cells)
            return
        self.flush_table()
        if text.startswith(ESCAPE + "#"):
            self.out.paragraph(text[len(ESCAPE) :], number)
            return
        hashes = 0
        heading = _MD_HEADING.match(text)
        if heading:
            hashes = heading.end()
            text = text[hashes:].strip()
        text = _unbold(text)
        found = match_marker(text)
        if not self.out.started and found is None and (hashes == 1 or (hashes == 0 and looks_like_title(text))):
            self.out.set_title(text, number)
        elif found is not None:
            marker, start = found
            self.out.heading(marker.level, marker, text[start:], number)
        elif hashes:
            self.out.heading(max(1, min(4, hashes - 1)), None, text, number)
        else:
            self.out.paragraph(text, number)


def parse_text(text: str) -> Report:
    """A report from the text of a .txt or .md file; every paragraph and heading keeps its 1-based line."""
    reader = _TextReader()
    for number, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        reader.line(number, raw)
    reader.flush_table()
    return reader.out.report()
