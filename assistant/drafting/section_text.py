"""A section as the app stores and edits it: plain text, one paragraph a line, headings written as in the report.

Staff edit words, not a tree, so each top-level section is kept as the text they would type: "（一）主要职能职责"
on its own line, "1.基本支出。基本支出812.35万元…" run in, exactly the markers they wrote (mistakes included,
because the checker must see them). The budget table is not part of the text: it is made from the facts
whenever the report is assembled, so no one can edit a figure in it by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.facts.model import Facts
from assistant.importers.text import parse_text
from assistant.profiles.model import Profile, SectionSpec
from assistant.report.model import Report, Section, marker, renumber
from assistant.skeleton import SkeletonDrafter
from assistant.skeleton.tables import budget_table

PREAMBLE_ID = "preamble"
"""The section id of the opening paragraphs before 一、, edited like any section."""


def _run_in(section: Section) -> str:
    head = f"{section.number}{section.title}"
    if not head.endswith(("。", "？", "！", "：")):
        head += "。"
    return head + (section.paragraphs[0].text if section.paragraphs else "")


def _blocks(section: Section) -> list[str]:
    if section.level <= 2:
        blocks = [f"{section.number}{section.title}", *(p.text for p in section.paragraphs)]
    else:
        blocks = [_run_in(section), *(p.text for p in section.paragraphs[1:])]
    for child in section.children:
        blocks.extend(_blocks(child))
    return blocks


def section_body(section: Section) -> str:
    """The editable text of a top-level section: its paragraphs and sub-sections, without heading or tables."""
    blocks = [p.text for p in section.paragraphs]
    for child in section.children:
        blocks.extend(_blocks(child))
    return "\n".join(blocks)


def parse_body(text: str, heading: str) -> Section | None:
    """The section tree of an editable text (as ``section_body`` writes it), read the way the importer reads
    a report; None when the text does not stay one section (it opens another top-level "二、" heading)."""
    report = parse_text(f"{heading}\n一、{heading}\n{text}")
    if len(report.sections) != 1 or report.preamble:
        return None
    return report.sections[0]


def skeleton_text(facts: Facts, profile: Profile, section_id: str) -> str:
    """The template draft of a section (or of the opening paragraphs) as editable text, numbered."""
    drafter = SkeletonDrafter(facts, profile)
    if section_id == PREAMBLE_ID:
        return "\n".join(p.text for p in drafter.preamble())
    section = drafter.section(profile.section(section_id)).section
    renumber(section.children)
    return section_body(section)


@dataclass(frozen=True)
class Assembled:
    """The report built from stored texts, the plain text it was numbered from, and where each section starts."""

    report: Report
    text: str
    starts: dict[str, int]
    bodies: dict[str, tuple[int, int]]
    """Section id → (first, last) 1-based lines of its text in ``text``."""

    def section_at(self, line: int | None) -> str | None:
        """The section id a 1-based line of ``text`` belongs to (None before the first section)."""
        if line is None:
            return None
        found: str | None = None
        for section_id, start in sorted(self.starts.items(), key=lambda kv: kv[1]):
            if start <= line:
                found = section_id
        return found

    def split(self, text: str) -> dict[str, str] | None:
        """Section texts cut back out of a full text with the same lines (e.g. after mechanical fixes);
        None when lines were added or removed."""
        lines = text.splitlines()
        if len(lines) != len(self.text.splitlines()):
            return None
        return {sid: "\n".join(lines[first - 1 : last]) for sid, (first, last) in self.bodies.items()}


def assemble_report(facts: Facts, profile: Profile, texts: Mapping[str, str]) -> Assembled:
    """The whole report from section texts, read back exactly as an imported .txt report would be.

    The title comes from the facts, sections with text follow in outline order under continuous top-level
    numbers, and the money section gets the budget table made from the facts. Whatever markers a text
    contains stay as written, so the checker judges what would be exported.
    """
    drafter = SkeletonDrafter(facts, profile)
    lines = [drafter.title()]
    starts: dict[str, int] = {}
    bodies: dict[str, tuple[int, int]] = {}
    preamble = texts.get(PREAMBLE_ID, "").strip()
    if preamble:
        starts[PREAMBLE_ID] = len(lines) + 1
        lines.extend(line.strip() for line in preamble.splitlines())
        bodies[PREAMBLE_ID] = (starts[PREAMBLE_ID], len(lines))
    specs: dict[int, SectionSpec] = {}
    for spec in profile.sections:
        body = texts.get(spec.id, "").strip()
        if not body:
            continue
        lines.append(f"{marker(spec.level, len(specs) + 1)}{spec.heading}")
        starts[spec.id] = len(lines)
        specs[len(lines)] = spec
        lines.extend(line.strip() for line in body.splitlines())
        bodies[spec.id] = (starts[spec.id] + 1, len(lines))
    text = "\n".join(lines) + "\n"
    report = parse_text(text)
    for section in report.sections:
        found = specs.get(section.line or 0)
        if found is None:
            continue
        section.section_id = found.id
        if found.money:
            table = budget_table(facts, drafter.indicators)
            if table is not None:
                section.tables.append(table)
    return Assembled(report, text, starts, bodies)
