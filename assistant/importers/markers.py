"""Heading markers (一、 （一） 1. （1）) as real reports write them, right or wrong.

The importer needs them to rebuild the outline and the checker needs them to judge it, so both read the
same parse: the level, the ordinal and the literal spelling, which is what the punctuation rules look at.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from assistant.numbers import parse_chinese_number
from assistant.report.model import marker as standard_marker

FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

_CN = "[一二三四五六七八九十]{1,3}"
_AR = "[0-9０-９]{1,2}"
_DECIMAL_TAIL = r"[0-9０-９]+(?:[.．,，][0-9０-９]|\s*(?:[%％万亿元]|$))"
"""What makes "3.5万元" a figure rather than the marker "3." before "5万元"; "1.12篇" is item 1, "12篇"."""
_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"(?P<num>{_CN})\s*(?P<sep>[、.．])")),
    (2, re.compile(rf"(?P<open>[（(])\s*(?P<num>{_CN})\s*(?P<close>[）)])(?P<sep>\s*[、，,.．])?")),
    (3, re.compile(rf"(?P<num>{_AR})\s*(?P<sep>[.．、）)])(?!{_DECIMAL_TAIL})")),
    (4, re.compile(rf"(?P<open>[（(])\s*(?P<num>{_AR})\s*(?P<close>[）)])(?P<sep>\s*[、，,.．])?")),
)

STANDARD_STYLE = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}
"""GB/T 9704-2012 7.3.3 and GB/T 15834: the marker of each level, written with the ordinal one."""

ACCEPTED_STYLES = {1: {"一、"}, 2: {"（一）"}, 3: {"1.", "1．"}, 4: {"（1）"}}
"""Spellings a finance bureau accepts when used throughout (many offices type a full-width 下脚点)."""


@dataclass(frozen=True, slots=True)
class Marker:
    """A heading marker at the start of a line."""

    level: int
    value: int
    text: str
    style: str

    @property
    def standard(self) -> str:
        """The same ordinal in the standard spelling of its level."""
        return standard_marker(self.level, self.value)


def chinese_value(numeral: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 九十九 → 99; anything else → None.

    Read by ``assistant.numbers`` like any Chinese numeral, but an ordinal is written with 十 ("四五" is a
    figure, 45, never the forty-fifth heading)."""
    if len(numeral) > 1 and "十" not in numeral:
        return None
    value = parse_chinese_number(numeral)
    return int(value) if value is not None and 0 < value < 100 else None


def _style(level: int, m: re.Match[str]) -> str:
    sep = (m.group("sep") or "").strip()
    if level in (1, 3):
        return ("一" if level == 1 else "1") + sep
    return m.group("open") + ("一" if level == 2 else "1") + m.group("close") + sep


def match_marker(line: str) -> tuple[Marker, int] | None:
    """The marker opening ``line`` and where the heading text after it starts, or None."""
    for level, pattern in _PATTERNS:
        m = pattern.match(line)
        if m is None:
            continue
        num = m.group("num")
        value = chinese_value(num) if level <= 2 else int(num.translate(FULL_WIDTH_DIGITS))
        if not value:
            continue
        end = m.end()
        while end < len(line) and line[end] in " \u3000\t":
            end += 1
        # Interned: a report repeats a handful of markers on thousands of headings.
        return Marker(level, value, sys.intern(m.group(0).strip()), sys.intern(_style(level, m))), end
    return None
