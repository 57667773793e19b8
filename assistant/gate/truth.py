"""What the facts say a figure should be: the fact a sentence names, and its value written like the figure.

The figure gate on a finished report offers the fact's value as a one-click fix, and a model's edit that
lost a figure is explained to the writer in the same words ("事实中资产总额为568.30万元，不能写成600.00万元").
Both read a figure's clause for the words that name a fact, the way the attribution check does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from assistant.facts.model import Facts
from assistant.gate.allowed import fact_figures
from assistant.gate.attribution import MISATTRIBUTED, clause_of
from assistant.gate.labels import _item_names, bigrams, path_label
from assistant.gate.mentions import Family, Figure, figures
from assistant.gate.verdict import UnsupportedNumber
from assistant.indicators import Indicator
from assistant.numbers import CHINESE_NUMERAL_CHARS, MONEY_SCALE, fmt_fixed, fmt_plain


@dataclass(frozen=True)
class NamedFigure:
    """A fact or indicator as a sentence would name it: its words, family and canonical value."""

    name: str
    family: Family
    value: Decimal
    words: frozenset[str]
    unit: str = ""
    """The measure word of a counted quantity (件, 次); empty when the fact does not say."""


def named_figures(facts: Facts, indicators: Iterable[Indicator]) -> list[NamedFigure]:
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
    for indicator in indicators:
        out.append(NamedFigure(indicator.name, "percent", abs(indicator.value), _words(indicator.name)))
    return out


def _words(*texts: str) -> frozenset[str]:
    """The telling character pairs of names, without numerals: "四届六次全会" is named by 全会, not 四届."""
    pairs = frozenset().union(*(bigrams(t) for t in texts))
    return frozenset(p for p in pairs if not any(ch in CHINESE_NUMERAL_CHARS or ch.isdigit() for ch in p))


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


def explain_unsupported(found: UnsupportedNumber, named: list[NamedFigure]) -> str:
    """Why the gate took a figure out of a model's answer, in the writer's terms.

    "事实中资产总额为568.30万元，不能写成600.00万元" when the sentence names a fact; otherwise that the facts do
    not have the figure. Only the few characters around the figure are known here, which hold its clause.
    """
    figure = next((f for f in figures(found.context) if f.text == found.text), None)
    truth = true_value(figure, found.context, named) if figure is not None else None
    if truth is not None:
        return f"事实中{truth[0]}为{truth[1]}，不能写成{found.text}"
    if found.reason == MISATTRIBUTED:
        return f"“{found.text}”与所在句子说的事项不对应"
    return f"事实中没有“{found.text}”这个数"
