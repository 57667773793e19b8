"""The gate's verdict on one text: the figures it may not contain and the facts it no longer states."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from assistant.gate.allowed import AllowedNumbers
from assistant.gate.mentions import figures
from assistant.gate.required import RequiredFact, missing_facts

CONTEXT_CHARS = 8


@dataclass(frozen=True)
class UnsupportedNumber:
    """A figure no fact supports, with its span so the app can highlight it."""

    text: str
    value: Decimal | None
    unit: str
    start: int
    end: int
    context: str
    reason: str = ""
    """Empty for a figure no fact has; 数字与事实不对应 for a fact's value put to another fact's name."""

    def describe(self) -> str:
        return f"{self.text}（“{self.context}”）"


@dataclass(frozen=True)
class GateVerdict:
    """``ok`` when every figure comes from the facts and every required fact is stated."""

    unsupported: list[UnsupportedNumber] = field(default_factory=list)
    missing: list[RequiredFact] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unsupported and not self.missing

    @property
    def problems(self) -> int:
        return len(self.unsupported) + len(self.missing)


def unsupported_numbers(text: str, allowed: AllowedNumbers) -> list[UnsupportedNumber]:
    out: list[UnsupportedNumber] = []
    for fig in figures(text):
        reason = allowed.problem(fig, text)
        if reason is None:
            continue
        context = text[max(fig.start - CONTEXT_CHARS, 0) : fig.end + CONTEXT_CHARS].replace("\n", " ").strip()
        out.append(UnsupportedNumber(fig.text, fig.value, fig.mention.unit, fig.start, fig.end, context, reason))
    return out


def check(text: str, allowed: AllowedNumbers, required: list[RequiredFact] | None = None) -> GateVerdict:
    """Judge ``text``; ``required`` are the facts it must state (none for a free-standing text)."""
    return GateVerdict(unsupported_numbers(text, allowed), missing_facts(text, required or []))
