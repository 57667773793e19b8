"""Plain text and Markdown into the report model: outline, run-in items, tables, lines, round trips."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.facts import Facts
from assistant.importers import parse_text
from assistant.importers.markers import chinese_value, match_marker
from assistant.profiles import Profile
from assistant.report import Report, render
from assistant.skeleton import SkeletonDrafter

SEED = Path(__file__).parent / "data" / "reports" / "seed-2021.txt"


def _shape(value: Any) -> Any:
    """A report's content without where it came from (lines, profile ids), to compare two readings."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items() if k not in ("line", "title_line", "section_id")}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return value


def test_seed_outline_levels_markers_and_lines() -> None:
    report = parse_text(SEED.read_text(encoding="utf-8"))
    assert report.title == "2021年度部门整体支出绩效评价报告"
    assert report.title_line == 1
    assert report.preamble[0].line == 3
    assert [(s.number, s.title, s.line) for s in report.sections] == [
        ("一、", "部门概况", 5),
        ("二、", "资产管理情况", 9),
        ("三、", "单位整体支出绩效情况", 13),
        ("五、", "存在的主要问题及原因分析", 51),
        ("六、", "改进措施和有关建议", 57),
    ]
    performance = report.sections[2]
    assert [c.number for c in performance.children] == ["（一）", "（二）", "（三）", "（四）"]
    assert [c.number for c in performance.children[1].children] == ["1.", "2.", "3.", "4．"]


def test_run_in_item_splits_at_the_first_full_stop() -> None:
    report = parse_text("一、概况\n1．坚持区委正确领导。把牢政治方向。严守规矩。\n")
    item = report.sections[0].children[0]
    assert (item.level, item.number, item.title) == (3, "1．", "坚持区委正确领导")
    assert [(p.text, p.line) for p in item.paragraphs] == [("把牢政治方向。严守规矩。", 2)]


def test_item_without_body_and_following_paragraph() -> None:
    report = parse_text("六、改进措施\n\n1、进一步科学合理编制预算，严格执行预算。\n\n我单位将加强预算编制。\n")
    item = report.sections[0].children[0]
    assert item.title == "进一步科学合理编制预算，严格执行预算"
    assert [(p.text, p.line) for p in item.paragraphs] == [("我单位将加强预算编制。", 5)]


def test_markdown_heading_marks_bold_and_unnumbered_headings() -> None:
    report = parse_text("# 某局报告\n\n## **一、部门概况**\n\n正文。\n\n## 附件说明\n\n附件正文。\n")
    assert report.title == "某局报告"
    assert [(s.level, s.number, s.title) for s in report.sections] == [(1, "一、", "部门概况"), (1, "", "附件说明")]


def test_pipe_and_tab_tables_with_caption() -> None:
    md = "二、支出\n单位：万元\n| 项目 | 金额 |\n|---|---|\n| 支出合计 | 100.00 |\n\n正文。\n"
    section = parse_text(md).sections[0]
    assert section.tables[0].caption == "单位：万元"
    assert section.tables[0].rows == [["项目", "金额"], ["支出合计", "100.00"]]
    assert [p.text for p in section.paragraphs] == ["正文。"]
    tabbed = parse_text("二、支出\n项目\t金额\n支出合计\t100.00\n").sections[0]
    assert tabbed.tables[0].rows == [["项目", "金额"], ["支出合计", "100.00"]]


def test_first_line_is_title_only_when_it_looks_like_one() -> None:
    assert parse_text("现将情况报告如下。\n一、概况\n正文。\n").title == ""
    assert parse_text("一、概况\n正文。\n").title == ""
    assert parse_text("\ufeff某局报告\n").title == "某局报告"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("一、部门概况", (1, 1, "一、")),
        ("十二、其他", (1, 12, "十二、")),
        ("（三）收入", (2, 3, "（三）")),
        ("(三)、收入", (2, 3, "(三)、")),
        ("12.项目", (3, 12, "12.")),
        ("１．项目", (3, 1, "１．")),
        ("3、项目", (3, 3, "3、")),
        ("（2）细项", (4, 2, "（2）")),
    ],
)
def test_markers(line: str, expected: tuple[int, int, str]) -> None:
    found = match_marker(line)
    assert found is not None
    marker, _ = found
    assert (marker.level, marker.value, marker.text) == expected


@pytest.mark.parametrize("line", ["十四五规划开局", "2021年收入", "3.5万元", "一是加强学习", "（十四五）", "第一，"])
def test_not_markers(line: str) -> None:
    assert match_marker(line) is None


def test_chinese_values() -> None:
    assert [chinese_value(n) for n in ("一", "十", "十一", "二十", "九十九", "十十", "四五")] == [
        1,
        10,
        11,
        20,
        99,
        None,
        None,
    ]


@pytest.mark.parametrize("markdown", [True, False], ids=["markdown", "text"])
def test_drafts_round_trip(markdown: bool, example_facts: Facts, seed_facts: Facts, profile: Profile) -> None:
    for facts in (example_facts, seed_facts):
        report, _ = SkeletonDrafter(facts, profile).report()
        back = parse_text(render(report, markdown=markdown))
        assert _shape(back.model_dump()) == _shape(report.model_dump())


def test_lines_point_into_the_rendered_text(example_facts: Facts, profile: Profile) -> None:
    report, _ = SkeletonDrafter(example_facts, profile).report()
    text = render(report)
    lines = text.splitlines()
    back: Report = parse_text(text)
    for section in back.walk():
        assert section.line is not None
        assert section.title in lines[section.line - 1]
        for paragraph in section.paragraphs:
            assert paragraph.line is not None
            assert paragraph.text in lines[paragraph.line - 1]


@pytest.mark.parametrize("markdown", [True, False])
def test_cells_holding_separators_survive_a_round_trip(markdown: bool) -> None:
    """A cell such as "一般公共预算|基本支出" or a tab inside a cell must not split into two columns on re-reading."""
    from assistant.report.model import Section, Table

    rows = [["项目", "说明"], ["一般公共预算|基本支出", "含\t人员经费"], ["反斜杠\\结尾\\", "100.00"]]
    report = Report(
        title="某局报告", sections=[Section(level=1, number="一、", title="支出", tables=[Table(rows=rows)])]
    )
    back = parse_text(render(report, markdown=markdown)).sections[0].tables[0].rows
    expected = rows if markdown else [[c.replace("\t", " ") for c in row] for row in rows]
    assert back == expected
