"""Opening report files: encodings, and one clear Chinese error for everything that is not a report."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest

from assistant.importers import ReportReadError, docx_package, read_report
from assistant.limits import Limits

TEXT = "某局2021年度部门整体支出绩效自评报告\n\n一、部门概况\n\n本局负责统计工作，其它事项𠮷。\n"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", TEXT.encode("utf-8")),
        ("bom.txt", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
        ("gbk.txt", TEXT.replace("𠮷", "").encode("gbk")),
        ("gb18030.md", TEXT.encode("gb18030")),
        ("utf16.txt", TEXT.encode("utf-16")),
    ],
)
def test_encodings(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    report = read_report(path)
    assert report.title == "某局2021年度部门整体支出绩效自评报告"
    assert report.sections[0].paragraphs[0].text.startswith("本局负责统计工作，其它事项")
    assert report.sections[0].paragraphs[0].line == 5


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda d: d / "missing.txt", "找不到文件"),
        (lambda d: d, "是文件夹"),
        (lambda d: _write(d / "empty.txt", b""), "文件为空"),
        (lambda d: _write(d / "blank.md", b"\n  \n"), "没有文字"),
        (lambda d: _write(d / "image.docx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8), "不是有效的 Word 文档"),
        (lambda d: _write(d / "binary.txt", bytes(range(256)) * 8), "不是文本文件"),
        (lambda d: _sparse(d / "huge.txt", 50 * 1024 * 1024), "文件过大"),
        (lambda d: _sparse(d / "huge.docx", 50 * 1024 * 1024), "文件过大"),
        (lambda d: _write(d / "old.doc", b"\xd0\xcf\x11\xe0"), "另存为 .docx"),
        (lambda d: _write(d / "report.pdf", b"%PDF-1.4"), "另存为 .docx"),
        (lambda d: _write(d / "sheet.xlsx", b"PK"), "不支持的文件类型"),
        (lambda d: _zip(d / "notword.docx", {"hello.txt": b"hi"}), "不是 Word 文档"),
        (
            lambda d: _zip(d / "broken.docx", {"word/document.xml": b"<w:document", "[Content_Types].xml": b"<"}),
            "无法解析",
        ),
    ],
    ids=[
        "missing",
        "folder",
        "empty",
        "blank",
        "binary-renamed-docx",
        "binary-txt",
        "50MB-txt",
        "50MB-docx",
        "doc",
        "pdf",
        "xlsx",
        "zip-not-word",
        "broken-xml",
    ],
)
def test_unreadable_files_give_one_chinese_line(tmp_path: Path, make: object, words: str) -> None:
    assert callable(make)
    path = make(tmp_path)
    with pytest.raises(ReportReadError) as caught:
        read_report(path)
    message = str(caught.value)
    assert words in message
    assert "\n" not in message


def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_package, "limits", lambda: Limits(inflated_bytes=1024 * 1024))
    path = _zip(tmp_path / "bomb.docx", {"word/document.xml": b"\0" * (4 * 1024 * 1024)})
    assert path.stat().st_size < 64 * 1024
    with pytest.raises(ReportReadError, match="异常庞大"):
        read_report(path)
