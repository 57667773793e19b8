"""One unit's facts under one report type, with what the gate derives from them made once.

Drafting a section, editing one, gating a text, checking the figures of a finished report and explaining a
figure the gate took out all stand on the same things: the skeleton drafter (its indicators and template
environment), the skeleton itself, the allowed numbers and the named figures. A ``FactBasis`` builds each of
them once, on first use, for as long as the facts stay the same; it is what drafting and export take instead
of (facts, profile), so no operation rebuilds them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cached_property

from assistant.facts.model import Facts
from assistant.gate.allowed import AllowedNumbers, build_allowed, fact_texts
from assistant.gate.claims import ClaimVerdict, claim_scope
from assistant.gate.required import required_facts
from assistant.gate.truth import NamedFigure, explain_unsupported, named_figures
from assistant.gate.verdict import GateVerdict, UnsupportedNumber, check
from assistant.indicators import Indicator
from assistant.profiles.model import Profile
from assistant.report.model import Report, Section, renumber
from assistant.skeleton import SectionDraft, SkeletonDrafter


@dataclass(frozen=True, eq=False)
class FactBasis:
    """Immutable: the facts are copied when the basis is made, so a later edit of the caller's facts cannot
    make its derived figures disagree with them (make a new basis for new facts)."""

    facts: Facts
    profile: Profile
    _drafts: dict[str, SectionDraft] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "facts", self.facts.model_copy(deep=True))

    @cached_property
    def drafter(self) -> SkeletonDrafter:
        return SkeletonDrafter(self.facts, self.profile)

    @property
    def indicators(self) -> dict[str, Indicator]:
        return self.drafter.indicators

    @cached_property
    def skeleton(self) -> Report:
        """The whole model-free draft, numbered: the sections drafted once for ``section_draft``, copied."""
        sections = [copy.deepcopy(self.section_skeleton(spec.id)) for spec in self.profile.sections]
        report = Report(title=self.drafter.title(), preamble=self.drafter.preamble(), sections=sections)
        renumber(report.sections)
        return report

    def section_draft(self, section_id: str) -> SectionDraft:
        """The skeleton of one section (unnumbered) and the required facts it could not state."""
        if section_id not in self._drafts:
            self._drafts[section_id] = self.drafter.section(self.profile.section(section_id))
        return self._drafts[section_id]

    def section_skeleton(self, section_id: str) -> Section:
        return self.section_draft(section_id).section

    @cached_property
    def numbers(self) -> AllowedNumbers:
        """Every figure of the facts and indicators with the names that may stand beside it, and no text yet to
        quote numbers from: ``scoped`` gives it the texts a judged text may quote (reading texts costs, with
        4.9 MB of facts, seconds, so each scope is read once and only when asked for)."""
        return build_allowed(self.facts, self.profile, ())

    @cached_property
    def report_allowed(self) -> AllowedNumbers:
        """What a whole report may contain: quoted numbers from the fact texts and the skeleton's wording."""
        return self.numbers.scoped(self.report_scope)

    @cached_property
    def report_scope(self) -> tuple[str, ...]:
        """Texts a whole report may quote numbers from: the fact texts and the skeleton's own wording."""
        skeleton = self.skeleton
        return (*fact_texts(self.facts), *(s.text() for s in skeleton.sections), skeleton.title)

    @cached_property
    def named(self) -> list[NamedFigure]:
        return named_figures(self.facts, self.indicators.values())

    def gate(self, text: str, section_id: str | None = None) -> GateVerdict:
        """Judge any text against the facts.

        Without ``section_id`` numbers quoted from any fact text or the skeleton are allowed and nothing is
        required; with it, quoted numbers must come from that section's skeleton and its figures must all
        be stated.
        """
        if section_id is None:
            return check(text, self.report_allowed)
        skeleton = self.section_skeleton(section_id).text()
        allowed = self.numbers.scoped([skeleton])
        return check(text, allowed, required_facts(skeleton, allowed))

    @cached_property
    def names(self) -> list[str]:
        """Where a name in any text of this unit's report may come from: every fact text, the skeleton
        (its headings and fixed wording) and the title."""
        report = self.skeleton
        sections = (s.text() for s in report.sections)
        return [*fact_texts(self.facts), *sections, *(p.text for p in report.preamble), report.title]

    def claims(self, text: str, section_id: str | None = None) -> ClaimVerdict:
        """The claims gate on any text of this report: names from anywhere in the facts; with ``section_id``
        evaluations must rest on that section's skeleton and its details must all be kept, without it only
        names and evaluations that no fact text states are reported."""
        if section_id is None:
            return claim_scope(self.names, self.names, keep="").check(text)
        return claim_scope(self.names, [self.section_skeleton(section_id).text()]).check(text)

    def explain(self, found: UnsupportedNumber) -> str:
        """Why the gate took ``found`` out, naming the fact's true value when its sentence names one."""
        return explain_unsupported(found, self.named)
