"""Numbers as an official report writes them (GB/T 15835) and as a checker finds them in text.

Formatting lives here so that the skeleton drafter, the fact gate and the checker agree on one spelling
of every figure: money in 万元 with two decimals, percentages with two decimals, counts as integers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")

MONEY_SCALE = {
    "万元": Decimal(1),
    "万": Decimal(1),
    "亿元": Decimal(10_000),
    "千元": Decimal("0.1"),
    "元": Decimal("0.0001"),
}
"""Money units and their size in 万元, the unit every figure of the facts is kept in: the one table of them."""
MONEY_UNITS = tuple(unit for unit in MONEY_SCALE if unit.endswith("元"))
"""The money units a table caption or a "单位：" line names."""


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
    return f"{value.normalize():f}"


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


COUNTED = (
    "件",
    "次",
    "名",
    "人",
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
    "小时",
    "课时",
    "所",
    "座",
    "处",
    "本",
)
"""Measure words of counted things and of time, read after digits and after Chinese numerals alike."""

UNITS = (*MONEY_UNITS, "%", "％", *COUNTED, "分", "平方米", "亩", "万", "余")
"""What may follow a number written in digits: 分 (a score) and 万 here, never after a Chinese numeral."""
_UNIT_RE = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))


def find_arabic_numbers(text: str) -> list[NumberMention]:
    """Every Arabic number in ``text`` with its unit, skipping list markers such as "1." at a line start.

    The Arabic half of ``find_numerals``, typed for callers that only read digits (a value is never None).
    """
    return [
        NumberMention(m.value, m.unit, m.start, m.end, m.text)
        for m in find_numerals(text)
        if not m.chinese and m.value is not None
    ]


def money_amounts(text: str) -> list[NumberMention]:
    """Every amount of money written in digits ("812.35万元", "1,286.40万元", "5000元"), in its own unit;
    ``to_wan`` gives its size in 万元. A bare 万 is left out: "3万人次" counts people."""
    return [m for m in find_arabic_numbers(text) if m.unit in MONEY_UNITS]


def percentages(text: str) -> list[NumberMention]:
    """Every percentage written in digits ("98.11%", "100％")."""
    return [m for m in find_arabic_numbers(text) if m.unit in ("%", "％")]


def to_wan(value: Decimal, unit: str) -> Decimal:
    """An amount in ``unit`` (a key of ``MONEY_SCALE``) in 万元."""
    return value * MONEY_SCALE[unit]


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        out.append((offset, line))
        offset += len(line)
    return out


CHINESE_DIGIT_VALUES = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CHINESE_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(CHINESE_DIGIT_VALUES) + "".join(CHINESE_SMALL_UNITS) + "".join(CHINESE_BIG_UNITS)
"""Every character a Chinese numeral is written with (digits, 十百千, 万亿)."""

CHINESE_MEASURES = (*MONEY_UNITS, *COUNTED, "人次", "位", "届", "轮", "类", "周", "倍")
"""Measure words that make a lone Chinese numeral a figure ("两次", "五届"); without one, "一" in 统一 is no number.

