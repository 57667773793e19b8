"""The open report's engine object (``assistant.context.ReportContext``) as the pages share it.

Every page run asks the same things (the findings per section, the gate on a text), and building the
skeleton or checking a full report costs more than a rerun may: so one context is kept per exact facts and
report type, and the context keeps its own checks and verdicts per exact text.
"""

from __future__ import annotations

from functools import lru_cache

from assistant.context import CheckedReport, ReportContext
from assistant.drafting.section_text import report_section_text
from assistant.facts.model import Facts
from assistant.importers import parse_text
from assistant.profiles import load_profile
from assistant.report import Report
from assistant.store import SectionState

ReportState = CheckedReport
"""What the pages call the checked report."""


@lru_cache(maxsize=8)
def _context(profile_id: str, facts_json: str) -> ReportContext:
    return ReportContext(Facts.model_validate_json(facts_json), load_profile(profile_id))


def context(profile_id: str, facts: Facts) -> ReportContext:
    """The engine object for these facts under this report type, made once per process."""
    return _context(profile_id, facts.model_dump_json())


def section_texts(sections: dict[str, SectionState]) -> dict[str, str]:
    return {sid: s.text for sid, s in sections.items() if s.text.strip()}


def report_state(profile_id: str, facts: Facts, sections: dict[str, SectionState]) -> CheckedReport:
    return context(profile_id, facts).check(section_texts(sections))


@lru_cache(maxsize=4)
def imported_report(report_text: str) -> Report:
    """Last year's report as imported (kept as text in the store), read back once per process."""
    return parse_text(report_text)


def previous_section(report_text: str, profile_id: str, section_id: str) -> str | None:
    """The same section in last year's imported report, for reference while drafting this year's."""
    return report_section_text(imported_report(report_text), load_profile(profile_id), section_id)
