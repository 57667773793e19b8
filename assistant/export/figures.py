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
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from assistant.checker.document import build_document, heading_text
from assistant.checker.engine import excerpt
from assistant.checker.files import check_file
from assistant.checker.model import FileCheck, Finding
from assistant.checker.rules import Rule
from assistant.facts.load import load_facts
from assistant.facts.model import Facts
from assistant.gate import build_allowed, check, fact_figures, fact_texts
from assistant.gate.attribution import MISATTRIBUTED, clause_of
from assistant.gate.labels import _item_names, bigrams, path_label
from assistant.gate.mentions import Family, Figure, figures
from assistant.gate.verdict import UnsupportedNumber
from assistant.importers import read_report
from assistant.indicators import compute_indicators
from assistant.numbers import MONEY_SCALE, fmt_fixed, fmt_plain
from assistant.profiles import load_profile
from assistant.profiles.model import Profile
from assistant.report.model import Report
from assistant.skeleton import SkeletonDrafter

RULE_FILE = Path(__file__).with_name("figure_rule.yaml")
NUMERAL_CHARS = "〇零一二两三四五六七八九十百千万亿"


@cache
def figure_rule() -> Rule:
    return Rule.model_validate(yaml.safe_load(RULE_FILE.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class NamedFigure:
    """A fact or indicator as a sentence would name it: its words, family and canonical value."""

    name: str
    family: Family
    value: Decimal
    words: frozenset[str]
    unit: str = ""
    """The measure word of a counted quantity (件, 次); empty when the fact does not say."""


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


def named_figures(facts: Facts, profile: Profile) -> list[NamedFigure]:
    """Every numeric fact and indicator with the words that name it (as the attribution check reads them)."""
    items = dict(_item_names(facts))
    units = {
        f"履职成效[第{i + 1}项].事项[第{j + 1}项].数据[第{k + 1}项].{q.label}": q.unit
        for i, theme in enumerate(facts.themes)
        for j, item in enumerate(theme.items)
        for k, q in enumerate(item.quantities)
    }
    out: list[NamedFigure] = []
    for fig in fact_figures(facts):
        words = path_label(fig.path, items)
        name = "".join(reversed(words))
        vocabulary = _words(*words)
        for family in (fig.family,) if fig.family is not None else ("money", "percent", "count"):
            out.append(NamedFigure(name, family, fig.value, vocabulary, units.get(fig.path, "")))
    for indicator in compute_indicators(facts, profile.indicators.budget_adjustment):
        out.append(NamedFigure(indicator.name, "percent", abs(indicator.value), _words(indicator.name)))
    return out


def _words(*texts: str) -> frozenset[str]:
    """The telling character pairs of names, without numerals: "四届六次全会" is named by 全会, not 四届."""
    pairs = frozenset().union(*(bigrams(t) for t in texts))
    return frozenset(p for p in pairs if not any(ch in NUMERAL_CHARS or ch.isdigit() for ch in p))


def _written(value: Decimal, family: Family, figure: Figure) -> str:
    """A fact's canonical value written the way ``figure`` was (its unit; two decimals for money and rates)."""
    unit = figure.mention.unit
    if family == "money":
        scale = MONEY_SCALE.get(unit)
        if scale is None:
            return f"{fmt_fixed(value)}万元"
        shown = value / scale
        return (fmt_plain(shown) if unit == "元" else fmt_fixed(shown)) + unit
    if family == "percent":
        return f"{fmt_fixed(value)}%"
    return fmt_plain(value) + unit


def true_value(figure: Figure, line: str, named: list[NamedFigure]) -> tuple[str, str] | None:
    """The fact the figure's clause names (its name, and its value written like the figure), if exactly one."""
    if figure.family in ("year", "date"):
        return None
    words = _words(clause_of(line, figure.start, figure.end))
    scored: dict[tuple[int, int], set[tuple[str, Decimal, Family]]] = {}
    for fact in named:
        if figure.family != "plain" and fact.family != figure.family:
            continue
        if fact.unit and figure.family == "count" and fact.unit != figure.mention.unit:
            continue
        shared = len(words & fact.words)
        if shared:
            scored.setdefault((shared, -len(fact.words - words)), set()).add((fact.name, fact.value, fact.family))
    if not scored:
        return None
    best = scored[max(scored)]
    if len({(value, family) for _, value, family in best}) != 1:
        return None
    name, value, family = min(best)
    if value == figure.value:
        return None
    return name, _written(value, family, figure)


def _ordinal(text: str, start: int, figure: str) -> bool:
    """第二, 第五届: a place in a sequence, never the amount of a fact."""
    return figure.startswith("第") or text[start - 1 : start] == "第"


def figure_problems(report: Report, facts: Facts, profile: Profile) -> list[FigureProblem]:
    """Every figure of the report's text (title, paragraphs, headings, table cells) the facts do not support.

    Table cells carry no names, so for them the value alone must be a fact's; everywhere else the clause
    must also name a fact of that value. Numbers quoted from fact texts ("3月底") pass where the skeleton
    or a fact text has them.
    """
    skeleton, _ = SkeletonDrafter(facts, profile).report()
    scope = [*fact_texts(facts), *(s.text() for s in skeleton.sections), skeleton.title]
    attributed = build_allowed(facts, profile, scope)
    values_only = build_allowed(facts, profile, scope, attribute=False)
    named = named_figures(facts, profile)
    document = build_document(report, profile)
    out: list[FigureProblem] = []
    for unit in document.units():
        allowed = values_only if unit.kind == "cell" else attributed
        by_start = {fig.start: fig for fig in figures(unit.text)}
        for found in check(unit.text, allowed).unsupported:
            figure = by_start.get(found.start)
            if figure is None or found.start < unit.body or _ordinal(unit.text, found.start, found.text):
                continue
            truth = true_value(figure, unit.text, named)
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


def figure_findings(report: Report, facts: Facts, profile: Profile) -> list[Finding]:
    """The figure gate's findings, one error per figure the facts do not support, at its line."""
    return [problem.finding() for problem in figure_problems(report, facts, profile)]


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
    found = figure_findings(report, facts, load_profile(result.profile or profile_id))
    findings = sorted([*result.findings, *found], key=lambda f: (f.line is not None, f.line or 0))
    return result.model_copy(update={"findings": findings})


def explain_unsupported(found: UnsupportedNumber, facts: Facts, profile: Profile) -> str:
    """Why the gate took a figure out of a model's answer, in the writer's terms.

    "事实中资产总额为568.30万元，不能写成600.00万元" when the sentence names a fact; otherwise that the facts do
    not have the figure. Only the few characters around the figure are known here, which hold its clause.
    """
    figure = next((f for f in figures(found.context) if f.text == found.text), None)
    truth = true_value(figure, found.context, named_figures(facts, profile)) if figure is not None else None
    if truth is not None:
        return f"事实中{truth[0]}为{truth[1]}，不能写成{found.text}"
    if found.reason == MISATTRIBUTED:
        return f"“{found.text}”与所在句子说的事项不对应"
    return f"事实中没有“{found.text}”这个数"
