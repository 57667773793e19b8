"""``assistant fix``: the checker's fixes on a report file, the way the app's 检查 page makes them (on each
section's text, cut back section by section), shown as a diff and written only with --apply or -o."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.checker import check_file
from assistant.cli import app
from assistant.context import ReportContext
from assistant.facts import load_facts
from assistant.importers import read_report
from assistant.profiles import load_profile

ROOT = Path(__file__).resolve().parents[1]
SEED_FACTS = ROOT / "facts" / "seed-2021.yaml"
EXAMPLE_FACTS = ROOT / "facts" / "example.yaml"
runner = CliRunner()

MECHANICAL = """湘江市清河区政协机关2021年度部门整体支出绩效自评报告
一、部门概况
（一）主要职能职责
区政协机关负责提案的征集,立案和交办等其它工作。
二、存在的问题及原因分析
（一）存在的问题
1、预算执行进度偏慢。今年部分项目资金拨付滞后。
2、绩效目标不够细化。
"""

CLEAN = """某县财政局2023年度部门整体支出绩效自评报告
一、部门概况
本局负责全县财政收支管理。
"""


def _write(tmp_path: Path, text: str, name: str = "report.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _fixable(path: Path) -> list[str]:
    return [f.rule for f in check_file(path, "hunan-department").findings if f.fix]


def test_fix_prints_a_diff_and_writes_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, MECHANICAL)
    result = runner.invoke(app, ["fix", str(path)])
    assert result.exit_code == 0, result.output
    assert "-区政协机关负责提案的征集,立案和交办等其它工作。" in result.stdout
    assert "+区政协机关负责提案的征集，立案和交办等其他工作。" in result.stdout
    assert "+1.预算执行进度偏慢。2021年部分项目资金拨付滞后。" in result.stdout
    assert "overview（原文）" in result.stdout and "problems（原文）" in result.stdout
    assert path.read_text(encoding="utf-8") == MECHANICAL


def test_fix_output_holds_the_fixes_and_leaves_the_report(tmp_path: Path) -> None:
    path = _write(tmp_path, MECHANICAL)
    out = tmp_path / "fixed.md"
    assert _fixable(path)
    result = runner.invoke(app, ["fix", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == MECHANICAL
    text = out.read_text(encoding="utf-8")
    assert "征集，立案和交办等其他工作" in text and "2021年部分项目" in text
    assert _fixable(out) == []


def test_fix_apply_rewrites_the_report_in_place(tmp_path: Path) -> None:
    path = _write(tmp_path, MECHANICAL)
    result = runner.invoke(app, ["fix", str(path), "--apply"])
    assert result.exit_code == 0, result.output
    assert "其他工作" in path.read_text(encoding="utf-8")
    assert _fixable(path) == []


def test_fix_with_facts_puts_the_facts_value_in_place_of_a_wrong_figure(tmp_path: Path) -> None:
    facts = load_facts(EXAMPLE_FACTS)
    context = ReportContext(facts, load_profile())
    budget = context.skeleton_text("budget")
    first = next(line for line in budget.splitlines() if "财政拨款收入" in line)
    wrong = re.sub(r"财政拨款收入[0-9.]+万元", "财政拨款收入999.99万元", first)
    assert wrong != first
    text = f"{context.skeleton.title}\n一、部门整体支出管理及使用情况\n{wrong}\n"
    path = _write(tmp_path, text)
    result = runner.invoke(app, ["fix", str(path), "--facts", str(EXAMPLE_FACTS)])
    assert result.exit_code == 0, result.output
    assert f"-{wrong}" in result.stdout
    assert f"+{first}" in result.stdout
    assert "按事实改正数字 1 处" in result.stderr


def test_nothing_to_fix_says_so(tmp_path: Path) -> None:
    path = _write(tmp_path, CLEAN)
    result = runner.invoke(app, ["fix", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "没有可自动修正" in result.stderr


@pytest.mark.parametrize(
    ("extra", "words"),
    [(["--apply", "-o", "x.md"], "--apply 与 -o"), (["-o", "x.docx"], ".txt 或 .md")],
)
def test_fix_refuses_what_it_cannot_do(tmp_path: Path, extra: list[str], words: str) -> None:
    path = _write(tmp_path, MECHANICAL)
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in extra]
    result = runner.invoke(app, ["fix", str(path), *args])
    assert result.exit_code == 2
    assert words in result.stderr


def test_the_cli_and_the_app_make_the_same_fixes(tmp_path: Path) -> None:
    """The app fixes the stored section texts; the CLI the texts it reads from the file: one engine call."""
    profile = load_profile()
    context = ReportContext(load_facts(SEED_FACTS), profile)
    texts = context.section_texts(read_report(_write(tmp_path, MECHANICAL)))
    fixes = context.fixes(texts)
    assert set(fixes.texts) == {"overview", "problems"}
    assert "其他工作" in fixes.texts["overview"]
    assert fixes.edits >= 4
