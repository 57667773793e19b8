"""One heading matcher for the whole engine, and findings about a section that say which section.

The checker and the app used to disagree: the checker read a heading by containment, the profile by exact
match, so for "部门整体支出管理及使用情况分析" the checker found the money section and the app did not.
"""

from __future__ import annotations

import pytest

from assistant.checker import check_report
from assistant.checker.document import find_sections
from assistant.context import ReportContext
from assistant.facts import Facts
from assistant.importers import parse_text
from assistant.profiles import Profile

LONGER_HEADINGS = [
    ("budget", "部门整体支出管理及使用情况分析"),
    ("overview", "部门（单位）基本情况概述"),
    ("problems", "存在的主要问题及原因分析："),
    ("measures", "下一步改进措施和 有关建议"),
]


@pytest.mark.parametrize(("section_id", "heading"), LONGER_HEADINGS)
def test_profile_and_checker_read_a_heading_alike(profile: Profile, section_id: str, heading: str) -> None:
    report = parse_text(f"某单位2023年度部门整体支出绩效自评报告\n一、{heading}\n正文一段，支出100.00万元。\n")
    spec = profile.section(section_id)
    assert [s.title for s in find_sections(report, spec)] == [report.sections[0].title]
    assert spec.matches(report.sections[0].title)


def test_a_heading_that_names_nothing_matches_nothing(profile: Profile) -> None:
    assert not any(spec.matches("附件：佐证材料清单") for spec in profile.sections)


@pytest.mark.parametrize(
    "outline",
    [
        ["部门概况", "资产管理情况", "部门整体支出绩效情况"],
        ["单位基本情况", "国有资产管理情况"],
    ],
)
def test_a_missing_section_finding_names_the_section(profile: Profile, outline: list[str]) -> None:
    body = "\n".join(f"{n}、{h}\n本节正文，金额100.00万元。" for n, h in zip("一二三四五", outline, strict=False))
    findings = check_report(parse_text(f"某单位2023年度部门整体支出绩效自评报告\n{body}\n"), profile)
    missing = [f for f in findings if f.rule in ("required.section", "required.recommended-section")]
    assert missing
    assert {f.section_id for f in missing} >= {"budget"}
    for finding in missing:
        assert finding.section_id is not None
        assert profile.section(finding.section_id).heading in finding.message


def test_the_app_places_a_missing_section_by_its_id_not_its_message(example_facts: Facts, profile: Profile) -> None:
    """Rewording a rule's message in rules.yaml must not break the app's jump to the section."""
    context = ReportContext(example_facts, profile)
    texts = {spec.id: context.skeleton_text(spec.id) for spec in profile.sections if spec.id != "budget"}
    checked = context.check(texts)
    [missing] = [f for f in checked.findings if f.rule == "required.section"]
    assert checked.section_of(missing) == "budget"
    reworded = missing.model_copy(update={"message": "缺少一章"})
    assert checked.section_of(reworded) == "budget"
    assert missing in checked.by_section()["budget"]
