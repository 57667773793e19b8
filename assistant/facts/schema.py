"""The one walker over the facts model: dotted Chinese paths, their values, and what each field holds.

A path is the Chinese aliases of a facts file joined by dots, with a list item written the way messages
write it: ``预算.收入.来源[第2项].金额``. The family of a field (money, rate, count, year, score, text …)
comes from its annotated type in ``assistant.facts.model`` (``Money``, ``Rate``, ``Count`` …), so a new
field carries its meaning with it and no table keyed by path prefixes has to learn about it.

``get`` and ``set`` work on the validated model and on the plain Chinese-keyed dict of a facts file
alike (the form and the extractor edit data that is not valid yet); both refuse a path the model lacks.
"""

from __future__ import annotations

import copy
import itertools
import re
import types
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from assistant.errors import AssistantError
from assistant.facts.model import Facts, Kind, MeasuredBy, OneOf
from assistant.limits import excerpt
from assistant.numbers import MONEY_SCALE

Family = Literal["money", "rate", "count", "year", "score", "number", "text", "choice", "flag"]
"""What a leaf holds; "number" is a number whose type does not say (a test keeps the model free of them)."""

SEGMENT_RE = re.compile(r"(?P<name>[^.\[\]]+)(?P<items>(?:\[第\d+项\])*)")
ITEM_RE = re.compile(r"\[第(\d+)项\]")


class UnknownFactPath(KeyError, AssistantError):
    """A path names a fact the facts model does not have."""


@dataclass(frozen=True)
class FactField:
    """One field of the model at a path: its family and unit, and the model it holds when it is a group or rows."""

    path: str
    attr: str
    info: FieldInfo
    family: Family | None
    """None for a group or rows of a model."""
    unit: str | None
    model: type[BaseModel] | None
    many: bool
    measured: MeasuredBy | None = None
    """Set when the unit and name are in sibling fields; then the family follows the unit."""


@dataclass(frozen=True)
class Leaf:
    """One entered value with its path, family and unit; a quantity's family follows its own 单位."""

    path: str
    value: Any
    family: Family
    unit: str | None
    name: str
    """What the value is called: the field's alias, or a quantity's 名称."""
    owner: BaseModel

    @property
    def named_path(self) -> str:
        """The path with its last name replaced by ``name`` (数据[第1项].立案数 rather than 数据[第1项].数值)."""
        parent, _, _ = self.path.rpartition(".")
        return f"{parent}.{self.name}" if parent else self.name


def item_path(path: str, index: int) -> str:
    """The path of the ``index``-th (0-based) item of the list at ``path``."""
    return f"{path}[第{index + 1}项]"


def format_path(loc: Sequence[int | str]) -> str:
    """A pydantic error location as a path: ("预算", "收入", "来源", 2, "金额") → "预算.收入.来源[第3项].金额"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out = item_path(out, part)
        else:
            out += ("." if out else "") + excerpt(part)
    return out


def _parse(path: str) -> list[tuple[str, list[int]]]:
    """Path segments as (alias, 0-based item indices); UnknownFactPath for anything not shaped like a path."""
    parts: list[tuple[str, list[int]]] = []
    for segment in path.split("."):
        match = SEGMENT_RE.fullmatch(segment)
        if match is None:
            raise UnknownFactPath(path)
        indices = [int(n) - 1 for n in ITEM_RE.findall(match["items"])]
        if any(i < 0 for i in indices):
            raise UnknownFactPath(path)
        parts.append((match["name"], indices))
    return parts


def bare_type(annotation: Any) -> Any:
    """The type a field holds, without Optional and Annotated."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return annotation


def _markers(annotation: Any, info: FieldInfo) -> list[Any]:
    """Every Annotated metadata object of a field, whether pydantic kept it on the field or in the type."""
    found = list(info.metadata)
    stack = [annotation]
    while stack:
        current = stack.pop()
        if get_origin(current) is Annotated:
            found.extend(current.__metadata__)
        stack.extend(get_args(current))
    return found


