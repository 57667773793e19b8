"""Whether a figure stands beside the name of a fact that has its value.

A value alone is no proof: 100% is the 办复率, so "同比增长100%" would pass a value check while claiming
something no fact says. The clause holding the figure must share a character pair with the name of at
least one fact or indicator of that value (办复率达100.00% shares 办复; 公用经费706.18万元 shares nothing
with 人员经费, the only fact worth 706.18万元).
"""

from __future__ import annotations

from assistant.gate.labels import FactLabels, bigrams
from assistant.gate.mentions import Figure

CLAUSE_STOPS = "，。；：、！？\n（）()"
MISATTRIBUTED = "数字与事实不对应"


def clause_of(text: str, start: int, end: int) -> str:
    """The clause around a figure, split on Chinese punctuation and line breaks (a table row is one clause)."""
    left = start
    while left > 0 and text[left - 1] not in CLAUSE_STOPS:
        left -= 1
    right = end
    while right < len(text) and text[right] not in CLAUSE_STOPS:
        right += 1
    return text[left:right]


def attributed(figure: Figure, text: str, labels: FactLabels) -> bool:
    """True when the clause names one of the facts whose value the figure states."""
    if figure.value is None:
        return False
    words = bigrams(clause_of(text, figure.start, figure.end))
    return any(words & names for names in labels.candidates(figure.family, figure.value))
