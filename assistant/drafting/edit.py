"""The chat's edit operations (扩写, 缩写, 润色, 正式化, 改写) on a piece of a report, behind the same gate.

The figures of the text being edited are the ones it must keep, and (except for 改写 on the writer's
instruction, which may use the section's facts) the only ones it may contain. If the model's edit cannot
be brought through the gate, the text stays as it was and the result says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.drafting.calls import CallStats
from assistant.drafting.events import DraftEvent, EventHandler, EventKind, emit
from assistant.drafting.gated import Status, gated_rewrite
from assistant.drafting.operations import operation as operation_named
from assistant.drafting.prompts import edit_messages, unit_names
from assistant.errors import AssistantError
from assistant.gate import FactBasis, GateVerdict, check, fact_texts, required_facts
from assistant.gate.claims import ClaimVerdict, claim_scope

if TYPE_CHECKING:  # LangChain is imported where a model is called, so model-free runs never load it
    from langchain_core.language_models.chat_models import BaseChatModel


class DraftingError(AssistantError):
    """A drafting request that cannot be carried out as asked."""


@dataclass
class EditResult:
    """``text`` passed the gate; it equals ``original`` when the edit fell back."""

    operation: str
    original: str
    text: str
    status: Status
    verdict_before: GateVerdict
    verdict: GateVerdict
    removed: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    reason: str = ""
    stats: CallStats = field(default_factory=CallStats)
    claims_before: ClaimVerdict = field(default_factory=ClaimVerdict)
    claims: ClaimVerdict = field(default_factory=ClaimVerdict)

    @property
    def fell_back(self) -> bool:
        return self.status in ("fixed", "fallback")


def edit_text(
    text: str,
    operation: str,
    instruction: str,
    basis: FactBasis,
    section_id: str | None,
    chat_model: BaseChatModel | None,
    on_event: EventHandler | None = None,
) -> EditResult:
    """Apply one edit operation; ``instruction`` is the writer's request for 改写 (ignored by the others)."""
    described = operation_named(operation)
    if chat_model is None:
        raise DraftingError(f"无模型的 template 方式不能{operation}，请改用 local 或 openai 起草方式")
    scope = [basis.section_skeleton(section_id).text()] if section_id is not None else list(fact_texts(basis.facts))
    everything = basis.numbers
    required = required_facts(text, everything.scoped([*scope, text]))
    if described.adds_figures:
        allowed = (everything.local([*scope, text]) if section_id is not None else everything).scoped(scope)
    else:
        allowed = everything.local([text]).scoped(scope)
    claims = claim_scope(basis.names, [*scope, text], keep=text)
    sid = section_id or ""
    low, high = described.shortest, described.longest

    def step(kind: EventKind, piece: str, details: tuple[str, ...]) -> None:
        emit(on_event, DraftEvent(kind, sid, piece, 0, 1, details))

    def shape(answer: str) -> str:
        if not answer:
            return "回答为空"
        if len(answer) < low * len(text):
            return "回答过短"
        if len(answer) > high * len(text) + 100:
            return "回答过长"
        return ""

    stats = CallStats()
    emit(on_event, DraftEvent("block_started", sid, operation, 0, 1))
    budget = max(256, int(len(text) * 1.6 * max(high, 1.0)) + 128)
    cap = getattr(chat_model, "max_tokens", None)
    if isinstance(cap, int) and cap > 0:
        budget = min(budget, cap)
    gated = gated_rewrite(
        chat_model,
        edit_messages(operation, instruction, text, unit_names(basis.facts)),
        budget,
        allowed,
        required,
        "",
        stats,
        step,
        shape,
        claims,
    )
    final = gated.text or text
    emit(on_event, DraftEvent("block_finished", sid, final, 0, 1))
    return EditResult(
        operation,
        text,
        final,
        gated.status,
        GateVerdict(gated.unsupported_before, gated.missing_before),
        check(final, allowed, required) if gated.text else GateVerdict(),
        gated.removed,
        gated.restored,
        gated.reason,
        stats,
        gated.claims_before,
        claims.check(final) if gated.text else ClaimVerdict(),
    )
