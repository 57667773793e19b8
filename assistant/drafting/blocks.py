"""A section cut into blocks (one heading's own paragraphs) and put back together after rewriting.

The model rewrites one block at a time and never sees or writes a heading: headings and their numbering
come from the skeleton, so the section's outline (（一）, 1. …) cannot be broken by the model, and each
block is short enough for a small model to keep every figure.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from assistant.drafting.prompts import DATA_CLOSE, DATA_OPEN
from assistant.report.model import Paragraph, Section
from assistant.skeleton.drafter import TODO_OPEN

_FENCE_RE = re.compile(r"^\s*```")
_LEAD_RE = re.compile(
    r"^\s*(?:#+\s*|[-*•·]\s+|\d+[.．、]\s*|[（(][一二三四五六七八九十\d]+[)）]\s*|[一二三四五六七八九十]+、\s*)"
)
_PREFIX_RE = re.compile(r"^\s*(?:改写稿|改写后的正文|改写后|润色后|修改后|正文|答)\s*[:：]\s*")


@dataclass(frozen=True)
class Block:
    """The paragraphs directly under one heading; ``path`` finds the heading in the section tree."""

    index: int
    path: tuple[int, ...]
    heading: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def has_todo(self) -> bool:
        return TODO_OPEN in self.text


def split_blocks(section: Section) -> list[Block]:
    blocks: list[Block] = []

    def visit(node: Section, path: tuple[int, ...]) -> None:
        if node.paragraphs:
            blocks.append(Block(len(blocks), path, node.title, tuple(p.text for p in node.paragraphs)))
        for i, child in enumerate(node.children):
            visit(child, (*path, i))

    visit(section, ())
    return blocks


def rebuild(section: Section, blocks: list[Block], texts: dict[int, list[str]]) -> Section:
    """A copy of ``section`` whose blocks carry ``texts`` (block index → paragraphs); others stay as drafted."""
    out = copy.deepcopy(section)
    for block in blocks:
        if block.index not in texts:
            continue
        node = out
        for i in block.path:
            node = node.children[i]
        node.paragraphs = [Paragraph(text=t) for t in texts[block.index]]
    return out


def clean_answer(text: str, heading: str) -> list[str]:
    """The model's answer as paragraphs: no markdown, markers, echoed headings or data delimiters."""
    paragraphs: list[str] = []
    for raw in text.splitlines():
        if _FENCE_RE.match(raw):
            continue
        line = raw.replace("**", "").replace("__", "")
        for marker in (DATA_CLOSE, DATA_OPEN):
            line = line.replace(marker, "")
        line = _PREFIX_RE.sub("", line)
        line = _LEAD_RE.sub("", line)
        line = " ".join(line.split())
        if line.startswith("小标题："):
            continue
        if heading and line.startswith(heading):
            rest = line[len(heading) :].lstrip("。，：:；; ")
            line = rest if rest else ""
        if line:
            paragraphs.append(line)
    return paragraphs
