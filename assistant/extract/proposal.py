"""A fact proposed from pasted notes, waiting for a person to confirm it, and the lexicon that names it."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.facts.model import QuantityKey
from assistant.facts.schema import path_words
from assistant.numbers import MONEY_SCALE, to_wan
from assistant.unit_types import UnitType, unit_types

LEXICON_FILE = Path(__file__).with_name("lexicon.yaml")


class ProposedFact(BaseModel):
    """One number with what it counts; ``path`` or ``key`` says where it would go in the facts."""

    model_config = ConfigDict(frozen=True)

    label: str = Field(description="what the number counts, in the notes' words, e.g. 立案提案")
    value: Decimal
    unit: str
    path: str | None = Field(None, description="a single fact of the form, e.g. 预算.三公经费.支出数")
    key: QuantityKey | None = Field(None, description="the 个性指标 of a counted fact of 履职成效")
    source: str = Field("", description="the clause of the notes it was read from")

    @property
    def target(self) -> str:
        """Where confirming it puts it, in words for the confirmation table."""
        if self.path:
            return path_words(self.path)
        return f"履职成效（{self.key}）" if self.key else "履职成效"


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    words: tuple[str, ...]
    units: tuple[str, ...] = ()
    path: str | None = None
    key: QuantityKey | None = None

    def matches(self, label: str, unit: str) -> bool:
        unit_ok = not self.units or unit in self.units or (unit in MONEY_SCALE and "万元" in self.units)
        return unit_ok and any(word in label for word in self.words)


class Lexicon(BaseModel):
    """Words around a number that name it. ``quantities`` come from the kinds of unit (assistant/unit_types),
    longest word first, so 重点提案 wins over 立案 and 完成改厕 over 完成."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    leading: tuple[str, ...]
    trailing: tuple[str, ...]
    facts: tuple[Rule, ...]
    quantities: tuple[Rule, ...] = ()

    def classify(self, label: str, value: Decimal, unit: str, source: str) -> ProposedFact:
        """Name the fact a labelled number is, converting money to 万元 for a single money fact."""
        for rule in self.facts:
            if rule.matches(label, unit):
                if unit in MONEY_SCALE:
                    value, unit = to_wan(value, unit).normalize(), "万元"
                return ProposedFact(label=label, value=value, unit=unit, path=rule.path, source=source)
        key = next((rule.key for rule in self.quantities if rule.matches(label, unit)), None)
        return ProposedFact(label=label, value=value, unit=unit, key=key, source=source)


def _quantity_rules(kind_id: str | None) -> tuple[Rule, ...]:
    """One rule per word, longest first. A word two kinds use for different 指标 (办复率 of 提案 or of 代表建议)
    only names one once the kind is known; before that the number is proposed without a 指标."""
    kinds = unit_types()
    pairs = [(word, q) for q in kinds.quantities_for(kinds.get(kind_id) if kind_id else None) for word in q.words]
    owners: dict[str, set[str]] = {}
    for word, q in pairs:
        owners.setdefault(word, set()).add(q.key)
    pairs = [(word, q) for word, q in pairs if len(owners[word]) == 1]
    pairs.sort(key=lambda pair: -len(pair[0]))
    return tuple(Rule(words=(word,), units=q.units, key=q.key) for word, q in pairs)


def load_lexicon(kind: UnitType | None = None) -> Lexicon:
    """The lexicon for notes of a unit of ``kind`` (every kind's 指标 when it is not known)."""
    return _lexicon(kind.id if kind else None)


@cache
def _lexicon(kind_id: str | None) -> Lexicon:
    base = Lexicon.model_validate(yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8")))
    return base.model_copy(update={"quantities": _quantity_rules(kind_id)})
