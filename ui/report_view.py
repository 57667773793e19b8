"""The whole report as the checker and export see it, assembled from the stored section texts.

Its findings include the figure gate's: a figure typed by hand that is not a fact is an error here too.

Every page run needs the findings (the outline shows them per section), and checking a full report costs
more than a rerun may, so the result is cached by the exact facts and texts it was made from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from assistant.checker import Finding, check_report
from assistant.drafting.section_text import PREAMBLE_ID, Assembled, assemble_report, section_body
from assistant.export.figures import FigureProblem, figure_problems
from assistant.facts.model import Facts
from assistant.importers import parse_text
from assistant.profiles import load_profile
from assistant.report import Report
from assistant.store import SectionState


@dataclass(frozen=True)
class ReportState:
    assembled: Assembled
    findings: list[Finding]
    headings: dict[str, str]
    figures: tuple[FigureProblem, ...] = ()
    """Figures the facts do not support (their findings are among ``findings``), for the one-click fix."""

    def figure_of(self, finding: Finding) -> FigureProblem | None:
        return next((p for p in self.figures if p.finding() == finding), None)

    def section_of(self, finding: Finding) -> str | None:
        """The section a finding is about: where it sits, or for a missing section the one it names."""
        if finding.section_id or finding.line:
            return finding.section_id or self.assembled.section_at(finding.line)
        return next((sid for sid, heading in self.headings.items() if f"“{heading}”" in finding.message), None)

    def by_section(self) -> dict[str | None, list[Finding]]:
        out: dict[str | None, list[Finding]] = {}
        for finding in self.findings:
            out.setdefault(self.section_of(finding), []).append(finding)
        return out

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


@lru_cache(maxsize=16)
def _checked(profile_id: str, facts_json: str, texts_json: str) -> ReportState:
    profile = load_profile(profile_id)
    facts = Facts.model_validate_json(facts_json)
    assembled = assemble_report(facts, profile, json.loads(texts_json))
    headings = {spec.id: spec.heading for spec in profile.sections}
    figures = figure_problems(assembled.report, facts, profile)
    findings = check_report(assembled.report, profile) + [p.finding() for p in figures]
    return ReportState(assembled, findings, headings, tuple(figures))


def report_state(profile_id: str, facts: Facts, sections: dict[str, SectionState]) -> ReportState:
    texts = {sid: s.text for sid, s in sections.items() if s.text.strip()}
    return _checked(profile_id, facts.model_dump_json(), json.dumps(texts, ensure_ascii=False, sort_keys=True))


@lru_cache(maxsize=4)
def imported_report(report_text: str) -> Report:
    """Last year's report as imported (kept as text in the store), read back once per process."""
    return parse_text(report_text)


def previous_section(report_text: str, profile_id: str, section_id: str) -> str | None:
    """The same section in last year's imported report, for reference while drafting this year's."""
    report = imported_report(report_text)
    if section_id == PREAMBLE_ID:
        return "\n".join(p.text for p in report.preamble) or None
    spec = load_profile(profile_id).section(section_id)
    found = next((s for s in report.sections if spec.matches(s.title)), None)
    return section_body(found) if found is not None else None
