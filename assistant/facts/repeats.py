"""Figures an achievement states twice: once in its 内容 and again in its 数据.

Staff describe an item in words (内容) and list its figures (数据). When the words already carry a
figure ("立案提案53件，全部办结"), a report that then adds the 数据 sentence ("立案提案53件。") says the
same number twice. The figures are asked for once, in 数据; the words may still cite one, and then the
report states it in the words only. This module finds those figures, for the skeleton (which leaves
them out of the figures sentence) and for a note to the writer beside the item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.facts.model import Achievement, Facts, Quantity
from assistant.facts.schema import item_path, path_words
from assistant.numbers import CHINESE_NUMERAL_CHARS, NumeralMention, find_numerals, quantity

_UNIT_ALIASES = {"％": "%"}
_CLAUSE_BREAK = re.compile(r"[，,。；;：:、\n]")
_MAY_HOLD_A_FIGURE = re.compile(f"[0-9０-９{CHINESE_NUMERAL_CHARS}]")
"""Words without a digit or a Chinese numeral state no figure: most 内容 are read no further."""


@dataclass(frozen=True)
class RepeatedFigure:
    """A figure of an item's 数据 that its 内容 already states, and where."""

    path: str
    """The item's path, 履职成效[第1项].事项[第2项]."""
    figure: Quantity
    written: str
    """The figure as the 内容 writes it (53件, 五十三件, 100%)."""

    @property
    def message(self) -> str:
        shown = quantity(self.figure.value, self.figure.unit)
        return (
            f"{path_words(self.path)}：内容中写有“{self.written}”，数据中也有“{self.figure.label} {shown}”；"
            "报告只写一次（用内容的说法）。数字填在数据中即可，内容写做法和成效"
        )


def _clause_before(text: str, start: int) -> str:
    """The words between the figure and the clause break before it (立案提案 in "，立案提案53件")."""
    head = text[:start]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    return head[breaks[-1].end() :] if breaks else head


def _shares_a_word(clause: str, label: str) -> bool:
    """Whether the clause and the figure's name have a two-character word in common (立案 in 立案提案)."""
    return any(label[i : i + 2] in clause for i in range(len(label) - 1))


def _same(mention: NumeralMention, figure: Quantity) -> bool:
    unit = _UNIT_ALIASES.get(mention.unit, mention.unit)
    return mention.value is not None and mention.value == figure.value and unit == figure.unit


def stated_in_text(item: Achievement) -> list[tuple[Quantity, str]]:
    """The item's figures its 内容 already states, each with the words it is written in.

    Each figure in the words answers one figure of the data: "立案53件，办结53件" states two figures of 53件,
    "立案53件" only one. A figure whose name shares a word with the words before it is matched first.
    """
    if not item.text or not item.quantities or not _MAY_HOLD_A_FIGURE.search(item.text):
        return []
    mentions = find_numerals(item.text)
    used: set[int] = set()
    found: list[tuple[Quantity, str]] = []
    for figure in item.quantities:
        candidates = [i for i, m in enumerate(mentions) if i not in used and _same(m, figure)]
        if not candidates:
            continue
        named = [i for i in candidates if _shares_a_word(_clause_before(item.text, mentions[i].start), figure.label)]
        chosen = (named or candidates)[0]
        used.add(chosen)
        found.append((figure, mentions[chosen].text))
    return found


def unstated(item: Achievement) -> list[Quantity]:
    """The item's figures its 内容 does not state: what the report's figures sentence still has to say."""
    stated = [id(figure) for figure, _ in stated_in_text(item)]
    return [q for q in item.quantities if id(q) not in stated]


def repeated_figures(facts: Facts) -> list[RepeatedFigure]:
    """Every figure that both an item's 内容 and its 数据 give, in the order of the achievements."""
    out: list[RepeatedFigure] = []
    for t, theme in enumerate(facts.themes):
        for i, item in enumerate(theme.items):
            path = f"{item_path('履职成效', t)}.{item_path('事项', i)}"
            out.extend(RepeatedFigure(path, figure, written) for figure, written in stated_in_text(item))
    return out
