"""The kind of unit of facts still being entered (the form's data, not yet valid): what the form and the notes
extractor offer depends on it, as ``Facts.unit_type`` does for validated facts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.facts import schema
from assistant.unit_types import UnitType, unit_types


def kind_of(data: Mapping[str, Any], unit_name: str | None = None) -> UnitType | None:
    """单位.类型 as stated, else the kind the unit's name tells (``unit_name`` when the data has none yet)."""
    return unit_types().kind_of(schema.get(data, "单位.类型"), schema.get(data, "单位.名称") or unit_name)
