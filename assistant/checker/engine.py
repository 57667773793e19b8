"""Running every check over a report and turning what they report into findings with their place."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from itertools import chain

from assistant.checker.choose import choose_profile
from assistant.checker.consistency import opening_years, rates, sums, years
from assistant.checker.document import Document, Unit, build_document, heading_text
from assistant.checker.frontmatter import split_matter
from assistant.checker.hits import Hit
from assistant.checker.model import Finding
from assistant.checker.numerals import full_width_digits, short_years
from assistant.checker.ordinals import ordinal_hits
from assistant.checker.placeholders import placeholders
from assistant.checker.punctuation import doc_number, half_width, repeated, unpaired
from assistant.checker.required import required
from assistant.checker.rules import rules
from assistant.checker.structure import SectionHit, structure, toc_hits
from assistant.checker.wording import lexicon_words, relative_time
from assistant.limits import limits
from assistant.profiles import Profile
from assistant.report.model import Report, Section

TextCheck = Callable[[str, "int | None"], list[Hit]]

TEXT_CHECKS: tuple[TextCheck, ...] = (
    placeholders,
    half_width,
    unpaired,
    repeated,
    doc_number,
    full_width_digits,
    short_years,
    lexicon_words,
    relative_time,
    rates,
    sums,
    years,
)
"""Checks on every line of text (fixable ones return their edits, which ``--fix`` applies)."""

OPENING_CHECKS: tuple[TextCheck, ...] = (opening_years,)
CELL_CHECKS: tuple[TextCheck, ...] = (placeholders,)
HALF_WIDTH = "punctuation.half-width"
_QUOTED_MARK = re.compile("“(.)”")
GROUPED_LINES_SHOWN = 5
EXCERPT_MARGIN = 12
EXCERPT_SPAN = 30


def excerpt(text: str, start: int, end: int) -> str:
    a = max(0, start - EXCERPT_MARGIN)
    b = min(len(text), min(end, start + EXCERPT_SPAN) + EXCERPT_MARGIN)
    return ("…" if a > 0 else "") + text[a:b] + ("…" if b < len(text) else "")


def make_finding(
    rule_id: str,
    params: Mapping[str, object],
    line: int | None,
    excerpt_text: str,
    section: Section | None,
    section_id: str | None,
    fixable: bool,
) -> Finding:
    rule = rules()[rule_id]
    values = dict(params)
    fix = rule.fix.format(**values) if rule.fix and fixable else None
    return Finding(
        rule=rule.id,
        category=rule.category,
        severity=rule.severity,
        message=rule.message.format(**values),
        line=line,
        excerpt=excerpt_text,
        fix=fix,
        section=heading_text(section) if section is not None else None,
        section_id=section_id,
    )


def unit_hits(unit: Unit, year: int | None) -> list[Hit]:
    """Every text hit of one unit, with offsets into ``unit.text`` (the heading marker is not text)."""
    if unit.kind in ("cell", "front"):
        checks = CELL_CHECKS
    elif unit.kind in ("title", "preamble"):
        checks = TEXT_CHECKS + OPENING_CHECKS
    else:
        checks = TEXT_CHECKS
    body = unit.text[unit.body :]
    return [hit.shifted(unit.body) for check in checks for hit in check(body, year)]


class _Listed:
    """Findings as a person can read them: each rule's first ``findings_per_rule`` listed, the rest counted.

    The rest is never built, so a report repeating one mistake 300,000 times costs the memory of a
    few dozen findings, and ends with one finding per such rule saying how many more there are.
    """

    def __init__(self) -> None:
        self.shown = limits().findings_per_rule
        self.findings: list[Finding] = []
        self.seen: Counter[str] = Counter()

    def wants(self, rule_id: str) -> bool:
        """Count one more finding of ``rule_id``; whether it is still one to list (and so to build)."""
        self.seen[rule_id] += 1
        return self.seen[rule_id] <= self.shown

    def rest(self) -> list[Finding]:
        out: list[Finding] = []
        # One line per rule that passed the threshold, placed after every listed finding.
        for rule_id, seen in self.seen.items():
            if seen > self.shown:
                rule = rules()[rule_id]
                out.append(
                    Finding(
                        rule=rule.id,
                        category=rule.category,
                        severity=rule.severity,
                        message=f"同类问题另有 {seen - self.shown} 处未逐条列出（共 {seen} 处）",
                        line=None,
                        count=seen - self.shown,
                    )
                )
        return out


class _HalfWidth:
    """Half-width marks of the whole report, gathered as one finding with one fix: text pasted from a web
    page has them on every line, and dozens of identical findings hide the ones that matter.

    Only what the finding says is kept (the first place, the marks seen, the first lines, the counts), not
    every hit, so a report with the mistake on 70,000 lines costs no more than one with it on two.
    """

    def __init__(self) -> None:
        self.first: tuple[Unit, Hit] | None = None
        self.marks_seen: dict[str, None] = {}
        self.lines: list[int] = []
        self.line_count = 0
        self.marks = 0
        self.hits = 0

    def add(self, unit: Unit, hit: Hit) -> None:
        if self.first is None:
            self.first = (unit, hit)
        for mark in _QUOTED_MARK.findall(str(hit.params["chars"])):
            self.marks_seen.setdefault(f"“{mark}”", None)
        if unit.line is not None:
            self.line_count += 1
            if len(self.lines) <= GROUPED_LINES_SHOWN:
                self.lines.append(unit.line)
        self.marks += len(hit.edits)
        self.hits += 1

    def finding(self, doc: Document) -> Finding | None:
        if self.first is None:
            return None
        unit, first = self.first
        scope = fix_scope = ""
        if self.hits > 1:
            shown = "、".join(str(n) for n in self.lines[:GROUPED_LINES_SHOWN])
            more = "等" if self.line_count > GROUPED_LINES_SHOWN else ""
            where = f"在第{shown}行{more}" if shown else "在"
            scope = f"（共{self.marks}处，{where}{self.hits}行）"
            fix_scope = f"全文{self.marks}处一并"
        params = {"chars": "".join(self.marks_seen), "scope": scope, "fix_scope": fix_scope}
        text = excerpt(unit.text, first.start, first.end)
        return make_finding(HALF_WIDTH, params, unit.line, text, unit.section, doc.section_id(unit.top), True)


def _text_findings(doc: Document, listed: _Listed) -> None:
    half_width = _HalfWidth()
    for unit in doc.units():
        section_id = doc.section_id(unit.top)
        for hit in unit_hits(unit, doc.year):
            if hit.rule == HALF_WIDTH:
                half_width.add(unit, hit)
                continue
            if not listed.wants(hit.rule):
                continue
            listed.findings.append(
                make_finding(
                    hit.rule,
                    hit.params,
                    unit.line,
                    excerpt(unit.text, hit.start, hit.end),
                    unit.section,
                    section_id,
                    bool(hit.edits),
                ),
            )
    finding = half_width.finding(doc)
    if finding is not None:
        listed.findings.append(finding)


def _section_findings(doc: Document, hits: Iterable[SectionHit], listed: _Listed) -> None:
    """The findings of the section checks, each built only when it is one to list."""
    for hit in hits:
        if not listed.wants(hit.rule):
            continue
        section = hit.section
        line = section.line if section is not None else None
        text = heading_text(section)[:40] if section is not None else ""
        section_id = doc.section_id(doc.top_of.get(id(section))) if section is not None else hit.section_id
        params = {**hit.params, "profile": doc.profile.name}
        listed.findings.append(make_finding(hit.rule, params, line, text, section, section_id, hit.fixable))


def check_with_profile(report: Report, profile: Profile | None = None) -> tuple[Profile, list[Finding]]:
    """The profile the report was checked against (chosen from its outline when not given) and every
    finding, in reading order (findings with no place first)."""
    matter = split_matter(report)
    chosen = profile or choose_profile(matter.body)
    doc = build_document(report, chosen, matter)
    markers = [(h.section, h.marker) for h in doc.headings if h.marker is not None]
    listed = _Listed()
    section_hits = chain(required(doc), structure(doc), ordinal_hits(markers), toc_hits(doc.toc, doc.report))
    _section_findings(doc, section_hits, listed)
    _text_findings(doc, listed)
    ordered = sorted(listed.findings, key=lambda f: -1 if f.line is None else f.line)
    return chosen, [*ordered, *listed.rest()]


def check_report(report: Report, profile: Profile | None = None) -> list[Finding]:
    """Every finding for a report, in reading order; without a profile, the one its outline fits."""
    return check_with_profile(report, profile)[1]
