"""``assistant draft --backend local|openai`` with a stand-in model: output, gate summary, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from scripted_model import ScriptedChatModel
from typer.testing import CliRunner

from assistant.cli import app, draft_progress
from assistant.llm import LLMSettings

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_model_draft_writes_the_gated_report(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    chosen: list[LLMSettings] = []

    def fake(settings: LLMSettings) -> ScriptedChatModel:
        chosen.append(settings)
        return ScriptedChatModel(echo=True)

    monkeypatch.setattr(draft_progress, "get_chat_model", fake)
    out = tmp_path / "r.md"
    result = runner.invoke(app, ["draft", str(ROOT / "facts" / "example.yaml"), "--backend", "local", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert chosen[0].backend == "local"
    template = tmp_path / "t.md"
    runner.invoke(app, ["draft", str(ROOT / "facts" / "example.yaml"), "-o", str(template)])
    assert out.read_text(encoding="utf-8") == template.read_text(encoding="utf-8")
    assert "事实闸门：拦下无依据的数字 0 个，成稿中 0 个" in result.output


def test_one_section_with_a_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(draft_progress, "get_chat_model", lambda settings: ScriptedChatModel(echo=True))
    facts = str(ROOT / "facts" / "seed-2021.yaml")
    result = runner.invoke(app, ["draft", facts, "--backend", "openai", "--section", "results"])
    assert result.exit_code == 0, result.output
    assert "## 七、绩效自评结果拟应用和公开情况" in result.output
    assert "待补充的必需事实 4 项" in result.output


def test_an_unusable_backend_is_one_chinese_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JIXIAO_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("JIXIAO_LLM_API_KEY", raising=False)
    result = runner.invoke(app, ["draft", str(ROOT / "facts" / "example.yaml"), "--backend", "openai"])
    assert result.exit_code == 2
    assert "错误：openai 方式需要设置 JIXIAO_LLM_BASE_URL" in result.output
    assert "Traceback" not in result.output


def test_an_unreachable_endpoint_is_one_chinese_line_without_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("JIXIAO_LLM_API_KEY", "sk-do-not-print-me")
    monkeypatch.setenv("JIXIAO_LLM_TIMEOUT", "5")
    facts = str(ROOT / "facts" / "example.yaml")
    result = runner.invoke(app, ["draft", facts, "--backend", "openai", "--section", "problems"])
    assert result.exit_code == 2
    assert "错误：无法连接模型接口（OpenAIConnectionError）" in result.output
    assert "没有写入任何文件" in result.output
    assert "sk-do-not-print-me" not in result.output and "Traceback" not in result.output
