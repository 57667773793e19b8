"""The claims gate's last line, as ``fallback`` is the number gate's: cut what no fact supports, put back
what the source said.

A clause carrying an invented name or an unsupported evaluation is removed; every detail of the source the
text then lacks (a time, a name, a listed item) is restored as the source sentence that carries it.
"""

from __future__ import annotations

import re

from assistant.drafting.fallback import cut_clauses
from assistant.gate.claims import SENTENCE_RE, ClaimScope

CLAUSE_RE = re.compile(r"[^。！？；\n]+[。！？；]?")
REPLACE_SHARE = 0.4
"""How alike (shared character pairs over all pairs) a sentence must be to the source sentence it replaces."""


def cut_claims(text: str, scope: ClaimScope) -> tuple[str, list[str]]:
    """``text`` without the clauses of its unsupported names and evaluations, and the clauses cut."""
    verdict = scope.check(text)
    spans = [(c.start, c.end) for c in (*verdict.names, *verdict.evaluations)]
    return cut_clauses(text, spans) if spans else (text, [])


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _counterpart(sentence: str, text: str) -> str | None:
    """The sentence of ``text`` that rewrites ``sentence`` (most shared character pairs, at least half), or
    the clause that does, when the rewrite joined it to another with "；" (else the source would be said twice)."""
    source = _pairs(sentence)
    best, share = None, REPLACE_SHARE
    candidates = [m.group(0).strip() for pattern in (SENTENCE_RE, CLAUSE_RE) for m in pattern.finditer(text)]
    for candidate in candidates:
        pairs = _pairs(candidate)
        overlap = len(source & pairs) / max(len(source | pairs), 1)
        if candidate and overlap >= share:
            best, share = candidate, overlap
    return best


def restore_details(text: str, scope: ClaimScope) -> tuple[str, list[str]]:
    """Put back the source sentence of every detail ``text`` dropped, once each: in place of the sentence
    that rewrote it when there is one (no sentence said twice), else at the end."""
    sentences = list(dict.fromkeys(d.sentence for d in scope.check(text).dropped if d.sentence))
    restored: list[str] = []
    additions: list[str] = []
    for sentence in sentences:
        if sentence in text:
            continue
        whole = sentence if sentence.endswith(("。", "！", "？")) else sentence + "。"
        restored.append(whole)
        rewritten = _counterpart(sentence, text)
        if rewritten is not None:
            text = text.replace(rewritten, whole, 1)
        else:
            additions.append(whole)
    if additions:
        lines = text.split("\n") if text else [""]
        last = lines[-1]
        if last and not last.endswith(("。", "！", "？", "：")):
            last += "。"
        lines[-1] = last + "".join(additions)
        text = "\n".join(line for line in lines if line)
    return text, restored
