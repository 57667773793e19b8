"""Numbers as an official report writes them (GB/T 15835) and as a checker finds them in text.

Formatting lives here so that the skeleton drafter, the fact gate and the checker agree on one spelling
of every figure: money in 万元 with two decimals, percentages with two decimals, counts as integers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    """Round half up to two decimals, the way finance staff round by hand (not banker's rounding)."""
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def fmt_fixed(value: Decimal, places: int = 2) -> str:
    """A figure with exactly ``places`` decimals: 812 → "812.00"."""
    return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"


def fmt_plain(value: Decimal | int) -> str:
    """A figure without trailing zeros: 53 → "53", 97.930 → "97.93"."""
    if isinstance(value, int):
        return str(value)
    text = f"{value.normalize():f}"
    return text


def money(value: Decimal) -> str:
    """Money in 万元 with two decimals (GB/T 15835, finance bureau practice)."""
    return f"{fmt_fixed(value)}万元"


def pct(value: Decimal) -> str:
    """A percentage with two decimals."""
    return f"{fmt_fixed(value)}%"


def quantity(value: Decimal | int, unit: str) -> str:
    """A counted fact: integers stay integers (53件), rates get two decimals (100.00%)."""
    if unit == "%":
        return pct(Decimal(value))
    if unit.endswith("元"):
        return f"{fmt_fixed(Decimal(value))}{unit}"
    return f"{fmt_plain(value)}{unit}"


@dataclass(frozen=True)
class NumberMention:
    """A number found in text, with the unit that follows it and where it sits."""

    value: Decimal
    unit: str
    start: int
    end: int
    text: str


UNITS = (
    "万元",
    "亿元",
    "元",
    "%",
    "％",
    "件",
    "次",
    "人",
    "名",
    "个",
    "篇",
    "项",
    "场",
    "家",
    "户",
    "辆",
    "台",
    "套",
    "条",
    "期",
    "批",
    "份",
    "年",
    "月",
    "日",
    "天",
    "分",
    "小时",
    "平方米",
    "亩",
    "所",
    "座",
    "处",
    "本",
    "课时",
    "万",
    "余",
)
_UNIT_RE = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
ARABIC_RE = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*({_UNIT_RE})?")
LIST_MARKER_RE = re.compile(r"^\s*[（(]?\d+[)）]?[.．、]")


def find_arabic_numbers(text: str) -> list[NumberMention]:
    """Every Arabic number in ``text`` with its unit, skipping list markers such as "1." at a line start."""
    mentions: list[NumberMention] = []
    skip_until = -1
    for line_start, line in _lines_with_offsets(text):
        marker = LIST_MARKER_RE.match(line)
        if marker:
            skip_until = line_start + marker.end()
        for m in ARABIC_RE.finditer(line):
            start = line_start + m.start()
            if start < skip_until:
                continue
            unit = (m.group(2) or "").replace("％", "%")
            mentions.append(NumberMention(Decimal(m.group(1)), unit, start, line_start + m.end(), m.group(0)))
    return mentions


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        out.append((offset, line))
        offset += len(line)
    return out
