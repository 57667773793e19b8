"""One field of a report's facts data, found by its dotted Chinese path, and a change made to it.

The facts are saved as one document, but two tabs edit them field by field: a change names the value its
tab saw and the value typed, so the store can apply it on top of another tab's changes to other fields
and refuse it only when that very field was changed meanwhile.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldChange:
    """``path`` went from ``before`` (what the tab saw) to ``after``; ``label`` names it in messages."""

    path: str
    before: Any
    after: Any
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.path.rsplit(".", 1)[-1]


def value_at(data: dict[str, Any], path: str) -> Any:
    """The value at a dotted Chinese path of facts data, or None when it is not filled in."""
    node: Any = data
    for name in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(name)
    return node


def is_blank(value: Any) -> bool:
    """None, empty text and an empty list all mean "not filled in": the facts data never keeps them."""
    return value is None or value == "" or value == []


def same_value(a: Any, b: Any) -> bool:
    return (is_blank(a) and is_blank(b)) or a == b


def _prune(node: dict[str, Any], names: list[str]) -> None:
    """Drop groups left empty by clearing their last field, so the saved data stays what was entered."""
    if len(names) > 1 and isinstance(node.get(names[0]), dict):
        _prune(node[names[0]], names[1:])
        if not node[names[0]]:
            del node[names[0]]


def with_value(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``data`` with ``path`` set; None, "" and [] remove the field instead."""
    out = copy.deepcopy(data)
    *parents, leaf = path.split(".")
    node = out
    for name in parents:
        child = node.get(name)
        if not isinstance(child, dict):
            child = node[name] = {}
        node = child
    if is_blank(value):
        node.pop(leaf, None)
        _prune(out, path.split("."))
    else:
        node[leaf] = value
    return out
