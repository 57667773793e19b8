"""The usable part of facts that do not validate: every invalid field left out, the rest kept.

A typo in one field ("三十五" for 实有人数) must not stop a whole report. The fields the validator names
are dropped, as if never entered, so the drafter writes 【待补充】 there and the checker flags it, while
every other section is drafted, checked and exported from the facts that are valid. A rule over a group
(parts that do not add up to their total) drops that group, because which part is wrong is unknown.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from assistant.facts.model import Facts
from assistant.facts.schema import format_path

MAX_ROUNDS = 10
"""Dropping a field can surface a rule over its group; a few rounds settle any real facts file."""


def _has(node: Any, part: int | str) -> bool:
    if isinstance(node, dict):
        return isinstance(part, str) and part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _target(data: Any, loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """What to leave out for an error at ``loc``: the field itself, or, when a required field is missing,
    the row or group that lacks it (a figure without 数值 is no figure); () when nothing there exists."""
    node = data
    for depth, part in enumerate(loc):
        if not _has(node, part):
            return loc[:depth]
        node = node[part]
    return loc


def _drop(data: Any, loc: tuple[int | str, ...]) -> None:
    node = data
    for part in loc[:-1]:
        node = node[part]
    del node[loc[-1]]


def _order(loc: tuple[int | str, ...]) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting later list items first, so deleting one never renumbers another still to delete."""
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in loc)


def usable_part(data: dict[str, Any]) -> tuple[Facts, list[str]]:
    """The facts with every invalid field left out, and the paths of what was left out (in words order)."""
    work = copy.deepcopy(data)
    dropped: list[str] = []
    for _ in range(MAX_ROUNDS):
        try:
            return Facts.model_validate(work), dropped
        except ValidationError as exc:
            targets: set[tuple[int | str, ...]] = set()
            for err in exc.errors():
                target = _target(work, tuple(p for p in err["loc"] if isinstance(p, int | str)))
                if target and not any(target[: len(t)] == t for t in targets if len(t) < len(target)):
                    targets = {t for t in targets if t[: len(target)] != target} | {target}
            if not targets:
                break
            for target in sorted(targets, key=_order, reverse=True):
                _drop(work, target)
            dropped += [format_path(t) for t in sorted(targets, key=_order)]
    return Facts(), [*dropped, "（全部事实）"]
