"""起草全文: every section of the report in outline order, one after the other, as a stream of steps.

The app shows a draft of the whole report as one suggestion per section, so a writer accepts or rejects
each like a single-section draft; this module owns the order and what each section's draft is, the shell
only shows the steps and records each finished section. It is a generator, so a shell that stops
consuming it (a cancel between sections) stops the drafting; a cancel inside a section comes from the
event handler, whose exception ends the model's stream.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from langchain_core.language_models.chat_models import BaseChatModel

from assistant.drafting.events import EventHandler
from assistant.drafting.pipeline import draft_section
from assistant.drafting.section_text import PREAMBLE_ID, section_body, skeleton_text
from assistant.facts.model import Facts
from assistant.profiles.model import Profile
from assistant.report import marker


@dataclass(frozen=True)
class SectionDraft:
    """A section's fresh draft as editable text and, when the gate stepped in or facts are missing, notes
    in words for the writer."""

    section_id: str
    text: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class WholeStep:
    """One step of 起草全文: ``started`` before a section is drafted, ``drafted`` with its draft after.

    ``index`` counts from 0 among ``total`` sections; ``heading`` is the section's numbered heading.
    """

    kind: str
    index: int
    total: int
    section_id: str
    heading: str
    draft: SectionDraft | None = None


def draft_one(
    facts: Facts, profile: Profile, section_id: str, model: BaseChatModel | None, on_event: EventHandler | None = None
) -> SectionDraft:
    """A fresh draft of one section: the model's gated rewrite of the skeleton, or the skeleton itself when
    there is no model (and always for the opening paragraphs, which state facts only)."""
    if model is None or section_id == PREAMBLE_ID:
        return SectionDraft(section_id, skeleton_text(facts, profile, section_id))
    result = draft_section(facts, profile, section_id, model, on_event=on_event)
    notes: list[str] = []
    if result.fell_back:
        notes.append("部分段落中与事实不符的内容已按事实修正，或改用按事实生成的原句")
    if result.todo:
        notes.append(f"尚有 {len(result.todo)} 项必需事实未填写，正文中以【待补充】标出")
    return SectionDraft(section_id, section_body(result.section), tuple(notes))


def outline(profile: Profile) -> list[tuple[str, str]]:
    """(section id, numbered heading) in the order 起草全文 drafts them: the opening paragraphs, then 一、二、…"""
    numbered = [(s.id, f"{marker(s.level, i)}{s.heading}") for i, s in enumerate(profile.sections, start=1)]
    return [(PREAMBLE_ID, "开头语"), *numbered]


def draft_sections(
    facts: Facts,
    profile: Profile,
    model: BaseChatModel | None,
    section_ids: list[str] | None = None,
    on_event: EventHandler | None = None,
) -> Iterator[WholeStep]:
    """Draft the listed sections (all of them by default) in outline order, yielding a ``started`` step
    before and a ``drafted`` step after each; the model's own progress goes to ``on_event``."""
    order = [(sid, heading) for sid, heading in outline(profile) if section_ids is None or sid in section_ids]
    total = len(order)
    for index, (sid, heading) in enumerate(order):
        yield WholeStep("started", index, total, sid, heading)
        draft = draft_one(facts, profile, sid, model, on_event)
        yield WholeStep("drafted", index, total, sid, heading, draft)
