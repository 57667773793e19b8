"""Which figures a rewritten block must still state, and which sentences carry them in the skeleton.

The skeleton states every numeric fact of a block, so its figures are the checklist. When two facts of a
block share a value (立案提案53件, 办结提案53件), a value alone cannot prove both are present, so each
needs its label near a matching figure. A missing fact is restored from the skeleton clause that carries
it, or from the whole skeleton sentence when none of that sentence's figures survived.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from assistant.gate.allowed import AllowedNumbers
from assistant.gate.mentions import Family, Figure, figures

REQUIRED_FAMILIES: tuple[Family, ...] = ("money", "percent", "count")
SENTENCE_RE = re.compile(r"[^。！？]*(?:[。！？]|$)")
CLAUSE_DELIMS = "，；、：（）()"
CONNECTORS = ("其中：", "其中", "全年共", "全年", "年内", "一年来", "共计", "累计", "另有", "共")
LABEL_WINDOW = 24
LABEL_TAIL = "达为是共计约了"


@dataclass(frozen=True)
class RequiredFact:
    """A figure the skeleton states, with the words around it that say what it counts."""

    family: Family
    value: Decimal
    text: str
    label: str
    clause: str
    sentence: str

    def describe(self) -> str:
        """How the repair prompt and the reports name it: 办结提案53件."""
        return f"{self.label}{self.text}" if self.label and not self.clause.endswith(self.label) else self.clause


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in SENTENCE_RE.finditer(text) if m.group(0).strip()]


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = start
    while left > 0 and text[left - 1] not in CLAUSE_DELIMS + "。！？\n":
        left -= 1
    right = end
    while right < len(text) and text[right] not in CLAUSE_DELIMS + "。！？\n":
        right += 1
    return left, right


def strip_connector(clause: str) -> str:
    for word in CONNECTORS:
        if clause.startswith(word) and len(clause) > len(word):
            return clause[len(word) :]
    return clause


def required_facts(skeleton: str, allowed: AllowedNumbers) -> list[RequiredFact]:
    """The figures of a skeleton block that come from numeric facts (Arabic figures of the facts' families)."""
    sentences = _sentence_spans(skeleton)
    out: list[RequiredFact] = []
    for fig in figures(skeleton):
        if fig.mention.chinese or fig.family not in REQUIRED_FAMILIES or fig.value is None:
            continue
        if not allowed.in_facts(fig):
            continue
        left, right = clause_bounds(skeleton, fig.start, fig.end)
        clause = skeleton[left:right].strip()
        label = strip_connector(skeleton[left : fig.start].strip()).rstrip(LABEL_TAIL)
        s_start, s_end = next(((a, b) for a, b in sentences if a <= fig.start < b), (left, right))
        out.append(RequiredFact(fig.family, fig.value, fig.text, label, clause, skeleton[s_start:s_end].strip()))
    return out


def _common_run(a: str, b: str) -> int:
    """Length of the longest common substring, to tell which of two same-valued facts a figure states."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _matches(required: RequiredFact, fig: Figure) -> bool:
    if fig.value is None or fig.value != required.value:
        return False
    return fig.family == required.family or fig.family == "plain"


def _stems(group: list[RequiredFact]) -> dict[int, str]:
    """Each label without the words all the group's labels share (立案提案, 办结提案 → 立案, 办结), so that
    "立案、办结提案各53件" names both facts; only stems of two characters or more count."""
    labels = [r.label for r in group]
    if len(group) < 2 or not all(labels):
        return {}
    tail = 0
    while tail < min(map(len, labels)) and len({label[len(label) - tail - 1] for label in labels}) == 1:
        tail += 1
    stems = {id(r): r.label[: len(r.label) - tail] for r in group}
    return {key: stem for key, stem in stems.items() if len(stem) >= 2}


def _stated_by(fig: Figure, group: list[RequiredFact], text: str, found: list[Figure]) -> list[RequiredFact]:
    """Facts of one value a figure states: every fact whose label stands before it with no other figure
    in between (面商率、办复率、满意率均达100%), else the one whose label it resembles most."""
    window_start = max(fig.start - LABEL_WINDOW, 0)
    window = text[window_start : fig.start]
    stems = _stems(group)
    named: list[RequiredFact] = []
    for req in group:
        name = req.label
        at = window.rfind(name) if name else len(window)
        if at == -1 and stems.get(id(req)):
            name = stems[id(req)]
            at = window.rfind(name)
        if at == -1:
            continue
        label_end = window_start + at + len(name)
        if not any(label_end <= other.start < fig.start for other in found):
            named.append(req)
    if named:
        return named
    return [max(group, key=lambda r: _common_run(r.label, window))] if group else []


def missing_facts(text: str, required: list[RequiredFact]) -> list[RequiredFact]:
    """The required facts ``text`` no longer states; two facts of equal value need their own mentions."""
    found = figures(text)
    missing: list[RequiredFact] = []
    groups: dict[tuple[Family, Decimal], list[RequiredFact]] = {}
    for req in required:
        groups.setdefault((req.family, req.value), []).append(req)
    for group in groups.values():
        open_facts = list(group)
        for fig in found:
            if open_facts and _matches(group[0], fig):
                for req in _stated_by(fig, open_facts, text, found):
                    open_facts.remove(req)
        missing.extend(open_facts)
    order = {id(r): i for i, r in enumerate(required)}
    return sorted(missing, key=lambda r: order[id(r)])
