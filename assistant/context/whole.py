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

from assistant.context.report_context import ReportContext
from assistant.drafting.events import EventHandler
from assistant.drafting.section_edit import SectionEdit
from assistant.drafting.section_text import PREAMBLE_ID
from assistant.profiles.model import Profile
from assistant.report import marker


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
    draft: SectionEdit | None = None
    """The section's fresh draft (``ReportContext.draft``) on a ``drafted`` step."""


def outline(profile: Profile) -> list[tuple[str, str]]:
    """(section id, numbered heading) in the order 起草全文 drafts them: the opening paragraphs, then 一、二、…"""
    numbered = [(s.id, f"{marker(s.level, i)}{s.heading}") for i, s in enumerate(profile.sections, start=1)]
    return [(PREAMBLE_ID, "开头语"), *numbered]


def draft_sections(
    context: ReportContext,
    model: BaseChatModel | None,
    section_ids: list[str] | None = None,
    on_event: EventHandler | None = None,
) -> Iterator[WholeStep]:
    """Draft the listed sections (all of them by default) in outline order, yielding a ``started`` step
    before and a ``drafted`` step after each; the model's own progress goes to ``on_event``."""
    order = [(sid, heading) for sid, heading in outline(context.profile) if section_ids is None or sid in section_ids]
    total = len(order)
    for index, (sid, heading) in enumerate(order):
        yield WholeStep("started", index, total, sid, heading)
        draft = context.draft(sid, model, on_event)
        yield WholeStep("drafted", index, total, sid, heading, draft)
