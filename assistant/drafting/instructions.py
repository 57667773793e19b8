"""A writer's free chat instruction read as one kind of request: add, remove, shorten, reorder, figure, restyle.

A small model given "删除第二段" or "把这一段压缩到150字" as a rewrite requirement often answers with the text
unchanged, or cuts a figure without a word. Most such requests do not need a model at all (removing or moving
a paragraph, putting a fact's value in), and the others need a precise task (a length target, a topic and the
facts about it). The patterns are data (``instructions.yaml``): a new phrasing is a line there, not code.

Paragraphs are counted as the writer sees them in the section: each line of text is a paragraph, sub-heading
lines (（一）主要职能职责) are not counted, and a run-in item ("1.基本支出。基本支出812.35万元…") is one
paragraph. 第一段 is the first; 最后一段 the last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import AssistantError
from assistant.numbers import parse_chinese_number

INSTRUCTIONS_FILE = Path(__file__).with_name("instructions.yaml")
LAST = -1
"""The paragraph 最后一段 stands for, whatever the count."""

Kind = Literal["add", "remove", "shorten", "reorder", "figure", "restyle"]
Move = Literal["front", "end", "before", "after", "swap"]

KIND_NAMES: dict[str, str] = {
    "add": "补充",
    "remove": "删除",
    "shorten": "压缩",
    "reorder": "调整顺序",
    "figure": "改数字",
    "restyle": "改写",
}
"""What each kind is called where the app and the CLI name a request (a suggestion's heading, a message)."""

_END_PUNCTUATION = "。！!？?；;，,、 \t"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


class InstructionFileError(AssistantError):
    """A malformed instructions file."""


class _Pattern(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["add", "remove", "shorten", "reorder", "figure"]
    pattern: str = Field(min_length=1)
    move: Move | None = None


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tokens: dict[str, str]
    patterns: list[_Pattern]
    topic_noise: list[str] = Field(default_factory=list)
    restyle_operations: dict[str, str] = Field(default_factory=dict)


@dataclass(frozen=True)
class _Compiled:
    kind: Kind
    regex: re.Pattern[str]
    move: Move | None


@dataclass(frozen=True)
class Rules:
    patterns: tuple[_Compiled, ...]
    topic_noise: tuple[str, ...]
    restyle_operations: tuple[tuple[str, str], ...]


def _filled(pattern: str, tokens: dict[str, str]) -> str:
    """A pattern with its {num}, {ord}, {fig} placeholders written out (regex braces such as {2,24} stay)."""
    for name, token in tokens.items():
        pattern = pattern.replace("{" + name + "}", token)
    return pattern


@cache
def rules() -> Rules:
    """The instructions file, compiled once."""
    try:
        data = _File.model_validate(yaml.safe_load(INSTRUCTIONS_FILE.read_text(encoding="utf-8")))
        compiled = tuple(_Compiled(p.kind, re.compile(_filled(p.pattern, data.tokens)), p.move) for p in data.patterns)
    except (OSError, yaml.YAMLError, ValidationError, re.error) as exc:
        raise InstructionFileError(f"修改要求的识别规则文件 {INSTRUCTIONS_FILE.name} 有误：{exc}") from None
    noise = tuple(sorted(data.topic_noise, key=len, reverse=True))
    return Rules(compiled, noise, tuple(data.restyle_operations.items()))


@dataclass(frozen=True)
class Instruction:
    """What the writer asked for. Paragraphs are 1-based as the writer counts them (``LAST`` for 最后一段)."""

    kind: Kind
    text: str
    paragraphs: tuple[int, ...] = ()
    target: int | None = None
    """Shorten: the number of characters asked for."""
    topic: str = ""
    """Add / remove: what the content is about, as the writer named it (noise words dropped)."""
    quantity: str = ""
    """Figure: the quantity named, as the writer wrote it."""
    value: str = ""
    """Figure: the requested value with its unit (99%, 55件)."""
    move: Move | None = None
    operation: str = "改写"
    """Restyle: the chat operation to run (润色, 正式化 … or 改写 with ``text`` as the requirement)."""

    @property
    def name(self) -> str:
        return KIND_NAMES[self.kind]


def paragraph_number(words: str) -> int | None:
    """第二段 → 2, 第12段 → 12, 首段 → 1, 最后一段 → ``LAST``; None when the words are no paragraph."""
    if words in ("首段", "开头一段", "开头的一段"):
        return 1
    if words in ("最后一段", "最后的一段", "末段", "最末一段"):
        return LAST
    inner = words.removeprefix("第").removesuffix("段").translate(_FULL_WIDTH)
    if inner.isdigit():
        return int(inner)
    value = parse_chinese_number(inner.replace("〇", "零"))
    return int(value) if value is not None and value == int(value) else None


def _number(words: str) -> int | None:
    words = words.translate(_FULL_WIDTH)
    if words.isdigit():
        return int(words)
    value = parse_chinese_number(words.replace("〇", "零"))
    return int(value) if value is not None and value == int(value) else None


def topic_of(words: str) -> str:
    """The topic without the words that say how the writer asked (关于, 的内容 …)."""
    out = words
    for noise in rules().topic_noise:
        if out.startswith(noise):
            out = out[len(noise) :]
        if out.endswith(noise):
            out = out[: -len(noise)]
    return out.strip(" “”\"'《》") or words


def classify(instruction: str) -> Instruction:
    """The kind of ``instruction`` and its parts; anything no pattern reads is a restyle."""
    text = " ".join(instruction.split()).strip(_END_PUNCTUATION)
    compact = text.replace(" ", "")
    for rule in rules().patterns:
        found = rule.regex.fullmatch(compact)
        if found is None:
            continue
        parts = found.groupdict()
        ordinals = tuple(n for n in (paragraph_number(parts.get(k) or "") for k in ("a", "b")) if n is not None)
        if rule.kind == "shorten":
            target = _number(parts["n"])
            if target is None or target <= 0:
                continue
            return Instruction("shorten", text, ordinals, target=target)
        if rule.kind == "reorder":
            return Instruction("reorder", text, ordinals, move=rule.move)
        if rule.kind == "figure":
            return Instruction("figure", text, quantity=parts["quantity"].strip(), value=parts["value"])
        if rule.kind == "remove" and ordinals:
            return Instruction("remove", text, ordinals)
        topic = topic_of(parts.get("topic") or "")
        if len(topic) < 2:
            continue
        return Instruction(rule.kind, text, topic=topic)
    operation = next((op for words, op in rules().restyle_operations if words in compact), "改写")
    return Instruction("restyle", text, operation=operation)
