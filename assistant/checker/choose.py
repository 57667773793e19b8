"""Which report type a report is: the profile whose outline its chapters fit best.

Provinces lay the same report out differently (Hunan's 部门概况 first, Hubei's 自评结论 first, Yunnan's
综合评价结论 and 附件 tables), and judging a Hubei report by the Hunan outline reports its conclusion as
an unknown chapter and its layout as wrong. So unless the user names a profile, each shipped profile is
scored on the report's body: one point per profile section found, one more when the report opens with
the profile's first section, minus one per required section missing. Ties go to the default profile.
"""

from __future__ import annotations

from functools import cache

from assistant.checker.document import find_sections, spec_matches
from assistant.profiles import DEFAULT_PROFILE, Profile, available_profiles, load_profile
from assistant.report.model import Report


@cache
def _profiles() -> tuple[Profile, ...]:
    """The shipped profiles, the default first (it wins ties)."""
    ids = sorted(available_profiles(), key=lambda p: (p != DEFAULT_PROFILE, p))
    return tuple(load_profile(p) for p in ids)


def fit(report: Report, profile: Profile) -> int:
    """How well ``report``'s chapters fit ``profile``'s outline (higher is better)."""
    score = 0
    for spec in profile.sections:
        if find_sections(report, spec):
            score += 1
        elif spec.required:
            score -= 1
    if report.sections and profile.sections and spec_matches(profile.sections[0], report.sections[0]):
        score += 1
    return score


def choose_profile(body: Report) -> Profile:
    """The shipped profile whose outline fits the report's body best (the default on a tie)."""
    profiles = _profiles()
    return max(profiles, key=lambda p: fit(body, p))
