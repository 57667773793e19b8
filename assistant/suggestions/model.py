"""A suggestion: a model's proposed text held against the text it was made for, decided change by change.

The section text is never touched until the person decides: accepting all, rejecting all, or deciding
each hunk, and only then is one new version made from the base text and the accepted hunks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from assistant.suggestions.diff import Hunk, Segment, apply_hunks, compute_hunks, segments


@dataclass(frozen=True)
class Suggestion:
    base: str
    proposed: str
    hunks: tuple[Hunk, ...] = field(default=())

    @classmethod
    def between(cls, base: str, proposed: str) -> Suggestion:
        return cls(base, proposed, tuple(compute_hunks(base, proposed)))

    def pending(self, decisions: Mapping[int, bool]) -> list[int]:
        """Hunks nobody has accepted or rejected yet."""
        return [h.index for h in self.hunks if h.index not in decisions]

    def result(self, decisions: Mapping[int, bool]) -> str:
        """The text once the accepted hunks are applied; undecided hunks count as rejected."""
        return apply_hunks(self.base, self.hunks, (i for i, ok in decisions.items() if ok))

    def segments(self) -> list[Segment]:
        return segments(self.base, self.hunks)
