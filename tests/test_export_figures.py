"""The figure gate at export and in ``assistant check --facts``: every figure of the final text is a fact.

However the text was written (drafted, accepted, typed by hand, imported), a figure that is not a fact or
an indicator computed from the facts, or that stands by the name of another fact, is an error that
blocks the .docx and names the fact's true value.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.export import ExportBlocked, export_report
from assistant.export.figures import figure_findings, figure_problems, with_figure_fixed
from assistant.facts import Facts, load_facts
from assistant.gate import FactBasis
from assistant.importers import parse_text
from assistant.profiles import load_profile
from assistant.report import render
from assistant.skeleton import SkeletonDrafter

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "facts" / "example.yaml"
SEED = ROOT / "facts" / "seed-2021.yaml"
runner = CliRunner()


def _report_text(facts: Facts) -> str:
    report, _ = SkeletonDrafter(facts, load_profile("hunan-department")).report()
    return render(report)


@pytest.fixture(scope="module")
def example() -> Facts:
    return load_facts(EXAMPLE)


@pytest.mark.parametrize("path", [EXAMPLE, SEED])
def test_a_report_drafted_from_the_facts_has_no_figure_finding(path: Path) -> None:
    facts = load_facts(path)
    report = parse_text(_report_text(facts))
    assert figure_findings(report, FactBasis(facts, load_profile("hunan-department"))) == []


@pytest.mark.parametrize(
    ("old", "new", "true_value"),
    [
        ("预算执行率为97.93%", "预算执行率为99.00%", "97.93%"),
        ("公用经费106.17万元，主要用于", "公用经费706.18万元，主要用于", "106.17万元"),
        ("办结提案53件", "办结提案54件", "53件"),
    ],
)
def test_a_hand_edited_figure_is_an_error_with_the_facts_value(
    example: Facts, old: str, new: str, true_value: str
) -> None:
    text = _report_text(example)
    assert old in text
    edited = text.replace(old, new, 1)
    line = next(i for i, row in enumerate(edited.splitlines(), start=1) if new in row)
    report = parse_text(edited)
    profile = load_profile("hunan-department")
    [finding] = figure_findings(report, FactBasis(example, profile))
    assert (finding.severity, finding.line) == ("error", line)
    assert true_value in finding.message and new.split("为")[-1][:5] in finding.excerpt
    assert finding.fix == f"改为“{true_value}”"
    [problem] = figure_problems(report, FactBasis(example, profile))
    fixed_line = with_figure_fixed(edited.splitlines()[line - 1], problem)
    assert fixed_line == text.splitlines()[line - 1]


def test_a_figure_no_fact_has_is_an_error_without_a_fix(example: Facts) -> None:
    text = _report_text(example).replace("资产总额568.30万元", "资产总额568.30万元，新增资产99万元", 1)
    [finding] = figure_findings(parse_text(text), FactBasis(example, load_profile("hunan-department")))
    assert "99万元" in finding.message and finding.fix is None
    assert "事实" in finding.message


def test_export_blocks_the_docx_on_a_figure_that_is_not_a_fact(example: Facts, tmp_path: Path) -> None:
    text = _report_text(example).replace("预算执行率为97.93%", "预算执行率为99.00%", 1)
    report = parse_text(text)
    profile = load_profile("hunan-department")
    with pytest.raises(ExportBlocked) as blocked:
        export_report(report, tmp_path / "r.docx", basis=FactBasis(example, profile))
    assert [f.rule for f in blocked.value.findings] == ["consistency.fact-figure"]
    assert "97.93%" in str(blocked.value)
    forced = export_report(report, tmp_path / "r.docx", basis=FactBasis(example, profile), force=True)
    assert forced.forced and (tmp_path / "r.docx").exists()
    clean = export_report(parse_text(_report_text(example)), tmp_path / "ok.docx", basis=FactBasis(example, profile))
    assert not clean.errors


def test_cli_check_with_facts_reports_each_figure_at_its_line(example: Facts, tmp_path: Path) -> None:
    text = _report_text(example)
    edited = text.replace("预算执行率为97.93%", "预算执行率为99.00%", 1).replace("办结提案53件", "办结提案54件", 1)
    path = tmp_path / "报告.txt"
    path.write_text(edited, encoding="utf-8")
    lines = edited.splitlines()
    wanted = [i for i, row in enumerate(lines, start=1) if "99.00%" in row or "54件" in row]
    plain = runner.invoke(app, ["check", str(path)])
    assert plain.exit_code == 0, plain.output
    result = runner.invoke(app, ["check", str(path), "--facts", str(EXAMPLE)])
    assert result.exit_code == 1, result.output
    for line in wanted:
        assert f"第{line}行" in result.output
    assert "97.93%" in result.output and "53件" in result.output
    clean = tmp_path / "clean.txt"
    clean.write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["check", str(clean), "--facts", str(EXAMPLE)]).exit_code == 0


def test_cli_check_with_unreadable_facts_is_one_line(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("一、部门概况\n本单位编制20名。\n", encoding="utf-8")
    broken = tmp_path / "facts.yaml"
    broken.write_text("单位: [\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(report), "--facts", str(broken)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
