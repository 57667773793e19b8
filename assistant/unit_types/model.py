"""Kinds of budget unit as data: what a 政协机关, an 教育局 or a 乡镇政府 counts, and how its reports speak.

A unit's 履职成效 are counted in its own terms (提案 for a 政协, 代表建议 for a 人大, 学位 for an 教育局).
The keyed quantities (指标) feed indicators and cross-checks, so each kind of unit declares its own; adding a
kind of unit is adding a YAML file beside this module, never a code change.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.errors import AssistantError

DATA_DIR = Path(__file__).parent
COMMON = "common"
"""The file whose keys, pairs and indicators every kind of unit shares (巡察整改, 重点工作, 满意率)."""
DIGITS_RE = re.compile(r"\d+(?:\.\d+)?")
MIN_CHANGE = 0.2
"""How much of an example's 原稿 its 改写 must change: an echo teaches the model to echo."""


class UnitTypeError(AssistantError, ValueError):
    """A unit type file that does not hold together; the message names the file and the problem."""


class KeyedQuantity(BaseModel):
    """One 指标 a unit counts: its key, what it is usually called in notes, and its unit."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(min_length=1, max_length=20)
    words: tuple[str, ...] = Field(min_length=1, description="how notes and reports name it, most specific first")
    units: tuple[str, ...] = Field(min_length=1, description="件、次、人次、% …; the first is the usual one")
    note: str = ""

    @property
    def family(self) -> Literal["rate", "count"]:
        return "rate" if self.units[0] == "%" else "count"


class RewriteExample(BaseModel):
    """A skeleton-like passage and the same facts as a good report says them, shown to the model as a worked rewrite.

    The model imitates what it is shown, so an example may only teach form: its 改写 holds no figure its 原稿
    lacks and must visibly change the 原稿. (The claims gate's check that it adds no evaluation or name is run
    on every shipped example by the tests, since this package cannot import the gate.)
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    heading: str = Field(default="", max_length=30, description="小标题 of the passage, if the section has them")
    before: str = Field(min_length=10, max_length=400, description="原稿：as the skeleton would write it")
    after: str = Field(min_length=10, max_length=500, description="改写：the same facts in a good report's words")
    sections: tuple[str, ...] = Field(default=("performance",), min_length=1, description="section ids it fits")

    @model_validator(mode="after")
    def _teaches_form_only(self) -> RewriteExample:
        added = sorted(set(DIGITS_RE.findall(self.after)) - set(DIGITS_RE.findall(self.before)))
        if added:
            raise ValueError(f"例句的改写（after）出现原稿（before）没有的数字：{'、'.join(added)}")
        lost = sorted(set(DIGITS_RE.findall(self.before)) - set(DIGITS_RE.findall(self.after)))
        if lost:
            raise ValueError(f"例句的改写（after）丢了原稿（before）的数字：{'、'.join(lost)}")
        if _similarity(self.before, self.after) > 1 - MIN_CHANGE:
            raise ValueError("例句的改写（after）与原稿（before）几乎相同，起不到示范作用")
        return self


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


