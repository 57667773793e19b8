"""Which report type a report is: the profile whose outline its chapters fit best.

Provinces lay the same report out differently (Hunan's 部门概况 first, Hubei's 自评结论 first, Yunnan's
综合评价结论 and 附件 tables), and judging a Hubei report by the Hunan outline reports its conclusion as
an unknown chapter and its layout as wrong. So unless the user names a profile, each shipped profile is
scored on the report's body: one point per profile section found, one more when the report opens with
the profile's first section, minus one per required section missing. Ties go to the default profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from assistant.profiles import DEFAULT_PROFILE, Profile, available_profiles, load_profile
from assistant.profiles.model import normalise_heading
from assistant.report.model import Report


@dataclass(frozen=True)
class _Spec:
    id: str
    names: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class _Headings:
    """A report's headings as the chooser compares them: bare titles joined (chapters, and the second level,
    where a chapter folded into another is found: Yunnan's （三）部门整体收支情况), and profile ids if drafted."""

    tops: str
    nested: str
    first: str
    ids: frozenset[str]


@cache
def _profiles() -> tuple[tuple[Profile, tuple[_Spec, ...]], ...]:
    """The shipped profiles, the default first (it wins ties), with their bare section names."""
    ids = sorted(available_profiles(), key=lambda p: (p != DEFAULT_PROFILE, p))
    profiles = [load_profile(p) for p in ids]
    return tuple((profile, tuple(_Spec(s.id, s.names, s.required) for s in profile.sections)) for profile in profiles)


def _headings(report: Report) -> _Headings:
    tops = [normalise_heading(s.title) for s in report.sections]
    nested = [normalise_heading(s.title) for top in report.sections for s in top.children]
    ids = frozenset(s.section_id for s in report.walk() if s.section_id is not None)
    return _Headings("\n".join(tops), "\n".join(nested), tops[0] if tops else "", ids)


def _found(spec: _Spec, text: str) -> bool:
    """``SectionSpec.matches`` over every heading at once (the headings joined by line breaks)."""
    return any(name in text for name in spec.names)


def _fit(headings: _Headings, specs: tuple[_Spec, ...]) -> int:
    score = 0
    for spec in specs:
        if spec.id in headings.ids or _found(spec, headings.tops) or _found(spec, headings.nested):
            score += 1
        elif spec.required:
            score -= 1
    if specs and headings.first and _found(specs[0], headings.first):
        score += 1
    return score


def choose_profile(body: Report) -> Profile:
    """The shipped profile whose outline fits the report's body best (the default on a tie)."""
    headings = _headings(body)
    return max(_profiles(), key=lambda entry: _fit(headings, entry[1]))[0]
