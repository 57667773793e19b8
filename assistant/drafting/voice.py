"""The voice of a kind of unit in the drafting prompts: its words, style notes and worked rewrites.

A 人大常委会机关 writes about 代表建议 and 执法检查, an 教育局 about 学位 and 资助; a small model writes in
whatever register its prompt shows it, so the prompts carry the unit's own kind (``assistant/unit_types/``).
When the kind is unknown, the common file's words and examples stand in. Adding a kind, or examples for one,
is editing a YAML file there.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.facts.model import Facts
from assistant.unit_types import RewriteExample, UnitType, unit_types


@dataclass(frozen=True)
class Voice:
    kind: str
    vocabulary: tuple[str, ...]
    notes: tuple[str, ...]
    examples: tuple[RewriteExample, ...]
    fallback: tuple[RewriteExample, ...] = ()
    """The common examples, for a section the kind has none for."""

    def examples_for(self, section_id: str) -> tuple[RewriteExample, ...]:
        own = tuple(e for e in self.examples if section_id in e.sections)
        return own or tuple(e for e in self.fallback if section_id in e.sections)


def voice_of_kind(kind: UnitType | None, common: UnitType) -> Voice:
    """The kind's words and examples with the common notes; the common part alone when the kind is unknown."""
    if kind is None:
        return Voice("机关单位", common.vocabulary, common.notes, common.examples)
    return Voice(kind.name, kind.vocabulary, common.notes + kind.notes, kind.examples, common.examples)


def voice_of(facts: Facts) -> Voice:
    return voice_of_kind(facts.unit_type, unit_types().common)
