"""A section as the app stores and edits it: plain text, one paragraph a line, headings written as in the report.

Staff edit words, not a tree, so each top-level section is kept as the text they would type: "（一）主要职能职责"
on its own line, "1.基本支出。基本支出812.35万元…" run in, exactly the markers they wrote (mistakes included,
because the checker must see them). The budget table is not part of the text: it is made from the facts
whenever the report is assembled, so no one can edit a figure in it by hand.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.gate import FactBasis
from assistant.importers.text import parse_text
from assistant.profiles.model import Profile, SectionSpec
from assistant.report.model import Report, Section, marker, renumber
from assistant.skeleton.tables import budget_table

PREAMBLE_ID = "preamble"
"""The section id of the opening paragraphs before 一、, edited like any section."""
PREAMBLE_HEADING = "开头语"
"""What the opening paragraphs are called where a section would show its heading."""


def bare_heading(profile: Profile, section_id: str) -> str:
    """A section's heading without its number: what its editable text is read under.

    The numbered heading ("四、部门整体支出绩效情况") would itself read as a section, so the text could not be
    parsed into its sub-headings and an edit would reach the "（一）" and "1." markers.
    """
    return PREAMBLE_HEADING if section_id == PREAMBLE_ID else profile.section(section_id).heading


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


def find_section(report: Report, spec: SectionSpec) -> Section | None:
    """The top-level section of a report (read from a file, or last year's) that stands for ``spec``."""
    return next((s for s in report.sections if spec.stands_for(s)), None)


def report_section_text(report: Report, profile: Profile, section_id: str) -> str | None:
    """The editable text of one section of a report read from a file (the opening paragraphs for the preamble
    id); None when the report does not have it."""
    if section_id == PREAMBLE_ID:
        return "\n".join(p.text for p in report.preamble) or None
    found = find_section(report, profile.section(section_id))
    return section_body(found) if found is not None else None


def parse_body(text: str, heading: str) -> Section | None:
    """The section tree of an editable text (as ``section_body`` writes it), read the way the importer reads
    a report; None when the text does not stay one section (it opens another top-level "二、" heading)."""
    report = parse_text(f"{heading}\n一、{heading}\n{text}")
    if len(report.sections) != 1 or report.preamble:
        return None
    return report.sections[0]


def skeleton_text(basis: FactBasis, section_id: str) -> str:
    """The template draft of a section (or of the opening paragraphs) as editable text, numbered."""
    if section_id == PREAMBLE_ID:
        return "\n".join(p.text for p in basis.skeleton.preamble)
    section = copy.deepcopy(basis.section_skeleton(section_id))
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


def assemble_report(basis: FactBasis, texts: Mapping[str, str], title: str | None = None) -> Assembled:
    """The whole report from section texts, read back exactly as an imported .txt report would be.

    The title comes from the facts (or is ``title``, a report file's own), sections with text follow in
    outline order under continuous top-level numbers, and the money section gets the budget table made from
    the facts. Whatever markers a text contains stay as written, so the checker judges what would be exported.
    """
    profile = basis.profile
    lines = [title or basis.skeleton.title]
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
            table = budget_table(basis.facts, basis.indicators)
            if table is not None:
                section.tables.append(table)
    return Assembled(report, text, starts, bodies)
