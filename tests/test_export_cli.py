"""``assistant draft -o r.docx`` and ``assistant export``: the gate as a user meets it on the command line."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from typer.testing import CliRunner

from assistant.checker import check_report
from assistant.cli import app
from assistant.export import FORCED_STATUS
from assistant.importers import read_report
from assistant.profiles import load_profile

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "facts" / "example.yaml")
SEED = str(ROOT / "facts" / "seed-2021.yaml")
runner = CliRunner()


def test_drafted_docx_passes_the_checker(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    result = runner.invoke(app, ["draft", EXAMPLE, "--backend", "template", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"已写入 {out}" in result.output
    assert [f for f in check_report(read_report(out), load_profile()) if f.severity == "error"] == []
    checked = runner.invoke(app, ["check", str(out)])
    assert checked.exit_code == 0, checked.output


def test_draft_with_missing_facts_is_refused_then_forced(tmp_path: Path) -> None:
    out = tmp_path / "s.docx"
    refused = runner.invoke(app, ["draft", SEED, "-o", str(out)])
    assert refused.exit_code == 2
    assert "未导出 s.docx" in refused.output
    assert "留有待补充标记" in refused.output
    assert "--force" in refused.output
    assert "Traceback" not in refused.output
    assert not out.exists()

    forced = runner.invoke(app, ["draft", SEED, "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert "已强制导出" in forced.output
    assert Document(str(out)).core_properties.content_status == FORCED_STATUS


def test_markdown_draft_is_written_with_its_findings_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "s.md"
    result = runner.invoke(app, ["draft", SEED, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# ")
    assert "[错误]" in result.output
    assert "留有待补充标记" in result.output


def test_export_converts_a_report_file(tmp_path: Path) -> None:
    draft = tmp_path / "r.md"
    assert runner.invoke(app, ["draft", EXAMPLE, "-o", str(draft)]).exit_code == 0
    out = tmp_path / "r.docx"
    result = runner.invoke(app, ["export", str(draft), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert read_report(out).title == read_report(draft).title


def test_export_refuses_a_report_with_errors_and_bad_requests(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(
        "某单位2021年度部门整体支出绩效评价报告\n一、部门概况\n本单位编制10名。\n三、存在的问题\n无。\n", "utf-8"
    )
    blocked = runner.invoke(app, ["export", str(report), "-o", str(tmp_path / "r.docx")])
    assert blocked.exit_code == 2
    assert "未导出 r.docx" in blocked.output
    assert "一级序号不连续" in blocked.output
    for args, message in (
        (["export", str(report), "-o", str(tmp_path / "x.pdf")], "不支持的导出格式"),
        (["export", str(tmp_path / "none.md"), "-o", str(tmp_path / "x.docx")], "找不到文件"),
        (["export", str(report), "-o", str(report)], "不能与报告文件相同"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert message in result.output
