"""The fact gate: no figure reaches a draft unless it comes from the facts, and no required fact is lost."""

from __future__ import annotations

from assistant.facts.model import Facts
from assistant.gate.allowed import AllowedNumbers, FactFigure, build_allowed, fact_figures, fact_texts
from assistant.gate.mentions import Figure, figures
from assistant.gate.required import RequiredFact, missing_facts, required_facts
from assistant.gate.verdict import GateVerdict, UnsupportedNumber, check
from assistant.profiles.model import Profile
from assistant.skeleton import SkeletonDrafter


def gate_text(text: str, facts: Facts, profile: Profile, section_id: str | None = None) -> GateVerdict:
    """Judge any text against one unit's facts.

    Without ``section_id`` numbers quoted from any fact text are allowed and nothing is required; with
    it, quoted numbers must come from that section's facts and the section's figures must all be stated.
    """
    drafter = SkeletonDrafter(facts, profile)
    if section_id is None:
        report, _ = drafter.report()
        scope = [*fact_texts(facts), *(s.text() for s in report.sections), report.title]
        return check(text, build_allowed(facts, profile, scope))
    skeleton = drafter.section(profile.section(section_id)).section.text()
    allowed = build_allowed(facts, profile, [skeleton])
    return check(text, allowed, required_facts(skeleton, allowed))


__all__ = [
    "AllowedNumbers",
    "FactFigure",
    "Figure",
    "GateVerdict",
    "RequiredFact",
    "UnsupportedNumber",
    "build_allowed",
    "check",
    "fact_figures",
    "fact_texts",
    "figures",
    "gate_text",
    "missing_facts",
    "required_facts",
]
