"""Figures and years that contradict each other within one line.

Only contradictions that need no facts file are checked here: a rate that cannot exceed 100%, parts
listed after "其中" that add up to more (or less) than the total before it, and a year that is not
the report's. The fact gate, which has the facts, checks the figures themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from assistant.checker.hits import Hit
from assistant.checker.rules import rules
from assistant.numbers import MONEY_SCALE, fmt_fixed, fmt_plain, money_amounts, percentages, to_wan

_RATE_NAME = re.compile(r"[\u4e00-\u9fff]{0,8}率")
_PARENS = re.compile(r"（[^（）]*）|\([^()]*\)")
_SENTENCE = re.compile(r"[^。！？\n]+")
_HALF_STOP = re.compile(r"(?<![0-9])[,.;:]|[,.;:](?![0-9])")
_FULL_STOP = {",": "，", ".": "。", ";": "；", ":": "："}
_LABEL_STOPS = "，、；：,;:。"
LABEL_MAX_CHARS = 30
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@cache
def _capped() -> tuple[str, ...]:
    return tuple(str(name) for name in rules()["consistency.rate"].params["capped"])


def rates(text: str, year: int | None) -> list[Hit]:
    """A percentage above 100 whose nearest preceding rate (same clause) is one that cannot exceed 100%."""
    hits: list[Hit] = []
    for m in percentages(text):
        if m.value <= HUNDRED:
            continue
        clause_start = max(text.rfind(stop, 0, m.start) for stop in "。；，,;") + 1
        names = list(_RATE_NAME.finditer(text, clause_start, m.start))
        if names and names[-1].group(0).endswith(_capped()):
            name = names[-1]
            value = m.text.rstrip("%％ ")
            hits.append(Hit("consistency.rate", name.start(), m.end, {"name": name.group(0), "value": value}))
    return hits


@dataclass(frozen=True)
class _Amount:
    """One amount of money in a sentence, with the words just before it."""

    start: int
    value: Decimal
    unit: str
    label: str

    @property
    def wan(self) -> Decimal:
        return to_wan(self.value, self.unit)


@dataclass
class _Breakdown:
    """A 其中 and what it breaks down: an explicit total, or (nested) one of the amounts before it."""

    total: _Amount | None
    before: list[_Amount]
    parts: list[_Amount] = field(default_factory=list)


def _label(masked: str, at: int) -> str:
    start = at
    while start > max(0, at - LABEL_MAX_CHARS) and masked[start - 1] not in _LABEL_STOPS:
        start -= 1
    return masked[start:at].replace("其中", "").replace(" ", "").strip()


@cache
def _sum_params() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[tuple[str, ...], ...]]:
    params = rules()["consistency.sum-short"].params
    complete = rules()["consistency.sum"].params["complete"]
    return (
        tuple(str(w) for w in params["changes"]),
        tuple(str(w) for w in params["not_parts"]),
        tuple(str(w) for w in params["not_part_endings"]),
        tuple(tuple(str(w) for w in group) for group in complete),
    )


def _amounts(masked: str, start: int, end: int) -> list[_Amount]:
    return [
        _Amount(start + m.start, m.value, m.unit, _label(masked, start + m.start))
        for m in money_amounts(masked[start:end])
    ]


def _is_change(amount: _Amount) -> bool:
    """ "较年初预算增加41.20万元": a change, which is never the total a 其中 breaks down."""
    return any(word in amount.label for word in _sum_params()[0])


def _is_part(amount: _Amount) -> bool:
    _, not_parts, not_endings, _ = _sum_params()
    return not any(w in amount.label for w in not_parts) and not amount.label.endswith(not_endings)


def _breakdowns(masked: str, start: int, end: int, seen: list[_Amount]) -> list[_Breakdown]:
    """The 其中 of one sentence, clause by clause (a ； starts a clause).

    A clause with amounts before its 其中 breaks down the last of them that is not a change. A clause
    that opens with 其中 inside a sentence is a nested level, breaking down one of the sentence's earlier
    amounts; at the start of a sentence ("。其中，…") it breaks down the last amount of the sentences
    before, which ``seen`` collects. When the items of a 其中 are themselves separated by ；, the
    following clauses are its further items.
    """
    found: list[_Breakdown] = []
    open_list: _Breakdown | None = None
    earlier = len(seen)
    clause_start = start
    for clause_end in [*(i for i in range(start, end) if masked[i] in "；;"), end]:
        split = masked.find("其中", clause_start, clause_end)
        if split < 0:
            amounts = _amounts(masked, clause_start, clause_end)
            if open_list is not None and amounts:
                open_list.parts.extend(amounts)
            else:
                open_list = None
            seen.extend(a for a in amounts if not _is_change(a))
        else:
            before = [a for a in _amounts(masked, clause_start, split) if not _is_change(a)]
            after = _amounts(masked, split, clause_end)
            if before:
                breakdown = _Breakdown(before[-1], [], after)
            elif len(seen) > earlier:
                breakdown = _Breakdown(None, seen[earlier:], after)
            else:
                breakdown = _Breakdown(seen[-1] if seen else None, [], after)
            found.append(breakdown)
            open_list = breakdown if len(after) == 1 else None
            seen.extend(before)
            seen.extend(a for a in after if not _is_change(a))
        clause_start = clause_end + 1
    return found


def _parts(amounts: list[_Amount]) -> list[_Amount]:
    """Amounts that are parts: not changes or budgets, and not a sub-item named within an earlier part."""
    labels: list[str] = []
    parts: list[_Amount] = []
    for amount in amounts:
        if not _is_part(amount) or any(earlier in amount.label for earlier in labels if earlier):
            continue
        labels.append(amount.label)
        parts.append(amount)
    return parts


def _tolerance(parts: list[_Amount], total: _Amount) -> Decimal:
    """A rounding cent per item in the parts' unit, plus half a cent of the total's own unit (a total
    stated in 万元 rounds what its parts in 元 add up to)."""
    part_cent = CENT * max(MONEY_SCALE[p.unit] for p in parts)
    return part_cent * len(parts) + CENT / 2 * MONEY_SCALE[total.unit]


def _parent(breakdown: _Breakdown, amount: Decimal, parts: list[_Amount]) -> _Amount | None:
    """What a nested 其中 breaks down: of the amounts before it, the one its parts come closest to (the
    nearest on a tie), so a level that is off is still reported against its own total."""
    before = [a for a in reversed(breakdown.before) if a not in parts]
    return min(before, key=lambda a: abs(a.wan - amount), default=None)


def _in_unit(value: Decimal, unit: str) -> str:
    scaled = value / MONEY_SCALE[unit]
    return fmt_fixed(scaled) if scaled == scaled.quantize(CENT) else fmt_plain(scaled)


def _complete(parts: list[_Amount]) -> bool:
    """Parts that name a whole known partition (基本支出 and 项目支出): their shortfall is an error."""
    return any(all(any(name in p.label for p in parts) for name in group) for group in _sum_params()[3])


def _judge(masked: str, breakdown: _Breakdown, end: int) -> Hit | None:
    parts = _parts(breakdown.parts)
    if len(parts) < 2:
        return None
    amount = sum((p.wan for p in parts), Decimal(0))
    total = breakdown.total or _parent(breakdown, amount, parts)
    if total is None or amount == total.wan:
        return None
    diff = amount - total.wan
    unit = total.unit
    found = {
        "parts": _in_unit(amount, unit),
        "total": _in_unit(total.wan, unit),
        "diff": _in_unit(abs(diff), unit),
        "relation": "多" if diff > 0 else "少",
        "unit": unit,
        "label": total.label or "合计",
    }
    if abs(diff) <= _tolerance(parts, total):
        rule = "consistency.sum-rounding"
    elif diff > 0 or _complete(parts):
        rule = "consistency.sum"
    else:
        rule = "consistency.sum-short"
    return Hit(rule, total.start, end, found)


def _full_width_stops(text: str) -> str:
    """Half-width stops of text pasted from a web page read as the Chinese ones ("…万元,其中…万元."),
    one character for one so offsets hold; a thousands separator or a decimal point stays."""
    if not _HALF_STOP.search(text):
        return text
    return _HALF_STOP.sub(lambda m: _FULL_STOP[m.group(0)], text)


def sums(text: str, year: int | None) -> list[Hit]:
    """Parts after each "其中" against the total they break down, in one unit (元/万元/亿元)."""
    if "其中" not in text:
        return []
    masked = _PARENS.sub(lambda m: " " * len(m.group(0)), _full_width_stops(text))
    hits: list[Hit] = []
    seen: list[_Amount] = []
    for sentence in _SENTENCE.finditer(masked):
        for breakdown in _breakdowns(masked, sentence.start(), sentence.end(), seen):
            hit = _judge(masked, breakdown, sentence.end())
            if hit is not None:
                hits.append(hit)
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
