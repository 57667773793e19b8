"""Facts data as the form edits it: fields found by their Chinese path, rows of tables, messages per field.

The form works on the plain Chinese-keyed dict of a facts file (what ``facts_to_data`` gives and the store
keeps), not on the pydantic model, because half-typed input must be kept and saved even while it is not
yet valid; validation runs over the whole dict and hands each message to the field it names.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from assistant.facts.load import describe_error
from assistant.facts.model import Facts
from assistant.facts.schema import bare_type, format_path
from assistant.facts.usable import usable_part
from assistant.numbers import fmt_fixed

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
    if origin is Literal:
        return FieldSpec(path, label, "choice", info.description, tuple(str(a) for a in get_args(bare)))
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

ACHIEVEMENT_COLUMNS = ("主题", "标题", "内容")


def achievement_rows(data: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """履职成效 flattened into two tables staff can edit like a spreadsheet: 事项 and their 数据."""
    items: list[dict[str, Any]] = []
    quantities: list[dict[str, Any]] = []
    for theme in data.get("履职成效") or []:
        for item in theme.get("事项") or []:
            items.append({"主题": theme.get("主题"), "标题": item.get("标题"), "内容": item.get("内容")})
            for q in item.get("数据") or []:
                quantities.append(
                    {
                        "主题": theme.get("主题"),
                        "事项": item.get("标题"),
                        "名称": q.get("名称"),
                        "数值": q.get("数值"),
                        "单位": q.get("单位"),
                        "指标": q.get("指标"),
                    }
                )
    return items, quantities


def _clean(row: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: row[k] for k in keys if k in row and row[k] is not None and row[k] != ""}


def achievements_from_rows(items: list[dict[str, Any]], quantities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The nested 履职成效 back from the two tables; a 数据 row naming an unknown 事项 creates that 事项."""
    themes: dict[str, dict[str, Any]] = {}
    entries: dict[tuple[str, str], dict[str, Any]] = {}

    def entry(theme: str, title: str) -> dict[str, Any]:
        group = themes.setdefault(theme, {"主题": theme, "事项": []})
        if (theme, title) not in entries:
            entries[(theme, title)] = {"标题": title}
            group["事项"].append(entries[(theme, title)])
        return entries[(theme, title)]

    for row in items:
        if not (row.get("主题") or row.get("标题")):
            continue
        target = entry(str(row.get("主题") or ""), str(row.get("标题") or ""))
        target.update(_clean(row, ("内容",)))
    for row in quantities:
        cleaned = _clean(row, ("名称", "数值", "单位", "指标"))
        if not cleaned:
            continue
        target = entry(str(row.get("主题") or ""), str(row.get("事项") or ""))
        target.setdefault("数据", []).append(cleaned)
    return list(themes.values())


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
