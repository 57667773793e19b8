"""Opening variety: no more than a third of a section's paragraphs may open with the same subject.

In a drafted 部门整体支出绩效情况 nearly every paragraph opened with the unit's name ("区政协…"); official
prose reads better starting from the work, a time or a meeting. The subject of a paragraph is its first
words after a short leading adverbial ("2023年，", "下一步，"): the unit's self-name if it starts there,
else its first two characters. The post-check drops the leading self-name from the model's paragraphs
beyond the allowed share (Chinese official prose takes an omitted subject from context); blocks the model
left as the skeleton wrote them are never touched.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

LEAD_RE = re.compile(r"^[^，。；：]{1,8}，")
KEEP_AFTER = ("的", "机关", "党组", "办公室", "委员", "和", "与", "、", "，")
"""After these the self-name is part of a longer subject ("区政协机关", "区政协的") and stays."""


def opening(paragraph: str, me: str) -> str:
    """The subject a paragraph opens with: the self-name, or its first two characters."""
    text = paragraph.strip()
    lead = LEAD_RE.match(text)
    rest = text[lead.end() :] if lead else text
    if me and rest.startswith(me):
        return me
    return text[:2]


def allowed_same(count: int) -> int:
    """How many of ``count`` paragraphs may share one opening: a third, and at least one."""
    return max(1, count // 3)


def most_common_share(paragraphs: Iterable[str], me: str) -> tuple[str, int, int]:
    """The commonest opening, how many paragraphs have it, and how many paragraphs there are."""
    keys = [opening(p, me) for p in paragraphs if p.strip()]
    if not keys:
        return "", 0, 0
    key, count = Counter(keys).most_common(1)[0]
    return key, count, len(keys)


def varied(paragraphs: Iterable[str], me: str) -> bool:
    """True when no opening is shared by more than a third of the paragraphs."""
    _, count, total = most_common_share(paragraphs, me)
    return count <= allowed_same(total)


def _drop_subject(paragraph: str, me: str) -> str:
    lead = LEAD_RE.match(paragraph)
    at = lead.end() if lead else 0
    rest = paragraph[at + len(me) :]
    if not rest or rest.startswith(KEEP_AFTER):
        return paragraph
    return paragraph[:at] + rest


def vary_openings(blocks: list[list[str]], editable: set[int], me: str) -> list[list[str]]:
    """``blocks`` (a section's paragraphs, block by block) with the self-name dropped from the openings of
    paragraphs in ``editable`` blocks, last first, until at most a third open with it."""
    out = [list(b) for b in blocks]
    flat = [p for b in out for p in b]
    excess = sum(opening(p, me) == me for p in flat) - allowed_same(len(flat))
    if not me or excess <= 0:
        return out
    for b in sorted(editable, reverse=True):
        for i in reversed(range(len(out[b]))):
            if excess <= 0:
                return out
            if opening(out[b][i], me) == me:
                changed = _drop_subject(out[b][i], me)
                if changed != out[b][i]:
                    out[b][i] = changed
                    excess -= 1
    return out
