"""Putting confirmed proposals into facts data (the Chinese-keyed dict of a facts file)."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from assistant.extract.proposal import ProposedFact
from assistant.facts import schema


def plain_value(value: Decimal) -> int | str:
    """An integral figure as an int (38), any other as its exact decimal text ("12.46"), as facts files hold."""
    return int(value) if value == value.to_integral_value() else f"{value.normalize():f}"


def _find(items: list[Any], key: str, title: str, empty: dict[str, Any]) -> dict[str, Any]:
    for entry in items:
        if isinstance(entry, dict) and entry.get(key) == title:
            return entry
    entry = {key: title, **empty}
    items.append(entry)
    return entry


def apply_proposals(data: dict[str, Any], proposals: Iterable[ProposedFact], theme: str, item: str) -> dict[str, Any]:
    """A copy of ``data`` with single facts set and counted facts added under 履职成效 → ``theme`` → ``item``."""
    out = copy.deepcopy(data)
    for proposal in proposals:
        if proposal.path:
            out = schema.set(out, proposal.path, plain_value(proposal.value))
            continue
        themes = out.setdefault("履职成效", [])
        entry = _find(_find(themes, "主题", theme, {"事项": []}).setdefault("事项", []), "标题", item, {"数据": []})
        quantity: dict[str, Any] = {"名称": proposal.label, "数值": plain_value(proposal.value), "单位": proposal.unit}
        if proposal.key:
            quantity["指标"] = proposal.key
        entry.setdefault("数据", []).append(quantity)
    return out
