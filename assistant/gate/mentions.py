"""Figures in text as the gate compares them: a family (money, percent, count …) and a canonical value.

Money is compared in 万元 whatever unit the text uses (12864000元 = 1286.40万元 = 1,286.40万元), counts
whatever their measure word (53件 = 五十三件), so a model that rewrites a figure's spelling is not
flagged, while one that changes its value or its kind (100台 where the facts say 100%) is.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Literal

import yaml

from assistant.numbers import MONEY_SCALE, NumeralMention, find_numerals

Family = Literal["money", "percent", "count", "year", "date", "plain"]

LEXICON_FILE = Path(__file__).with_name("lexicon.yaml")


@dataclass(frozen=True)
class Figure:
    """One figure in a text: where it is, how it was written, and what it means for comparison."""

    mention: NumeralMention
    family: Family
    value: Decimal | None

    @property
    def text(self) -> str:
        return self.mention.text

    @property
    def start(self) -> int:
        return self.mention.start

    @property
    def end(self) -> int:
        return self.mention.end


@dataclass(frozen=True)
class Lexicon:
    not_figures: tuple[str, ...]
    ignored_marks: str


@cache
def lexicon() -> Lexicon:
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    return Lexicon(tuple(data.get("not_figures") or ()), str(data.get("ignored_marks") or ""))


def family_of(mention: NumeralMention) -> tuple[Family, Decimal | None]:
    """The family and canonical value of one mention (money in 万元)."""
    unit, value = mention.unit, mention.value
    if unit in MONEY_SCALE:
        return "money", None if value is None else value * MONEY_SCALE[unit]
    if unit == "%":
        return "percent", value
    if unit == "年" and value is not None and 1900 <= value <= 2100:
        return "year", value
    if unit in ("月", "日"):
        return "date", value
    if not unit:
        if value is not None and 1900 <= value <= 2100 and value == value.to_integral_value():
            return "year", value
        return "plain", value
    return "count", value


def _word_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for word in lexicon().not_figures:
        start = text.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = text.find(word, start + 1)
    return spans


def figures(text: str) -> list[Figure]:
    """Every figure of ``text`` except markers and the numerals inside words such as 一年来 or 千方百计.

    A numeral lies inside a word when, of the words starting at or before it, the one reaching furthest
    also reaches its end: a bisection over the words sorted by start, so a long text with many numerals
    and many such words stays linear-logarithmic.
    """
    words = sorted(_word_spans(text))
    starts = [a for a, _ in words]
    reach = list(accumulate((b for _, b in words), max))
    out: list[Figure] = []
    for m in find_numerals(text):
        before = bisect_right(starts, m.start)
        if before and reach[before - 1] >= m.end:
            continue
        family, value = family_of(m)
        out.append(Figure(m, family, value))
    return out
