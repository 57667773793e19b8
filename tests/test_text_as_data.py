"""Facts are text: whatever a fact says, it never becomes a heading, a number or a line break in the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.checker import check_file
from assistant.export.docx_writer import write_docx
from assistant.export.layout import Layout
from assistant.facts import Facts
from assistant.importers import read_report
from assistant.profiles import Profile
from assistant.report import Report, render
from assistant.skeleton import SkeletonDrafter


def _headings(report: Report) -> list[tuple[int, str]]:
    return [(s.level, f"{s.number}{s.title}") for s in report.walk()]


def _with_text(facts: Facts, summary: str, content: str, title: str | None = None) -> Facts:
    data = facts.model_copy(deep=True)
    data.summary = summary
    item = data.themes[0].items[0]
    item.text = content
    if title is not None:
        item.title = title
    return data


HOSTILE_TEXTS = [
    ("#学习强国#平台发布稿件12篇", "#学习强国#平台"),
    ("# 学习强国平台", "# 学习强国平台"),
    ("工作有成效\n## 小节\n继续推进", "## 小节"),
    ("工作有成效\n八、附件\n（一）补充", "八、附件"),
    ("一、预算执行平稳；二、成效明显", "预算执行平稳"),
    ("1.加强学习。2.改进作风", "加强学习"),
    ("\n\n\n", None),
]


@pytest.mark.parametrize(("text", "kept"), HOSTILE_TEXTS)
def test_fact_text_never_changes_the_outline(
    example_facts: Facts, profile: Profile, text: str, kept: str | None, tmp_path: Path
) -> None:
    baseline, _ = SkeletonDrafter(example_facts, profile).report()
    report, _ = SkeletonDrafter(_with_text(example_facts, text, text), profile).report()
    assert _headings(report) == _headings(baseline)
    body = render(report)
    if kept is not None:
        assert kept in body
    for suffix in (".md", ".txt"):
        path = tmp_path / f"out{suffix}"
        path.write_text(render(report, markdown=suffix == ".md"), encoding="utf-8")
        assert _headings(read_report(path)) == _headings(read_report(_rendered(baseline, tmp_path, suffix)))


def _rendered(report: Report, folder: Path, suffix: str) -> Path:
    path = folder / f"baseline{suffix}"
    path.write_text(render(report, markdown=suffix == ".md"), encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "kept"), HOSTILE_TEXTS[:5])
def test_fact_text_never_adds_findings_to_the_exported_docx(
    example_facts: Facts, profile: Profile, text: str, kept: str | None, tmp_path: Path
) -> None:
    baseline, _ = SkeletonDrafter(example_facts, profile).report()
    write_docx(baseline, tmp_path / "baseline.docx", Layout())
    report, _ = SkeletonDrafter(_with_text(example_facts, text, text), profile).report()
    write_docx(report, tmp_path / "hostile.docx", Layout())
    expected = {f.rule for f in check_file(tmp_path / "baseline.docx").findings if f.severity == "error"}
    found = {f.rule for f in check_file(tmp_path / "hostile.docx").findings if f.severity == "error"}
    assert found <= expected


def test_fact_title_with_its_own_marker_keeps_one_number(example_facts: Facts, profile: Profile) -> None:
    report, _ = SkeletonDrafter(_with_text(example_facts, "好", "好", title="一、全会协商议大事"), profile).report()
    titles = [s.title for s in report.walk()]
    assert "全会协商议大事" in titles