def choices(info: FieldInfo) -> tuple[str, ...]:
    """The values a choice field allows (a Literal's, or a ``OneOf`` marker's from data); () for other fields."""
    bare = bare_type(info.annotation)
    if get_origin(bare) is Literal:
        return tuple(str(a) for a in get_args(bare))
    one_of = next((m for m in _markers(info.annotation, info) if isinstance(m, OneOf)), None)
    return one_of.values() if one_of is not None else ()


def _model(bare: Any) -> type[BaseModel] | None:
    return bare if isinstance(bare, type) and issubclass(bare, BaseModel) else None


@cache
def _field(model: type[BaseModel], alias: str) -> FactField | None:
    attr, info = next(((k, f) for k, f in model.model_fields.items() if f.alias == alias or k == alias), ("", None))
    if info is None:
        return None
    bare = bare_type(info.annotation)
    many = get_origin(bare) is list
    if many:
        bare = bare_type(get_args(bare)[0])
    inner = _model(bare)
    family: Family | None = None
    unit: str | None = None
    markers = _markers(info.annotation, info)
    measured = next((m for m in markers if isinstance(m, MeasuredBy)), None)
    if inner is None:
        kind = next((m for m in markers if isinstance(m, Kind)), None)
        if kind is not None:
            family, unit = kind.family, kind.unit
        elif measured is not None:
            family = "number"
        elif bare is bool:
            family = "flag"
        elif choices(info):
            family = "choice"
        elif bare in (int, Decimal, float):
            family = "number"
        else:
            family = "text"
    return FactField(info.alias or attr, attr, info, family, unit, inner, many, measured)


@cache
def field_at(path: str) -> FactField:
    """The field of ``Facts`` at ``path`` (item numbers are ignored); UnknownFactPath when there is none."""
    model: type[BaseModel] | None = Facts
    found: FactField | None = None
    names: list[str] = []
    for name, _ in _parse(path):
        found = _field(model, name) if model is not None else None
        if found is None:
            raise UnknownFactPath(path)
        names.append(found.path)
        model = found.model
    assert found is not None
    return FactField(
        ".".join(names), found.attr, found.info, found.family, found.unit, found.model, found.many, found.measured
    )


def walk(node: BaseModel, prefix: str = "") -> Iterator[Leaf]:
    """Every entered scalar under ``node`` (a Facts or any part of it) in model order; None is not entered."""
    for attr, info in type(node).model_fields.items():
        alias = info.alias or attr
        path = f"{prefix}.{alias}" if prefix else alias
        yield from _leaves(node, alias, getattr(node, attr), path)


