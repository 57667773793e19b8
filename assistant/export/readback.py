"""What is filed is what was checked: a written report file is read back and compared with the report.

The checker and the figure gate run on the report model, but the finance bureau reads the file. A
paragraph that begins like a heading ("1.办结提案53件", "二、其他事项…") is a paragraph in the model and
a heading to anyone (or any tool) reading the file, so the file would hold an outline nobody checked.
Reading the file back with the same importer the checker uses closes that gap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import zip_longest
from pathlib import Path

from assistant.export.errors import ExportError
from assistant.importers import read_report
from assistant.report.model import Report, Section

EXCERPT = 24

Item = tuple[str, str]
"""One thing a reader meets in order: its kind (标题, 段落, 表格) and its text."""


class ReadBackMismatch(ExportError):
    """The file just written does not read back as the report that was checked; the target is left as it was."""


def _section_items(section: Section) -> Iterator[Item]:
    yield f"{section.level}级标题", f"{section.number}{section.title}"
    for paragraph in section.paragraphs:
        yield "段落", paragraph.text
    for table in section.tables:
        yield "表格", " | ".join(" / ".join(row) for row in table.rows)
    for child in section.children:
        yield from _section_items(child)


def items(report: Report) -> list[Item]:
    """The report as a reader meets it, without where each piece was found."""
    found: list[Item] = [("标题", report.title), *(("段落", p.text) for p in report.preamble)]
    for section in report.sections:
        found.extend(_section_items(section))
    return found


def _quote(item: Item | None) -> str:
    if item is None:
        return "（没有）"
    kind, text = item
    short = text if len(text) <= EXCERPT else text[:EXCERPT] + "…"
    return f"{kind}“{short}”"


def first_difference(written: Report, read: Report) -> str | None:
    """Where the file read back differs from the report, in words, or None when a reader sees the same report."""
    for expected, got in zip_longest(items(written), items(read)):
        if expected != got:
            return f"报告中的{_quote(expected)}，在文件中读成了{_quote(got)}"
    return None


def reads_back_as(report: Report) -> Callable[[Path], None]:
    """A check for ``write_atomic``: the temporary file must read back as ``report`` before it replaces the target."""

    def verify(path: Path) -> None:
        difference = first_difference(report, read_report(path))
        if difference is not None:
            raise ReadBackMismatch(
                f"未导出 {path.suffix}：写出的文件读回后与检查过的报告不一致（{difference}）。"
                "多半是某段开头像标题（如“1.”“二、”），请改写这一段的开头后再导出。"
            )

    return verify
