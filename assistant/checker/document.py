"""The report as the checks read it: lines of text with their place, and headings with their markers.

Checks never walk the report tree themselves. A run-in heading and its first paragraph were one line in
the source, so they are one unit again here: a bracket opened in the title and closed in the sentence is
paired, and a finding points to that one line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from assistant.checker.frontmatter import Matter, split_matter
from assistant.importers.builder import RUN_IN_STOPS
from assistant.importers.markers import Marker, match_marker
from assistant.profiles.model import Profile, SectionSpec
from assistant.report.model import Report, Section

UnitKind = Literal["title", "preamble", "heading", "paragraph", "cell", "front"]
"""``front``: a cover table, a 目录 or an annex line, which only the placeholder check reads."""
_YEAR_IN_TITLE = re.compile(r"((?:19|20)[0-9]{2})\s*年")
_YEAR_IN_TEXT = re.compile(r"((?:19|20)[0-9]{2})\s*年度")


@dataclass(frozen=True, slots=True)
class Unit:
    """One line of the report as its reader sees it; ``body`` is where text starts after a heading marker."""

    text: str
    line: int | None
    kind: UnitKind
    section: Section | None = None
    top: Section | None = None
    body: int = 0


@dataclass(frozen=True, slots=True)
class Heading:
    section: Section
    marker: Marker | None
    top: Section


@dataclass
class Document:
    report: Report
    profile: Profile
    year: int | None
    front: list[tuple[str, int | None]] = field(default_factory=list)
    annex: list[tuple[str, int | None]] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    toc: list[Section] = field(default_factory=list)
    spec_of_top: dict[int, str] = field(default_factory=dict)
    top_of: dict[int, Section] = field(default_factory=dict)
    """The top-level section of each heading, by ``id`` of the heading's section."""

    def units(self) -> Iterator[Unit]:
        """Every line in reading order, made as it is read: a large report's units never all exist at once,
        which keeps a check's memory a small multiple of the file (README "可靠性")."""
        report = self.report
        if report.title:
            yield Unit(report.title, report.title_line, "title")
        for text, line in self.front:
            yield Unit(text, line, "front")
        for p in report.preamble:
            yield Unit(p.text, p.line, "preamble")
        for section in report.sections:
            yield from _section_units(section, section)
        for text, line in self.annex:
            yield Unit(text, line, "front")

    def section_id(self, top: Section | None) -> str | None:
        return None if top is None else self.spec_of_top.get(id(top))


def heading_text(section: Section) -> str:
    return f"{section.number}{section.title}"


def marker_of(section: Section) -> Marker | None:
    found = match_marker(section.number) if section.number else None
    return found[0] if found else None


def report_year(report: Report) -> int | None:
    """The year the report is about: from its title, else the first "XXXX年度" of the preamble."""
    found = _YEAR_IN_TITLE.search(report.title)
    if found is None:
        found = next((m for p in report.preamble if (m := _YEAR_IN_TEXT.search(p.text))), None)
    return int(found.group(1)) if found else None


def find_sections(report: Report, spec: SectionSpec) -> list[Section]:
    """Sections standing for ``spec``: top-level ones first; a nested heading only when no top-level one does."""
    top = [s for s in report.sections if spec.stands_for(s)]
    if top:
        return top
    return [s for root in report.sections for s in root.walk() if s is not root and spec.stands_for(s)]


def _run_in_text(section: Section) -> tuple[str, int]:
    """The heading line of a level 3/4 section joined back with the paragraph that shared its line."""
    head = heading_text(section)
    first = section.paragraphs[0] if section.paragraphs else None
    if section.level >= 3 and first is not None and first.line == section.line:
        joiner = "" if head.endswith(tuple(RUN_IN_STOPS)) else "。"
        return head + joiner + first.text, 1
    return head, 0


def _section_units(section: Section, top: Section) -> Iterator[Unit]:
    text, used = _run_in_text(section)
    yield Unit(text, section.line, "heading", section, top, body=len(section.number))
    for paragraph in section.paragraphs[used:]:
        yield Unit(paragraph.text, paragraph.line, "paragraph", section, top)
    for table in section.tables:
        for row in table.rows:
            for cell in row:
                if cell:
                    yield Unit(cell, None, "cell", section, top)
    for child in section.children:
        yield from _section_units(child, top)


def _headings(sections: list[Section], top: Section | None) -> Iterator[Heading]:
    for section in sections:
        root = top or section
        yield Heading(section, marker_of(section), root)
        yield from _headings(section.children, root)


def build_document(source: Report, profile: Profile, matter: Matter | None = None) -> Document:
    """The body of ``source`` (without cover, 目录 and annex) as units and headings, for ``profile``."""
    matter = matter or split_matter(source)
    report = matter.body
    doc = Document(report, profile, report_year(report), front=matter.front, annex=matter.annex, toc=matter.toc)
    doc.headings = list(_headings(report.sections, None))
    doc.top_of = top_of = {id(h.section): h.top for h in doc.headings}
    for spec in profile.sections:
        for section in find_sections(report, spec):
            doc.spec_of_top.setdefault(id(top_of[id(section)]), spec.id)
    return doc
