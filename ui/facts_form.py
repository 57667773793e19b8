"""Facts data as the form edits it: fields found by their Chinese path, rows of tables, messages per field.

The form works on the plain Chinese-keyed dict of a facts file (what ``facts_to_data`` gives and the store
keeps), not on the pydantic model, because half-typed input must be kept and saved even while it is not
yet valid; validation runs over the whole dict and hands each message to the field it names.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from assistant.facts import schema
from assistant.facts.kinds import kind_of
from assistant.facts.load import describe_error
from assistant.facts.model import Facts, Quantity
from assistant.facts.schema import bare_type, choices, format_path, item_path
from assistant.facts.usable import usable_part
from assistant.numbers import fmt_fixed
from assistant.unit_types import unit_types

Kind = Literal["text", "number", "integer", "bool", "choice", "text_list", "rows", "group"]


@dataclass(frozen=True)
class FieldSpec:
    """What the form needs to know about one field of the facts model."""

    path: str
    label: str
    kind: Kind
    help: str | None
    choices: tuple[str, ...] = ()
    row_model: type[BaseModel] | None = None


def _spec(path: str, info: FieldInfo) -> FieldSpec:
    bare = bare_type(info.annotation)
    label = path.rsplit(".", 1)[-1]
    origin = get_origin(bare)
    if origin is list:
        item = bare_type(get_args(bare)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return FieldSpec(path, label, "rows", info.description, row_model=item)
        return FieldSpec(path, label, "text_list", info.description)
    allowed = choices(info)
    if allowed:
        return FieldSpec(path, label, "choice", info.description, allowed)
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return FieldSpec(path, label, "group", info.description)
    kinds: dict[Any, Kind] = {bool: "bool", int: "integer", Decimal: "number"}
    return FieldSpec(path, label, kinds.get(bare, "text"), info.description)


@cache
def field_spec(path: str, model: type[BaseModel] = Facts) -> FieldSpec:
    """The field at a dotted alias path (人员编制.编制数) of ``model``; KeyError for an unknown path."""
    node: type[BaseModel] = model
    names = path.split(".")
    for depth, name in enumerate(names):
        info = next((f for f in node.model_fields.values() if f.alias == name), None)
        if info is None:
            raise KeyError(path)
        if depth == len(names) - 1:
            return _spec(path, info)
        node = bare_type(info.annotation)
    raise KeyError(path)


def figure_columns(data: dict[str, Any], figures: list[dict[str, Any]]) -> list[FieldSpec]:
    """The columns of an item's figures grid: its 指标 are those of this unit's kind (an 教育局 is offered 学位,
    not 提案), plus any already chosen so a stored row never loses its value; every kind's when the kind
    cannot be told from 单位.类型 or the unit's name."""
    offered = unit_types().keys_for(kind_of(data))
    chosen = [str(f["指标"]) for f in figures if f.get("指标") and f["指标"] not in offered]
    return [
        dataclasses.replace(c, choices=(*offered, *dict.fromkeys(chosen))) if c.label == "指标" else c
        for c in row_columns(Quantity)
    ]


def row_columns(model: type[BaseModel]) -> list[FieldSpec]:
    """The columns of a table whose rows are ``model`` (every field but nested lists)."""
    specs = [_spec(info.alias or name, info) for name, info in model.model_fields.items()]
    return [s for s in specs if s.kind not in ("rows", "group")]


def typed(spec: FieldSpec, raw: Any) -> Any:
    """Widget input as it should be stored: trimmed text, numbers as typed (the model validates them)."""
    if raw is None:
        return None
    if spec.kind == "bool":
        return bool(raw)
    if isinstance(raw, float):
        return cell_number(raw)
    text = str(raw).strip()
    if spec.kind in ("number", "integer"):
        text = text.replace(",", "").replace("，", "")
    return text or None


def cell_number(value: float) -> int | str | None:
    """A grid number back to exact facts data: 128.5 → "128.5", 53.0 → 53 (floats never reach the facts)."""
    if value != value:  # NaN: an empty cell
        return None
    try:
        exact = Decimal(repr(value))
    except InvalidOperation:
        return None
    return int(exact) if exact == exact.to_integral_value() else f"{exact.normalize():f}"


