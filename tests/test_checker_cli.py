"""``assistant check`` as a user runs it: text and JSON output, folders, --fix, exit codes 0/1/2."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app

DATA = Path(__file__).parent / "data" / "reports"
SEED = DATA / "seed-2021.txt"
BASE = DATA / "base.txt"
runner = CliRunner()


def test_seed_text_output_and_exit_1() -> None:
    result = runner.invoke(app, ["check", str(SEED)])
    assert result.exit_code == 1
    assert "第51行" in result.output and "[structure.gap]" in result.output
    assert "错误 2 项，警告 5 项，提示 1 项" in result.output


def test_clean_report_exits_0() -> None:
    result = runner.invoke(app, ["check", str(BASE)])
    assert result.exit_code == 0
    assert "错误 0 项" in result.output


def test_json_for_one_file() -> None:
    result = runner.invoke(app, ["check", str(SEED), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"file", "findings", "counts", "profile"}
    assert data["profile"] == "hunan-department"
    assert data["counts"] == {"error": 2, "warning": 5, "info": 1}
    for finding in data["findings"]:
        assert list(finding) == ["rule", "category", "severity", "message", "line", "excerpt", "fix"]
    missing = next(f for f in data["findings"] if f["rule"] == "required.section")
    assert missing["line"] is None


def test_folder_gives_a_list_and_a_summary_table(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "a-seed.txt")
    shutil.copy(BASE, tmp_path / "b-base.md")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c-empty.docx").write_bytes(b"")
    (tmp_path / "~$lock.docx").write_bytes(b"x")
    (tmp_path / "notes.yaml").write_text("x: 1", encoding="utf-8")
    data = json.loads(runner.invoke(app, ["check", str(tmp_path), "--format", "json"]).stdout)
    assert [Path(d["file"]).name for d in data] == ["a-seed.txt", "b-base.md", "c-empty.docx"]
    assert data[2]["error"].endswith("文件为空")
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "需修改" in result.output and "可报送" in result.output and "无法读取" in result.output
    assert "共 3 个文件：可报送 1，需修改 1，无法读取 1" in result.output


def test_folder_without_reports_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "没有" in result.output


def test_unknown_profile_exits_2() -> None:
    result = runner.invoke(app, ["check", str(SEED), "--profile", "nowhere"])
    assert result.exit_code == 2
    assert "没有报告类型" in result.output


def test_fix_writes_output_and_lists_changes(tmp_path: Path) -> None:
    out = tmp_path / "fixed.txt"
    result = runner.invoke(app, ["check", str(SEED), "--fix", "-o", str(out)])
    assert result.exit_code == 1
    assert "已修改 11 处" in result.output
    assert "“今年” → “2021年”" in result.output
    assert "修改后仍有：错误 2 项" in result.output
    assert "截至目前" in out.read_text(encoding="utf-8")
    assert SEED.read_text(encoding="utf-8").count("截止目前") == 1


def test_fix_needs_output_of_the_same_kind(tmp_path: Path) -> None:
    assert runner.invoke(app, ["check", str(SEED), "--fix"]).exit_code == 2
    result = runner.invoke(app, ["check", str(SEED), "--fix", "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2
    assert "同类" in result.output


def test_unreadable_file_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "renamed.docx"
    bad.write_bytes(b"GIF89a" + bytes(range(1, 256)) * 4)
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "check", str(bad)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0
    assert "不是有效的 Word 文档" in proc.stderr