分 and 成 are left out on purpose: "十分重视" and "一成不变" are words, not scores or tenths."""

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_MEASURE_RE = "|".join(sorted((re.escape(u) for u in CHINESE_MEASURES), key=len, reverse=True))
_ARABIC_ANY_RE = re.compile(rf"(?<![\d.,])(\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*({_UNIT_RE}|号)?")
_CHINESE_RE = re.compile(
    rf"(百分之)?(第)?([{CHINESE_NUMERAL_CHARS}]+)(?:点([{''.join(CHINESE_DIGIT_VALUES)}]+))?({_MEASURE_RE})?"
)
_HEADING_MARKER_RE = re.compile(
    rf"^\s*(?:#+\s*)?(?:[（(][{CHINESE_NUMERAL_CHARS}\d]+[)）]|[{CHINESE_NUMERAL_CHARS}]+、|\d+[.．、](?!\d))"
)


@dataclass(frozen=True)
class NumeralMention:
    """A figure found in text, Arabic ("53件", "1,286.40万元") or Chinese ("五十三件", "百分之百", "十四五").

    ``value`` is None for a run of Chinese numerals that is a name rather than a quantity ("十四五").
    """

    value: Decimal | None
    unit: str
    start: int
    end: int
    text: str
    chinese: bool = False


def parse_chinese_number(text: str) -> Decimal | None:
    """五十三 → 53, 十四 → 14, 一百零五 → 105, 两千 → 2000, 一千二百万 → 12000000, 二〇二三 → 2023.

    Returns None for a run that is not one well-formed number, such as "十四五" (a plan's name).
    """
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        return None
    if len(text) > 1 and all(ch in CHINESE_DIGIT_VALUES for ch in text):
        if "两" in text:
            return None
        return Decimal("".join(str(CHINESE_DIGIT_VALUES[ch]) for ch in text))
    total = 0
    section = 0
    digit: int | None = None
    last_small = 10_000
    last_big = 10**12
    for ch in text:
        if ch in CHINESE_DIGIT_VALUES:
            if digit is not None and digit != 0:
                return None
            digit = CHINESE_DIGIT_VALUES[ch]
        elif ch in CHINESE_SMALL_UNITS:
            unit = CHINESE_SMALL_UNITS[ch]
            if unit >= last_small:
                return None
            section += (1 if digit is None else digit) * unit
            digit = None
            last_small = unit
        else:
            big = CHINESE_BIG_UNITS[ch]
            if big >= last_big:
                return None
            section += digit or 0
            if section == 0:
                return None
            total += section * big
            section, digit, last_small, last_big = 0, None, 10_000, big
    if digit is not None:
        if last_small not in (10_000, 10) and digit != 0 and text[-2] not in CHINESE_DIGIT_VALUES:
            section += digit * (last_small // 10)
        else:
            section += digit
    return Decimal(total + section)


def _chinese_is_figure(numeral: str, ordinal: bool, measure: str, percent: bool) -> bool:
    """Whether a run of Chinese numerals is a figure: several numerals, a measure word, 第 or 百分之.

    万 and 亿 alone are unit words ("单位：万元"), not numbers.
    """
    if all(ch in CHINESE_BIG_UNITS for ch in numeral):
        return False
    return percent or ordinal or bool(measure) or len(numeral) >= 2


def find_numerals(text: str) -> list[NumeralMention]:
    """Every figure in ``text``, Arabic and Chinese, with its unit; skips heading and list markers.

    Markers at a line start ("1.", "（一）", "一、", "（1）", also after "##") number the text, they do not
    state a fact. Full-width digits and thousands separators are read as the numbers they are.
    """
    normal = text.translate(_FULL_WIDTH_DIGITS)
    mentions: list[NumeralMention] = []
    for line_start, line in _lines_with_offsets(normal):
        marker = _HEADING_MARKER_RE.match(line)
        skip = line_start + marker.end() if marker else line_start
        first = len(mentions)
        for m in _ARABIC_ANY_RE.finditer(line):
            start = line_start + m.start()
            if start < skip:
                continue
            unit = m.group(2) or ""
            value = Decimal(m.group(1).replace(",", ""))
            end = line_start + m.end()
            mentions.append(NumeralMention(value, "" if unit == "号" else unit, start, end, text[start:end]))
        arabic = [(a.start, a.end) for a in mentions[first:]]
        for m in _CHINESE_RE.finditer(line):
            start = line_start + m.start()
            if start < skip or any(a <= start < b for a, b in arabic):
                continue
            percent, ordinal, numeral, decimals, measure = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
            if not _chinese_is_figure(numeral, bool(ordinal), measure or "", bool(percent)):
                continue
            parsed = parse_chinese_number(numeral)
            if parsed is not None and decimals:
                parsed = Decimal(f"{parsed}.{''.join(str(CHINESE_DIGIT_VALUES[d]) for d in decimals)}")
            unit = "%" if percent else (measure or "")
            end = line_start + m.end()
            mentions.append(NumeralMention(parsed, unit, start, end, text[start:end], chinese=True))
    mentions.sort(key=lambda x: x.start)
    return mentions
