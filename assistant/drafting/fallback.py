"""The last line of the gate: cut what no fact supports, put back what the skeleton said.

Runs only after the model's own repair failed. A clause carrying an unsupported figure is removed (the
whole sentence if the clause is the sentence); every required fact then missing is restored from the
skeleton, as the clause that carries it or, when a whole skeleton sentence is gone, as that sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.gate import AllowedNumbers, RequiredFact, check, missing_facts
from assistant.gate.mentions import figures
from assistant.gate.required import LABEL_WINDOW, clause_bounds, strip_connector
from assistant.gate.verdict import UnsupportedNumber

SOFT_DELIMS = "，；、"
_TIDY = (
    (re.compile(r"[，；、]+([。！？])"), r"\1"),
    (re.compile(r"([，；、])[，；、]+"), r"\1"),
    (re.compile(r"[（(]\s*[)）]"), ""),
    (re.compile(r"^[，；、。]+"), ""),
    (re.compile(r"([：:])[，；、]+"), r"\1"),
    (re.compile(r"(^|[。！？])[^。！？：:]{0,20}[：:][。！？]"), r"\1"),
)
"""The last rule drops a label left with nothing after it ("财务管理：。" once its clause was cut)."""


@dataclass
class Fix:
    text: str
    removed: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    missing: int = 0
    """How many required facts had to be restored."""


def tidy(text: str) -> str:
    for pattern, repl in _TIDY:
        text = pattern.sub(repl, text)
    return text.strip()


def cut_clauses(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[str]]:
    """Cut the clause around each span, right to left so earlier spans stay valid (a clause that is its whole
    sentence takes its full stop with it); overlapping spans cut their clause once."""
    removed: list[str] = []
    floor = len(text) + 1
    for start, end in sorted(spans, reverse=True):
        if end > len(text) or end > floor:
            continue
        left, right = clause_bounds(text, start, end)
        if right < len(text) and text[right] in SOFT_DELIMS:
            right += 1
        elif left > 0 and text[left - 1] in SOFT_DELIMS:
            left -= 1
        elif right < len(text) and text[right] in "。！？" and (left == 0 or text[left - 1] in "。！？\n"):
            right += 1
        removed.append(text[left:right].strip("，；、。 "))
        text = text[:left] + text[right:]
        floor = left
    return "\n".join(t for t in (tidy(line) for line in text.split("\n")) if t), removed


def remove_unsupported(text: str, unsupported: list[UnsupportedNumber]) -> tuple[str, list[str]]:
    """Cut each unsupported figure's clause."""
    spans = [(u.start, u.end) for u in unsupported if u.end <= len(text) and text[u.start : u.end] == u.text]
    return cut_clauses(text, spans)


def restore_missing(text: str, missing: list[RequiredFact], required: list[RequiredFact]) -> tuple[str, list[str]]:
    """Put back the skeleton's clause (or sentence) for every missing fact, in skeleton order, where the skeleton
    had it: right after the fact before it (or before the fact after it), in that fact's paragraph and
    sentence. Only a fact with no neighbour left in the text is appended at the end."""
    gone = {id(r) for r in missing}
    sentences: dict[str, list[RequiredFact]] = {}
    for req in missing:
        sentences.setdefault(req.sentence, []).append(req)
    additions: list[str] = []
    for sentence, lost in sentences.items():
        whole = len(lost) == len([r for r in required if r.sentence == sentence])
        if whole:
            addition = sentence if sentence.endswith(("。", "！", "？")) else sentence + "。"
        else:
            addition = "，".join(dict.fromkeys(strip_connector(r.clause) for r in lost))
        placed = _insert(text, addition, whole, lost[0], required, gone)
        if placed is None:
            placed = _append(text, addition if whole else addition + "。")
        text = placed
        gone -= {id(r) for r in lost}
        additions.append(addition if whole else addition + "。")
    return "\n".join(line for line in text.split("\n") if line), additions


def _append(text: str, addition: str) -> str:
    lines = text.split("\n") if text else [""]
    last = lines[-1]
    if last and not last.endswith(("。", "！", "？", "：")):
        last += "。"
    lines[-1] = last + addition
    return "\n".join(lines)


def _insert(
    text: str, addition: str, whole: bool, first: RequiredFact, required: list[RequiredFact], gone: set[int]
) -> str | None:
    """``text`` with ``addition`` next to the nearest fact the skeleton put before (or else after) ``first``."""
    at = next(i for i, r in enumerate(required) if r is first)
    for prev in reversed(required[:at]):
        span = _stated_at(text, prev) if id(prev) not in gone else None
        if span is not None:
            if whole:
                end = _sentence_end(text, span[1])
                stop = "" if text[end - 1] in "。！？" else "。"
                return text[:end] + stop + addition + text[end:]
            end = _clause_end(text, span[0], span[1])
            return text[:end] + "，" + addition + text[end:]
    for after in required[at + 1 :]:
        span = _stated_at(text, after) if id(after) not in gone else None
        if span is not None:
            if whole:
                begin = _sentence_start(text, span[0])
                return text[:begin] + addition + text[begin:]
            begin = clause_bounds(text, span[0], span[1])[0]
            return text[:begin] + addition + "，" + text[begin:]
    return None


def _stated_at(text: str, req: RequiredFact) -> tuple[int, int] | None:
    """The span of the figure in ``text`` that states ``req``: one of its value, named by its label if any is."""
    same = [f for f in figures(text) if f.value == req.value and f.family in (req.family, "plain")]
    named = [f for f in same if req.label and req.label in text[max(f.start - LABEL_WINDOW, 0) : f.start]]
    found = (named or same)[:1]
    return (found[0].start, found[0].end) if found else None


def _clause_end(text: str, start: int, end: int) -> int:
    """Where the clause of a figure ends; after the closing bracket when the figure sits inside brackets."""
    right = clause_bounds(text, start, end)[1]
    opened = text[_sentence_start(text, start) : right]
    if opened.count("（") > opened.count("）") and "）" in text[right:]:
        right = text.index("）", right) + 1
    return right


def _sentence_start(text: str, at: int) -> int:
    return max(text.rfind(mark, 0, at) for mark in "。！？\n") + 1


def _sentence_end(text: str, at: int) -> int:
    ends = [i + 1 for i in (text.find(mark, at) for mark in "。！？") if i != -1]
    line_end = text.find("\n", at)
    limit = line_end if line_end != -1 else len(text)
    inside = [e for e in ends if e <= limit]
    return min(inside) if inside else limit


def fix_text(text: str, allowed: AllowedNumbers, required: list[RequiredFact]) -> Fix:
    """Make ``text`` pass the gate with the least change; the result is checked again by the caller."""
    verdict = check(text, allowed, required)
    cut, removed = remove_unsupported(text, verdict.unsupported)
    missing = missing_facts(cut, required)
    restored_text, restored = restore_missing(cut, missing, required)
    return Fix(restored_text, removed, restored, len(missing))
