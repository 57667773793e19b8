"""Old .doc and .wps reports are converted by LibreOffice where installed, or refused with a Chinese line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from assistant.importers import ReportReadError, read_report
from assistant.importers.convert import convert_to_docx

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")


def _doc(tmp_path: Path, suffix: str) -> Path:
    """A real Word 97-2003 file, written by LibreOffice from a .docx (and renamed for .wps)."""
    source = tmp_path / "src" / "2022年报告.docx"
    source.parent.mkdir()
    document = Document()
    document.add_paragraph("乙县水利局2022年度部门整体支出绩效自评报告")
    document.add_paragraph("一、部门概况")
    document.add_paragraph("本局内设办公室、水政水资源股等5个股室。")
    document.save(str(source))
    out = tmp_path / "doc"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "doc", "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    made = out / "2022年报告.doc"
    return made if suffix == ".doc" else made.rename(made.with_suffix(suffix))


@needs_soffice
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_old_word_file_is_converted_and_read(tmp_path: Path, suffix: str) -> None:
    converted = convert_to_docx(_doc(tmp_path, suffix), tmp_path)
    report = read_report(converted)
    assert report.title.startswith("乙县水利局2022年度")
    assert any("水政水资源股" in p.text for s in report.sections for p in s.paragraphs)


@needs_soffice
def test_a_broken_doc_is_answered_in_chinese(tmp_path: Path) -> None:
    broken = tmp_path / "坏文件.doc"
    broken.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    with pytest.raises(ReportReadError, match=r"坏文件\.doc：.*另存为 \.docx"):
        convert_to_docx(broken, tmp_path)


def test_without_libreoffice_the_writer_is_told_to_save_as_docx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    old = tmp_path / "报告.wps"
    old.write_bytes(b"\0" * 10)
    with pytest.raises(ReportReadError, match=r"没有安装 LibreOffice.*WPS 格式.*另存为 \.docx"):
        convert_to_docx(old, tmp_path)
