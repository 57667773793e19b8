"""``assistant edit``: a section through an edit operation with a stand-in model, as a diff or applied."""

from __future__ import annotations

from pathlib import Path

import pytest
from scripted_model import ScriptedChatModel
from typer.testing import CliRunner

from assistant.cli import app, draft_progress
from assistant.importers import read_report
from assistant.llm import LLMSettings

ROOT = Path(__file__).resolve().parents[1]
FACTS = str(ROOT / "facts" / "seed-2021.yaml")
runner = CliRunner()

REPORT = """湘江市清河区政协机关2021年度部门整体支出绩效自评报告
一、部门概况
（一）主要职能职责
区政协机关负责提案的征集、立案、交办、督办和反馈工作。
四、存在的问题及原因分析
（一）存在的问题
1.预算执行进度偏慢。部分项目资金拨付滞后，影响了资金使用效益。
2．绩效目标不够细化。个别项目指标难以量化。
（二）原因分析
对绩效管理的重视程度还不够。
"""


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def _model(monkeypatch: pytest.MonkeyPatch, model: ScriptedChatModel) -> list[str]:
    backends: list[str] = []

    def fake(settings: LLMSettings) -> ScriptedChatModel:
        backends.append(settings.backend)
        return model

    monkeypatch.setattr(draft_progress, "get_chat_model", fake)
    return backends


def test_a_polish_is_printed_as_a_diff_and_nothing_is_written(
    monkeypatch: pytest.MonkeyPatch, report: Path, tmp_path: Path
) -> None:
    polished = "部分项目资金拨付较为滞后，影响了资金使用效益。"
    model = ScriptedChatModel(replies=[polished], echo=True)
    backends = _model(monkeypatch, model)
    args = ["edit", str(report), "--facts", FACTS, "--section", "problems", "--op", "润色", "--backend", "openai"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert backends == ["openai"]
    assert "-1.预算执行进度偏慢。部分项目资金拨付滞后，影响了资金使用效益。" in result.stdout
    assert "+1.预算执行进度偏慢。部分项目资金拨付较为滞后，影响了资金使用效益。" in result.stdout
    assert "\n （一）存在的问题\n" in result.stdout and "\n （二）原因分析\n" in result.stdout
    assert sorted(tmp_path.iterdir()) == [report]


def test_apply_writes_the_report_with_only_that_section_changed(
    monkeypatch: pytest.MonkeyPatch, report: Path, tmp_path: Path
) -> None:
    model = ScriptedChatModel(replies=["部分项目资金拨付较为滞后，影响了资金使用效益。"], echo=True)
    _model(monkeypatch, model)
    out = tmp_path / "new.md"
    args = ["edit", str(report), "--facts", FACTS, "--section", "problems", "--op", "润色", "--apply", "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    written = read_report(out)
    before = read_report(report)
    assert [f"{s.number}{s.title}" for s in written.sections] == [f"{s.number}{s.title}" for s in before.sections]
    assert written.sections[0].text() == before.sections[0].text()
    problems = written.sections[1].text()
    assert "拨付较为滞后" in problems and "绩效目标不够细化" in problems and "原因分析" in problems


def test_an_echo_edit_suggests_nothing(monkeypatch: pytest.MonkeyPatch, report: Path) -> None:
    _model(monkeypatch, ScriptedChatModel(echo=True))
    result = runner.invoke(app, ["edit", str(report), "--facts", FACTS, "--section", "overview", "--op", "扩写"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "没有修改建议" in result.stderr


def test_a_figure_the_facts_lack_is_reported_by_the_gate(monkeypatch: pytest.MonkeyPatch, report: Path) -> None:
    bad = "区政协机关负责提案的征集、立案、交办、督办和反馈工作，全年办理提案999件。"
    _model(monkeypatch, ScriptedChatModel(replies=[bad, bad], echo=True))
    result = runner.invoke(app, ["edit", str(report), "--facts", FACTS, "--section", "overview", "--op", "扩写"])
    assert result.exit_code == 0, result.output
    assert "闸门：" in result.stderr and "999" in result.stderr
    assert "999" not in result.stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--section", "nosuch", "--op", "润色"], "可选：overview、budget"),
        (["--section", "budget", "--op", "润色"], "没有“部门整体支出管理及使用情况”一章"),
        (["--section", "problems", "--op", "翻译"], "不支持的修改方式“翻译”"),
        (["--section", "problems", "--op", "润色", "--apply"], "--apply 与 -o 须一起使用"),
    ],
)
def test_bad_input_is_one_chinese_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, report: Path, extra: list[str], message: str
) -> None:
    _model(monkeypatch, ScriptedChatModel(echo=True))
    result = runner.invoke(app, ["edit", str(report), "--facts", FACTS, *extra])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output
