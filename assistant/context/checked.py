"""A report assembled from section texts and checked: findings by section, and the figures the facts do not support."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.checker import Finding
from assistant.drafting.section_text import Assembled
from assistant.export.figures import FigureProblem, with_figure_fixed


@dataclass(frozen=True)
class CheckedReport:
    """What the checker and the figure gate say about a report made of section texts."""

    assembled: Assembled
    findings: list[Finding]
    figures: tuple[FigureProblem, ...] = ()
    """Figures the facts do not support (their findings are among ``findings``), for the one-click fix."""

    def figure_of(self, finding: Finding) -> FigureProblem | None:
        return next((p for p in self.figures if p.finding() == finding), None)

    def section_of(self, finding: Finding) -> str | None:
        """The section a finding is about: the one it names (a missing section names the one that is missing),
        else the one its line is in."""
        return finding.section_id or self.assembled.section_at(finding.line)

    def by_section(self) -> dict[str | None, list[Finding]]:
        out: dict[str | None, list[Finding]] = {}
        for finding in self.findings:
            out.setdefault(self.section_of(finding), []).append(finding)
        return out

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def figure_fixed(self, section_id: str, text: str, problem: FigureProblem) -> str | None:
        """``text`` (the section's current text) with the problem's figure replaced by the fact's value; None
        when the finding gives no value or the line changed since the check."""
        bodies = self.assembled.bodies.get(section_id)
        lines = text.splitlines()
        index = (problem.line or 0) - bodies[0] if bodies else -1
        fixed = with_figure_fixed(lines[index], problem) if 0 <= index < len(lines) else None
        if fixed is None:
            return None
        lines[index] = fixed
        return "\n".join(lines)


@dataclass(frozen=True)
class SectionFixes:
    """The section texts the checker's mechanical fixes change (section id → new text), and how many edits."""

    texts: dict[str, str]
    edits: int
