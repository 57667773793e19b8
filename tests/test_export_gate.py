"""The export gate: the .docx is refused while the checker finds errors, drafts are written anyway."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document

from assistant.checker import Finding
from assistant.export import FORCED_STATUS, ExportBlocked, ExportError, export_report
from assistant.export import gate as gate_module
from assistant.export.gate import override_note, unit_of
from assistant.facts import Facts
from assistant.gate import FactBasis
from assistant.profiles import Profile, load_profile
from assistant.report import Paragraph, Report, Section, render
from assistant.skeleton import SkeletonDrafter
from assistant.skeleton.drafter import todo


def finding(severity: str, rule: str = "placeholder", message: str = "报告中有未填写的占位符") -> Finding:
    return Finding(
        rule=rule,
        category="placeholder",
        severity=severity,
        message=message,
        line=3,
        excerpt="【待补充：编制数】",
        fix=None,
    )


@pytest.fixture
def report() -> Report:
    return Report(
        title="某某区财政局2023年度部门整体支出绩效自评报告",
        sections=[Section(level=1, number="一、", title="部门概况", paragraphs=[Paragraph(text="本局编制20名。")])],
    )


@pytest.fixture
def two_errors(monkeypatch: pytest.MonkeyPatch) -> list[Finding]:
    found = [finding("error"), finding("error", rule="numbering-skip", message="一级标题序号跳号"), finding("warning")]
    monkeypatch.setattr(gate_module, "check_with_profile", lambda report, profile=None: (load_profile(), found))
    return found


def test_docx_is_refused_while_errors_remain(report: Report, tmp_path: Path, two_errors: list[Finding]) -> None:
    path = tmp_path / "r.docx"
    with pytest.raises(ExportBlocked) as blocked:
        export_report(report, path)
    assert not path.exists()
    assert [f.rule for f in blocked.value.findings] == ["placeholder", "numbering-skip"]
    message = str(blocked.value)
    assert "检查发现 2 处错误" in message
    assert "第 3 行：报告中有未填写的占位符（“【待补充：编制数】”）" in message
    assert "一级标题序号跳号" in message


def test_forced_export_is_written_and_recorded_in_the_properties(
    report: Report, tmp_path: Path, two_errors: list[Finding]
) -> None:
    path = tmp_path / "r.docx"
    result = export_report(report, path, force=True)
    assert result.forced
    assert len(result.errors) == 2
    props = Document(str(path)).core_properties
    assert props.content_status == FORCED_STATUS
    assert props.comments.startswith(FORCED_STATUS)
    assert "检查发现 2 处错误未改正（placeholder 1 处，numbering-skip 1 处）" in props.comments


def test_override_note_fits_a_core_property() -> None:
    errors = [finding("error", rule=f"rule.number-{i}") for i in range(40)]
    note = override_note(errors)
    assert len(note) == 255
    assert note.endswith("…）")
    assert "40 处错误" in note


def test_clean_export_records_no_override(report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        gate_module, "check_with_profile", lambda report, profile=None: (load_profile(), [finding("warning")])
    )
    path = tmp_path / "r.docx"
    result = export_report(report, path, force=True)
    assert not result.forced
    props = Document(str(path)).core_properties
    assert props.content_status == ""
    assert props.comments == ""


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_drafts_are_written_anyway_with_their_findings(
    report: Report, tmp_path: Path, two_errors: list[Finding], suffix: str
) -> None:
    path = tmp_path / f"r{suffix}"
    result = export_report(report, path)
    assert path.read_text(encoding="utf-8") == render(report, markdown=suffix == ".md")
    assert result.findings == two_errors
    assert not result.forced


def test_unknown_format_is_refused(report: Report, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"不支持的导出格式“\.pdf”"):
        export_report(report, tmp_path / "r.pdf")


def test_example_report_passes_the_real_checker(example_facts: Facts, profile: Profile, tmp_path: Path) -> None:
    report, _ = SkeletonDrafter(example_facts, profile).report()
    path = tmp_path / "r.docx"
    result = export_report(report, path, basis=FactBasis(example_facts, profile))
    assert result.errors == []
    assert zipfile.is_zipfile(path)
    assert Document(str(path)).core_properties.author == example_facts.unit.name


def test_a_placeholder_blocks_the_real_checker(report: Report, profile: Profile, tmp_path: Path) -> None:
    report.sections[0].paragraphs.append(Paragraph(text=f"实有人数{todo('人员编制.实有人数')}人。"))
    with pytest.raises(ExportBlocked) as blocked:
        export_report(report, tmp_path / "r.docx", profile=profile)
    assert any("【待补充" in (f.excerpt or "") + f.message for f in blocked.value.findings)


def test_author_is_the_unit_from_facts_or_from_the_title(report: Report, example_facts: Facts) -> None:
    assert unit_of(report, example_facts) == example_facts.unit.name
    assert unit_of(report, None) == "某某区财政局"
    assert unit_of(Report(title="绩效自评报告"), None) == ""


@pytest.mark.parametrize("suffix", [".docx", ".txt"])
@pytest.mark.parametrize("opening", ["1.办结提案53件", "二、其他事项另行报告。"])
def test_a_paragraph_that_would_read_back_as_a_heading_is_not_filed(opening: str, suffix: str, tmp_path: Path) -> None:
    """The checker saw a paragraph; the file would hold a heading nobody checked, so nothing is written."""
    body = [Paragraph(text="本局编制20名。"), Paragraph(text=opening)]
    report = Report(
        title="某某区财政局2023年度部门整体支出绩效自评报告",
        sections=[Section(level=1, number="一、", title="部门概况", paragraphs=body)],
    )
    path = tmp_path / f"r{suffix}"
    path.write_text("旧文件", encoding="utf-8")
    with pytest.raises(ExportError) as refused:
        export_report(report, path, force=True)
    assert f"段落“{opening}”" in str(refused.value)
    assert "请改写这一段的开头" in str(refused.value)
    assert path.read_text(encoding="utf-8") == "旧文件"
    assert list(tmp_path.iterdir()) == [path]
