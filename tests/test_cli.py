"""The console script: exit codes, JSON output and files written, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_validate_good_file() -> None:
    result = runner.invoke(app, ["facts", "validate", str(ROOT / "facts" / "example.yaml")])
    assert result.exit_code == 0
    assert "校验通过" in result.output


def test_validate_bad_files_exit_2_without_traceback() -> None:
    for path in sorted((ROOT / "tests" / "data" / "bad_facts").iterdir()):
        result = runner.invoke(app, ["facts", "validate", str(path)])
        assert result.exit_code == 2, path.name
        assert "错误：" in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_real_process_prints_one_clear_error() -> None:
    bad = ROOT / "tests" / "data" / "bad_facts" / "malformed.yaml"
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "facts", "validate", str(bad)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "YAML 格式错误" in proc.stderr


def test_show_json_has_facts_and_indicators() -> None:
    result = runner.invoke(app, ["facts", "show", str(ROOT / "facts" / "example.yaml"), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["facts"]["单位"]["名称"] == "湘江市清河区政协机关"
    rates = {i["id"]: i for i in data["indicators"]}
    assert rates["budget_execution"]["value"] == 97.93
    assert rates["budget_execution"]["inputs"] == {"实际支出": 1283.08, "全年预算数": 1310.2}


def test_draft_writes_markdown(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = runner.invoke(
        app, ["draft", str(ROOT / "facts" / "example.yaml"), "--backend", "template", "-o", str(out)]
    )
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 湘江市清河区政协机关2023年度部门整体支出绩效自评报告")
    assert "## 七、绩效自评结果拟应用和公开情况" in text


def test_draft_one_section(tmp_path: Path) -> None:
    out = tmp_path / "s.md"
    args = ["draft", str(ROOT / "facts" / "example.yaml"), "--section", "assets", "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "资产总额568.30万元" in text and "预算执行率" not in text


def test_draft_unknown_section_exit_2() -> None:
    result = runner.invoke(app, ["draft", str(ROOT / "facts" / "example.yaml"), "--section", "nope"])
    assert result.exit_code == 2
    assert "没有章节“nope”" in result.output


def test_seed_draft_lists_missing_facts(tmp_path: Path) -> None:
    out = tmp_path / "s.md"
    result = runner.invoke(app, ["draft", str(ROOT / "facts" / "seed-2021.yaml"), "-o", str(out)])
    assert result.exit_code == 0
    assert "预算.收入.合计" in result.output
    assert "【待补充：收入合计】" in out.read_text(encoding="utf-8")


def test_one_section_draft_lists_only_that_sections_findings(tmp_path: Path) -> None:
    out = tmp_path / "a.md"
    clean = runner.invoke(app, ["draft", str(ROOT / "facts" / "example.yaml"), "--section", "assets", "-o", str(out)])
    assert clean.exit_code == 0
    assert "本章未发现问题" in clean.output and "缺少必备章节" not in clean.output
    seed = runner.invoke(app, ["draft", str(ROOT / "facts" / "seed-2021.yaml"), "--section", "assets", "-o", str(out)])
    assert "【待补充：资产总额】" in seed.output and "序号不连续" not in seed.output


def test_validate_says_where_in_words(tmp_path: Path) -> None:
    facts = tmp_path / "事实.yaml"
    facts.write_text(
        "履职成效:\n  - 主题: 提案工作\n    事项:\n      - 标题: 立案\n      - 标题: 办理\n"
        "        数据:\n          - {数值: 53, 单位: 件}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["facts", "validate", str(facts)])
    assert result.exit_code == 2
    assert "第1个主题的第2项，第1个数据：缺少名称" in result.output
    assert "履职成效[" not in result.output


def test_validate_notes_a_figure_given_in_both_words_and_data(tmp_path: Path) -> None:
    facts = tmp_path / "事实.yaml"
    facts.write_text(
        "履职成效:\n  - 主题: 民生保障\n    事项:\n      - 标题: 城乡低保\n        内容: 全年发放低保金覆盖1520户\n"
        "        数据:\n          - {名称: 低保覆盖, 数值: 1520, 单位: 户}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["facts", "validate", str(facts)])
    assert result.exit_code == 0
    assert "提示：第1个主题的第1项：内容中写有“1520户”" in result.output