def display(value: Any) -> str:
    """A stored value as a text input shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def money_text(value: Any) -> str:
    """A stored amount as the form shows it, with two decimals (1180.0 → "1180.00"); anything else as typed."""
    try:
        return fmt_fixed(Decimal(str(value))) if value not in (None, "") else ""
    except InvalidOperation:
        return str(value)


@dataclass(frozen=True)
class Validation:
    """The facts if valid, and every problem as a Chinese line keyed by the path it names."""

    facts: Facts | None
    by_path: dict[str, list[str]]

    @property
    def messages(self) -> list[str]:
        return [m for lines in self.by_path.values() for m in lines]

    def at(self, path: str) -> list[str]:
        return self.by_path.get(path, [])

    def under(self, prefix: str) -> list[str]:
        """Messages for ``prefix`` and anything inside it (rows of a table, fields of a group)."""
        return [
            m
            for p, lines in self.by_path.items()
            if p == prefix or p.startswith((prefix + ".", prefix + "["))
            for m in lines
        ]


@lru_cache(maxsize=32)
def _validate_json(payload: str) -> Validation:
    data = json.loads(payload)
    try:
        return Validation(Facts.model_validate(data), {})
    except ValidationError as exc:
        by_path: dict[str, list[str]] = {}
        for err in exc.errors():
            by_path.setdefault(format_path(err["loc"]), []).append(describe_error(err))
        return Validation(None, by_path)


@lru_cache(maxsize=16)
def _partial_json(payload: str) -> tuple[Facts, tuple[str, ...]]:
    facts, dropped = usable_part(json.loads(payload))
    return facts, tuple(dropped)


def partial_facts(data: dict[str, Any]) -> tuple[Facts, list[str]]:
    """The valid part of facts data and the paths left out (cached by content, like ``validate``)."""
    facts, dropped = _partial_json(json.dumps(data, ensure_ascii=False, sort_keys=True))
    return facts, list(dropped)


def validate(data: dict[str, Any]) -> Validation:
    """Validate facts data; cached by content, because every rerun of every page asks."""
    return _validate_json(json.dumps(data, ensure_ascii=False, sort_keys=True))


NO_CHOICE = "（无）"
"""How a table cell shows a choice nobody made; it is saved as no value."""

THEMES = "履职成效"


def theme_path(theme: int) -> str:
    """The path of the ``theme``-th (0-based) theme: 履职成效[第1项]."""
    return item_path(THEMES, theme)


def entry_path(theme: int, entry: int) -> str:
    """The path of one item of a theme: 履职成效[第1项].事项[第2项]."""
    return f"{theme_path(theme)}.{item_path('事项', entry)}"


def achievements_with(data: dict[str, Any], path: str, value: Any) -> list[dict[str, Any]]:
    """履职成效 with one place in it set (a theme's name, an item's words, its figures) or removed (None).

    The form saves 履职成效 as one field, so each edit of a theme, an item or a figure is applied to the
    whole structure as this tab last saw it.
    """
    return list(schema.set(data, path, value).get(THEMES) or [])


def achievements_adding(data: dict[str, Any], theme: int | None, title: str) -> list[dict[str, Any]]:
    """履职成效 with a new theme (``theme`` None) or a new item in theme ``theme``, named ``title``."""
    themes = [dict(t) for t in data.get(THEMES) or []]
    if theme is None:
        return [*themes, {"主题": title}]
    themes[theme] = {**themes[theme], "事项": [*(themes[theme].get("事项") or []), {"标题": title}]}
    return themes


def edited_rows(base: list[dict[str, Any]], delta: dict[str, Any], columns: list[FieldSpec]) -> list[dict[str, Any]]:
    """The table after the data editor's edits (relative to ``base``), as facts rows with exact numbers."""
    rows = [dict(r) for r in base]
    for index, changes in (delta.get("edited_rows") or {}).items():
        rows[int(index)].update(changes)
    deleted = {int(i) for i in delta.get("deleted_rows") or []}
    rows = [r for i, r in enumerate(rows) if i not in deleted]
    rows.extend(dict(r) for r in delta.get("added_rows") or [])
    kinds = {c.label: c for c in columns}
    out: list[dict[str, Any]] = []
    for row in rows:
        clean: dict[str, Any] = {}
        for name, value in row.items():
            spec = kinds.get(name)
            if spec is None or value is None or value in ("", NO_CHOICE):
                continue
            if isinstance(value, float):
                value = cell_number(value)
            elif spec.kind == "bool":
                value = bool(value)
            elif isinstance(value, str):
                value = value.strip()
            if value is not None and value != "":
                clean[name] = value
        if clean:
            out.append(clean)
    return out
