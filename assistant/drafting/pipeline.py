"""Drafting with a model, section by section and block by block, behind the fact gate.

For each block of the skeleton: the model rewrites it (streamed) → the gate checks every figure → if a
figure is unsupported or a required fact is missing, the model is asked once to repair, naming them →
whatever still fails is cut or restored from the skeleton's sentences → the result must pass the gate,
or the block is the skeleton's. Blocks that still carry 【待补充】 markers are not sent to the model:
there is nothing to polish until staff enter the fact, and the marker must survive to block export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from difflib import SequenceMatcher
from functools import cached_property
from typing import TYPE_CHECKING

from assistant.drafting.blocks import Block, rebuild, split_blocks
from assistant.drafting.calls import CallStats
from assistant.drafting.events import DraftEvent, EventHandler, EventKind, emit
from assistant.drafting.gated import Echo, Gated, gated_rewrite
from assistant.drafting.prompts import prefix_messages, rewrite_messages, section_prompt, unit_names
from assistant.drafting.variety import vary_openings
from assistant.drafting.voice import Voice, voice_of
from assistant.facts.model import Facts
from assistant.gate import FactBasis, GateVerdict, RequiredFact, UnsupportedNumber, check
from assistant.gate.claims import ClaimScope, ClaimVerdict, Detail, UnsupportedClaim, claim_scope
from assistant.gate.coverage import Coverage, fact_coverage
from assistant.gate.required import required_facts
from assistant.profiles.model import SectionSpec
from assistant.report import Report, Section, marker, render, renumber

if TYPE_CHECKING:  # LangChain is imported where a model is called, so model-free runs never load it
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.messages import BaseMessage

MIN_SHARE = 0.4
MAX_SHARE = 3.0
MIN_BUDGET = 192
RESTYLE_MIN_CHARS = 60
RESTYLE_MIN_SHARE = 0.85
REPEAT_MIN_CHARS = 6
REPEAT_SHARE = 0.7


@dataclass(kw_only=True)
class BlockOutcome(Gated):
    """What happened to one block. ``fixed``: skeleton clauses cut in or figures cut out; ``fallback``: skeleton."""

    index: int
    heading: str


@dataclass
class SectionResult:
    """A drafted section, the gate's verdict on it and what it took to get there."""

    section_id: str
    section: Section
    blocks: list[BlockOutcome]
    verdict: GateVerdict
    """The gate on the finished blocks (spans count within each block's text); empty by construction."""
    stats: CallStats
    todo: list[str] = field(default_factory=list)
    """Required facts not entered, shown as 【待补充】 in the text."""
    claims: ClaimVerdict = field(default_factory=ClaimVerdict)
    """The claims gate on the finished blocks; empty by construction, like ``verdict``."""

    @property
    def gate_note(self) -> str:
        """What the gates stopped in the model's answers, counted as the CLI's summary counts it ("" if nothing)."""
        counts = (
            ("无依据的数字", len(self.unsupported_before), "个"),
            ("无依据的名称", len(self.names_before), "个"),
            ("无依据的评价", len(self.evaluations_before), "处"),
            ("遗漏的细节", len(self.dropped_before), "处"),
        )
        if not any(n for _, n, _ in counts):
            return ""
        stopped = "，".join(f"{what} {n} {unit}" for what, n, unit in counts)
        return f"事实核对：模型初稿中{stopped}，均已删去或按事实补回"

    @property
    def names_before(self) -> list[UnsupportedClaim]:
        return [c for b in self.blocks for c in b.claims_before.names]

    @property
    def evaluations_before(self) -> list[UnsupportedClaim]:
        return [c for b in self.blocks for c in b.claims_before.evaluations]

    @property
    def dropped_before(self) -> list[Detail]:
        return [d for b in self.blocks for d in b.claims_before.dropped]

    @property
    def unsupported_before(self) -> list[UnsupportedNumber]:
        return [u for b in self.blocks for u in b.unsupported_before]

    @property
    def unsupported_after(self) -> list[UnsupportedNumber]:
        return self.verdict.unsupported

    @property
    def missing_before(self) -> list[RequiredFact]:
        return [m for b in self.blocks for m in b.missing_before]

    @property
    def restored(self) -> list[str]:
        return [r for b in self.blocks for r in b.restored]

    @property
    def fell_back(self) -> bool:
        return any(b.status in ("fixed", "fallback") for b in self.blocks)

    @property
    def truncated(self) -> bool:
        return any(b.truncated for b in self.blocks)


