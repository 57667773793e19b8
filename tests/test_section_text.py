"""Section texts as the app stores them, and the whole report assembled from them for check and export."""

from __future__ import annotations

import pytest

from assistant.checker import check_report
from assistant.drafting.section_text import PREAMBLE_ID, assemble_report, parse_body, section_body
from assistant.facts import Facts
from assistant.gate import FactBasis
from assistant.profiles import Profile
from assistant.report import render
from assistant.skeleton import SkeletonDrafter


@pytest.fixture
def texts(example_facts: Facts, profile: Profile) -> dict[str, str]:
    report, _ = SkeletonDrafter(example_facts, profile).report()
    out = {s.section_id or "": section_body(s) for s in report.sections}
    out[PREAMBLE_ID] = "\n".join(p.text for p in report.preamble)
    return out


def test_section_text_round_trips(example_facts: Facts, profile: Profile, texts: dict[str, str]) -> None:
    for spec in profile.sections:
        section = parse_body(texts[spec.id], spec.heading)
        assert section is not None and section_body(section) == texts[spec.id]
    assert "（一）主要职能职责" in texts["overview"].splitlines()
    assert any(line.startswith("1.基本支出。") for line in texts["budget"].splitlines())
    assert parse_body("一段。\n二、另起一章", "部门概况") is None


def test_assembled_report_is_the_skeleton_report(example_facts: Facts, profile: Profile, texts: dict[str, str]) -> None:
    skeleton, _ = SkeletonDrafter(example_facts, profile).report()
    assembled = assemble_report(FactBasis(example_facts, profile), texts)
    assert render(assembled.report) == render(skeleton)
    assert [s.section_id for s in assembled.report.sections] == [s.id for s in profile.sections]
    assert check_report(assembled.report, profile) == []


def test_numbering_stays_continuous_and_lines_map_back(
    example_facts: Facts, profile: Profile, texts: dict[str, str]
) -> None:
    del texts["assets"]
    texts["measures"] += "\n其它工作截止目前完成。"
    assembled = assemble_report(FactBasis(example_facts, profile), texts)
    numbers = [s.number for s in assembled.report.sections]
    assert numbers == ["一、", "二、", "三、", "四、", "五、", "六、"]
    lines = assembled.text.splitlines()
    assert lines[assembled.starts["performance"] - 1] == "三、部门整体支出绩效情况"
    slip = next(i for i, line in enumerate(lines, start=1) if line.startswith("其它"))
    assert assembled.section_at(slip) == "measures"
    assert assembled.section_at(1) is None
    findings = check_report(assembled.report, profile)
    assert {f.section_id for f in findings if f.rule.startswith("wording")} == {"measures"}


def test_split_gives_back_each_section(example_facts: Facts, profile: Profile, texts: dict[str, str]) -> None:
    assembled = assemble_report(FactBasis(example_facts, profile), texts)
    assert assembled.split(assembled.text) == texts
    assert assembled.split(assembled.text + "多出的一行\n") is None
