"""Dotted Chinese fact paths (人员编制.编制数), the way profiles name the facts a section needs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from assistant.facts.model import Facts


class UnknownFactPath(KeyError):
    """A profile names a fact the facts model does not have."""


def resolve(facts: Facts, path: str) -> Any:
    """The value at a dotted alias path; raises UnknownFactPath for a name the model lacks."""
    node: Any = facts
    for name in path.split("."):
        if not isinstance(node, BaseModel):
            raise UnknownFactPath(path)
        fields = type(node).model_fields
        attr = next((k for k, f in fields.items() if f.alias == name or k == name), None)
        if attr is None:
            raise UnknownFactPath(path)
        node = getattr(node, attr)
    return node


def is_missing(facts: Facts, path: str) -> bool:
    """Missing means not entered: None, an empty list or text, or a group with nothing filled in."""
    return _empty(resolve(facts, path))


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str | list | tuple | dict):
        return len(value) == 0
    if isinstance(value, BaseModel):
        return all(_empty(getattr(value, k)) or getattr(value, k) is False for k in type(value).model_fields)
    return False


def numeric_facts(value: Any, prefix: str = "") -> list[tuple[str, Decimal]]:
    """Every number entered in the facts, with its path: what a draft must state and may state."""
    out: list[tuple[str, Decimal]] = []
    if isinstance(value, bool) or value is None:
        return out
    if isinstance(value, int | Decimal):
        return [(prefix, Decimal(value))]
    if isinstance(value, BaseModel):
        for key, info in type(value).model_fields.items():
            name = info.alias or key
            out.extend(numeric_facts(getattr(value, key), f"{prefix}.{name}" if prefix else name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out.extend(numeric_facts(item, f"{prefix}[第{i + 1}项]"))
    return out
