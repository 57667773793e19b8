"""What a check reports before it becomes a Finding: a rule, a span of one line and the edits that fix it.

The text checks return spans and edits rather than findings so that ``--fix`` applies exactly the edits
the checker showed, on the raw line of the file, with no second implementation that could drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    new: str


@dataclass(frozen=True)
class Hit:
    rule: str
    start: int
    end: int
    params: Mapping[str, object] = field(default_factory=dict)
    edits: tuple[Edit, ...] = ()

    def shifted(self, offset: int) -> Hit:
        edits = tuple(Edit(e.start + offset, e.end + offset, e.new) for e in self.edits)
        return Hit(self.rule, self.start + offset, self.end + offset, self.params, edits)


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, list[Edit]]:
    """``text`` with the non-overlapping edits applied (earliest wins on overlap) and the edits kept."""
    kept: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if kept and edit.start < kept[-1].end:
            continue
        kept.append(edit)
    out = text
    for edit in reversed(kept):
        out = out[: edit.start] + edit.new + out[edit.end :]
    return out, kept
