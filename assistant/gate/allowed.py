"""What a draft may say: every figure of the facts, every computed indicator, and numbers quoted from fact texts.

Two tiers. A figure whose family and value equal a numeric fact or an indicator (or the absolute value of
a signed change, or the report year) may appear anywhere. A number that only occurs inside a fact's
text ("3月底", "四届六次全会", "“十四五”规划") may appear only in the phrase it came from: at least one
neighbouring character must match the fact text. So staff's wording survives a rewrite, while an
instruction hidden in a fact ("写预算1000万元") cannot turn into "预算为1000万元" elsewhere in the report.

With ``labels`` a fact's figure must also stand in a clause that names a fact of its value (see
``attribution``); a fact's figure quoted in a scope text does not count as a quote, or the skeleton's
"人员经费706.18万元" would vouch for "公用经费706.18万元".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from assistant.facts import schema
from assistant.facts.model import Facts
from assistant.gate.attribution import MISATTRIBUTED, attributed
from assistant.gate.labels import FactLabels, build_labels
from assistant.gate.mentions import Family, Figure, figures, lexicon
from assistant.indicators import compute_indicators
from assistant.numbers import MONEY_SCALE
from assistant.profiles.model import Profile

GATE_FAMILY: dict[schema.Family, Family | None] = {
    "money": "money",
    "rate": "percent",
    "count": "count",
    "year": "year",
    "score": "count",
    "number": None,
}
"""How each family of the facts schema is written in a text; a score is a bare number (91.5分)."""

ANY_FAMILY: tuple[Family, ...] = ("money", "percent", "count")


@dataclass(frozen=True)
class FactFigure:
    """One numeric fact with the family it is written in."""

    path: str
    value: Decimal
    family: Family | None
    """None when the facts model grew a number whose type does not say what it is: then any family matches."""


def fact_figures(facts: Facts) -> list[FactFigure]:
    """Every numeric fact with its family, in facts order; money in 万元, a quantity named by its 名称."""
    out: list[FactFigure] = []
    for leaf in schema.walk(facts):
        if leaf.family not in GATE_FAMILY:
            continue
        family = GATE_FAMILY[leaf.family]
        value = Decimal(leaf.value)
        if family == "money":
            value *= MONEY_SCALE.get(leaf.unit or "万元", Decimal(1))
        out.append(FactFigure(leaf.named_path, value, family))
    return out


def fact_texts(facts: Facts) -> Iterator[str]:
    """Every text entered in the facts (names, descriptions, measures, units, choices …)."""
    for leaf in schema.walk(facts):
        if isinstance(leaf.value, str):
            yield leaf.value


def normalise(text: str) -> str:
    """Text as the context check compares it: quotes and title marks dropped, full-width digits made ASCII."""
    return text.translate(_normal_table())


@cache
def _normal_table() -> dict[int, str | None]:
    marks = lexicon().ignored_marks
    return str.maketrans({**{ch: None for ch in marks}, **{chr(0xFF10 + d): str(d) for d in range(10)}})


@dataclass(frozen=True)
class AllowedNumbers:
    """The figures one draft may contain; ``texts`` are the fact texts in scope for quoted numbers.

    ``labels`` switches on the attribution check; without them a fact's value is allowed anywhere.
    """

    values: dict[Family, frozenset[Decimal]]
    texts: tuple[str, ...] = field(default_factory=tuple)
    labels: FactLabels | None = None

    def in_facts(self, figure: Figure) -> bool:
        """Tier one: the figure's family and value are a numeric fact or an indicator."""
        if figure.value is None:
            return False
        if figure.family == "plain":
            return any(figure.value in values for values in self.values.values())
        return figure.value in self.values.get(figure.family, frozenset())

    def quoted(self, figure: Figure, text: str) -> bool:
        """Tier two: the number stands in the same phrase as in a fact text (one neighbour matches)."""
        marks = lexicon().ignored_marks
        core = normalise(figure.text)
        before = _neighbour(text, figure.start - 1, -1, marks)
        after = _neighbour(text, figure.end, 1, marks)
        probes = [p for p in (before + core if before else "", core + after if after else "") if p]
        return any(probe in t for t in self.texts for probe in probes)

    def problem(self, figure: Figure, text: str) -> str | None:
        """Why ``figure`` may not stand in ``text`` (None when it may); a misattributed fact says so."""
        if self.in_facts(figure):
            if self.labels is None or figure.family == "year" or attributed(figure, text, self.labels):
                return None
            return None if self.quoted(figure, text) else MISATTRIBUTED
        return None if self.quoted(figure, text) else ""

    def _sources(self, texts: Iterable[str]) -> tuple[str, ...]:
        """Scope texts as quote sources: fact figures standing by their own name are masked out."""
        out: list[str] = []
        for text in texts:
            if self.labels is not None:
                kept: list[str] = []
                at = 0
                for fig in figures(text):
                    masked = fig.start >= at and self.in_facts(fig) and fig.family != "year"
                    if masked and attributed(fig, text, self.labels):
                        kept += (text[at : fig.start], "\0")
                        at = fig.end
                text = "".join(kept) + text[at:]
            out.append(normalise(text))
        return tuple(out)

    def scoped(self, texts: Iterable[str]) -> AllowedNumbers:
        """The same figures with quoted numbers limited to ``texts`` (one section)."""
        return AllowedNumbers(self.values, self._sources(texts), self.labels)

    def local(self, texts: Iterable[str]) -> AllowedNumbers:
        """Only the facts' figures that ``texts`` state (and the year), quoted numbers only from ``texts``.

        A rewrite of one block may restate its own figures but not bring in another fact's value: a
        "增长幅度为100%" is a fact's value somewhere in the report, but not a figure of this block.
        """
        corpus = list(texts)
        values: dict[Family, set[Decimal]] = {family: set() for family in self.values}
        values["year"] = set(self.values.get("year", frozenset()))
        for text in corpus:
            for fig in figures(text):
                if fig.value is None or not self.in_facts(fig):
                    continue
                families = (
                    [f for f in self.values if fig.value in self.values[f]] if fig.family == "plain" else [fig.family]
                )
                for family in families:
                    values[family].add(fig.value)
        return AllowedNumbers({k: frozenset(v) for k, v in values.items()}, labels=self.labels).scoped(corpus)


