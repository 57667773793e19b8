"""Checking a folder: every file that could not be read is listed, the batch cannot pass while one exists,
and links out of the folder are not followed."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.checker import check_folder
from assistant.cli import app

DATA = Path(__file__).parent / "data" / "reports"
runner = CliRunner()


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "报送"
    folder.mkdir()
    (folder / "甲局.txt").write_text((DATA / "base.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_clean_folder_passes(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(_folder(tmp_path))])
    assert result.exit_code == 0, result.output


def test_unreadable_docx_is_a_finding_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    locked = folder / "乙局.docx"
    locked.write_bytes(b"PK")
    real_zipfile = zipfile.ZipFile

    def guarded(file: object, *args: object, **kwargs: object) -> zipfile.ZipFile:
        if Path(str(file)) == locked:
            raise PermissionError(13, "Permission denied", str(locked))
        return real_zipfile(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile, "ZipFile", guarded)
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert "乙局.docx" in result.output and "没有读取权限" in result.output


def test_unreadable_subfolder_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    locked = folder / "丙局"
    locked.mkdir()
    (locked / "丙局.txt").write_text("x", encoding="utf-8")
    real_scandir = os.scandir

    def guarded(path: object = ".") -> object:
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", guarded)
    results = check_folder(folder)
    assert any(r.error is not None and "丙局" in r.file and "没有读取权限" in r.error for r in results), results
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 2, result.output
    assert "可报送 1" not in result.output or "无法读取 1" in result.output


def test_links_out_of_the_folder_are_not_followed(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text((DATA / "seed-2021.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "外链.txt").symlink_to(secret)
    results = check_folder(folder)
    linked = [r for r in results if r.file.endswith("外链.txt")]
    assert linked and linked[0].error is not None and "文件夹外" in linked[0].error
    assert not linked[0].findings


def test_dangling_link_is_a_finding(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "丢失.docx").symlink_to(tmp_path / "nowhere.docx")
    results = check_folder(folder)
    assert any(r.file.endswith("丢失.docx") and r.error for r in results), results


def test_link_inside_the_folder_is_checked(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "副本.txt").symlink_to(folder / "甲局.txt")
    results = check_folder(folder)
    assert all(r.error is None for r in results), results
