"""The claims gate's last line, as ``fallback`` is the number gate's: cut what no fact supports, put back
what the source said.

A clause carrying an invented name or an unsupported evaluation is removed; every detail of the source the
text then lacks (a time, a name, a listed item) is restored as the source sentence that carries it.
"""

from __future__ import annotations

from assistant.drafting.fallback import cut_clauses
from assistant.gate.claims import ClaimScope


def cut_claims(text: str, scope: ClaimScope) -> tuple[str, list[str]]:
    """``text`` without the clauses of its unsupported names and evaluations, and the clauses cut."""
    verdict = scope.check(text)
    spans = [(c.start, c.end) for c in (*verdict.names, *verdict.evaluations)]
    return cut_clauses(text, spans) if spans else (text, [])


def restore_details(text: str, scope: ClaimScope) -> tuple[str, list[str]]:
    """Append the source sentence of every detail ``text`` dropped, once each, in source order."""
    sentences = list(dict.fromkeys(d.sentence for d in scope.check(text).dropped if d.sentence))
    additions = [s if s.endswith(("。", "！", "？")) else s + "。" for s in sentences if s not in text]
    if not additions:
        return text, []
    lines = text.split("\n") if text else [""]
    last = lines[-1]
    if last and not last.endswith(("。", "！", "？", "：")):
        last += "。"
    lines[-1] = last + "".join(additions)
    return "\n".join(line for line in lines if line), additions
