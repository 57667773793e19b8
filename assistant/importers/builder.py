"""Rebuilding the outline from a stream of lines, whatever format they came from.

Text, Markdown and Word files all reduce to the same stream (title, headings with their markers,
paragraphs, tables, each with where it was found), so the tree is built in one place and a .docx and
its .txt copy give the same report.
"""

from __future__ import annotations

from assistant.importers.markers import Marker
from assistant.report.model import Paragraph, Report, Section, Table

RUN_IN_STOPS = "。？！："
"""Where the title of a run-in heading ends ("1.坚持区委正确领导。把牢政治方向…")."""

TITLE_MAX_CHARS = 80
CAPTION_MAX_CHARS = 30


def split_run_in(text: str, level: int) -> tuple[str, str]:
    """Title and rest of a heading line.

    Levels 3 and 4 run into their first paragraph, so the title is the text up to the first stop (a 。 is
    dropped, other stops are kept, as ``assistant.report.markdown`` renders them). A level 1 or 2 heading
    only splits when a sentence follows a 。.
    """
    stops = RUN_IN_STOPS if level >= 3 else "。"
    for i, ch in enumerate(text):
        if ch in stops:
            title = text[:i] if ch == "。" else text[: i + 1]
            rest = text[i + 1 :].strip()
            if level >= 3 or rest:
                return title.strip(), rest
            return text, ""
    return text.strip(), ""


class OutlineBuilder:
    """Collects lines in reading order and nests headings by level."""

    def __init__(self) -> None:
        self.title: str | None = None
        self.title_line: int | None = None
        self.preamble: list[Paragraph] = []
        self.sections: list[Section] = []
        self._stack: list[Section] = []

    @property
    def started(self) -> bool:
        """Whether anything but blank lines has been seen (the first line may be the title)."""
        return self.title is not None or bool(self.preamble) or bool(self.sections)

    def set_title(self, text: str, line: int | None) -> None:
        self.title = text
        self.title_line = line

    def heading(self, level: int, marker: Marker | None, text: str, line: int | None) -> None:
        title, rest = split_run_in(text, level)
        section = Section(level=level, title=title, number=marker.text if marker else "", line=line)
        if rest:
            section.paragraphs.append(Paragraph(text=rest, line=line))
        while self._stack and self._stack[-1].level >= level:
            self._stack.pop()
        (self._stack[-1].children if self._stack else self.sections).append(section)
        self._stack.append(section)
        if self.title is None:
            self.title = ""

    def paragraph(self, text: str, line: int | None) -> None:
        if self.title is None:
            self.title = ""
        target = self._stack[-1].paragraphs if self._stack else self.preamble
        target.append(Paragraph(text=text, line=line))

    def open_paragraphs(self) -> list[Paragraph]:
        """The paragraphs of the innermost open section (or the preamble), where the next line would go."""
        return self._stack[-1].paragraphs if self._stack else self.preamble

    def take_caption(self, line: int | None) -> str:
        """The paragraph on ``line``, just above a table, when it is short enough to be its caption ("单位：万元").

        Both the text and the Word writers put a table's caption there, so readers take it back.
        """
        paragraphs = self.open_paragraphs()
        if not self._stack or not paragraphs or line is None or paragraphs[-1].line != line:
            return ""
        candidate = paragraphs[-1].text
        if len(candidate) > CAPTION_MAX_CHARS or candidate.endswith("。"):
            return ""
        return paragraphs.pop().text

    def table(self, table: Table) -> None:
        """A table belongs to the innermost open section; one before any heading has no place and is dropped."""
        if self._stack:
            self._stack[-1].tables.append(table)

    def report(self) -> Report:
        return Report(
            title=self.title or "", title_line=self.title_line, preamble=self.preamble, sections=self.sections
        )


def looks_like_title(text: str) -> bool:
    """A first line short enough and unfinished enough to be the report's title rather than a sentence."""
    return 0 < len(text) <= TITLE_MAX_CHARS and not text.endswith(("。", "：", ":", "；"))
