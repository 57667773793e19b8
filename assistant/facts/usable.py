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


def _drop(data: Any, loc: tuple[int | str, ...]) -> bool:
    """Remove the node at ``loc`` (dict keys and list indexes); False when there is nothing to remove."""
    if not loc:
        return False
    node = data
    for part in loc[:-1]:
        if not _has(node, part):
            return False
        node = node[part]
    leaf = loc[-1]
    if not _has(node, leaf):
        return False
    if isinstance(node, dict):
        del node[leaf]
    else:
        node[leaf] = {} if isinstance(node[leaf], dict) else None
    return True


def usable_part(data: dict[str, Any]) -> tuple[Facts, list[str]]:
    """The facts with every invalid field left out, and the paths of what was left out (in words order)."""
    work = copy.deepcopy(data)
    dropped: list[str] = []
    for _ in range(MAX_ROUNDS):
        try:
            return Facts.model_validate(work), dropped
        except ValidationError as exc:
            removed = False
            for err in exc.errors():
                loc = tuple(p for p in err["loc"] if isinstance(p, int | str))
                if _drop(work, loc):
                    dropped.append(format_path(loc))
                    removed = True
            if not removed:
                break
    return Facts(), [*dropped, "（全部事实）"]
