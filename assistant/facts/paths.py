"""What "missing" and "numeric" mean for facts named by dotted Chinese paths (人员编制.编制数)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from assistant.facts import schema
from assistant.facts.model import Facts


def is_missing(facts: Facts, path: str) -> bool:
    """Missing means not entered: None, an empty list or text, or a group with nothing filled in."""
    return _empty(schema.get(facts, path))


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str | list | tuple | dict):
        return len(value) == 0
    if isinstance(value, BaseModel):
        return all(_empty(getattr(value, k)) or getattr(value, k) is False for k in type(value).model_fields)
    return False


def numeric_facts(facts: BaseModel) -> list[tuple[str, Decimal]]:
    """Every number entered in the facts, with its path: what a draft must state and may state."""
    return [
        (leaf.path, Decimal(leaf.value))
        for leaf in schema.walk(facts)
        if isinstance(leaf.value, int | Decimal) and not isinstance(leaf.value, bool)
    ]
