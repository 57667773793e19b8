"""How many of the facts' figures a finished text states: the benchmark's coverage and the CLI's summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from assistant.facts.model import Facts
from assistant.gate.allowed import ANY_FAMILY, fact_figures
from assistant.gate.mentions import Family, figures


@dataclass(frozen=True)
class Coverage:
    present: int
    total: int
    missing: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.present / self.total if self.total else 1.0


def fact_coverage(text: str, facts: Facts) -> Coverage:
    """Facts whose figure appears in ``text``; two facts of equal value need two mentions of it."""
    stated: Counter[tuple[Family, Decimal]] = Counter()
    for fig in figures(text):
        if fig.value is None:
            continue
        families: tuple[Family, ...] = (fig.family,)
        if fig.family == "plain":
            families = (*ANY_FAMILY, "year")
        for fam in families:
            stated[(fam, fig.value)] += 1
    present = 0
    missing: list[str] = []
    for fact in fact_figures(facts):
        keys = [(fam, fact.value) for fam in ((fact.family,) if fact.family else ANY_FAMILY)]
        key = next((k for k in keys if stated[k] > 0), None)
        if key is None:
            missing.append(fact.path)
            continue
        stated[key] -= 1
        present += 1
    return Coverage(present, present + len(missing), missing)
