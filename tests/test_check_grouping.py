"""A report with a mistake repeated thousands of times: the findings of one rule are listed up to a
threshold and the rest counted, so output and memory stay proportional to what a person can read."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.checker import check_report
from assistant.cli import app
from assistant.importers import parse_text
from assistant.limits import limits

runner = CliRunner()
LINE = "本局工作,成效明显;其它事项按计划推进。"
REPEATS = 3000


def _text() -> str:
    return "某局2023年度部门整体支出绩效自评报告\n一、部门概况\n" + "\n".join([LINE] * REPEATS) + "\n"


def test_repeated_findings_are_grouped_with_a_count() -> None:
    findings = check_report(parse_text(_text()))
    per_rule: dict[str, int] = {}
    for finding in findings:
        per_rule[finding.rule] = per_rule.get(finding.rule, 0) + 1
    shown = limits().findings_per_rule
    assert max(per_rule.values()) <= shown + 1
    grouped = [f for f in findings if f.count > 1]
    assert grouped, "the rest of a repeated rule is counted in one finding"
    assert all("另有" in f.message for f in grouped)
    totals: dict[str, int] = {}
    for finding in findings:
        totals[finding.rule] = totals.get(finding.rule, 0) + finding.count
    assert totals["wording.lexicon"] == REPEATS
    half_width = [f for f in findings if f.rule == "punctuation.half-width"]
    assert len(half_width) == 1 and f"共{2 * REPEATS}处" in half_width[0].message


def test_summary_counts_every_occurrence(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(_text(), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--format", "json"])
    data = json.loads(result.stdout)
    assert sum(data["counts"].values()) >= REPEATS, "every listed-or-counted occurrence is in the summary"
    assert len(data["findings"]) < 10 * (limits().findings_per_rule + 1)
    assert len(result.stdout) < 100_000
    text = runner.invoke(app, ["check", str(path)])
    assert "另有" in text.output
    assert len(text.output) < 100_000
