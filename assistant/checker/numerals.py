"""GB/T 15835 numbers: half-width Arabic digits, years written in full.

Chinese numerals in fixed expressions (四届六次全会, 十九届六中全会, “十四五”) are correct and are
never looked at: only full-width digits and two-digit years are.
"""

from __future__ import annotations

import re

from assistant.checker.hits import Edit, Hit
from assistant.checker.rules import pattern
from assistant.importers.markers import FULL_WIDTH_DIGITS

_FULL_WIDTH = re.compile(r"[０-９]+(?:[．.][０-９]+)?")


def full_width_digits(text: str, year: int | None) -> list[Hit]:
    hits: list[Hit] = []
    for m in _FULL_WIDTH.finditer(text):
        right = m.group(0).translate(FULL_WIDTH_DIGITS).replace("．", ".")
        params = {"text": m.group(0), "right": right}
        hits.append(Hit("number.full-width-digit", m.start(), m.end(), params, (Edit(m.start(), m.end(), right),)))
    return hits


def short_years(text: str, year: int | None) -> list[Hit]:
    rule = "number.short-year"
    return [Hit(rule, m.start(), m.end(), {"text": m.group(0)}) for m in pattern(rule).finditer(text)]