@dataclass
class ReportResult:
    report: Report
    sections: list[SectionResult]
    stats: CallStats
    facts: Facts

    @cached_property
    def coverage(self) -> Coverage:
        """How many numeric facts the report states (counted when asked: it reads the whole text)."""
        return fact_coverage(render(self.report, markdown=False), self.facts)


@dataclass
class _Run:
    """Everything shared by the sections of one draft."""

    basis: FactBasis
    model: BaseChatModel | None
    on_event: EventHandler | None
    unit: dict[str, str]
    names: list[str]
    voice: Voice

    def claims(self, block: Block) -> ClaimScope:
        """A block's claims scope: names from the whole report's facts, evaluations and details its own."""
        return claim_scope(self.names, [block.heading, block.text], block.text)


def _start(basis: FactBasis, model: BaseChatModel | None, on_event: EventHandler | None) -> _Run:
    return _Run(basis, model, on_event, unit_names(basis.facts), basis.names, voice_of(basis.facts))


def _budget(model: BaseChatModel, block: Block) -> int:
    wanted = max(MIN_BUDGET, int(len(block.text) * 1.6) + 128)
    cap = getattr(model, "max_tokens", None)
    return min(wanted, cap) if isinstance(cap, int) and cap > 0 else wanted


def _shape_problem(text: str, block: Block) -> str:
    if not text:
        return "回答为空"
    if _repeats(text) and not _repeats(block.text):
        return "回答中有重复的句子"
    if len(text) < MIN_SHARE * len(block.text):
        return "回答过短"
    if len(text) > MAX_SHARE * len(block.text) + 100:
        return "回答过长"
    return ""


def _repeats(text: str) -> bool:
    """A clause said twice, or a sentence whose character pairs another sentence mostly holds: a small model that
    loses its way repeats itself, and a detail restored beside its rewrite says it twice; no gate sees either."""
    clauses = [c.strip() for c in re.split(r"[，、。！？；\n]", text) if len(c.strip()) >= REPEAT_MIN_CHARS]
    if len(clauses) != len(set(clauses)):
        return True
    sentences = [s.strip() for s in re.split(r"[。！？；\n]", text) if len(s.strip()) >= REPEAT_MIN_CHARS]
    pairs = [{s[i : i + 2] for i in range(len(s) - 1)} for s in sentences]
    for i, own in enumerate(pairs):
        for j, other in enumerate(pairs):
            if i != j and len(own) <= len(other) and len(own & other) >= REPEAT_SHARE * len(own):
                return True
    return False


def _echo(spec: SectionSpec, block: Block) -> Echo | None:
    """For a section whose prompt says how to ask for a real rewrite: how much of the block an answer keeps.
    A block of a sentence or two (an introduction, the unit's own 总体评价) is not worth a second call."""
    request = section_prompt(spec.prompt).restyle
    if not request or len(block.text) < RESTYLE_MIN_CHARS:
        return None

    def kept(text: str) -> float:
        return SequenceMatcher(None, block.text, text, autojunk=False).ratio()

    return Echo(kept, request, int(len(block.text) * RESTYLE_MIN_SHARE))


def _draft_block(run: _Run, spec: SectionSpec, block: Block, count: int, stats: CallStats) -> BlockOutcome:
    if run.model is None or block.has_todo:
        reason = "无模型" if run.model is None else "含待补充标记，未交模型改写"
        return BlockOutcome("kept", block.text, reason=reason, index=block.index, heading=block.heading)
    emit(run.on_event, DraftEvent("block_started", spec.id, block.heading, block.index, count, (block.text,)))
    allowed = run.basis.numbers.local([block.heading, block.text])

    def step(kind: EventKind, text: str, details: tuple[str, ...]) -> None:
        emit(run.on_event, DraftEvent(kind, spec.id, text, block.index, count, details))

    gated = gated_rewrite(
        run.model,
        rewrite_messages(spec.prompt, block.heading, block.text, run.unit, run.voice.examples_for(spec.id)),
        _budget(run.model, block),
        allowed,
        required_facts(block.text, allowed),
        block.heading,
        stats,
        step,
        lambda text: _shape_problem(text, block),
        run.claims(block),
        _echo(spec, block),
    )
    outcome = {f.name: getattr(gated, f.name) for f in fields(Gated)}
    outcome["text"] = gated.text or block.text
    return BlockOutcome(**outcome, index=block.index, heading=block.heading)


