"""Round trip: a report exported and read back through the checker's importer is the same report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.export.docx_writer import write_docx
from assistant.export.layout import Layout
from assistant.facts import Facts
from assistant.importers import read_report
from assistant.profiles import Profile
from assistant.report import Paragraph, Report, Section, Table, render
from assistant.skeleton import SkeletonDrafter


def outline(report: Report) -> dict[str, Any]:
    """Everything a reader sees (title, headings, text, tables), nothing about where it was found."""

    def section(s: Section) -> dict[str, Any]:
        return {
            "level": s.level,
            "number": s.number,
            "title": s.title,
            "paragraphs": [p.text for p in s.paragraphs],
            "tables": [(t.caption, t.rows) for t in s.tables],
            "children": [section(c) for c in s.children],
        }

    return {
        "title": report.title,
        "preamble": [p.text for p in report.preamble],
        "sections": [section(s) for s in report.sections],
    }


def nested_report() -> Report:
    """Every level, a run-in item with two paragraphs and a level-4 child, a table at level 2."""
    return Report(
        title="某某区财政局2023年度部门整体支出绩效自评报告",
        preamble=[Paragraph(text="现将2023年度自评情况报告如下：")],
        sections=[
            Section(
                level=1,
                number="一、",
                title="部门概况",
                paragraphs=[Paragraph(text="本局内设科室8个。")],
                children=[
                    Section(
                        level=2,
                        number="（一）",
                        title="预算执行",
                        tables=[Table(caption="单位：万元", rows=[["项目", "预算数"], ["支出合计", "100.00"]])],
                        children=[
                            Section(
                                level=3,
                                number="1.",
                                title="基本支出",
                                paragraphs=[Paragraph(text="基本支出80.00万元。"), Paragraph(text="另起一段说明。")],
                                children=[
                                    Section(
                                        level=4,
                                        number="（1）",
                                        title="人员经费",
                                        paragraphs=[Paragraph(text="60.00万元。")],
                                    )
                                ],
                            ),
                            Section(level=3, number="2.", title="项目支出", paragraphs=[Paragraph(text="20.00万元。")]),
                        ],
                    )
                ],
            ),
            Section(level=1, number="二、", title="存在的问题", paragraphs=[Paragraph(text="预算编制不够精准。")]),
        ],
    )


CAPTION_HINT = (
    "if only a table's caption differs: the .docx writes it (单位：万元) as the short paragraph just above "
    "the table, and the reader must take it back as the caption, as assistant/importers/text.py does"
)


def assert_same(read: Report, written: Report) -> None:
    assert outline(read) == outline(written), CAPTION_HINT


@pytest.fixture(scope="module")
def example_report(example_facts: Facts, profile: Profile) -> Report:
    report, _ = SkeletonDrafter(example_facts, profile).report()
    return report


@pytest.mark.parametrize("bold", [True, False])
def test_example_report_survives_docx(example_report: Report, tmp_path: Path, bold: bool) -> None:
    path = tmp_path / "r.docx"
    write_docx(example_report, path, Layout(level3_bold=bold))
    assert_same(read_report(path), example_report)


def test_every_level_survives_docx(tmp_path: Path) -> None:
    report = nested_report()
    path = tmp_path / "n.docx"
    write_docx(report, path, Layout())
    assert_same(read_report(path), report)


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_every_level_survives_drafts(tmp_path: Path, suffix: str) -> None:
    report = nested_report()
    path = tmp_path / f"n{suffix}"
    path.write_text(render(report, markdown=suffix == ".md"), encoding="utf-8")
    assert_same(read_report(path), report)
