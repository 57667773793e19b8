"""Rule-based extraction: every Arabic number with its unit and the words that say what it counts.

Staff paste notes like "今年共立案53件提案，重点提案8件，办复率、满意率均达100%". Each clause is read left
to right: the words before a number (minus filler such as 今年/共/达) are its label, and a short verb label
("立案") takes the noun after the unit ("提案"). Nothing is guessed: a number without a unit, a date or a year
is skipped, and every proposal waits for a person to confirm it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.extract.proposal import Lexicon, ProposedFact, load_lexicon
from assistant.numbers import find_arabic_numbers
from assistant.unit_types import UnitType

CLAUSE_SPLIT = re.compile(r"[，。；;,！!？?\n]+")
EDGE_PUNCT = "　 \t：:、“”\"'‘’（(）)·-—"
DATE_UNITS = {"年", "月", "日", "", "余"}
VERB_ENDINGS = ("立案", "召开", "开展", "组织", "举办", "完成", "办结", "确定", "收到", "培训", "接待", "撰写", "提交")
SHARED_VALUE = ("均达到", "均达", "均为", "均", "都达到", "都达", "都")
AFTER_STOP = re.compile(r"[、和及与]")
MAX_LABEL = 16
MAX_TAIL = 6


def _strip_words(label: str, lexicon: Lexicon) -> str:
    changed = True
    while changed:
        changed = False
        label = label.strip(EDGE_PUNCT)
        for word in lexicon.leading:
            if label.startswith(word) and len(label) > len(word):
                label, changed = label[len(word) :], True
        for word in lexicon.trailing:
            if label.endswith(word) and len(label) > len(word):
                label, changed = label[: -len(word)], True
    return label.replace("了", "")


def _labels(before: str, after: str, lexicon: Lexicon) -> list[str]:
    """The label or labels (for "办复率、满意率均达100%") a number belongs to."""
    raw = before.strip(EDGE_PUNCT)
    shared = next((w for w in SHARED_VALUE if raw.endswith(w)), None)
    if shared and "、" in raw:
        parts = [_strip_words(p, lexicon) for p in raw[: -len(shared)].split("、")]
        return [p for p in parts if p]
    label = _strip_words(raw, lexicon)
    tail = AFTER_STOP.split(after.strip(EDGE_PUNCT), maxsplit=1)[0]
    if tail and len(tail) <= MAX_TAIL and (len(label) <= 3 or label.endswith(VERB_ENDINGS)):
        label += tail
    return [label[-MAX_LABEL:]] if label else []


def _is_date(value: Decimal, unit: str) -> bool:
    return unit in DATE_UNITS or (unit == "" and value == value.to_integral_value() and 1900 <= value <= 2100)


def extract_facts(notes: str, kind: UnitType | None = None) -> list[ProposedFact]:
    """Proposed facts found in ``notes``, in reading order, each once; 指标 named in the terms of ``kind``."""
    lexicon = load_lexicon(kind)
    found: list[ProposedFact] = []
    seen: set[tuple[str, Decimal, str]] = set()
    for clause in CLAUSE_SPLIT.split(notes):
        mentions = find_arabic_numbers(clause)
        previous_end = 0
        for i, mention in enumerate(mentions):
            before = clause[previous_end : mention.start]
            next_start = mentions[i + 1].start if i + 1 < len(mentions) else len(clause)
            after = clause[mention.end : next_start]
            previous_end = mention.end
            if _is_date(mention.value, mention.unit):
                continue
            for label in _labels(before, after, lexicon):
                proposal = lexicon.classify(label, mention.value, mention.unit, clause.strip())
                ident = (proposal.label, proposal.value, proposal.unit)
                if ident not in seen:
                    seen.add(ident)
                    found.append(proposal)
    return found
