"""The figure gate on a finished report: every figure of the text that is filed is a fact.

Drafts pass the fact gate block by block as they are written, but a report is also typed by hand,
accepted change by change, imported or pasted. So the same gate (values and attribution, see
``assistant.gate``) runs once more on the final text, line by line, against the unit's facts and the
indicators computed from them: a figure that is not a fact, or a fact's value set beside another fact's
name, is an error that blocks the .docx. Where the sentence names a fact, the finding gives that fact's
true value, written the way the text wrote the figure, so the writer can take it in one click.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from assistant.checker.document import build_document, heading_text
from assistant.checker.engine import excerpt
from assistant.checker.files import check_file
from assistant.checker.model import FileCheck, Finding
from assistant.checker.rules import Rule
from assistant.facts.load import load_facts
from assistant.gate import AllowedNumbers, FactBasis, check, figures
from assistant.gate.attribution import MISATTRIBUTED
from assistant.gate.truth import true_value
from assistant.importers import read_report
from assistant.profiles import load_profile
from assistant.report.model import Report

RULE_FILE = Path(__file__).with_name("figure_rule.yaml")


@cache
def figure_rule() -> Rule:
    return Rule.model_validate(yaml.safe_load(RULE_FILE.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class FigureProblem:
    """One figure of one line that the facts do not support; ``value`` is the fact's, when one is named."""

    line: int | None
    start: int
    end: int
    figure: str
    misattributed: bool
    line_text: str
    fact: str | None = None
    value: str | None = None
    section: str | None = None
    section_id: str | None = None

    def finding(self) -> Finding:
        rule = figure_rule()
        params = rule.params
        if self.value:
            truth = params["truth"].format(name=self.fact, value=self.value)
        else:
            truth = params["unnamed" if self.misattributed else "unknown"]
        problem = params["misattributed"] if self.misattributed else params["not_a_fact"]
        return Finding(
            rule=rule.id,
            category=rule.category,
            severity=rule.severity,
            message=rule.message.format(figure=self.figure, problem=problem, truth=truth),
            line=self.line,
            excerpt=excerpt(self.line_text, self.start, self.end),
            fix=rule.fix.format(value=self.value) if rule.fix and self.value else None,
            section=self.section,
            section_id=self.section_id,
        )


def _ordinal(text: str, start: int, figure: str) -> bool:
    """第二, 第五届: a place in a sequence, never the amount of a fact."""
    return figure.startswith("第") or text[start - 1 : start] == "第"


def figure_problems(report: Report, basis: FactBasis) -> list[FigureProblem]:
    """Every figure of the report's text (title, paragraphs, headings, table cells) the facts do not support.

    Table cells carry no names, so for them the value alone must be a fact's; everywhere else the clause
    must also name a fact of that value. Numbers quoted from fact texts ("3月底") pass where the skeleton
    or a fact text has them.
    """
    attributed = basis.report_allowed
    values_only = AllowedNumbers(basis.numbers.values).scoped(basis.report_scope)
    document = build_document(report, basis.profile)
    out: list[FigureProblem] = []
    for unit in document.units():
        allowed = values_only if unit.kind == "cell" else attributed
        by_start = {fig.start: fig for fig in figures(unit.text)}
        for found in check(unit.text, allowed).unsupported:
            figure = by_start.get(found.start)
            if figure is None or found.start < unit.body or _ordinal(unit.text, found.start, found.text):
                continue
            truth = true_value(figure, unit.text, basis.named)
            out.append(
                FigureProblem(
                    line=unit.line,
                    start=found.start,
                    end=found.end,
                    figure=found.text,
                    misattributed=found.reason == MISATTRIBUTED,
                    line_text=unit.text,
                    fact=truth[0] if truth else None,
                    value=truth[1] if truth else None,
                    section=heading_text(unit.section) if unit.section is not None else None,
                    section_id=document.section_id(unit.top),
                )
            )
    return out


def figure_findings(report: Report, basis: FactBasis) -> list[Finding]:
    """The figure gate's findings, one error per figure the facts do not support, at its line."""
    return [problem.finding() for problem in figure_problems(report, basis)]


def with_figure_fixed(line: str, problem: FigureProblem) -> str | None:
    """``line`` with the problem's figure replaced by the fact's value; None when there is no value, or the
    line no longer holds the figure where it was found (it was edited since)."""
    if problem.value is None:
        return None
    if line[problem.start : problem.end] == problem.figure:
        return line[: problem.start] + problem.value + line[problem.end :]
    if line.count(problem.figure) == 1:
        return line.replace(problem.figure, problem.value)
    return None


def check_file_with_facts(path: Path, facts_path: Path, profile_id: str | None) -> FileCheck:
    """``assistant check REPORT --facts FACTS``: the checker's findings plus the figure gate's, at their lines.

    Raises ``ReportReadError`` or ``FactsError`` when either file cannot be read.
    """
    facts = load_facts(facts_path)
    result = check_file(path, profile_id)
    report = read_report(path)
    found = figure_findings(report, FactBasis(facts, load_profile(result.profile or profile_id)))
    findings = sorted([*result.findings, *found], key=lambda f: (f.line is not None, f.line or 0))
    return result.model_copy(update={"findings": findings})
