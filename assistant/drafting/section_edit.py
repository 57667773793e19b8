"""An edit operation (扩写, 缩写, 润色, 正式化, 改写) over a whole section, one block at a time, headings kept.

``edit_text`` sees one piece of prose and the model rewrites all of it, so a heading inside that piece
("（一）预算编制", "1.基本支出。…") would come back as the model wrote it, or not at all. A section is
therefore cut into blocks as drafting does (the paragraphs directly under one heading): the model only
ever sees a block's own paragraphs, and the section is put back together around the headings it had, so
"（一）" and "1." survive any edit and each call stays short enough for a small model to keep every figure.
Blocks with a 【待补充】 marker are left alone: there is nothing to edit until the fact is filled in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.drafting.blocks import rebuild, split_blocks
from assistant.drafting.edit import EditResult, edit_text
from assistant.drafting.events import DraftEvent, EventHandler, emit
from assistant.drafting.section_text import PREAMBLE_ID, bare_heading, parse_body, section_body
from assistant.gate import FactBasis

if TYPE_CHECKING:  # LangChain is imported where a model is called, so model-free runs never load it
    from langchain_core.language_models.chat_models import BaseChatModel


@dataclass(frozen=True)
class SectionEdit:
    """The section's new text (equal to the input where every block fell back) and, for each block the gate
    had to step in on, what it did, in a Chinese sentence for the writer."""

    text: str
    notes: tuple[str, ...] = ()


def edit_section(
    text: str,
    operation: str,
    instruction: str,
    basis: FactBasis,
    section_id: str,
    model: BaseChatModel | None,
    on_event: EventHandler | None = None,
) -> SectionEdit:
    """Edit a section's editable text (as ``section_body`` writes it), read under its bare heading.

    Before each edited block of a section with several, a ``part_started`` event names the block's heading,
    so a UI can show where the stream has got to. A text that does not read as one section (it opens
    another top-level heading) is edited as one piece.
    """
    scope = None if section_id == PREAMBLE_ID else section_id
    heading = bare_heading(basis.profile, section_id)
    section = parse_body(text, heading)
    if section is None:
        result = edit_text(text, operation, instruction, basis, scope, model, on_event)
        note = _edit_note(result, heading, basis)
        return SectionEdit(result.text, (note,) if note else ())
    every = split_blocks(section)
    blocks = [b for b in every if not b.has_todo]
    texts: dict[int, list[str]] = {}
    notes: list[str] = []
    for i, block in enumerate(blocks):
        emit(on_event, DraftEvent("part_started", section_id, block.heading, i, len(blocks)))
        result = edit_text(block.text, operation, instruction, basis, scope, model, on_event)
        texts[block.index] = result.text.split("\n")
        note = _edit_note(result, block.heading, basis)
        if note:
            notes.append(note)
    return SectionEdit(section_body(rebuild(section, every, texts)), tuple(notes))


def _edit_note(result: EditResult, name: str, basis: FactBasis) -> str:
    """What the gate did to one block's edit, if anything, and why, in a sentence for the writer."""
    why = "；".join(dict.fromkeys(basis.explain(u) for u in result.verdict_before.unsupported))
    if why:
        why = f"：{why}。如需修改数字，请到“事实”页修改事实"
    claims = result.claims_before
    unsupported = "、".join(dict.fromkeys(f"“{c.text}”" for c in (*claims.names, *claims.evaluations)))
    if unsupported:
        why += f"；事实中没有依据的名称或评价：{unsupported}"
    if claims.dropped:
        why += f"；遗漏了原文中的{'、'.join(f'“{d.text}”' for d in claims.dropped)}"
    if result.status == "fallback":
        return f"“{name}”一段的修改未通过事实核对（{result.reason or '数字与事实不符'}），保留原文{why}"
    if result.status == "fixed":
        return f"“{name}”一段中与事实不符的内容已删去或按事实恢复{why}"
    return ""
