"""Deciding a suggestion change by change: once every change is decided, the accepted ones become one version.

The app's 接受/拒绝 buttons decide one change (or all) at a time; the version is made only when nothing is
pending, in the same transaction that closes the suggestion, and only against the text the suggestion was
made for (the store refuses a stale revision). Kept here so any shell decides the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.store import Store
from assistant.suggestions import Suggestion


@dataclass(frozen=True)
class Decided:
    """What a decision led to: still ``pending`` changes, or a new version with ``accepted`` changes (0: none)."""

    pending: bool
    accepted: int = 0


def decide(store: Store, suggestion_id: int, decisions: dict[int, bool], revision: int, what: str) -> Decided:
    """Record ``decisions`` (change index → accepted); when none is left pending, apply the accepted ones."""
    record = store.decide(suggestion_id, decisions)
    suggestion = Suggestion.between(record.base_text, record.proposed_text)
    if suggestion.pending(record.decisions):
        return Decided(pending=True)
    accepted = sum(1 for ok in record.decisions.values() if ok)
    text = suggestion.result(record.decisions) if accepted else None
    store.resolve_suggestion(suggestion_id, text, revision, what)
    return Decided(pending=False, accepted=accepted)
