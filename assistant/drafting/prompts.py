"""Prompt files under ``assistant/prompts/`` turned into LangChain chat prompts.

The files are package data, so a plain (non-editable) ``pip install`` has them too.

Report writers improve wording in the text files without touching code. A section prompt file has three
parts, ``[说明]`` (what to write), ``[示例原稿]`` and ``[示例改写]`` (one worked example, shown to the model
as an earlier turn). The unit's kind adds its own worked rewrites as further earlier turns and its words and
style notes through the {kind_guide} placeholder (``voice.py``; the data is in ``assistant/unit_types/``).
Placeholders in braces ({me}, {year}, {unit}, {kind}, {problems} …) may appear anywhere in a prompt file
and are filled by ``ChatPromptTemplate``; the draft itself is always passed as a variable, so braces or
instructions inside facts are never interpreted.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.drafting.operations import operation as operation_named
from assistant.drafting.voice import Voice, voice_of, voice_of_kind
from assistant.errors import AssistantError
from assistant.facts.model import Facts
from assistant.unit_types import RewriteExample, unit_types

if TYPE_CHECKING:  # LangChain is imported when a prompt is built, so model-free runs never load it
    from langchain_core.messages import BaseMessage
    from langchain_core.prompts import ChatPromptTemplate

DATA_OPEN = "【原稿】"
DATA_CLOSE = "【原稿结束】"
PART_RE = re.compile(r"^\[(说明|示例原稿|示例改写|重写要求)\]\s*$", re.MULTILINE)
ASK_REWRITE = "请按同样的要求改写下面的原稿，只输出改写后的正文。"


class PromptError(AssistantError):
    """A prompt file that is missing or malformed."""


def prompts_dir() -> Path:
    """``$JIXIAO_PROMPTS_DIR`` if set (a writer trying new wording), else the prompts shipped in the package."""
    configured = os.environ.get("JIXIAO_PROMPTS_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[1] / "prompts"


@cache
def read_prompt(name: str) -> str:
    path = prompts_dir() / name
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        raise PromptError(f"缺少提示词文件 {path}") from None


@dataclass(frozen=True)
class SectionPrompt:
    instructions: str
    example_draft: str
    example_answer: str
    restyle: str = ""
    """The optional [重写要求]: what to ask when an answer hands its source back almost unchanged."""


@cache
def section_prompt(name: str) -> SectionPrompt:
    text = read_prompt(name)
    parts: dict[str, str] = {}
    marks = list(PART_RE.finditer(text))
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following else len(text)
        parts[mark.group(1)] = text[mark.end() : end].strip()
    missing = [p for p in ("说明", "示例原稿", "示例改写") if not parts.get(p)]
    if missing:
        raise PromptError(f"提示词文件 {name} 缺少 [{'] ['.join(missing)}] 部分")
    return SectionPrompt(parts["说明"], parts["示例原稿"], parts["示例改写"], parts.get("重写要求", ""))


def unit_names(facts: Facts) -> dict[str, str]:
    """The unit's name, self-reference, year and kind for the {unit}, {me}, {year}, {kind} and {kind_guide}
    placeholders."""
    unit = facts.unit
    voice = voice_of(facts)
    return {
        "unit": unit.name or unit.short_name or "本单位",
        "me": unit.short_name or "本单位",
        "year": str(unit.year) if unit.year is not None else "本",
        "kind": voice.kind,
        "kind_guide": kind_guide(voice),
    }


def _with_kind(unit: dict[str, str]) -> dict[str, str]:
    """``unit`` with the common kind's {kind} and {kind_guide} where a caller built it without them."""
    if "kind" in unit and "kind_guide" in unit:
        return unit
    common = voice_of_kind(None, unit_types().common)
    return {"kind": common.kind, "kind_guide": kind_guide(common), **unit}


def kind_guide(voice: Voice) -> str:
    """The kind's words and style notes as ``kind_guide.txt`` words them ("" when the kind brings neither)."""
    if not voice.vocabulary and not voice.notes:
        return ""
    notes = "".join(f"\n- {note}" for note in voice.notes)
    return read_prompt("kind_guide.txt").format(kind=voice.kind, vocabulary="、".join(voice.vocabulary), notes=notes)


def as_data(text: str) -> str:
    """Draft text as a data block; delimiter look-alikes inside facts cannot close the block early."""
    clean = text.replace(DATA_OPEN, "〔原稿〕").replace(DATA_CLOSE, "〔原稿结束〕")
    return f"{DATA_OPEN}\n{clean}\n{DATA_CLOSE}"


def block_draft(heading: str, text: str) -> str:
    return f"小标题：{heading}\n{text}" if heading else text


def _template(*messages: tuple[str, str]) -> ChatPromptTemplate:
    from langchain_core.prompts import ChatPromptTemplate

    return ChatPromptTemplate.from_messages(list(messages))


