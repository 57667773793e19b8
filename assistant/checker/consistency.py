"""Figures and years that contradict each other within one line.

Only contradictions that need no facts file are checked here: a rate that cannot exceed 100%, parts
listed after "其中" that add up to more (or less) than the total before it, and a year that is not
the report's. The fact gate, which has the facts, checks the figures themselves.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from assistant.checker.hits import Hit
from assistant.checker.rules import rules
from assistant.numbers import fmt_fixed

# A figure starts where no digit, point or comma precedes it (as in ``assistant.numbers``): without that
# lookbehind a run of 100,000 digits is tried from every position and the check never ends.
_PERCENT = re.compile(r"(?<![0-9.,])([0-9]+(?:\.[0-9]+)?)\s*[%％]")
_RATE_NAME = re.compile(r"[\u4e00-\u9fff]{0,8}率")
_MONEY = re.compile(r"(?<![0-9.,])((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)\s*(亿元|万元|元)")
_PARENS = re.compile(r"（[^（）]*）|\([^()]*\)")
_SENTENCE = re.compile(r"[^。！？\n]+")
_LABEL_STOPS = "，、；：,;:。"
LABEL_MAX_CHARS = 30
_TO_WAN = {"亿元": Decimal(10000), "万元": Decimal(1), "元": Decimal("0.0001")}
HUNDRED = Decimal(100)
ROUNDING = Decimal("0.005")


@cache
def _capped() -> tuple[str, ...]:
    return tuple(str(name) for name in rules()["consistency.rate"].params["capped"])


def rates(text: str, year: int | None) -> list[Hit]:
    """A percentage above 100 whose nearest preceding rate (same clause) is one that cannot exceed 100%."""
    hits: list[Hit] = []
    for m in _PERCENT.finditer(text):
        value = Decimal(m.group(1))
        if value <= HUNDRED:
            continue
        clause_start = max(text.rfind(stop, 0, m.start()) for stop in "。；，,;") + 1
        names = list(_RATE_NAME.finditer(text, clause_start, m.start()))
        if names and names[-1].group(0).endswith(_capped()):
            name = names[-1]
            hits.append(Hit("consistency.rate", name.start(), m.end(), {"name": name.group(0), "value": m.group(1)}))
    return hits


def _wan(money: re.Match[str]) -> Decimal:
    return Decimal(money.group(1).replace(",", "")) * _TO_WAN[money.group(2)]


def _label(masked: str, at: int) -> str:
    start = at
    while start > max(0, at - LABEL_MAX_CHARS) and masked[start - 1] not in _LABEL_STOPS:
        start -= 1
    return masked[start:at].replace("其中", "").replace(" ", "").strip()


def sums(text: str, year: int | None) -> list[Hit]:
    """Parts after "其中" against the total just before it; a part named within an earlier part is a sub-item."""
    masked = _PARENS.sub(lambda m: " " * len(m.group(0)), text)
    params = rules()["consistency.sum-short"].params
    not_parts = tuple(str(w) for w in params["not_parts"])
    not_endings = tuple(str(w) for w in params["not_part_endings"])
    hits: list[Hit] = []
    for sentence in _SENTENCE.finditer(masked):
        split = masked.find("其中", sentence.start(), sentence.end())
        if split < 0:
            continue
        totals = list(_MONEY.finditer(masked, sentence.start(), split))
        if not totals:
            continue
        total = totals[-1]
        labels: list[str] = []
        amount = Decimal(0)
        for part in _MONEY.finditer(masked, split, sentence.end()):
            label = _label(masked, part.start())
            excluded = any(w in label for w in not_parts) or label.endswith(not_endings)
            if excluded or any(earlier in label for earlier in labels if earlier):
                continue
            labels.append(label)
            amount += _wan(part)
        if len(labels) < 2:
            continue
        whole = _wan(total)
        if abs(amount - whole) <= ROUNDING * (len(labels) + 1):
            continue
        rule = "consistency.sum" if amount > whole else "consistency.sum-short"
        found = {"parts": fmt_fixed(amount), "total": fmt_fixed(whole), "label": _label(masked, total.start())}
        hits.append(Hit(rule, total.start(), sentence.end(), found))
    return hits


@cache
def _year_patterns(key: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(str(p)) for p in rules()["consistency.year"].params[key])


def _years(text: str, year: int | None, key: str) -> list[Hit]:
    if year is None:
        return []
    return [
        Hit("consistency.year", m.start(), m.end(), {"text": m.group(0), "year": year})
        for regex in _year_patterns(key)
        for m in regex.finditer(text)
        if int(m.group(1)) != year
    ]


def years(text: str, year: int | None) -> list[Hit]:
    """Anywhere: a year-end date ("截至2020年末") that is not the report's year-end."""
    return _years(text, year, "patterns")


def opening_years(text: str, year: int | None) -> list[Hit]:
    """Title and preamble only, where the report names its own year: the body may cite earlier years' reports."""
    return _years(text, year, "opening_patterns")
