"""Last year's report read for this year's: its text (kept by the app) and every fact that carries over.

What carries over (unit, basis, duties, organisation, staffing, asset practices, last year's 三公 as this
year's 上年支出数, the themes as a starting outline) is ``extract.carry_over``; each is a proposal a person
accepts one by one. Every other figure of last year is last year's and is never offered as a fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.extract.carry_over import CarriedFact, carry_over
from assistant.importers import read_report
from assistant.profiles import Profile
from assistant.report import Report, render


@dataclass(frozen=True)
class LastYear:
    """Last year's report, its plain text and the facts it proposes for this year."""

    report: Report
    text: str
    carried: list[CarriedFact]


def read_last_year(path: Path, profile: Profile) -> LastYear:
    """Read last year's report file; raises ``ReportReadError`` when it cannot be read."""
    report = read_report(path)
    return LastYear(report, render(report, markdown=False), carry_over(report, profile))
