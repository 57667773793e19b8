"""A free chat instruction carried out as the kind of request it is, or refused with the reason.

``instructions.classify`` says what was asked; each kind has its own executor here:

- remove and reorder move or drop whole paragraphs (or the sentences about a topic) without a model; the
  headings stay, and a removed paragraph that stated a required fact is named in the result's notes;
- figure puts a fact's value in place of the figure the writer named, without a model, when the requested
  value is the fact's; any other value is refused with the fact's value and the field to change instead;
- shorten has the model condense to the target (once more if the length is off), trims clauses that hold no
  figure or detail if it is still too long, and refuses up front when the figures alone cannot fit;
- add finds the facts about the topic (the section's first), has the model write one or two sentences from
  them only, and puts them after the most related paragraph; no fact about it → refused, the fact offered;
- restyle is the chat's edit operation (``edit_section``) with the writer's words as the requirement.

Every model answer goes through both gates (numbers and claims), as every edit does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from assistant.drafting.calls import CallStats
from assistant.drafting.edit import DraftingError
from assistant.drafting.events import DraftEvent, EventHandler, EventKind, emit
from assistant.drafting.gated import Gated, Shape, gated_rewrite
from assistant.drafting.instructions import LAST, Instruction, Kind, classify
from assistant.drafting.paragraphs import Para, count_chars, paragraphs
from assistant.drafting.prompts import task_messages, unit_names
from assistant.drafting.section_edit import SectionEdit, edit_section
from assistant.drafting.section_text import PREAMBLE_ID, bare_heading, skeleton_text
from assistant.drafting.todo import fact_of_marker
from assistant.facts.schema import path_words
from assistant.gate import AllowedNumbers, FactBasis, RequiredFact, check, figures, required_facts
from assistant.gate.attribution import clause_of
from assistant.gate.claims import ClaimScope, claim_scope
from assistant.gate.labels import bigrams
from assistant.gate.truth import NamedFigure, true_value
from assistant.numbers import fmt_plain, money, pct

if TYPE_CHECKING:  # LangChain is imported where a model is called, so model-free runs never load it
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.messages import BaseMessage

TOLERANCE = 0.15
"""How far from the asked length a shortened text may be: within ±15% of N is "N字"."""
ADD_SENTENCES = 2
"""How many fact sentences about a topic an addition is written from (and at most falls back to)."""
THEMES_PATH = "履职成效"
"""Where a writer adds a fact the report should mention: the achievements (主题 → 事项 → 数据)."""
SENTENCE_RE = re.compile(r"[^。！？；\n]+[。！？；]?")
CLAUSE_RE = re.compile(r"[^，。；：！？\n]+[，。；：！？]?")


@dataclass(frozen=True)
class FactLink:
    """A fact the writer may change (or fill) instead: its words on the 事实 page and its path there."""

    label: str
    path: str


@dataclass(frozen=True)
class Obeyed(SectionEdit):
    """The section's new text (the input unchanged when refused), what the request was taken as, and, when it
    could not be done, why (``refusal``) with the fact to edit instead, if there is one."""

    kind: Kind = "restyle"
    name: str = "改写"
    refusal: str = ""
    fact: FactLink | None = None
    stats: CallStats = field(default_factory=CallStats)


MODEL_KINDS: tuple[Kind, ...] = ("add", "shorten", "restyle")
"""The requests a model carries out; the others are done on the text as it is."""


def needs_model(instruction: str) -> bool:
    """Whether carrying out ``instruction`` asks a model (a shell without one can still do the others)."""
    return classify(instruction).kind in MODEL_KINDS


def obey(
    text: str,
    instruction: str,
    basis: FactBasis,
    section_id: str,
    model: BaseChatModel | None,
    on_event: EventHandler | None = None,
) -> Obeyed:
    """Carry out a writer's instruction on a section's editable text (read under its bare heading)."""
    asked = classify(instruction)
    heading = bare_heading(basis.profile, section_id)
    paras = paragraphs(text, heading)
    job = _Job(asked, text, paras, basis, section_id, model, on_event)
    if asked.kind in MODEL_KINDS and model is None:
        raise DraftingError(f"无模型的 template 方式不能{asked.name}，请改用 local 或 openai 起草方式")
    return {
        "remove": job.remove,
        "reorder": job.reorder,
        "figure": job.figure,
        "shorten": job.shorten,
        "add": job.add,
        "restyle": job.restyle,
    }[asked.kind]()


@dataclass
class _Job:
    asked: Instruction
    text: str
    paras: list[Para]
    basis: FactBasis
    section_id: str
    model: BaseChatModel | None
    on_event: EventHandler | None
    stats: CallStats = field(default_factory=CallStats)

    # --- results -------------------------------------------------------------------------------------------

    def done(self, text: str, notes: list[str]) -> Obeyed:
        return Obeyed(text, tuple(notes), self.asked.kind, self.asked.name, stats=self.stats)

    def refuse(self, why: str, fact: FactLink | None = None) -> Obeyed:
        return Obeyed(self.text, (), self.asked.kind, self.asked.name, why, fact, self.stats)

    @property
    def scope(self) -> str | None:
        return None if self.section_id == PREAMBLE_ID else self.section_id

    def source(self) -> list[str]:
        """The texts this section's figures and details may be quoted from: its skeleton, or all facts."""
        if self.scope is None:
            return list(self.basis.names)
        return [self.basis.section_skeleton(self.scope).text()]

    def with_lines(self, replaced: dict[int, str | None]) -> str:
        """The text with some lines replaced (None drops the line)."""
        lines = self.text.split("\n")
        out = [replaced.get(i, line) for i, line in enumerate(lines)]
        return "\n".join(line for line in out if line is not None)

    def pick(self, number: int) -> Para | str:
        """The paragraph the writer counted, or why there is none."""
        count = len(self.paras)
        if count == 0:
            return "本节没有正文段落"
        index = count if number == LAST else number
        if not 1 <= index <= count:
            return f"本节正文共{count}段（不计小标题），没有第{number}段"
        return self.paras[index - 1]

    def lost_facts(self, new: str) -> list[str]:
        """Required facts and details the section stated before and no longer states in ``new``."""
        if self.scope is None:
            return []
        before = {m.describe() for m in self.basis.gate(self.text, self.scope).missing}
        after = [m.describe() for m in self.basis.gate(new, self.scope).missing]
        kept = {d.text for d in self.basis.claims(self.text, self.scope).dropped}
        details = [d.text for d in self.basis.claims(new, self.scope).dropped if d.text not in kept]
        return list(dict.fromkeys([m for m in after if m not in before] + details))

    def lost_note(self, new: str) -> list[str]:
        lost = self.lost_facts(new)
        if not lost:
            return []
        return [f"删去后，本节不再写到以下必须写明的事实：{'、'.join(lost)}；检查时会提示，如仍需要请写到其他段落"]

    # --- remove ------------------------------------------------------------------------------------------

    def remove(self) -> Obeyed:
        if self.asked.paragraphs:
            picked = [self.pick(n) for n in self.asked.paragraphs]
            problem = next((p for p in picked if isinstance(p, str)), None)
            if problem is not None:
                return self.refuse(f"{problem}，无法删除")
            gone = sorted({self.paras.index(p) for p in picked if isinstance(p, Para)})
            new = self.with_lines({self.paras[i].line: None for i in gone})
            said = "；".join(f"第{i + 1}段“{_short(self.paras[i].text)}”" for i in gone)
            return self.done(new, [f"已删除{said}（小标题保留）", *self.lost_note(new)])
        topic = self.asked.topic
        replaced: dict[int, str | None] = {}
        cut: list[str] = []
        for para in self.paras:
            sentences = SENTENCE_RE.findall(para.body)
            kept = [s for s in sentences if not _about(s, topic)]
            if len(kept) == len(sentences):
                continue
            cut.extend(s for s in sentences if _about(s, topic))
            body = "".join(kept).strip()
            replaced[para.line] = para.head + body if body else None
        if not cut:
            return self.refuse(f"本节没有关于“{topic}”的句子，没有删除任何内容")
        new = self.with_lines(replaced)
        said = "、".join(f"“{_short(s)}”" for s in cut)
        return self.done(new, [f"已删除关于“{topic}”的{len(cut)}句：{said}", *self.lost_note(new)])

    # --- reorder -----------------------------------------------------------------------------------------

    def reorder(self) -> Obeyed:
        asked = self.asked
        picked = [self.pick(n) for n in asked.paragraphs]
        problem = next((p for p in picked if isinstance(p, str)), None)
        if problem is not None:
            return self.refuse(f"{problem}，无法调整顺序")
        chosen = [p for p in picked if isinstance(p, Para)]
        if len(chosen) != (2 if asked.move in ("before", "after", "swap") else 1):
            return self.refuse("没有读出要移动哪一段、移到哪里，请写成“把第三段移到最前”或“第一段和第二段对调”")
        a = self.paras.index(chosen[0])
        group = [i for i, p in enumerate(self.paras) if p.group == chosen[0].group]
        if any(p.group != chosen[0].group for p in chosen):
            where = "、".join(f"第{self.paras.index(p) + 1}段在{self.under(p)}" for p in chosen)
            return self.refuse(f"{where}；为保持小标题不动，只能在同一个小标题下调整段落顺序")
        order = list(group)
        if asked.move == "swap" or len(chosen) == 2:
            b = self.paras.index(chosen[1])
            if a == b:
                return self.refuse("要调整的是同一段，顺序没有变化")
            if asked.move == "swap":
                i, j = order.index(a), order.index(b)
                order[i], order[j] = order[j], order[i]
            else:
                order.remove(a)
                at = order.index(b) + (1 if asked.move == "after" else 0)
                order.insert(at, a)
        else:
            order.remove(a)
            order.insert(0 if asked.move == "front" else len(order), a)
        if order == group:
            return self.refuse("按这个要求，段落顺序没有变化")
        slots = [self.paras[i] for i in group]
        placed = zip(slots, order, strict=True)
        new = self.with_lines({slot.line: _moved(self.paras[src], slot) for slot, src in placed})
        moved = "、".join(f"第{i + 1}段" for i in order)
        where = f"{self.under(chosen[0])}的段落" if len(group) < len(self.paras) else "段落"
        return self.done(new, [f"已调整{where}顺序（小标题和序号不动）：现依次为原{moved}"])

    def under(self, para: Para) -> str:
        """Where a paragraph stands, in words: under which sub-heading."""
        if para.group < 0:
            return "本节开头"
        return f"“{self.text.split(chr(10))[para.group].strip()}”之下"

    # --- figure ------------------------------------------------------------------------------------------

    def figure(self) -> Obeyed:
        asked = self.asked
        wanted = next((f for f in figures(asked.value) if f.value is not None), None)
        if wanted is None or wanted.value is None:
            return self.refuse(f"没有读出“{asked.value}”是多少，请写成“预算执行率写成97.93%”这样的数字")
        words = _words(asked.quantity)
        scored: dict[tuple[int, int], list[NamedFigure]] = {}
        for fact in self.basis.named:
            if wanted.family != "plain" and fact.family != wanted.family:
                continue
            if fact.unit and wanted.family == "count" and fact.unit != wanted.mention.unit:
                continue
            shared = len(words & fact.words)
            if shared:
                scored.setdefault((shared, -len(fact.words - words)), []).append(fact)
        if not scored:
            return self.refuse(
                f"事实中没有“{asked.quantity}”这项数字，报告中的数字必须来自事实。"
                f"如需写入，请先在“事实”页填写这项数字（如“履职成效”的数据表）",
                FactLink(asked.quantity, THEMES_PATH),
            )
        best = scored[max(scored)]
        values = {(f.value, f.family) for f in best}
        if len(values) > 1:
            names = "、".join(dict.fromkeys(f"{f.name}（{_written(f)}）" for f in best))
            return self.refuse(f"“{asked.quantity}”可能指事实中的{names}，请写明是哪一项")
        fact = best[0]
        if wanted.value != fact.value:
            link, fields = self.fact_link(fact)
            change = f"如确需写成{asked.value}，请先到“事实”页修改{fields}" if link else ""
            return self.refuse(
                f"事实中{fact.name}为{_written(fact)}，报告中的数字必须来自事实，不能写成{asked.value}。{change}",
                link,
            )
        replaced: dict[int, str | None] = {}
        count = 0
        for para in self.paras:
            line = para.text
            for found in sorted(figures(line), key=lambda f: f.start, reverse=True):
                truth = true_value(found, line, self.basis.named)
                clause = clause_of(line, found.start, found.end)
                named = fact.name in clause or words <= bigrams(clause)
                if truth is not None and truth[0] == fact.name and named:
                    line = line[: found.start] + truth[1] + line[found.end :]
                    count += 1
            if line != para.text:
                replaced[para.line] = line
        if count:
            return self.done(self.with_lines(replaced), [f"已按事实把{count}处{fact.name}改为{_written(fact)}"])
        stated = any(_about(p.text, fact.name) and _written(fact) in p.text for p in self.paras)
        if stated:
            return self.refuse(f"正文中的{fact.name}已是{_written(fact)}，与事实一致，无需修改")
        return self.refuse(
            f"本节正文没有写到{fact.name}（事实中为{_written(fact)}）。如需写入，可输入“补充一句关于{fact.name}的内容”"
        )

    def fact_link(self, fact: NamedFigure) -> tuple[FactLink | None, str]:
        """The field a writer changes to change ``fact`` (the fact itself, or an input of an indicator) and the
        fields to change, in words."""
        indicator = next((i for i in self.basis.indicators.values() if i.name == fact.name), None)
        if indicator is not None:
            fields = "和".join(f"“{name}”" for name in indicator.inputs)
            for name in reversed(list(indicator.inputs)):
                path = fact_of_marker(name, self.basis.profile, self.scope)
                if path is not None:
                    return FactLink(path_words(path), path), f"算出{fact.name}的{fields}"
            return None, ""
        path = fact_of_marker(fact.name, self.basis.profile, self.scope)
        if path is None:
            return FactLink(fact.name, THEMES_PATH), f"“履职成效”中的“{fact.name}”"
        return FactLink(path_words(path), path), f"“{path_words(path)}”"

    # --- shorten -----------------------------------------------------------------------------------------

    def shorten(self) -> Obeyed:
        target = self.asked.target or 0
        if self.asked.paragraphs:
            found = self.pick(self.asked.paragraphs[0])
            if isinstance(found, str):
                return self.refuse(f"{found}，无法压缩")
            chosen = [found]
            what = f"第{self.paras.index(found) + 1}段"
        else:
            chosen = list(self.paras)
            what = "本节正文" if len(chosen) > 1 else "这一段"
        chosen = [p for p in chosen if not p.has_todo and p.body.strip()]
        if not chosen:
            return self.refuse("要压缩的段落还有【待补充】的事实，请先在“事实”页填写")
        length = sum(count_chars(p.body) for p in chosen)
        if length <= target * (1 + TOLERANCE):
            return self.refuse(f"{what}现有{length}字，已不超过{target}字，无需压缩")
        floor = sum(self.floor(p.body) for p in chosen)
        if floor > target * (1 + TOLERANCE):
            return self.refuse(
                f"{what}写有必须保留的数字和细节，只保留写有它们的分句也需要约{floor}字，无法压缩到{target}字；"
                f"最短可压缩到约{floor}字（如“压缩到{floor}字”）"
            )
        goals = {p.line: max(1, round(target * count_chars(p.body) / length)) for p in chosen}
        bodies = {p.line: p.body for p in chosen}
        notes: list[str] = []
        for attempt in range(2):
            for i, para in enumerate(chosen):
                now, goal = bodies[para.line], goals[para.line]
                if abs(count_chars(now) - goal) <= goal * TOLERANCE:
                    continue
                start = now if count_chars(now) > goal else para.body
                condensed, note = self.condense(start, para.body, goal, i, len(chosen))
                if note and attempt == 0:
                    notes.append(note)
                if condensed:
                    bodies[para.line] = condensed
                if count_chars(bodies[para.line]) > goal * (1 + TOLERANCE):
                    bodies[para.line] = self.trim(bodies[para.line], para.body, goal)
            if abs(sum(count_chars(b) for b in bodies.values()) - target) <= target * TOLERANCE:
                break
        got = sum(count_chars(b) for b in bodies.values())
        new = self.with_lines({p.line: p.head + bodies[p.line] for p in chosen})
        if abs(got - target) <= target * TOLERANCE:
            return self.done(new, [f"{what}由{length}字压缩为{got}字（要求{target}字）", *notes])
        if new == self.text:
            return self.refuse(f"{what}未能压缩到{target}字左右：模型的压缩稿都未通过事实核对，正文未改变")
        return self.done(
            new,
            [f"{what}由{length}字压缩为{got}字，未能达到要求的{target}字左右（±15%），请酌情再改", *notes],
        )

    def floor(self, body: str) -> int:
        """The shortest honest length of a paragraph: its clauses that hold a required figure or detail."""
        scope = self.claim_scope(body)
        required = required_facts(body, self.allowed(body))
        keep = [d.text for d in scope.details] + [r.text for r in required]
        clauses = [c for c in CLAUSE_RE.findall(body) if any(k in c for k in keep)]
        return sum(count_chars(c) for c in clauses)

    def allowed(self, body: str) -> AllowedNumbers:
        return self.basis.numbers.local([body]).scoped([*self.source(), body])

    def claim_scope(self, body: str) -> ClaimScope:
        return claim_scope(self.basis.names, [*self.source(), body], keep=body)

    def condense(self, start: str, original: str, goal: int, index: int, total: int) -> tuple[str, str]:
        """The model's condensed ``start`` (about ``goal`` characters) through the gates; "" when it fell back."""
        allowed = self.allowed(original)
        required = required_facts(original, self.basis.numbers.scoped([*self.source(), original]))

        def shape(answer: str) -> str:
            if not answer:
                return "回答为空"
            return "回答过长" if count_chars(answer) > count_chars(start) * 1.2 + 20 else ""

        messages = task_messages("edit_shorten.txt", start, unit_names(self.basis.facts), {"target": str(goal)})
        gated = self.call(
            messages,
            int(count_chars(start) * 1.3) + 64,
            allowed,
            required,
            shape,
            self.claim_scope(original),
            start,
            index,
            total,
        )
        return gated.text, gated.reason and f"第{index + 1}处压缩稿未通过事实核对（{gated.reason}），保留原句"

    def trim(self, body: str, original: str, goal: int) -> str:
        """Clauses that hold no required figure or detail dropped one at a time, each time the
        one that brings ``body`` nearest ``goal``, while it is too long and the gates pass what is left: the
        safety net when the model's condensed text (or the model itself) stays too long."""
        allowed = self.allowed(original)
        required = required_facts(original, self.basis.numbers.scoped([*self.source(), original]))
        scope = self.claim_scope(original)
        keep = [d.text for d in scope.details] + [r.text for r in required]
        clauses = CLAUSE_RE.findall(body)
        while count_chars("".join(clauses)) > goal * (1 + TOLERANCE):
            trials = []
            for i in range(len(clauses)):
                if any(k in clauses[i] for k in keep):
                    continue
                trial = clauses[:i] + clauses[i + 1 :]
                if i == len(clauses) - 1 and clauses[i][-1] in "。；！？":
                    trial[-1] = trial[-1].rstrip("，、；：") + clauses[i][-1]
                trials.append(trial)
            now = abs(count_chars("".join(clauses)) - goal)
            fits = [t for t in trials if check("".join(t), allowed, required).ok and scope.check("".join(t)).ok]
            best = min(fits, key=lambda t: abs(count_chars("".join(t)) - goal), default=None)
            if best is None or abs(count_chars("".join(best)) - goal) >= now:
                break
            clauses = best
        return "".join(clauses)

    # --- add ---------------------------------------------------------------------------------------------

    def add(self) -> Obeyed:
        topic = self.asked.topic
        own = self.fact_sentences(topic, [self.scope] if self.scope else [])
        found = own or self.fact_sentences(topic, [s.id for s in self.basis.profile.sections])
        if not found:
            return self.refuse(
                f"事实中没有关于“{topic}”的内容，报告只能写事实中有的内容。请先在“事实”页添加（如“履职成效”中的一个事项），"
                "再来补充",
                FactLink(f"关于“{topic}”的事实", THEMES_PATH),
            )
        flat = _flat(self.text)
        fresh = [s for s in found if _flat(s) not in flat]
        if not fresh:
            return self.refuse(f"本节已写有关于“{topic}”的事实：“{_short(found[0], 60)}”，没有可补充的新内容")
        material = "".join(fresh)
        allowed = self.basis.numbers.local([material]).scoped([material])
        required = required_facts(material, allowed)
        scope = claim_scope(self.basis.names, [material], keep=material)

        def shape(answer: str) -> str:
            if not answer:
                return "回答为空"
            return "回答过长" if count_chars(answer) > count_chars(material) * 2 + 60 else ""

        messages = task_messages("edit_add.txt", material, unit_names(self.basis.facts), {"topic": topic})
        gated = self.call(messages, count_chars(material) * 2 + 96, allowed, required, shape, scope, material, 0, 1)
        sentence = "".join(gated.text.split("\n")) if gated.text else material
        notes = [f"补充的内容来自事实：“{_short(material, 80)}”"]
        if not gated.text:
            notes.append(f"模型的补充稿未通过事实核对（{gated.reason}），改用事实原句")
        elif gated.status == "fixed":
            notes.append("模型的补充稿有部分内容未通过事实核对，已删去或按事实恢复")
        about, facts, paras = bigrams(topic), bigrams(material), self.paras
        related = [(len(bigrams(p.text) & about), len(bigrams(p.text) & facts), -i, p) for i, p in enumerate(paras)]
        near = max(related, key=lambda r: r[:3], default=None)
        if near is None or near[:2] == (0, 0):
            new = f"{self.text.rstrip()}\n{sentence}" if self.text.strip() else sentence
            notes.append("本节没有与之相关的段落，补充在末尾")
        else:
            para = near[3]
            new = self.with_lines({para.line: f"{self.text.split(chr(10))[para.line]}\n{sentence}"})
            notes.append(f"补充在第{self.paras.index(para) + 1}段之后")
        return self.done(new, notes)

    def fact_sentences(self, topic: str, section_ids: list[str]) -> list[str]:
        """Sentences of the sections' skeletons (the facts in report wording) about ``topic``, best first; an
        item whose heading names the topic ("2.基层治理。") counts with all its sentences."""
        found: list[tuple[int, int, str]] = []
        for sid in section_ids:
            for para in paragraphs(skeleton_text(self.basis, sid), bare_heading(self.basis.profile, sid)):
                titled = _score(para.head, topic)
                for sentence in SENTENCE_RE.findall(para.body):
                    sentence = sentence.strip()
                    if "【" in sentence or not sentence.endswith(("。", "；")):
                        continue
                    score = max(titled, _score(sentence, topic))
                    if score:
                        found.append((-score, len(found), sentence.removesuffix("；").removesuffix("。") + "。"))
        best = sorted(found)[:ADD_SENTENCES]
        return [s for _, _, s in sorted(best, key=lambda f: f[1])]

    # --- restyle -----------------------------------------------------------------------------------------

    def restyle(self) -> Obeyed:
        edited = edit_section(
            self.text, self.asked.operation, self.asked.text, self.basis, self.section_id, self.model, self.on_event
        )
        return Obeyed(edited.text, edited.notes, self.asked.kind, self.asked.name, stats=self.stats)

    # --- the model ---------------------------------------------------------------------------------------

    def call(
        self,
        messages: list[BaseMessage],
        budget: int,
        allowed: AllowedNumbers,
        required: list[RequiredFact],
        shape: Shape,
        claims: ClaimScope,
        shown: str,
        index: int,
        total: int,
    ) -> Gated:
        assert self.model is not None
        sid = self.section_id

        def step(kind: EventKind, piece: str, details: tuple[str, ...]) -> None:
            emit(self.on_event, DraftEvent(kind, sid, piece, index, total, details))

        emit(self.on_event, DraftEvent("block_started", sid, self.asked.name, index, total, (shown,)))
        cap = getattr(self.model, "max_tokens", None)
        if isinstance(cap, int) and cap > 0:
            budget = min(budget, cap)
        gated = gated_rewrite(self.model, messages, budget, allowed, required, "", self.stats, step, shape, claims)
        emit(self.on_event, DraftEvent("block_finished", sid, gated.text, index, total))
        return gated


def _moved(para: Para, slot: Para) -> str:
    """A paragraph put in another's place; a run-in item takes the place's number, so 1. 2. stay in order."""
    if para.number and slot.number:
        return slot.number + para.text[len(para.number) :]
    return para.text


def _words(text: str) -> frozenset[str]:
    return frozenset(p for p in bigrams(text) if not any(ch.isdigit() for ch in p))


def _score(sentence: str, topic: str) -> int:
    """How much a sentence is about a topic: its shared character pairs, if they are at least half the topic's."""
    if topic in sentence:
        return 100
    wanted = bigrams(topic)
    shared = len(wanted & bigrams(sentence))
    return shared if wanted and shared * 2 >= len(wanted) else 0


def _about(sentence: str, topic: str) -> bool:
    return _score(sentence, topic) > 0


def _flat(text: str) -> str:
    return "".join(text.split()).replace("；", "。")


def _short(text: str, limit: int = 30) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _written(fact: NamedFigure) -> str:
    """A fact's value as the report writes it (money in 万元, rates with two decimals, counts with their unit)."""
    if fact.family == "money":
        return money(fact.value)
    if fact.family == "percent":
        return pct(fact.value)
    return fmt_plain(Decimal(fact.value)) + fact.unit
