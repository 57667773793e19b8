"""The exported example report as LibreOffice lays it out: 22 lines a page, page numbers outside, substitutes found.

Needs the Debian packages libreoffice-writer-nogui, poppler-utils, fonts-noto-cjk (see scripts/render.sh).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import pytest

from assistant.export import export_report
from assistant.facts import Facts
from assistant.gate import FactBasis
from assistant.profiles import Profile
from assistant.skeleton import SkeletonDrafter

ROOT = Path(__file__).resolve().parents[1]
PT_PER_MM = 72 / 25.4
LINE_PITCH_PT = 28.95
PAGE_WIDTH = 210 * PT_PER_MM
TOP, BOTTOM, LEFT, RIGHT = 37 * PT_PER_MM, (297 - 35) * PT_PER_MM, 28 * PT_PER_MM, (210 - 26) * PT_PER_MM
LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
WORD = re.compile(r">([^<]+)</word>")

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="needs LibreOffice"),
]


@pytest.fixture(scope="module")
def rendered(example_facts: Facts, profile: Profile, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("render")
    report, _ = SkeletonDrafter(example_facts, profile).report()
    docx = out / "r.docx"
    export_report(report, docx, basis=FactBasis(example_facts, profile))
    subprocess.run([str(ROOT / "scripts" / "render.sh"), str(docx), str(out), "30"], check=True, capture_output=True)
    return out / "r.pdf"


def page_lines(pdf: Path) -> list[list[tuple[float, float, float, str]]]:
    """Per page, the text lines pdftotext finds: (top, left, right, text), table cells merged by row."""
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    pages = []
    for page in html.stdout.split("<page")[1:]:
        rows: dict[float, list[tuple[float, float, str]]] = defaultdict(list)
        for m in LINE.finditer(page):
            rows[round(float(m.group(2)), 0)].append(
                (float(m.group(1)), float(m.group(3)), "".join(WORD.findall(m.group(5))))
            )
        pages.append(
            [
                (top, min(c[0] for c in cells), max(c[1] for c in cells), "".join(c[2] for c in cells))
                for top, cells in sorted(rows.items())
            ]
        )
    return pages


def test_page_numbers_sit_outside_on_odd_and_even_pages(rendered: Path) -> None:
    pages = page_lines(rendered)
    assert len(pages) >= 2
    for number, lines in enumerate(pages, start=1):
        top, left, right, text = lines[-1]
        assert text.replace(" ", "") == f"—{number}—"
        assert top > BOTTOM
        if number % 2:
            assert RIGHT - 20 < right <= RIGHT
        else:
            assert LEFT <= left < LEFT + 20


def test_a_full_text_page_holds_22_lines(rendered: Path) -> None:
    """On pages of plain text (no table), lines are 28.95 pt apart and at most 22; a heading kept with its
    paragraph may leave the last line of a page empty."""
    text_pages = []
    for lines in page_lines(rendered)[:-1]:
        tops = [line[0] for line in lines if TOP - 10 < line[0] < BOTTOM]
        if all(abs(b - a - LINE_PITCH_PT) < 1.5 for a, b in pairwise(tops)):
            text_pages.append(len(tops))
    assert text_pages
    assert max(text_pages) == 22


def test_substitute_faces_are_simplified_chinese(rendered: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(rendered)], check=True, capture_output=True, text=True).stdout
    assert "NotoSerifCJK" in fonts
    assert "NotoSansCJK" in fonts
