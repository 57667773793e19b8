"""A section's text as the paragraphs a writer counts ("第二段"), each with the heading it must keep.

The editable text has one paragraph a line, sub-headings on lines of their own ("（一）主要职能职责") and
run-in items ("1.基本支出。基本支出812.35万元…"). A writer counting paragraphs on the page skips the
sub-heading lines and counts a run-in item once; its "1.基本支出。" stays with it and is never given to a
model, so an edit keeps the outline as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.drafting.section_text import parse_body
from assistant.skeleton.drafter import TODO_OPEN

RUN_IN_ENDS = ("。", "？", "！", "：")


@dataclass(frozen=True)
class Para:
    """One counted paragraph: its line in the text, the run-in heading it opens with (if any) and its prose."""

    line: int
    head: str
    body: str
    number: str = ""
    """The run-in item's marker ("1."), which stays in its place when items are reordered."""
    group: int = -1
    """The line of the sub-heading the paragraph stands under (-1: before any); paragraphs move only within one."""

    @property
    def text(self) -> str:
        return self.head + self.body

    @property
    def has_todo(self) -> bool:
        return TODO_OPEN in self.body


def paragraphs(text: str, heading: str) -> list[Para]:
    """The counted paragraphs of a section's editable text (read under its bare ``heading``)."""
    section = parse_body(text, heading)
    standalone: set[str] = set()
    run_in: dict[str, str] = {}
    if section is not None:
        for node in section.walk():
            if node is section:
                continue
            head = f"{node.number}{node.title}"
            if node.level <= 2:
                standalone.add(head.strip())
            else:
                run_in[head if head.endswith(RUN_IN_ENDS) else head + "。"] = node.number
    heads = sorted(run_in, key=len, reverse=True)
    out: list[Para] = []
    group = -1
    for i, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if stripped in standalone:
            group = i
        if not stripped or stripped in standalone:
            continue
        head = next((h for h in heads if stripped.startswith(h)), "")
        out.append(Para(i, head, stripped[len(head) :], run_in.get(head, ""), group))
    return out


def count_chars(text: str) -> int:
    """Characters as a writer counts 字: everything but white space."""
    return sum(1 for ch in text if not ch.isspace())
