"""The export page's preview: the first pages as LibreOffice lays out the .docx where it is installed (in a
child with a time limit), else the report as HTML with the same text, headings and table."""

from __future__ import annotations

import html
import shutil
import time
from pathlib import Path

import pytest

from assistant.export import export_report
from assistant.export.preview import PreviewUnavailable, page_images, report_html
from assistant.facts import load_facts
from assistant.facts.model import Facts
from assistant.gate import FactBasis
from assistant.profiles import load_profile
from assistant.report import Report
from assistant.skeleton import SkeletonDrafter

ROOT = Path(__file__).resolve().parents[1]
PNG = b"\x89PNG\r\n\x1a\n"


def _report(name: str = "example.yaml") -> tuple[Report, Facts]:
    facts = load_facts(ROOT / "facts" / name)
    return SkeletonDrafter(facts, load_profile()).report()[0], facts


@pytest.mark.parametrize("name", ["example.yaml", "seed-2021.yaml"])
def test_the_html_view_holds_every_heading_paragraph_and_table_cell(name: str) -> None:
    report, _ = _report(name)
    page = report_html(report)
    assert report.title in page
    for section in report.walk():
        assert f"{section.number}{section.title}" in page
        for paragraph in section.paragraphs:
            assert html.escape(paragraph.text) in page
        for table in section.tables:
            assert all(html.escape(cell) in page for row in table.rows for cell in row)


def test_the_html_view_escapes_what_staff_typed() -> None:
    report, _ = _report()
    report.preamble[0].text = "<script>alert(1)</script>区政协"
    page = report_html(report)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;区政协" in page


def test_without_libreoffice_the_preview_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(PreviewUnavailable, match="未安装 LibreOffice"):
        page_images(b"not a docx")


needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice and poppler-utils are not installed (scripts/setup.sh --test installs them)",
)


@needs_soffice
def test_libreoffice_renders_the_first_pages(tmp_path: Path) -> None:
    report, facts = _report()
    path = tmp_path / "r.docx"
    export_report(report, path, basis=FactBasis(facts, load_profile()))
    images = page_images(path.read_bytes(), pages=2, fontconfig=ROOT / "scripts" / "fonts.conf")
    assert len(images) == 2 and all(image.startswith(PNG) for image in images)


@needs_soffice
def test_a_conversion_past_its_time_limit_is_stopped() -> None:
    started = time.monotonic()
    with pytest.raises(PreviewUnavailable, match="秒内没有完成排版"):
        page_images(b"PK\x03\x04", timeout=0.5)
    assert time.monotonic() - started < 10