def _answer(text: str) -> BaseMessage:
    """The model's own earlier answer, as the turn a follow-up request comes after."""
    from langchain_core.messages import AIMessage

    return AIMessage(content=text)


def _shown(examples: Sequence[RewriteExample]) -> list[BaseMessage]:
    """The kind's worked rewrites as earlier turns, literal (their braces are text, not placeholders)."""
    from langchain_core.messages import HumanMessage

    turns: list[BaseMessage] = []
    for example in examples:
        shown = as_data(block_draft(example.heading, example.before))
        turns += [HumanMessage(content=f"{ASK_REWRITE}\n{shown}"), _answer(example.after)]
    return turns


def rewrite_messages(
    prompt_file: str, heading: str, draft: str, unit: dict[str, str], examples: Sequence[RewriteExample] = ()
) -> list[BaseMessage]:
    """System rules, the section's instructions with its worked example, the unit kind's worked rewrites for
    the section, then the block to rewrite.

    Everything before the last message is the same for every block of a section (and the system prompt
    for every section), so llama.cpp reuses its evaluation from the previous call.
    """
    prompt = section_prompt(prompt_file)
    template = _template(
        ("system", read_prompt("style_guide.txt")),
        ("human", f"{prompt.instructions}\n\n示例：\n{as_data(prompt.example_draft)}"),
        ("ai", prompt.example_answer),
    )
    block = _template(("human", ASK_REWRITE + "\n{draft}"))
    return [
        *template.format_messages(**_with_kind(unit)),
        *_shown(examples),
        *block.format_messages(draft=as_data(block_draft(heading, draft))),
    ]


def prefix_messages(
    prompt_file: str, unit: dict[str, str], examples: Sequence[RewriteExample] = ()
) -> list[BaseMessage]:
    """The part of every block prompt of a section that comes before the block: what a server can evaluate
    ahead of time, so the first block's answer starts as quickly as the later ones."""
    return rewrite_messages(prompt_file, "", "", unit, examples)[:-1]


def edit_messages(operation: str, instruction: str, text: str, unit: dict[str, str]) -> list[BaseMessage]:
    """An edit request; a prompt file with a worked example shows it first, as section prompts do."""
    name = operation_named(operation).prompt
    asked = {"instruction": instruction.strip() or "（未提供）"} if "{instruction}" in read_prompt(name) else {}
    return task_messages(name, text, unit, asked)


def task_messages(name: str, text: str, unit: dict[str, str], values: dict[str, str]) -> list[BaseMessage]:
    """A request from prompt file ``name`` about ``text`` (as a data block), its placeholders filled from
    ``unit`` and ``values``; a file with a worked example shows it first, as section prompts do."""
    values = {**_with_kind(unit), **values, "draft": as_data(text)}
    if "[说明]" in read_prompt(name):
        prompt = section_prompt(name)
        template = _template(
            ("system", read_prompt("style_guide.txt")),
            ("human", f"{prompt.instructions}\n{as_data(prompt.example_draft)}"),
            ("ai", prompt.example_answer),
            ("human", f"{prompt.instructions}\n{{draft}}"),
        )
    else:
        template = _template(("system", read_prompt("style_guide.txt")), ("human", read_prompt(name) + "\n{draft}"))
    return template.format_messages(**values)


def repair_messages(history: list[BaseMessage], answer: str, problems: list[str]) -> list[BaseMessage]:
    request = _template(("human", read_prompt("repair.txt"))).format_messages(
        problems="\n".join(f"- {p}" for p in problems)
    )
    return [*history, _answer(answer), *request]


def restyle_messages(history: list[BaseMessage], answer: str, request: str) -> list[BaseMessage]:
    """After an answer that echoed its source: the same conversation, asking once (the section prompt's
    [重写要求], taken literally) to really rewrite the same 原稿, shown again: without it in the request a
    small model answers with the data block itself."""
    from langchain_core.messages import HumanMessage

    asked = history[-1].text
    source = asked[asked.rfind(DATA_OPEN) :] if DATA_OPEN in asked else ""
    return [*history, _answer(answer), HumanMessage(content=f"{request}\n{source}".strip())]


def continue_messages(history: list[BaseMessage], partial: str) -> list[BaseMessage]:
    request = _template(("human", read_prompt("continue.txt"))).format_messages(tail=partial[-12:])
    return [*history, _answer(partial), *request]


def baseline_messages(facts_yaml: str, unit: dict[str, str]) -> list[BaseMessage]:
    """The benchmark's naive baseline: one plain prompt asking for the whole report from the facts."""
    return _template(("human", read_prompt("baseline_whole_report.txt"))).format_messages(**unit, facts=facts_yaml)
