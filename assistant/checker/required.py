"""What this report type must contain: its required sections (found by the profile's aliases), money
figures in the budget section, the facts each section must state, no empty headings, and at least one
measure per problem.

A heading is matched by content, not spelling: the seed's "单位整体支出绩效情况" is the profile's
"部门整体支出绩效情况". A budget section without a single amount in 万元 is not a budget section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.checker.document import Document, find_sections, heading_text
from assistant.checker.structure import SectionHit
from assistant.numbers import MONEY_UNITS, money_amounts
from assistant.profiles.model import SectionSpec
from assistant.report.model import Section

_FIGURE = re.compile(r"^-?[0-9][0-9,]*(?:\.[0-9]+)?$")
_UNIT_LINE = re.compile(rf"单位[：:]\s*(?:{'|'.join(MONEY_UNITS)})")
_SENTENCE_ENDS = ("。", "；", "！", ".", ";")
LIST_ITEM_MIN_CHARS = 12


def _body(section: Section) -> str:
    parts = [p.text for p in section.paragraphs]
    parts += [cell for table in section.tables for row in table.rows for cell in (table.caption, *row)]
    parts += [child.text() for child in section.children]
    return "\n".join(parts)


def has_money(section: Section) -> bool:
    """Amounts written out ("812.35万元") or a table of figures whose caption or header names 元."""
    for node in section.walk():
        if any(money_amounts(p.text) for p in node.paragraphs):
            return True
        if _flattened_money(node):
            return True
        for table in node.tables:
            header = " ".join([table.caption, *(table.rows[0] if table.rows else [])])
            figures = any(_FIGURE.match(cell.strip()) for row in table.rows[1:] for cell in row)
            if "元" in header and figures:
                return True
    return False


def _flattened_money(section: Section) -> bool:
    """A table copied from a PDF, one cell a line: "单位：万元" and then bare figures below it."""
    unit_at = next((i for i, p in enumerate(section.paragraphs) if _UNIT_LINE.search(p.text)), None)
    if unit_at is None:
        return False
    return any(_FIGURE.match(p.text.strip()) for p in section.paragraphs[unit_at + 1 :])


def _spec_hits(doc: Document, spec: SectionSpec) -> Iterator[SectionHit]:
    found = find_sections(doc.report, spec)
    if not found:
        if spec.required:
            hint = "（须写明收入、支出等金额）" if spec.money else ""
            yield SectionHit("required.section", None, {"heading": spec.heading, "hint": hint}, section_id=spec.id)
        else:
            yield SectionHit("required.recommended-section", None, {"heading": spec.heading}, section_id=spec.id)
        return
    first = found[0]
    if spec.money and not any(has_money(s) for s in found):
        yield SectionHit("required.money", first, {"found": heading_text(first)[:30], "heading": spec.heading})
        return
    if spec.required and spec.mentions:
        body = "\n".join(_body(s) for s in found)
        missing = [fact for fact, words in spec.mentions.items() if not any(w in body for w in words)]
        if missing:
            yield SectionHit("required.facts", first, {"found": heading_text(first)[:30], "facts": "、".join(missing)})


def _sections(doc: Document, section_id: str) -> list[Section]:
    spec = next((s for s in doc.profile.sections if s.id == section_id), None)
    return [] if spec is None else find_sections(doc.report, spec)


def _measures_per_problem(doc: Document) -> Iterator[SectionHit]:
    """One measure per problem at least, counted as the sub-headings of each section."""
    problems, measures = _sections(doc, "problems"), _sections(doc, "measures")
    n_problems = sum(len(s.children) for s in problems)
    n_measures = sum(len(s.children) for s in measures)
    if n_problems and n_measures and n_measures < n_problems:
        yield SectionHit("required.measures", measures[0], {"measures": n_measures, "problems": n_problems})


def is_list_item(section: Section) -> bool:
    """ "（一）加强预算执行管理，按月调度项目支出进度。": a whole sentence after the marker is a list item,
    not a heading waiting for its body."""
    title = section.title.rstrip()
    return title.endswith(_SENTENCE_ENDS) and ("，" in title or "," in title or len(title) >= LIST_ITEM_MIN_CHARS)


def required(doc: Document) -> Iterator[SectionHit]:
    for spec in doc.profile.sections:
        yield from _spec_hits(doc, spec)
    for heading in doc.headings:
        section = heading.section
        empty = not (section.paragraphs or section.tables or section.children)
        if section.level <= 2 and empty and not is_list_item(section):
            yield SectionHit("required.empty", section, {"found": heading_text(section)[:30]})
    yield from _measures_per_problem(doc)
