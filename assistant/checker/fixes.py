"""``assistant check --fix``: the mechanical fixes only, on the raw lines of the file.

Mechanical means the right text follows from the wrong text alone: full-width punctuation for half-width
in Chinese, "1." for "1、", 其他 for 其它, 2021年 for 今年 in a 2021 report. Numbering gaps, missing
sections and figures that do not add up are never "fixed": they need a person.

The edits are the ones the checks return, so a fix is always exactly what a finding offered. In a .docx
an edit is applied inside one run, keeping its formatting; an edit that would straddle two runs is
listed as not applied.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from assistant.checker.document import marker_of, report_year
from assistant.checker.engine import excerpt
from assistant.checker.hits import Edit, Hit, apply_edits
from assistant.checker.model import Change
from assistant.checker.numerals import full_width_digits
from assistant.checker.ordinals import levels_to_rewrite
from assistant.checker.punctuation import doc_number, half_width, repeated
from assistant.checker.wording import lexicon_words, relative_time
from assistant.importers import ReportReadError, parse_text, read_report
from assistant.importers.markers import match_marker
from assistant.report.model import Report
from assistant.safe_io import write_report_file

FIXING_CHECKS = (half_width, repeated, doc_number, full_width_digits, lexicon_words, relative_time)
_PREFIX = re.compile(r"[ \t\u3000]*(?:#{1,6}[ \t]+)?(?:\*\*)?[ \t\u3000]*")


class _Plan:
    """What applies to every line of one report: its year and the marker levels to respell."""

    def __init__(self, report: Report) -> None:
        self.year = report_year(report)
        headings = [(s, m) for s in report.walk() if (m := marker_of(s)) is not None]
        self.levels = levels_to_rewrite(headings)

    def edits(self, content: str) -> list[tuple[str, Edit]]:
        stripped = content.strip()
        if stripped.startswith("|") or "\t" in stripped:
            return []
        start = _PREFIX.match(content)
        body = start.end() if start else 0
        found: list[tuple[str, Edit]] = []
        marker = match_marker(content[body:])
        if marker is not None:
            parsed, end = marker
            rule = self.levels.get(parsed.level)
            if rule is not None and content[body : body + end].strip() != parsed.standard:
                found.append((rule, Edit(body, body + end, parsed.standard)))
            body += end
        hits: list[Hit] = [hit.shifted(body) for check in FIXING_CHECKS for hit in check(content[body:], self.year)]
        found.extend((hit.rule, edit) for hit in hits for edit in hit.edits)
        return found


def _changes(line: int, content: str, edits: list[tuple[str, Edit]], kept: list[Edit]) -> list[Change]:
    rule_of = {id(edit): rule for rule, edit in edits}
    return [
        Change(
            rule=rule_of[id(e)],
            line=line,
            before=content[e.start : e.end],
            after=e.new,
            excerpt=excerpt(content, e.start, e.end),
        )
        for e in kept
    ]


def apply_fixes(text: str) -> tuple[str, list[Change]]:
    """The text of a .txt/.md report with every mechanical fix applied, and the list of what changed."""
    plan = _Plan(parse_text(text))
    out: list[str] = []
    changes: list[Change] = []
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        content = raw.rstrip("\r\n")
        ending = raw[len(content) :]
        edits = plan.edits(content)
        fixed, kept = apply_edits(content, [e for _, e in edits])
        changes += _changes(number, content, edits, kept)
        out.append(fixed + ending)
    return "".join(out), changes


def _runs(paragraph: Any) -> list[Any]:
    from docx.text.run import Run

    runs: list[Any] = []
    for item in paragraph.iter_inner_content():
        runs.extend([item] if isinstance(item, Run) else item.runs)
    return runs


def _fix_paragraph(paragraph: Any, number: int, plan: _Plan) -> list[Change]:
    runs = _runs(paragraph)
    texts = [run.text for run in runs]
    content = "".join(texts)
    edits = plan.edits(content)
    _, kept = apply_edits(content, [e for _, e in edits])
    changes = _changes(number, content, edits, kept)
    bounds: list[tuple[int, int]] = []
    offset = 0
    for text in texts:
        bounds.append((offset, offset + len(text)))
        offset += len(text)
    pending: dict[int, list[Edit]] = {}
    for change, edit in zip(changes, kept, strict=True):
        inside = next((i for i, (a, b) in enumerate(bounds) if a <= edit.start and edit.end <= b), None)
        if inside is None:
            change.applied = False
            continue
        a = bounds[inside][0]
        pending.setdefault(inside, []).append(Edit(edit.start - a, edit.end - a, edit.new))
    for index, run_edits in pending.items():
        runs[index].text, _ = apply_edits(texts[index], run_edits)
    return changes


def fix_docx(source: Path, target: Path) -> list[Change]:
    """Apply the mechanical fixes to a .docx, run by run so every run keeps its formatting; save to ``target``."""
    import docx
    from docx.table import Table

    plan = _Plan(read_report(source))
    try:
        document = docx.Document(str(source))
    except Exception:
        # read_report above opened the same file; failing now means it changed under us.
        raise ReportReadError(f"{source.name}：Word 文档无法打开") from None
    changes: list[Change] = []
    number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            continue
        number += 1
        changes += _fix_paragraph(block, number, plan)
    write_report_file(target, lambda temporary: document.save(str(temporary)))
    return changes
