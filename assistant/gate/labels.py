"""What each figure of the facts is called, as the vocabulary the attribution check looks for.

A fact's name is its path leaf (人员经费, 办复率), with its parent's name when the leaf alone says nothing
(支出.合计 → 支出合计; a project's 预算数 → the project's 名称). An indicator is named by itself and by its
inputs (三公经费变动率 is written "较上年三公经费下降", so 上年三公经费 names it too), and an input's name is
one more name of the fact it reads (支出预算数 is the 全年预算数 in the table's 支出合计 row).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from assistant.facts import schema
from assistant.facts.model import Facts
from assistant.gate.mentions import Family
from assistant.indicators import compute_indicators
from assistant.profiles.model import Profile

ATTRIBUTION_FILE = Path(__file__).with_name("attribution.yaml")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
ITEM_RE = re.compile(r"\[第\d+项\]$")
Key = tuple[Family, Decimal]
NAME_FIELDS = frozenset({"名称"})
"""The field that names a list item (an income source, a project, an institution, a quantity)."""


@dataclass(frozen=True)
class Vocabulary:
    generic: frozenset[str]
    qualified: frozenset[str]


@cache
def vocabulary() -> Vocabulary:
    data = yaml.safe_load(ATTRIBUTION_FILE.read_text(encoding="utf-8"))
    return Vocabulary(frozenset(data.get("generic_bigrams") or ()), frozenset(data.get("qualified_leaves") or ()))


def bigrams(text: str) -> frozenset[str]:
    """The telling character pairs of a Chinese text (generic pairs such as 经费 dropped)."""
    generic = vocabulary().generic
    pairs = {run[i : i + 2] for run in HAN_RUN.findall(text) for i in range(len(run) - 1)}
    return frozenset(pairs - generic)


@dataclass(frozen=True)
class FactLabels:
    """For each family and value, the vocabulary of every fact or indicator that has it (one set per fact)."""

    names: dict[Key, tuple[frozenset[str], ...]]

    def candidates(self, family: Family, value: Decimal) -> tuple[frozenset[str], ...]:
        if family == "plain":
            return tuple(v for (fam, val), sets in self.names.items() if val == value for v in sets)
        return self.names.get((family, value), ())


def _item_names(facts: Facts) -> Iterator[tuple[str, str]]:
    """Path of every list item that has a 名称, with that name (预算.收入.来源[第1项] → 其他收入)."""
    for leaf in schema.walk(facts):
        parent, _, _ = leaf.path.rpartition(".")
        if leaf.name in NAME_FIELDS and ITEM_RE.search(parent) and isinstance(leaf.value, str):
            yield parent, leaf.value


def path_label(path: str, items: dict[str, str]) -> list[str]:
    """The words that name the fact at ``path``: its leaf, qualified by its parent when needed."""
    parent, _, leaf = path.rpartition(".")
    words = [leaf]
    if leaf in vocabulary().qualified and parent:
        words.append(items.get(parent, ITEM_RE.sub("", parent.rpartition(".")[2])))
    return words


def build_labels(
    facts: Facts, profile: Profile, figures: Iterable[tuple[str, Decimal, tuple[Family, ...]]]
) -> FactLabels:
    """Labels of ``figures`` (path, canonical value, families) and of every computed indicator."""
    items = dict(_item_names(facts))
    names: dict[Key, list[frozenset[str]]] = {}
    for path, value, families in figures:
        words = frozenset().union(*(bigrams(w) for w in path_label(path, items)))
        for family in families:
            names.setdefault((family, value), []).append(words)
    for indicator in compute_indicators(facts, profile.indicators.budget_adjustment):
        words = frozenset().union(*(bigrams(w) for w in [indicator.name, *indicator.inputs]))
        for value in {indicator.value, abs(indicator.value)}:
            names.setdefault(("percent", value), []).append(words)
        for name, value in indicator.inputs.items():
            for key in [k for k in names if k[1] == value]:
                names[key].append(bigrams(name))
    return FactLabels({k: tuple(v) for k, v in names.items()})
