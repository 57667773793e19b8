"""``assistant edit --instruction``: a free instruction carried out (without a model where none is needed) or
refused with the fact to change in the facts file."""

from __future__ import annotations

from pathlib import Path

import pytest
from scripted_model import ScriptedChatModel
from typer.testing import CliRunner

from assistant.cli import app, draft_progress
from assistant.context import ReportContext
from assistant.facts import load_facts
from assistant.importers import read_report
from assistant.llm import LLMSettings
from assistant.profiles import load_profile

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "facts" / "units" / "zhengxie-2022.yaml"
runner = CliRunner()


@pytest.fixture
def report(tmp_path: Path) -> Path:
    context = ReportContext(load_facts(FACTS), load_profile())
    texts = {spec.id: context.skeleton_text(spec.id) for spec in context.profile.sections}
    path = tmp_path / "report.md"
    path.write_text(context.assemble(texts).text, encoding="utf-8")
    return path


def _no_model(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def fake(settings: LLMSettings) -> ScriptedChatModel:
        asked.append(settings.backend)
        return ScriptedChatModel()

    monkeypatch.setattr(draft_progress, "get_chat_model", fake)
    return asked


def test_removing_a_paragraph_needs_no_model_and_is_written_with_apply(
    monkeypatch: pytest.MonkeyPatch, report: Path, tmp_path: Path
) -> None:
    asked = _no_model(monkeypatch)
    out = tmp_path / "out.md"
    args = ["edit", str(report), "--facts", str(FACTS), "--section", "performance", "--instruction", "删除第二段"]
    result = runner.invoke(app, [*args, "--apply", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert asked == []
    assert "-1.全会常委会协商。" in result.stdout
    assert "说明：已删除第2段" in result.stderr and "召开全体会议1次" in result.stderr
    written = out.read_text(encoding="utf-8")
    assert "全会常委会协商" not in written and "（一）协商议政" in written
    assert read_report(out).sections


def test_a_figure_outside_the_facts_is_refused_with_the_field_and_the_facts_command(
    monkeypatch: pytest.MonkeyPatch, report: Path, tmp_path: Path
) -> None:
    _no_model(monkeypatch)
    out = tmp_path / "out.md"
    args = ["edit", str(report), "--facts", str(FACTS), "--section", "budget", "--instruction", "预算执行率写成99%"]
    result = runner.invoke(app, [*args, "--apply", "-o", str(out)])
    assert result.exit_code == 1
    assert "无法照办（改数字）：事实中预算执行率为97.84%，报告中的数字必须来自事实" in result.stderr
    assert "字段 预算.支出.全年预算数" in result.stderr and "assistant facts validate" in result.stderr
    assert result.stdout == "" and not out.exists()


def test_an_instruction_or_an_operation_is_required(report: Path) -> None:
    result = runner.invoke(app, ["edit", str(report), "--facts", str(FACTS), "--section", "budget"])
    assert result.exit_code == 2
    assert "请用 --instruction 写明修改要求" in result.output
