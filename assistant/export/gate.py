"""Export with a gate: the .docx that is filed is not written while the checker finds errors.

Markdown and plain text are working drafts, so they are always written and the findings travel beside
them. A forced .docx export is allowed (the user may know better than a rule), but it is never silent:
the findings it overrode are written into the document's own properties.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.checker import Finding, check_with_profile
from assistant.export.errors import ExportError
from assistant.export.figures import figure_findings
from assistant.export.layout import Layout
from assistant.export.readback import reads_back_as
from assistant.facts.model import Facts
from assistant.gate import FactBasis
from assistant.profiles.model import Profile
from assistant.report import Report, render
from assistant.safe_io import write_atomic

FORMATS = (".docx", ".md", ".txt")
FORCED_STATUS = "强制导出"
"""The document's content status after a forced export; its comments list the overridden errors."""

CORE_PROPERTY_MAX = 255
_UNIT_IN_TITLE = re.compile(r"^(?P<unit>.+?)(?:[0-9]{4}年)")

DocxWriter = Callable[..., None]


class ExportBlocked(ExportError):
    """The checker found errors and the export of the .docx was not confirmed."""

    def __init__(self, path: Path, errors: list[Finding]) -> None:
        self.path = path
        self.findings = errors
        lines = [f"检查发现 {len(errors)} 处错误，未导出 {path.name}：", *(f"  - {describe(f)}" for f in errors)]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class ExportResult:
    path: Path
    findings: list[Finding]
    forced: bool = False

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def describe(finding: Finding) -> str:
    """One finding as one Chinese line: where, what, and the text it is about."""
    where = f"第 {finding.line} 行：" if finding.line else ""
    excerpt = f"（“{finding.excerpt}”）" if finding.excerpt else ""
    return f"{where}{finding.message}{excerpt}"


def about_section(report: Report, section_id: str) -> Callable[[Finding], bool]:
    """For a one-section draft, whether a finding concerns that section: its own findings, less the gap before
    its own number (一、 二、 were simply not drafted)."""
    own_headings = {f"{s.number}{s.title}" for s in report.sections}

    def concerns(finding: Finding) -> bool:
        return finding.section_id == section_id and not (
            finding.rule == "structure.gap" and finding.excerpt in own_headings
        )

    return concerns


def unit_of(report: Report, facts: Facts | None) -> str:
    """The author of the document: the unit from the facts, else the unit the title names before its year."""
    if facts is not None and facts.unit.name:
        return facts.unit.name
    found = _UNIT_IN_TITLE.match(report.title)
    return found.group("unit") if found else ""


def override_note(errors: list[Finding], now: dt.datetime | None = None) -> str:
    """What a forced export records in the document: when, how many errors, and of which rules.

    Word keeps a core property to 255 characters, so the rules are counted, not the findings listed.
    """
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    by_rule = Counter(f.rule for f in errors)
    rules = "，".join(f"{rule} {n} 处" for rule, n in by_rule.most_common())
    note = f"{FORCED_STATUS}（{stamp}）：检查发现 {len(errors)} 处错误未改正（{rules}）"
    return note if len(note) <= CORE_PROPERTY_MAX else note[: CORE_PROPERTY_MAX - 2] + "…）"


def _docx_writer() -> DocxWriter:
    """Imported on first use, so Markdown export works without the docx extra."""
    try:
        from assistant.export.docx_writer import write_docx
    except ModuleNotFoundError as exc:
        if exc.name != "docx":
            raise
        raise ExportError("导出 Word 需要 python-docx：pip install 'jixiao-assistant[docx]'") from None
    return write_docx


def export_report(
    report: Report,
    path: Path,
    *,
    basis: FactBasis | None = None,
    profile: Profile | None = None,
    force: bool = False,
    layout: Layout | None = None,
    scope: Callable[[Finding], bool] | None = None,
) -> ExportResult:
    """Write ``report`` as .docx (gated), .md or .txt, chosen by the suffix of ``path``.

    Raises ExportBlocked, carrying the error findings, when errors are found in a .docx export that was
    not forced. With ``basis`` (the unit's facts under its report type, which is then the profile) the figure
    gate runs on the final text too (whatever wrote it): a figure that is not a fact is an error like any
    checker error. ``scope`` keeps the findings that concern what is
    exported (one chapter of a one-chapter draft: the chapters it leaves out are not its errors).
    """
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"不支持的导出格式“{suffix or path.name}”，请使用 .docx、.md 或 .txt")
    _, findings = check_with_profile(report, basis.profile if basis is not None else profile)
    if basis is not None:
        findings += figure_findings(report, basis)
    findings = [f for f in findings if scope is None or scope(f)]
    errors = [f for f in findings if f.severity == "error"]
    if suffix != ".docx":
        text = render(report, markdown=suffix == ".md")
        write_atomic(path, lambda temporary: temporary.write_text(text, encoding="utf-8"), reads_back_as(report))
        return ExportResult(path, findings)
    if errors and not force:
        raise ExportBlocked(path, errors)
    write = _docx_writer()
    note, status = (override_note(errors), FORCED_STATUS) if errors else ("", "")
    author = unit_of(report, basis.facts if basis is not None else None)
    write(report, path, layout or Layout(), author=author, note=note, status=status, verify=reads_back_as(report))
    return ExportResult(path, findings, forced=bool(errors))
