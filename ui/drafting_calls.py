"""The engine calls behind the draft page: draft or edit one section, streaming tokens, and the fact gate.

Edits go block by block through ``assistant.drafting.section_edit`` (the CLI's ``assistant edit`` uses the
same function); this module only turns the engine's events into the chat's streamed text and previews.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from langchain_core.language_models.chat_models import BaseChatModel

from assistant.drafting import DraftEvent, EventHandler, SectionResult, draft_section, opening_messages
from assistant.drafting.section_edit import edit_section
from assistant.drafting.section_text import PREAMBLE_ID, section_body, skeleton_text
from assistant.errors import AssistantError
from assistant.facts.model import Facts
from assistant.gate import GateVerdict, gate_text
from assistant.llm.client import EndpointChatModel
from assistant.profiles import Profile, load_profile
from ui.model import ModelTimeout, Status

Flag = tuple[int, int, str]

PREVIEW_CHARS = 400
"""How much of the skeleton block being rewritten is shown at once, while the model reads its prompt."""

PROGRESS = {
    "repairing": "\n（数字核对未通过，正在让模型修正……）\n",
    "fell_back": "\n（这一段未通过事实核对，按事实修正）\n",
    "truncated": "\n（回答过长被截断）\n",
}


@dataclass(frozen=True)
class Outcome:
    """The proposed text and, when the gate had to step in, what it did, in words for the chat."""

    text: str
    notes: tuple[str, ...] = ()


def _streamer(emit: Callable[[str | Status], None]) -> EventHandler:
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
    if chat_model is None or section_id == PREAMBLE_ID:
        text = skeleton_text(facts, profile, section_id)
        emit(text)
        return Outcome(text)
    result = draft_section(facts, profile, section_id, chat_model, on_event=_streamer(emit))
    notes: list[str] = []
    if result.fell_back:
        notes.append("部分段落中与事实不符的内容已按事实修正，或改用按事实生成的原句")
    if result.todo:
        notes.append(f"尚有 {len(result.todo)} 项必需事实未填写，正文中以【待补充】标出")
    stopped = gate_note(result)
    if stopped:
        notes.append(stopped)
    return Outcome(section_body(result.section), tuple(notes))


def gate_note(result: SectionResult) -> str:
    """What the gates stopped in the model's answers, counted as the CLI's summary counts it (empty if nothing)."""
    counts = (
        ("无依据的数字", len(result.unsupported_before), "个"),
        ("无依据的名称", len(result.names_before), "个"),
        ("无依据的评价", len(result.evaluations_before), "处"),
        ("遗漏的细节", len(result.dropped_before), "处"),
    )
    if not any(n for _, n, _ in counts):
        return ""
    return (
        "事实核对：模型初稿中" + "，".join(f"{what} {n} {unit}" for what, n, unit in counts) + "，均已删去或按事实补回"
    )


def warm(facts: Facts, profile: Profile, section_id: str, chat_model: BaseChatModel | None) -> None:
    """Let a local model read the first prompt of this section's draft while the writer is still reading the
    page, so 起草 starts answering at once."""
    if isinstance(chat_model, EndpointChatModel) and section_id != PREAMBLE_ID:
        chat_model.warm(opening_messages(facts, profile, section_id))


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
    """One edit operation over every block of the section that has no 【待补充】 marker (see
    ``assistant.drafting.section_edit``), streamed with each block's heading between the blocks."""
    stream = _streamer(emit)

    def on_event(event: DraftEvent) -> None:
        if event.kind != "part_started":
            stream(event)
        elif event.blocks > 1:
            emit(f"\n\n【{event.text}】\n" if event.text != heading else "\n\n")

    edited = edit_section(text, operation, instruction, facts, profile, section_id, heading, chat_model, on_event)
    return Outcome(edited.text, edited.notes)


@lru_cache(maxsize=64)
def _verdict(text: str, facts_json: str, profile_id: str, section_id: str | None) -> GateVerdict:
    return gate_text(text, Facts.model_validate_json(facts_json), load_profile(profile_id), section_id)


def verdict(text: str, facts: Facts, profile: Profile, section_id: str) -> GateVerdict:
    """The fact gate's verdict on a section text (cached: the page asks on every rerun)."""
    scope = None if section_id == PREAMBLE_ID else section_id
    return _verdict(text, facts.model_dump_json(), profile.id, scope)


def flagged_numbers(text: str, facts: Facts | None, profile: Profile, section_id: str) -> list[Flag]:
    """Spans of figures no fact supports, with the reason shown when the writer points at them."""
    if facts is None or not text.strip():
        return []
    return [
        (u.start, u.end, _flag_reason(u.text, u.reason)) for u in verdict(text, facts, profile, section_id).unsupported
    ]


def _flag_reason(figure: str, reason: str) -> str:
    """A misattributed figure exists in the facts but belongs to another item, which is a different fix."""
    if reason:
        return f"“{figure}”与所在句子说的事项不对应（事实中该数值属于其他项目），请核实或删除"
    return f"事实中没有“{figure}”这个数字，请核实或删除"


def missing_facts(text: str, facts: Facts | None, profile: Profile, section_id: str) -> list[str]:
    """Figures the section must state that the text does not state."""
    if facts is None or not text.strip():
        return []
    return [m.describe() for m in verdict(text, facts, profile, section_id).missing]


def describe_failure(exc: BaseException) -> str:
    """A failure in one Chinese phrase (never a traceback, never a key): the engine's errors carry their own
    message; the app's silence limit is the one failure that is the app's; anything else is a bug."""
    if isinstance(exc, AssistantError):
        return str(exc)
    if isinstance(exc, ModelTimeout):
        return "模型响应超时"
    return f"程序内部错误（{type(exc).__name__}），请把这条信息告诉管理员"
