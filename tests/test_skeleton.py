"""The skeleton draft states every fact, invents no number, and marks what is missing."""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.facts import Facts
from assistant.facts.paths import numeric_facts
from assistant.indicators import compute_indicators
from assistant.numbers import find_arabic_numbers
from assistant.profiles import Profile
from assistant.report import Report, render
from assistant.skeleton import SkeletonDrafter


def draft(facts: Facts, profile: Profile) -> tuple[Report, str]:
    report, _ = SkeletonDrafter(facts, profile).report()
    return report, render(report)


def allowed_numbers(facts: Facts) -> set[Decimal]:
    """Numbers a draft may state: numeric facts, numbers inside fact texts, indicators (and their size)."""
    allowed = {value for _, value in numeric_facts(facts)}
    texts = facts.model_dump_json()
    allowed |= {m.value for m in find_arabic_numbers(texts)}
    for indicator in compute_indicators(facts):
        allowed |= {indicator.value, abs(indicator.value)}
    return allowed


def test_every_section_of_the_profile_is_drafted(example_facts: Facts, profile: Profile) -> None:
    report, text = draft(example_facts, profile)
    assert [s.section_id for s in report.sections] == [s.id for s in profile.sections]
    for number, spec in zip("一二三四五六七", profile.sections, strict=True):
        assert f"## {number}、{spec.heading}" in text


def test_no_number_that_is_not_a_fact(example_facts: Facts, profile: Profile) -> None:
    _, text = draft(example_facts, profile)
    allowed = allowed_numbers(example_facts)
    stray = [m.text for m in find_arabic_numbers(text) if m.value not in allowed]
    assert stray == []


def test_every_numeric_fact_appears(example_facts: Facts, profile: Profile) -> None:
    _, text = draft(example_facts, profile)
    stated = {m.value for m in find_arabic_numbers(text)}
    absent = [path for path, value in numeric_facts(example_facts) if value not in stated]
    assert absent == []


def test_numbers_follow_gbt_15835(example_facts: Facts, profile: Profile) -> None:
    _, text = draft(example_facts, profile)
    assert "706.18万元" in text
    assert "0.00万元" in text  # 因公出国（境）费 stays visible even when zero
    assert "预算执行率为97.93%" in text
    assert "办复率达100.00%" in text
    assert "立案提案53件" in text
    assert re.search(r"\d万元", text) and not re.search(r"\d+\.\d万元|\d+\.\d{3,}万元", text)


def test_complete_facts_leave_no_marker(example_facts: Facts, profile: Profile) -> None:
    _, drafts = SkeletonDrafter(example_facts, profile).report()
    _, text = draft(example_facts, profile)
    assert "【待补充" not in text
    assert all(not d.missing for d in drafts)


def test_headings_are_numbered_continuously(example_facts: Facts, profile: Profile) -> None:
    report, text = draft(example_facts, profile)
    performance = next(s for s in report.sections if s.section_id == "performance")
    assert [c.number for c in performance.children] == ["（一）", "（二）", "（三）"]
    assert [c.number for c in performance.children[1].children] == ["1.", "2.", "3."]
    assert "2.提案办理汇合力。完善提案办理协商机制" in text  # level 3 runs into its paragraph


def test_budget_table(example_facts: Facts, profile: Profile) -> None:
    report, _ = draft(example_facts, profile)
    budget = next(s for s in report.sections if s.section_id == "budget")
    rows = {row[0]: row[1:] for row in budget.tables[0].rows}
    assert rows["支出合计"] == ["1310.20", "1283.08", "97.93%"]
    assert rows["“三公”经费"] == ["18.00", "12.46", "69.22%"]


def test_seed_in_profile_outline_with_markers(seed_facts: Facts, profile: Profile) -> None:
    report, text = draft(seed_facts, profile)
    budget = next(s for s in report.sections if s.section_id == "budget")
    assert "【待补充：收入合计】" in budget.text()
    assert "【待补充：人员经费】" in budget.text()
    assert not budget.tables  # no figures, no table of dashes
    assert "【待补充：编制数】" in text
    # The seed's own content, in the profile's outline.
    assert "（一）坚持党的领导，全面加强思想政治引领" in text
    assert "立案提案53件" in text and "确定重点提案8件" in text
    assert "四届六次全会和五届一次全会" in text
    assert "（二）绩效评价指标体系建设需进一步完善" in text
    assert "委员服务中心" in text


def test_seed_invents_no_number(seed_facts: Facts, profile: Profile) -> None:
    _, text = draft(seed_facts, profile)
    allowed = allowed_numbers(seed_facts)
    assert [m.text for m in find_arabic_numbers(text) if m.value not in allowed] == []


def test_missing_facts_are_listed_per_section(seed_facts: Facts, profile: Profile) -> None:
    _, drafts = SkeletonDrafter(seed_facts, profile).report()
    missing = {d.spec.id: d.missing for d in drafts}
    assert "预算.收入.合计" in missing["budget"]
    assert missing["performance"] == []


def test_fewer_measures_than_problems_is_marked(example_facts: Facts, profile: Profile) -> None:
    facts = example_facts.model_copy(update={"measures": example_facts.measures[:1]})
    _, text = draft(facts, profile)
    assert "【待补充：针对其余问题的改进措施" in text


def test_openings_vary(example_facts: Facts, profile: Profile) -> None:
    _, text = draft(example_facts, profile)
    assert "究其原因" in text and "主要原因是" in text and "分析原因" in text
