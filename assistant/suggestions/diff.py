"""Change hunks between a section's text and a model's proposal, sized for a person to accept or reject.

Chinese has no spaces, so words cannot anchor a diff: the comparison is character by character, inside
paragraphs that are first matched as whole lines. Raw character opcodes are confetti ("的" kept here, "了"
kept there), so changes separated by a few unchanged characters are merged, and a paragraph rewritten
almost entirely becomes one hunk. Every hunk records where it sits in both texts, so accepting any subset
of them gives a well-defined text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

MERGE_GAP = 4
"""Unchanged runs shorter than this (in characters) between two changes are folded into one hunk."""

REWRITE_RATIO = 0.4
"""A changed paragraph block less similar than this is shown as one replacement, not as fragments."""


@dataclass(frozen=True)
class Hunk:
    """One change: ``old`` (base[start:end]) becomes ``new`` (proposed[new_start:new_end])."""

    index: int
    start: int
    end: int
    new_start: int
    new_end: int
    old: str
    new: str

    @property
    def kind(self) -> Literal["insert", "delete", "replace"]:
        if not self.old:
            return "insert"
        if not self.new:
            return "delete"
        return "replace"


@dataclass(frozen=True)
class Segment:
    """A piece of the side-by-side reading: unchanged text, or a hunk."""

    text: str
    hunk: Hunk | None = None


def _line_starts(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def _spans(base: str, proposed: str) -> list[tuple[int, int, int, int]]:
    """Raw changed spans (base start, end, proposed start, end): lines first, then characters inside."""
    a_lines = base.splitlines(keepends=True)
    b_lines = proposed.splitlines(keepends=True)
    a_at, b_at = _line_starts(a_lines), _line_starts(b_lines)
    spans: list[tuple[int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a_lines, b_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        a0, a1, b0, b1 = a_at[i1], a_at[i2], b_at[j1], b_at[j2]
        if tag != "replace":
            spans.append((a0, a1, b0, b1))
            continue
        matcher = SequenceMatcher(None, base[a0:a1], proposed[b0:b1], autojunk=False)
        if matcher.ratio() < REWRITE_RATIO:
            spans.append((a0, a1, b0, b1))
            continue
        spans.extend(
            (a0 + c1, a0 + c2, b0 + d1, b0 + d2) for op, c1, c2, d1, d2 in matcher.get_opcodes() if op != "equal"
        )
    return spans


def _merge(base: str, spans: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    merged: list[tuple[int, int, int, int]] = []
    for span in spans:
        if merged:
            a0, a1, b0, _ = merged[-1]
            gap = base[a1 : span[0]]
            if len(gap) < MERGE_GAP and "\n" not in gap:
                merged[-1] = (a0, span[1], b0, span[3])
                continue
        merged.append(span)
    return merged


def compute_hunks(base: str, proposed: str) -> list[Hunk]:
    """The readable hunks that turn ``base`` into ``proposed``; none when the texts are equal."""
    if base == proposed:
        return []
    return [
        Hunk(i, a0, a1, b0, b1, base[a0:a1], proposed[b0:b1])
        for i, (a0, a1, b0, b1) in enumerate(_merge(base, _spans(base, proposed)))
    ]


def apply_hunks(base: str, hunks: Iterable[Hunk], accepted: Iterable[int]) -> str:
    """``base`` with the accepted hunks applied and every other hunk left as it was."""
    chosen = set(accepted)
    out: list[str] = []
    at = 0
    for hunk in sorted(hunks, key=lambda h: h.start):
        if hunk.index not in chosen:
            continue
        out.append(base[at : hunk.start])
        out.append(hunk.new)
        at = hunk.end
    out.append(base[at:])
    return "".join(out)


def segments(base: str, hunks: Iterable[Hunk]) -> list[Segment]:
    """The base text cut into unchanged runs and hunks, in reading order, for rendering the diff inline."""
    out: list[Segment] = []
    at = 0
    for hunk in sorted(hunks, key=lambda h: h.start):
        if hunk.start > at:
            out.append(Segment(base[at : hunk.start]))
        out.append(Segment("", hunk))
        at = hunk.end
    if at < len(base):
        out.append(Segment(base[at:]))
    return out