def _leaves(owner: BaseModel, alias: str, value: Any, path: str) -> Iterator[Leaf]:
    if value is None:
        return
    if isinstance(value, BaseModel):
        yield from walk(value, path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(owner, alias, item, item_path(path, i))
    else:
        field = _field(type(owner), alias)
        assert field is not None and field.family is not None
        family, unit, name = field.family, field.unit, alias
        measured = field.measured
        if measured is not None:
            unit = str(getattr(owner, measured.unit))
            name = str(getattr(owner, measured.label))
            family = "rate" if unit == "%" else "money" if unit in MONEY_SCALE else "count"
        yield Leaf(path, value, family, unit, name, owner)


def get(source: BaseModel | Mapping[str, Any], path: str) -> Any:
    """The value at ``path`` of a Facts (or its data dict); None when it is not entered."""
    field_at(path)
    node: Any = source
    for name, indices in _parse(path):
        if isinstance(node, BaseModel):
            field = _field(type(node), name)
            node = getattr(node, field.attr) if field is not None else None
        elif isinstance(node, Mapping):
            node = node.get(name)
        else:
            return None
        for index in indices:
            if not isinstance(node, list) or index >= len(node):
                return None
            node = node[index]
    return node


def set(data: Mapping[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of facts data with ``path`` set; None, "" and [] remove it and any group it leaves empty.

    A list item is addressed by its number ([第2项]); the number one past the end appends an item.
    """
    field_at(path)
    keys: list[str | int] = []
    for name, indices in _parse(path):
        keys += [name, *indices]
    out: dict[str, Any] = copy.deepcopy(dict(data))
    trail: list[Any] = [out]
    for key, following in itertools.pairwise(keys):
        node = trail[-1]
        fresh: Any = [] if isinstance(following, int) else {}
        child = _child(node, key, path)
        if not isinstance(child, type(fresh)):
            child = _put(node, key, fresh, path)
        trail.append(child)
    if _blank(value):
        _remove(trail, keys)
    else:
        _put(trail[-1], keys[-1], value, path)
    return out


def _child(node: Any, key: str | int, path: str) -> Any:
    if isinstance(key, int):
        if key > len(node):
            raise UnknownFactPath(path)
        return node[key] if key < len(node) else None
    return node.get(key)


def _put(node: Any, key: str | int, value: Any, path: str) -> Any:
    if isinstance(key, int):
        if key > len(node):
            raise UnknownFactPath(path)
        if key == len(node):
            node.append(value)
    node[key] = value
    return value


def _remove(trail: list[Any], keys: list[str | int]) -> None:
    """Remove the last key, then every dict or list that removal left empty, innermost first."""
    for node, key in reversed(list(zip(trail, keys, strict=True))):
        if isinstance(key, int):
            if key < len(node):
                del node[key]
        else:
            node.pop(key, None)
        if node or node is trail[0]:
            return


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


NESTED_PLACES = {"履职成效": "第{}个主题", "事项": "第{}项", "数据": "第{}个数据"}
"""履职成效 is themes → items → figures, and its places are said that way; any other list by its item number."""


@cache
def _alias_counts() -> dict[str, int]:
    """How many fields of the whole facts model carry each alias (合计 is in four groups, 编制数 in one)."""
    counts: dict[str, int] = {}
    stack: list[type[BaseModel]] = [Facts]
    seen: list[type[BaseModel]] = []
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.append(model)
        for attr in model.model_fields:
            field = _field(model, model.model_fields[attr].alias or attr)
            assert field is not None
            counts[field.path] = counts.get(field.path, 0) + 1
            if field.model is not None:
                stack.append(field.model)
    return counts


GENERIC_NAMES = {"概述", "上年支出数"}
"""Names unique in the model that still do not say what they belong to (机构设置概述, 三公经费上年支出数)."""


def _name_words(names: list[str]) -> str:
    """A list-free path by its last name, with the group before it when the name alone is ambiguous."""
    last = names[-1]
    vague = _alias_counts().get(last, 0) != 1 or last in GENERIC_NAMES
    if len(names) > 1 and vague and not last.startswith(names[-2]):
        return names[-2] + last
    return last


def path_words(path: str) -> str:
    """A fact path as staff say it, for every message about a fact (form, CLI, missing-facts lists).

    人员编制.实有人数 → 实有人数 (the name is unique), 预算.支出.基本支出.合计 → 基本支出合计,
    预算.支出.项目支出.项目[第3项].支出数 → 项目第3项的支出数,
    履职成效[第2项].事项[第2项].数据[第1项].名称 → 第2个主题的第2项，第1个数据的名称.
    A name the model does not know (a misspelt key) is quoted after its group: 单位中的“年份”.
    """
    if not path:
        return path
    try:
        parts = _parse(path)
    except UnknownFactPath:
        return path
    try:
        field_at(path)
    except UnknownFactPath:
        parent, _, leaf = path.rpartition(".")
        return f"{path_words(parent)}中的“{leaf}”" if parent else f"“{leaf}”"
    if not any(indices for _, indices in parts):
        return _name_words([name for name, _ in parts])
    words = ""
    pending: list[str] = []
    for name, indices in parts:
        pending.append(name)
        if not indices:
            continue
        place = NESTED_PLACES.get(name) if all(n in NESTED_PLACES for n, _ in parts[: len(pending)]) else None
        for index in indices:
            if place is not None:
                joint = "，" if name == "数据" else "的"
                words += (joint if words else "") + place.format(index + 1)
            else:
                words += ("的" if words else "") + f"{_name_words(pending)}第{index + 1}项"
        pending = []
    if pending:
        words += "的" + "".join(pending)
    return words
