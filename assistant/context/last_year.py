"""Last year's report read for this year's: its text (kept by the app), its unit and the figures that carry over.

Only last year's figures that are this year's comparison figures are proposed (last year's 三公经费 spent is
this year's 上年支出数); every other figure of last year is last year's, and is never offered as a fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.export import unit_of
from assistant.extract import ProposedFact, extract_facts
from assistant.importers import read_report
from assistant.report import Report, render

CARRIED_OVER = {"预算.三公经费.支出数": "预算.三公经费.上年支出数"}
"""Last year's figure → the fact of this year it becomes."""


@dataclass(frozen=True)
class LastYear:
    """Last year's report, its plain text, the unit its title names (empty when none) and the proposed facts."""

    report: Report
    text: str
    unit_name: str
    proposals: list[ProposedFact]


def read_last_year(path: Path) -> LastYear:
    """Read last year's report file; raises ``ReportReadError`` when it cannot be read."""
    report = read_report(path)
    text = render(report, markdown=False)
    proposals = [
        p.model_copy(update={"path": CARRIED_OVER[p.path]}) for p in extract_facts(text) if p.path in CARRIED_OVER
    ]
    return LastYear(report, text, unit_of(report, None), proposals)
