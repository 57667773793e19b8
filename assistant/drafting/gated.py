"""One rewrite behind the gates: answer → check → one repair → cut and restore → pass, or give up.

Both gates judge every answer: the number gate (``allowed``, ``required``) and, given ``claims``, the claims
gate (names, evaluations, details). One repair request lists the problems of both; what is still wrong is
cut or restored from the source, and the result must then pass both.

Shared by section drafting (where giving up means the skeleton block) and the chat's edit operations
(where it means the text as it was before the edit).

A small model often hands its source back almost unchanged. Given ``echo``, such an answer (when it passes
both gates; one that does not gets the repair request instead) gets one request to really rewrite (the section
prompt's [重写要求]); the new answer is taken only if it passes both gates outright and is less of an echo, so
asking can never cost a fact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from assistant.drafting.blocks import clean_answer
from assistant.drafting.calls import CallStats, stream_answer
from assistant.drafting.claims_fallback import cut_claims, restore_details
from assistant.drafting.events import EventKind
from assistant.drafting.fallback import fix_text
from assistant.drafting.prompts import repair_messages, restyle_messages
from assistant.gate import AllowedNumbers, GateVerdict, RequiredFact, UnsupportedNumber, check
from assistant.gate.claims import ClaimScope, ClaimVerdict

if TYPE_CHECKING:  # LangChain is imported where a model is called, so model-free runs never load it
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.messages import BaseMessage

Status = Literal["kept", "model", "repaired", "fixed", "fallback"]
Step = Callable[[EventKind, str, tuple[str, ...]], None]
Shape = Callable[[str], str]
ECHO = 0.85
"""An answer keeping this share of its source or more is an echo and is asked once to really rewrite."""


@dataclass(frozen=True)
class Echo:
    """How much of its source a rewrite keeps unchanged (0–1), and what to ask when it keeps too much."""

    kept: Callable[[str], float]
    request: str
    shortest: int = 0
    """A rewrite asked for style may not shrink below this (characters): shrinking is how a small model drops
    what no gate names (a 试点, a purpose clause)."""


@dataclass
class Gated:
    """The outcome of one gated rewrite; ``text`` is empty when the caller must fall back."""

    status: Status
    text: str = ""
    unsupported_before: list[UnsupportedNumber] = field(default_factory=list)
    missing_before: list[RequiredFact] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    reason: str = ""
    truncated: bool = False
    claims_before: ClaimVerdict = field(default_factory=ClaimVerdict)
    """The claims gate on the model's first answer: invented names, unsupported evaluations, dropped details."""
    restyled: bool = False
    """The first answer echoed its source and the second, really rewritten one passed the gates and was taken."""


def problems_of(verdict: GateVerdict) -> list[str]:
    """The repair prompt's list: each unsupported figure with its context (and why, when it is a fact's value
    under another name), each missing fact."""
    lines = [f"{u.reason or '原稿中没有的数字'}：{u.describe()}" for u in verdict.unsupported]
    lines.extend(f"遗漏了原稿中的数字：{m.describe()}" for m in verdict.missing)
    return lines


def gated_rewrite(
    model: BaseChatModel,
    messages: list[BaseMessage],
    budget: int,
    allowed: AllowedNumbers,
    required: list[RequiredFact],
    heading: str,
    stats: CallStats,
    step: Step,
    shape: Shape,
    claims: ClaimScope | None = None,
    echo: Echo | None = None,
) -> Gated:
    def token(text: str) -> None:
        step("token", text, ())

    def give_up(reason: str, outcome: Gated) -> Gated:
        step("fell_back", reason, ())
        outcome.status, outcome.text, outcome.reason = "fallback", "", reason
        return outcome

    answer = stream_answer(model, messages, budget, token)
    stats.add(answer.stats)
    outcome = Gated("model")
    if answer.truncated:
        step("truncated", "回答被截断（续写后仍未完成）", ())
        outcome.truncated = True
        return give_up("回答被截断", outcome)
    text = "\n".join(clean_answer(answer.text, heading))
    problem = shape(text)
    if problem:
        return give_up(problem, outcome)
    verdict = check(text, allowed, required)
    claimed = claims.check(text) if claims is not None else ClaimVerdict()
    if echo is not None and verdict.ok and claimed.ok and echo.kept(text) >= ECHO:
        step("restyling", "", ())
        again = stream_answer(model, restyle_messages(messages, answer.text, echo.request), budget, token)
        stats.add(again.stats)
        rewritten = "\n".join(clean_answer(again.text, heading))
        passes = not again.truncated and not shape(rewritten) and len(rewritten) >= echo.shortest
        passes = passes and check(rewritten, allowed, required).ok
        if passes and (claims is None or claims.check(rewritten).ok) and echo.kept(rewritten) < echo.kept(text):
            text, outcome.restyled = rewritten, True
    outcome.unsupported_before, outcome.missing_before = verdict.unsupported, verdict.missing
    outcome.claims_before = claimed
    if not verdict.ok or not claimed.ok:
        problems = [*problems_of(verdict), *claimed.lines()]
        step("repairing", "", tuple(problems))
        retry = stream_answer(model, repair_messages(messages, answer.text, problems), budget, token)
        stats.add(retry.stats)
        retried = "\n".join(clean_answer(retry.text, heading))
        if not retry.truncated and not shape(retried):
            second = check(retried, allowed, required)
            second_claims = claims.check(retried) if claims is not None else ClaimVerdict()
            if second.problems + second_claims.problems <= verdict.problems + claimed.problems:
                text, verdict, claimed = retried, second, second_claims
        outcome.status = "repaired"
    if not verdict.ok or not claimed.ok:
        cut: list[str] = []
        if claims is not None:
            text, cut = cut_claims(text, claims)
        fix = fix_text(text, allowed, required)
        if fix.missing > 1 and fix.missing * 2 > len(required):
            return give_up("遗漏的数字过多", outcome)
        fixed, details = restore_details(fix.text, claims) if claims is not None else (fix.text, [])
        if shape(fixed) or not check(fixed, allowed, required).ok:
            return give_up("修复后仍未通过闸门", outcome)
        if claims is not None and not claims.check(fixed).ok:
            return give_up("修复后仍有无依据的名称或评价", outcome)
        outcome.status, text = "fixed", fixed
        outcome.removed, outcome.restored = [*cut, *fix.removed], [*fix.restored, *details]
        step("fell_back", "用原稿句子修复", (*outcome.removed, *outcome.restored))
    outcome.text = text
    return outcome
