"""The draft page's calls into the engine: the open report's ``ReportContext`` drafts, edits and gates; this
module only turns the engine's events into the chat's streamed text and previews.
"""

from __future__ import annotations

from collections.abc import Callable

from langchain_core.language_models.chat_models import BaseChatModel

from assistant.context import Flag
from assistant.drafting import DraftEvent, EventHandler
from assistant.drafting.section_edit import SectionEdit
from assistant.drafting.section_text import PREAMBLE_ID
from assistant.errors import AssistantError
from assistant.facts.model import Facts
from assistant.llm.client import EndpointChatModel
from assistant.profiles import Profile
from ui.model import Status
from ui.report_view import context

Outcome = SectionEdit
"""The proposed text and, when the gate had to step in, what it did, in words for the chat."""

PREVIEW_CHARS = 400
"""How much of the skeleton block being rewritten is shown at once, while the model reads its prompt."""

PROGRESS = {
    "restyling": "\n（改写与原稿几乎相同，正在请模型换一种写法……）\n",
    "repairing": "\n（数字核对未通过，正在让模型修正……）\n",
    "fell_back": "\n（这一段未通过事实核对，按事实修正）\n",
    "truncated": "\n（回答过长被截断）\n",
}


def streamer(emit: Callable[[str | Status], None]) -> EventHandler:
    """Engine events as the text the chat shows while the model writes."""

    def on_event(event: DraftEvent) -> None:
        if event.kind == "token":
            emit(event.text)
        elif event.kind == "block_started":
            if event.block:
                emit("\n\n")
            if event.details:
                place = f"{(event.block or 0) + 1}/{event.blocks}"
                emit(Status(f"正在改写第 {place} 段。原稿：{event.details[0][:PREVIEW_CHARS]}", preview=True))
        elif event.kind in PROGRESS:
            emit(PROGRESS[event.kind])

    return on_event


def draft(
    facts: Facts,
    profile: Profile,
    section_id: str,
    chat_model: BaseChatModel | None,
    emit: Callable[[str | Status], None],
) -> Outcome:
    """A fresh draft: the model's gated rewrite of the skeleton, or the skeleton itself without a model."""
    return context(profile.id, facts).draft(section_id, chat_model, streamer(emit))


def warm(facts: Facts, profile: Profile, section_id: str, chat_model: BaseChatModel | None) -> None:
    """Let a local model read the first prompt of this section's draft while the writer is still reading the
    page, so 起草 starts answering at once."""
    if isinstance(chat_model, EndpointChatModel) and section_id != PREAMBLE_ID:
        chat_model.warm(context(profile.id, facts).opening_messages(section_id))


def edit(
    text: str,
    operation: str,
    instruction: str,
    facts: Facts,
    profile: Profile,
    section_id: str,
    heading: str,
    chat_model: BaseChatModel | None,
    emit: Callable[[str | Status], None],
) -> Outcome:
    """One edit operation over the section (``ReportContext.edit``), streamed with each block's heading
    between the blocks (``heading``, the section's own, is not repeated)."""
    on_event = _section_stream(emit, heading)
    return context(profile.id, facts).edit(text, section_id, operation, instruction, chat_model, on_event)


def instruct(
    text: str,
    instruction: str,
    facts: Facts,
    profile: Profile,
    section_id: str,
    heading: str,
    chat_model: BaseChatModel | None,
    emit: Callable[[str | Status], None],
) -> Outcome:
    """A free chat instruction carried out as what it asks (``ReportContext.instruct``), streamed as ``edit``;
    a refusal comes back as an ``Obeyed`` with its reason and the fact to change instead."""
    on_event = _section_stream(emit, heading)
    return context(profile.id, facts).instruct(text, section_id, instruction, chat_model, on_event)


def _section_stream(emit: Callable[[str | Status], None], heading: str) -> Callable[[DraftEvent], None]:
    """Streams a section edit's events, with each block's heading between the blocks (``heading``, the
    section's own, is not repeated)."""
    stream = streamer(emit)

    def on_event(event: DraftEvent) -> None:
        if event.kind != "part_started":
            stream(event)
        elif event.blocks > 1:
            emit(f"\n\n【{event.text}】\n" if event.text != heading else "\n\n")

    return on_event


def flagged_numbers(text: str, facts: Facts | None, profile: Profile, section_id: str) -> list[Flag]:
    """Spans of figures no fact supports, with the reason shown when the writer points at them."""
    return [] if facts is None else context(profile.id, facts).flagged_numbers(text, section_id)


def describe_failure(exc: BaseException) -> str:
    """A failure in one Chinese phrase (never a traceback, never a key): the engine's errors carry their own
    message (the app's silence limit, ``RunTimeout``, included); anything else is a bug."""
    if isinstance(exc, AssistantError):
        return str(exc)
    return f"程序内部错误（{type(exc).__name__}），请把这条信息告诉管理员"
