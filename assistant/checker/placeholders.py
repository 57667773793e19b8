"""Text nobody finished: 【待补充…】 markers, XX/×× stand-ins and TODO notes."""

from __future__ import annotations

from assistant.checker.hits import Hit
from assistant.checker.rules import pattern

RULES = ("placeholder.marker", "placeholder.xx", "placeholder.todo")


def placeholders(text: str, year: int | None) -> list[Hit]:
    return [Hit(rule, m.start(), m.end(), {"text": m.group(0)}) for rule in RULES for m in pattern(rule).finditer(text)]
