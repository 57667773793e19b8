"""Kinds of budget unit (政协机关, 人大机关, 教育局 …) as data files: their 指标, indicators, words and examples."""

from assistant.unit_types.model import (
    KeyedQuantity,
    RewriteExample,
    UnitType,
    UnitTypeError,
    UnitTypes,
    load_unit_types,
    unit_types,
)

__all__ = ["KeyedQuantity", "RewriteExample", "UnitType", "UnitTypeError", "UnitTypes", "load_unit_types", "unit_types"]