def opening_messages(basis: FactBasis, section_id: str) -> list[BaseMessage]:
    """The exact prompt the first model call of a draft of this section will send (the section's shared
    prefix when every block keeps its 【待补充】 marker): a local server that has read it ahead of time
    answers 起草 at once, having nothing left to read."""
    spec = basis.profile.section(section_id)
    unit = unit_names(basis.facts)
    examples = voice_of(basis.facts).examples_for(section_id)
    blocks = [b for b in split_blocks(basis.section_skeleton(section_id)) if not b.has_todo]
    if not blocks:
        return prefix_messages(spec.prompt, unit, examples)
    return rewrite_messages(spec.prompt, blocks[0].heading, blocks[0].text, unit, examples)


def _draft(run: _Run, spec: SectionSpec) -> SectionResult:
    draft = run.basis.section_draft(spec.id)
    blocks = split_blocks(draft.section)
    emit(run.on_event, DraftEvent("section_started", spec.id, spec.heading, blocks=len(blocks)))
    stats = CallStats()
    outcomes: list[BlockOutcome] = []
    for block in blocks:
        outcome = _draft_block(run, spec, block, len(blocks), stats)
        emit(run.on_event, DraftEvent("block_finished", spec.id, outcome.text, outcome.index, len(blocks)))
        outcomes.append(outcome)
    written = {i for i, (b, o) in enumerate(zip(blocks, outcomes, strict=True)) if o.text != b.text}
    for outcome, paragraphs in zip(
        outcomes, vary_openings([o.text.split("\n") for o in outcomes], written, run.unit["me"]), strict=True
    ):
        outcome.text = "\n".join(paragraphs)
    texts = {o.index: o.text.split("\n") for o in outcomes}
    section = rebuild(draft.section, blocks, texts)
    section.number = marker(spec.level, run.basis.profile.sections.index(spec) + 1)
    renumber(section.children)
    unsupported: list[UnsupportedNumber] = []
    missing: list[RequiredFact] = []
    claimed: list[ClaimVerdict] = []
    for block, outcome in zip(blocks, outcomes, strict=True):
        if outcome.status == "kept":
            continue  # the skeleton's own text: its figures and claims are the facts it was drafted from
        allowed = run.basis.numbers.local([block.heading, block.text])
        verdict = check(outcome.text, allowed, required_facts(block.text, allowed))
        unsupported.extend(verdict.unsupported)
        missing.extend(verdict.missing)
        claimed.append(run.claims(block).check(outcome.text))
    claims = ClaimVerdict(
        [c for v in claimed for c in v.names],
        [c for v in claimed for c in v.evaluations],
        [d for v in claimed for d in v.dropped],
    )
    verdict = GateVerdict(unsupported, missing)
    result = SectionResult(spec.id, section, outcomes, verdict, stats, list(draft.missing), claims)
    emit(run.on_event, DraftEvent("section_finished", spec.id, spec.heading, blocks=len(blocks)))
    return result


def draft_section(
    basis: FactBasis,
    section_id: str,
    chat_model: BaseChatModel | None,
    on_event: EventHandler | None = None,
) -> SectionResult:
    """One section; ``chat_model`` None gives the skeleton (the ``template`` backend)."""
    run = _start(basis, chat_model, on_event)
    return _draft(run, basis.profile.section(section_id))


def draft_report(
    basis: FactBasis,
    chat_model: BaseChatModel | None,
    on_event: EventHandler | None = None,
    section_ids: list[str] | None = None,
) -> ReportResult:
    """The whole report (or the listed sections), numbered; title and preamble come from the skeleton."""
    run = _start(basis, chat_model, on_event)
    profile = basis.profile
    specs = [profile.section(s) for s in section_ids] if section_ids else profile.sections
    results: list[SectionResult] = []
    stats = CallStats()
    for spec in specs:
        result = _draft(run, spec)
        stats.add(result.stats)
        results.append(result)
    report = Report(
        title=basis.drafter.title(),
        preamble=basis.drafter.preamble() if not section_ids else [],
        sections=[r.section for r in results],
    )
    return ReportResult(report, results, stats, basis.facts)
