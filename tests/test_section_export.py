"""A one-chapter draft exported to .docx is checked as that one chapter, as its .md export already is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "facts" / "example.yaml"
runner = CliRunner()


@pytest.mark.parametrize("section", ["budget", "overview", "performance", "results"])
def test_one_section_docx_is_not_blocked_by_the_other_sections(tmp_path: Path, section: str) -> None:
    target = tmp_path / f"{section}.docx"
    result = runner.invoke(app, ["draft", str(EXAMPLE), "--section", section, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.exists()
    assert "本章未发现问题" in result.output or "本章" in result.output


def test_one_section_docx_is_still_blocked_by_its_own_errors(tmp_path: Path) -> None:
    text = re.sub(r"(?m)^职能职责:\n(  - .*\n)+", "", EXAMPLE.read_text(encoding="utf-8"))
    facts = tmp_path / "f.yaml"
    facts.write_text(text, encoding="utf-8")
    target = tmp_path / "overview.docx"
    result = runner.invoke(app, ["draft", str(facts), "--section", "overview", "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert "待补充" in result.output
    assert "缺少必备章节" not in result.output
    assert not target.exists()
