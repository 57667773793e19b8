"""The shipped profile is well-formed: every template exists and every fact path names a real fact."""

from __future__ import annotations

import pytest

from assistant.facts.schema import field_at
from assistant.profiles import Profile, ProfileError, available_profiles, load_profile


def test_default_profile_outline(profile: Profile) -> None:
    assert [s.id for s in profile.sections] == [
        "overview",
        "budget",
        "assets",
        "performance",
        "problems",
        "measures",
        "results",
    ]
    assert [s.required for s in profile.sections] == [True, True, False, True, True, True, False]


def test_fact_paths_and_templates_exist(profile: Profile) -> None:
    for spec in profile.sections:
        assert (profile.templates_dir / spec.template).is_file(), spec.template
        for path in spec.facts:
            field_at(path)  # raises for a name the model lacks


def test_aliases_match_real_headings(profile: Profile) -> None:
    assert profile.section("performance").matches("单位整体支出绩效情况")
    assert profile.section("overview").matches("部门（单位）基本情况")
    assert profile.section("budget").matches("预算执行情况")
    assert not profile.section("budget").matches("资产管理情况")


def test_unknown_profile_and_section() -> None:
    assert "hunan-department" in available_profiles()
    with pytest.raises(ProfileError, match="没有报告类型"):
        load_profile("no-such-profile")
    with pytest.raises(ProfileError, match="没有章节"):
        load_profile().section("nope")


@pytest.mark.parametrize("profile_id", available_profiles())
def test_every_shipped_profile_has_its_templates_and_real_fact_paths(profile_id: str) -> None:
    shipped = load_profile(profile_id)
    assert shipped.section("budget").money
    for spec in shipped.sections:
        assert (shipped.templates_dir / spec.template).is_file(), (profile_id, spec.template)
        for path in spec.facts:
            field_at(path)


def test_decision_style_chapter_names_are_budget_aliases() -> None:
    for profile_id in available_profiles():
        assert load_profile(profile_id).section("budget").matches("收入支出决算情况"), profile_id
