"""The seed report (衡阳市蒸湘区政协机关, 2021): every finding the checker reports on it, each with its reason.

REPORT-TYPE.md lists what the seed gets wrong; each must be found once, and nothing else may be reported
at error level. The few warnings and the info beyond that list are real gaps, named here with why.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from assistant.checker import Finding, check_file

SEED = Path(__file__).parent / "data" / "reports" / "seed-2021.txt"
"""A copy of /work/shared/seeds/000_af78986763f59c3a.txt, so the test does not depend on the machine."""

EXPECTED: list[tuple[str, int | None, str, str]] = [
    # (rule, line, a word the message must contain, why it is a real problem)
    ("structure.gap", 51, "四、", "一级序号从“三、”跳到“五、”，没有“四、”（“六、”不再另报）"),
    ("structure.mixed-markers", 27, "“1．”4处", "三级序号混用“1．”“1.”“1、”，整篇只报一次"),
    ("required.section", None, "部门整体支出管理及使用情况", "没有写预算收支金额的章节：财政局提纲的必备部分"),
    ("wording.lexicon", 32, "截止", "“截止目前”应为“截至目前”"),
    ("wording.lexicon", 27, "其它", "“其它”应为“其他”"),
    ("wording.relative-time", 32, "今年", "“今年”在2021年度报告中应写作“2021年”"),
    ("required.facts", 5, "职能职责、实有人数", "部门概况写了机构和编制，但没有职能职责和实有人数"),
    ("required.recommended-section", None, "绩效自评结果拟应用和公开情况", "提纲建议的第七部分（结果应用和公开）缺失"),
]


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    return check_file(SEED).findings


def test_every_expected_finding_once_and_nothing_else(findings: list[Finding]) -> None:
    found = sorted((f.rule, f.line or 0) for f in findings)
    expected = sorted((rule, line or 0) for rule, line, _, _ in EXPECTED)
    assert found == expected


@pytest.mark.parametrize(("rule", "line", "word", "reason"), EXPECTED, ids=[e[3] for e in EXPECTED])
def test_expected_finding(findings: list[Finding], rule: str, line: int | None, word: str, reason: str) -> None:
    matching = [f for f in findings if f.rule == rule and f.line == line and word in f.message]
    assert len(matching) == 1, reason


def test_only_the_gap_and_the_missing_budget_section_are_errors(findings: list[Finding]) -> None:
    assert sorted(f.rule for f in findings if f.severity == "error") == ["required.section", "structure.gap"]


def test_six_after_five_is_not_a_second_gap(findings: list[Finding]) -> None:
    assert [f.line for f in findings if f.category == "structure" and f.rule != "structure.mixed-markers"] == [51]


def test_full_width_markers_are_part_of_the_one_mixed_marker_finding(findings: list[Finding]) -> None:
    mixed = [f for f in findings if f.rule == "structure.mixed-markers"]
    assert len(mixed) == 1
    assert "“1．”" in mixed[0].message and "“1.”" in mixed[0].message and "“1、”" in mixed[0].message
    assert not [f for f in findings if f.rule.startswith("punctuation.")]


def test_findings_know_their_section(findings: list[Finding]) -> None:
    by_rule = {f.rule: f for f in findings}
    assert by_rule["structure.gap"].section_id == "problems"
    assert by_rule["wording.relative-time"].section == "4．提案办理汇合力"
    assert by_rule["wording.relative-time"].section_id == "performance"


def test_the_seed_as_docx_gives_the_same_findings_by_paragraph(tmp_path: Path, findings: list[Finding]) -> None:
    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "seed.docx"
    document.save(str(path))
    from_docx = check_file(path).findings
    assert [(f.rule, f.line, f.message) for f in from_docx] == [(f.rule, f.line, f.message) for f in findings]