class UnitType(BaseModel):
    """One kind of unit: how to recognise it, what it counts, its own indicators, its words and examples."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str = Field(description="how staff name the kind, e.g. 政协机关")
    match: tuple[str, ...] = Field(default=(), description="words of a unit's name that mark this kind")
    quantities: tuple[KeyedQuantity, ...] = ()
    not_above: tuple[tuple[str, str], ...] = Field(default=(), description="(part, whole): part ≤ whole")
    indicators: tuple[dict[str, Any], ...] = Field(default=(), description="personalised indicators, as in 53号")
    vocabulary: tuple[str, ...] = Field(default=(), description="terms the unit's reports use")
    notes: tuple[str, ...] = Field(default=(), description="how the unit's reports say things: style notes")
    examples: tuple[RewriteExample, ...] = Field(default=(), description="worked rewrites in a good report's register")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(q.key for q in self.quantities)

    @model_validator(mode="after")
    def _no_figures_in_guidance(self) -> UnitType:
        for field, lines in (("vocabulary", self.vocabulary), ("notes", self.notes)):
            for line in lines:
                if DIGITS_RE.search(line):
                    raise ValueError(f"{field} 中的“{line}”含有数字：用语和行文提示会进入每一份提示词，不能带数字")
        return self


class UnitTypes(BaseModel):
    """Every shipped kind of unit plus the common part; validated together so keys never clash."""

    model_config = ConfigDict(frozen=True)

    common: UnitType
    kinds: tuple[UnitType, ...]

    @model_validator(mode="after")
    def _consistent(self) -> UnitTypes:
        owners: dict[str, str] = {}
        for kind in (self.common, *self.kinds):
            for key in kind.keys:
                if key in owners and owners[key] != kind.id:
                    raise ValueError(f"指标“{key}”在 {owners[key]} 和 {kind.id} 中重复定义")
                owners[key] = kind.id
            for part, whole in kind.not_above:
                for key in (part, whole):
                    if key not in (*self.common.keys, *kind.keys):
                        raise ValueError(f"{kind.id}：not_above 中的“{key}”不是它的指标")
        return self

    def get(self, name: str) -> UnitType | None:
        """A kind by its id or its name (政协机关, zhengxie)."""
        for kind in self.kinds:
            if name in (kind.id, kind.name):
                return kind
        return None

    def recognise(self, unit_name: str | None) -> UnitType | None:
        """The kind a unit's full name marks (湘江市清河区政协机关 → 政协机关), or None when no kind or two match."""
        if not unit_name:
            return None
        found = [kind for kind in self.kinds if any(word in unit_name for word in kind.match)]
        return found[0] if len(found) == 1 else None

    def kind_of(self, stated: str | None, unit_name: str | None) -> UnitType | None:
        """The kind of a unit: as staff stated it (单位.类型), else as its name tells, else None."""
        return self.get(stated) if stated else self.recognise(unit_name)

    def keys_for(self, kind: UnitType | None) -> tuple[str, ...]:
        """The 指标 a unit of ``kind`` may use: the common ones and its own; every known one for an unknown kind."""
        kinds = self.kinds if kind is None else (kind,)
        return self.common.keys + tuple(key for k in kinds for key in k.keys)

    def quantities_for(self, kind: UnitType | None) -> tuple[KeyedQuantity, ...]:
        kinds = self.kinds if kind is None else (kind,)
        return self.common.quantities + tuple(q for k in kinds for q in k.quantities)

    def not_above_for(self, kind: UnitType | None) -> tuple[tuple[str, str], ...]:
        kinds = self.kinds if kind is None else (kind,)
        return self.common.not_above + tuple(pair for k in kinds for pair in k.not_above)

    def owner(self, key: str) -> UnitType | None:
        """The kind that declares ``key`` (the common part included)."""
        for kind in (self.common, *self.kinds):
            if key in kind.keys:
                return kind
        return None


_MESSAGES: dict[str, str] = {
    "missing": "必须填写",
    "extra_forbidden": "不是可识别的字段",
    "string_type": "应为文字",
    "string_too_short": "太短",
    "string_too_long": "太长",
    "too_short": "至少要有一项",
    "tuple_type": "应为列表（每项以“- ”开头）",
    "model_type": "应为一组字段（键: 值）",
    "model_attributes_type": "应为一组字段（键: 值）",
}


def describe(exc: ValidationError) -> str:
    """Every problem of a unit type file on its own line, in Chinese, naming the field (examples 第2项 after)."""
    lines = []
    for err in exc.errors():
        where = " ".join(f"第{part + 1}项" if isinstance(part, int) else str(part) for part in err["loc"])
        kind = err["type"]
        if kind == "value_error":
            message = str((err.get("ctx") or {}).get("error", "取值无效"))
        else:
            message = _MESSAGES.get(kind, f"填写有误（{err['msg']}）")
        lines.append(f"{where}：{message}" if where else message)
    return "；".join(lines)


def _read(path: Path) -> UnitType:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UnitTypeError(f"单位类型文件 {path.name} 读不出：{exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"第{mark.line + 1}行" if mark is not None else ""
        raise UnitTypeError(f"单位类型文件 {path.name} {line}不是合法的 YAML，请检查缩进和冒号") from None
    if not isinstance(data, dict):
        raise UnitTypeError(f"单位类型文件 {path.name} 应为一组字段（id:、name:、quantities: …）")
    try:
        return UnitType.model_validate(data)
    except ValidationError as exc:
        raise UnitTypeError(f"单位类型文件 {path.name} 有误：{describe(exc)}") from None


def load_unit_types(folder: Path = DATA_DIR) -> UnitTypes:
    """The kinds of unit in ``folder`` (one YAML file each, ``common.yaml`` shared by all)."""
    files = sorted(folder.glob("*.yaml"))
    common = [p for p in files if p.stem == COMMON]
    if not common:
        raise UnitTypeError(f"{folder} 中没有 {COMMON}.yaml")
    try:
        return UnitTypes(common=_read(common[0]), kinds=tuple(_read(p) for p in files if p.stem != COMMON))
    except ValidationError as exc:
        raise UnitTypeError(f"单位类型有误：{describe(exc)}") from None


@cache
def unit_types() -> UnitTypes:
    """The shipped kinds of unit, read once."""
    return load_unit_types()
