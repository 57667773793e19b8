"""A fact proposed from pasted notes, waiting for a person to confirm it, and the lexicon that names it."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.facts.model import QuantityKey
from assistant.facts.schema import path_words

LEXICON_FILE = Path(__file__).with_name("lexicon.yaml")
MONEY_UNITS = {"万元": Decimal(1), "万": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}


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
        unit_ok = not self.units or unit in self.units or (unit in MONEY_UNITS and "万元" in self.units)
        return unit_ok and any(word in label for word in self.words)


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    leading: tuple[str, ...]
    trailing: tuple[str, ...]
    facts: tuple[Rule, ...]
    quantities: tuple[Rule, ...]

    def classify(self, label: str, value: Decimal, unit: str, source: str) -> ProposedFact:
        """Name the fact a labelled number is, converting money to 万元 for a single money fact."""
        for rule in self.facts:
            if rule.matches(label, unit):
                if unit in MONEY_UNITS:
                    value, unit = (value * MONEY_UNITS[unit]).normalize(), "万元"
                return ProposedFact(label=label, value=value, unit=unit, path=rule.path, source=source)
        key = next((rule.key for rule in self.quantities if rule.matches(label, unit)), None)
        return ProposedFact(label=label, value=value, unit=unit, key=key, source=source)


@cache
def load_lexicon() -> Lexicon:
    return Lexicon.model_validate(yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8")))
