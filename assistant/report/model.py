"""The report as a tree of numbered sections: what the drafter builds, the checker reads and export writes.

Numbers are kept as the literal markers of the text ("一、", "（一）", "1.") because the checker must see
what a report actually wrote, mistakes included; the drafter assigns them with ``renumber``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from pydantic import BaseModel, Field
from pydantic.dataclasses import dataclass

CHINESE_DIGITS = "零一二三四五六七八九"


@dataclass(slots=True)
class Paragraph:
    """One paragraph: a slotted dataclass, not a model, because a report has tens of thousands of them and a
    checked 5 MB file must stay within 20 times its size (README "可靠性"); it validates and serialises alike."""

    text: str
    line: int | None = Field(default=None, description="1-based source line (.txt/.md) or paragraph number (.docx)")


class Table(BaseModel):
    """A small table (the budget overview); the first row is the header."""

    caption: str = ""
    rows: list[list[str]]


@dataclass(slots=True)
class Section:
    """A heading with what it holds; slotted like ``Paragraph`` (one per heading of a large report)."""

    level: Annotated[int, Field(ge=1, le=4)]
    title: str
    number: str = Field(default="", description="the literal marker, e.g. 一、 or （一）")
    section_id: str | None = Field(default=None, description="the profile section it stands for, when known")
    paragraphs: list[Paragraph] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list, description="shown after the paragraphs")
    children: list[Section] = Field(default_factory=list)
    line: int | None = None

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()

    def text(self) -> str:
        """All the section's own and nested text, for searching it."""
        parts = [self.title, *(p.text for p in self.paragraphs)]
        parts.extend(child.text() for child in self.children)
        return "\n".join(parts)


class Report(BaseModel):
    title: str
    title_line: int | None = Field(None, description="where an imported report wrote its title")
    preamble: list[Paragraph] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for any outline)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_DIGITS[tens]
    return f"{head}十{CHINESE_DIGITS[ones] if ones else ''}"


def marker(level: int, index: int) -> str:
    """The GB/T 9704 marker of the ``index``-th (1-based) heading of a level: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{chinese_number(index)}、"
    if level == 2:
        return f"（{chinese_number(index)}）"
    if level == 3:
        return f"{index}."
    return f"（{index}）"


def renumber(sections: list[Section]) -> None:
    """Give every heading its continuous marker, so a drafted report can never skip or repeat one."""
    for index, section in enumerate(sections, start=1):
        section.number = marker(section.level, index)
        renumber(section.children)
