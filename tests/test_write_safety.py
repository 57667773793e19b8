"""No command loses or overwrites data: --fix never writes onto its input, every writer goes through a
temporary file that is read back before it replaces the target, and a text keeps its encoding."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.export import export_report
from assistant.facts import Facts
from assistant.gate import FactBasis
from assistant.importers import ReportReadError, read_report
from assistant.profiles import Profile
from assistant.report import Report
from assistant.safe_io import write_atomic
from assistant.skeleton import SkeletonDrafter

runner = CliRunner()
REPORT = "某局2023年度部门整体支出绩效自评报告\n一、部门概况\n本局其它工作按计划推进,成效明显。\n"


def _report(tmp_path: Path, name: str = "report.txt", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(REPORT.encode(encoding))
    return path


@pytest.mark.parametrize("spelling", ["same", "dot", "dotdot", "symlink", "hardlink"])
def test_fix_refuses_to_write_onto_its_input(tmp_path: Path, spelling: str) -> None:
    source = _report(tmp_path)
    before = source.read_bytes()
    (tmp_path / "sub").mkdir()
    target = {
        "same": source,
        "dot": tmp_path / "." / source.name,
        "dotdot": tmp_path / "sub" / ".." / source.name,
        "symlink": tmp_path / "link.txt",
        "hardlink": tmp_path / "hard.txt",
    }[spelling]
    if spelling == "symlink":
        target.symlink_to(source)
    if spelling == "hardlink":
        os.link(source, target)
    result = runner.invoke(app, ["check", str(source), "--fix", "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert "不能与" in result.output
    assert source.read_bytes() == before


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("gb18030", b""), ("utf-16", codecs.BOM_UTF16_LE), ("utf-8-sig", codecs.BOM_UTF8), ("utf-8", b"")],
)
def test_fix_keeps_the_encoding_of_a_text_report(tmp_path: Path, encoding: str, bom: bytes) -> None:
    source = _report(tmp_path, encoding=encoding)
    target = tmp_path / "fixed.txt"
    result = runner.invoke(app, ["check", str(source), "--fix", "-o", str(target)])
    assert result.exit_code in (0, 1), result.output
    data = target.read_bytes()
    assert data.startswith(bom)
    text = data.decode(encoding)
    assert "其他工作" in text and "推进，成效" in text


def test_failed_fix_leaves_no_output_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _report(tmp_path)
    target = tmp_path / "fixed.txt"
    target.write_text("之前的文件", encoding="utf-8")

    def unreadable(path: Path) -> None:
        raise ReportReadError(f"{path.name}：无法读取")

    monkeypatch.setattr("assistant.safe_io.verify_report", unreadable)
    result = runner.invoke(app, ["check", str(source), "--fix", "-o", str(target)])
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "之前的文件"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([source.name, target.name])


def test_write_atomic_keeps_the_old_file_when_verification_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("旧内容", encoding="utf-8")

    def verify(path: Path) -> None:
        raise ReportReadError("坏了")

    with pytest.raises(ReportReadError):
        write_atomic(target, lambda p: p.write_text("新内容", encoding="utf-8"), verify)
    assert target.read_text(encoding="utf-8") == "旧内容"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")

    def write(path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomic(target, write)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


@pytest.mark.parametrize("suffix", [".docx", ".md", ".txt"])
def test_export_replaces_the_target_only_when_the_new_file_reads_back(
    tmp_path: Path, example_facts: Facts, profile: Profile, suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    report, _ = SkeletonDrafter(example_facts, profile).report()
    target = tmp_path / f"out{suffix}"
    target.write_bytes(b"previous")

    def unreadable(path: Path) -> Report:
        raise ReportReadError(f"{path.name}：无法读取")

    monkeypatch.setattr("assistant.export.readback.read_report", unreadable)
    with pytest.raises(ReportReadError):
        export_report(report, target, basis=FactBasis(example_facts, profile), force=True)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    monkeypatch.undo()
    export_report(report, target, basis=FactBasis(example_facts, profile), force=True)
    assert read_report(target).title == report.title