def _neighbour(text: str, index: int, step: int, marks: str) -> str:
    """The next word character beside a figure (quotes skipped); punctuation is no evidence of a phrase."""
    while 0 <= index < len(text) and text[index] in marks:
        index += step
    if 0 <= index < len(text) and text[index].isalnum():
        return normalise(text[index])
    return ""


def build_allowed(
    facts: Facts, profile: Profile, texts: Iterable[str] | None = None, attribute: bool = True
) -> AllowedNumbers:
    """Allowed figures of one unit's facts; ``texts`` defaults to every fact text.

    ``attribute`` False gives the value-only gate (a fact's figure anywhere), for callers that already
    restrict a text to its own figures.
    """
    values: dict[Family, set[Decimal]] = {"money": set(), "percent": set(), "count": set(), "year": set()}
    for fig in fact_figures(facts):
        for fam in (fig.family,) if fig.family is not None else ANY_FAMILY:
            values[fam].add(fig.value)
    for indicator in compute_indicators(facts, profile.indicators.budget_adjustment):
        values["percent"].update({indicator.value, abs(indicator.value)})
    if facts.unit.year is not None:
        values["year"].add(Decimal(facts.unit.year))
    corpus = list(fact_texts(facts)) if texts is None else list(texts)
    labels = None
    if attribute:
        families = [(f.path, f.value, (f.family,) if f.family else ANY_FAMILY) for f in fact_figures(facts)]
        labels = build_labels(facts, profile, families)
    bare = AllowedNumbers({k: frozenset(v) for k, v in values.items()}, labels=labels)
    return bare.scoped(corpus)
