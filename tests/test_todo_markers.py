"""A 【待补充：…】 marker leads to the fact it stands for: every marker the skeleton writes for an empty
report, in each profile, names a field of the facts model that is indeed empty."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting.section_text import skeleton_text
from assistant.drafting.todo import fact_of_marker, markers
from assistant.facts import load_facts
from assistant.facts.model import Facts
from assistant.facts.paths import is_missing
from assistant.gate import FactBasis
from assistant.profiles import load_profile

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("label", "section_id", "path"),
    [
        ("编制数", "overview", "人员编制.编制数"),
        ("收入合计", "budget", "预算.收入.合计"),
        ("支出合计", "budget", "预算.支出.合计"),
        ("基本支出合计", "budget", "预算.支出.基本支出.合计"),
        ("三公经费预算数", "budget", "预算.三公经费.预算数"),
        ("全年预算数", "budget", "预算.支出.全年预算数"),
        ("自评得分", "results", "自评结果.得分"),
        ("评价等级", "results", "自评结果.等级"),
        ("自评结果公开情况", "results", "结果应用.公开"),
        ("职能职责", "overview", "职能职责"),
    ],
)
def test_a_marker_names_its_fact(label: str, section_id: str, path: str) -> None:
    assert fact_of_marker(label, load_profile(), section_id) == path


@pytest.mark.parametrize("profile_id", ["hunan-department", "hubei-department", "yunnan-department"])
@pytest.mark.parametrize("facts", [Facts(), load_facts(ROOT / "facts" / "seed-2021.yaml")], ids=["empty", "seed"])
def test_every_marker_of_a_thin_report_leads_to_an_empty_field(profile_id: str, facts: Facts) -> None:
    profile = load_profile(profile_id)
    seen = 0
    for spec in profile.sections:
        for label in markers(skeleton_text(FactBasis(facts, profile), spec.id)):
            path = fact_of_marker(label, profile, spec.id)
            assert path is not None, label
            assert is_missing(facts, path), (label, path)
            seen += 1
    assert seen >= 3


def test_markers_are_read_once_each_in_order() -> None:
    text = "编制【待补充：编制数】名，实有【待补充：实有人数】人；另【待补充：编制数】。【待补充】"
    assert markers(text) == ["编制数", "实有人数"]
