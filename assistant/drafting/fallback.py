"""The last line of the gate: cut what no fact supports, put back what the skeleton said.

Runs only after the model's own repair failed. A clause carrying an unsupported figure is removed (the
whole sentence if the clause is the sentence); every required fact then missing is restored from the
skeleton, as the clause that carries it or, when a whole skeleton sentence is gone, as that sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.gate import AllowedNumbers, RequiredFact, check, missing_facts
from assistant.gate.required import clause_bounds, strip_connector
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
    """Append the skeleton's clause (or sentence) for every missing fact, in skeleton order."""
    sentences: dict[str, list[RequiredFact]] = {}
    for req in missing:
        sentences.setdefault(req.sentence, []).append(req)
    additions: list[str] = []
    for sentence, gone in sentences.items():
        in_sentence = [r for r in required if r.sentence == sentence]
        if len(gone) == len(in_sentence):
            additions.append(sentence if sentence.endswith(("。", "！", "？")) else sentence + "。")
        else:
            clauses = list(dict.fromkeys(strip_connector(r.clause) for r in gone))
            additions.append("，".join(clauses) + "。")
    if not additions:
        return text, []
    lines = text.split("\n") if text else [""]
    last = lines[-1]
    if last and not last.endswith(("。", "！", "？", "：")):
        last += "。"
    lines[-1] = last + "".join(additions)
    return "\n".join(line for line in lines if line), additions


def fix_text(text: str, allowed: AllowedNumbers, required: list[RequiredFact]) -> Fix:
    """Make ``text`` pass the gate with the least change; the result is checked again by the caller."""
    verdict = check(text, allowed, required)
    cut, removed = remove_unsupported(text, verdict.unsupported)
    missing = missing_facts(cut, required)
    restored_text, restored = restore_missing(cut, missing, required)
    return Fix(restored_text, removed, restored, len(missing))
