"""Word choice: the lexicon of confused words (lexicon.yaml) and relative time in an annual report.

"今年" in a report read a year later, by someone else, is ambiguous; with the report's year known the fix
is mechanical ("今年" → "2021年").
"""

from __future__ import annotations

import re
from functools import cache

from assistant.checker.hits import Edit, Hit
from assistant.checker.rules import lexicon, rules

RELATIVE_RULE = "wording.relative-time"


def lexicon_words(text: str, year: int | None) -> list[Hit]:
    """Entries whose word occurs at all are matched with their pattern (a substring test is far cheaper)."""
    hits: list[Hit] = []
    for entry in lexicon():
        if entry.wrong not in text:
            continue
        for m in entry.regex.finditer(text):
            params = {"text": m.group(0), "right": entry.right, "note": entry.note}
            hits.append(Hit("wording.lexicon", m.start(), m.end(), params, (Edit(m.start(), m.end(), entry.right),)))
    hits.sort(key=lambda h: h.start)
    return hits


@cache
def _relative() -> tuple[re.Pattern[str], dict[str, int]]:
    words: dict[str, int] = {str(k): int(v) for k, v in rules()[RELATIVE_RULE].params["words"].items()}
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![以往])(?:{alternatives})"), words


def relative_time(text: str, year: int | None) -> list[Hit]:
    regex, words = _relative()
    hits: list[Hit] = []
    for m in regex.finditer(text):
        word = m.group(0)
        if year is None:
            hits.append(Hit(RELATIVE_RULE, m.start(), m.end(), {"text": word, "suggestion": "", "right": ""}))
            continue
        right = f"{year + words[word]}年"
        params = {"text": word, "suggestion": f"（{right}）", "right": right}
        hits.append(Hit(RELATIVE_RULE, m.start(), m.end(), params, (Edit(m.start(), m.end(), right),)))
    return hits
