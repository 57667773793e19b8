"""The fact gate: no figure, name or evaluation reaches a draft unless it comes from the facts, and no required
fact or detail is lost."""

from __future__ import annotations

from assistant.facts.model import Facts
from assistant.gate.allowed import AllowedNumbers, FactFigure, build_allowed, fact_figures, fact_texts
from assistant.gate.claims import ClaimScope, ClaimVerdict, UnsupportedClaim, claim_scope
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


def names_scope(facts: Facts, profile: Profile) -> list[str]:
    """Where a name in any text of this unit's report may come from: every fact text, the skeleton report
    (its headings and fixed wording) and the title."""
    report, _ = SkeletonDrafter(facts, profile).report()
    return [*fact_texts(facts), *(s.text() for s in report.sections), *(p.text for p in report.preamble), report.title]


def claims_text(text: str, facts: Facts, profile: Profile, section_id: str | None = None) -> ClaimVerdict:
    """The claims gate on any text of one unit's report: names from anywhere in the facts; with ``section_id``
    evaluations must rest on that section's skeleton and its details must all be kept, without it only names
    and evaluations that no fact text states are reported."""
    names = names_scope(facts, profile)
    if section_id is None:
        return claim_scope(names, names, keep="").check(text)
    skeleton = SkeletonDrafter(facts, profile).section(profile.section(section_id)).section.text()
    return claim_scope(names, [skeleton]).check(text)


__all__ = [
    "AllowedNumbers",
    "ClaimScope",
    "ClaimVerdict",
    "FactFigure",
    "Figure",
    "GateVerdict",
    "RequiredFact",
    "UnsupportedClaim",
    "UnsupportedNumber",
    "build_allowed",
    "check",
    "claim_scope",
    "claims_text",
    "fact_figures",
    "fact_texts",
    "figures",
    "gate_text",
    "missing_facts",
    "names_scope",
    "required_facts",
]
