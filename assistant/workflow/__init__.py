"""The report's way through the unit and the bureau, and the bureau's view of a year.

Submitting to the bureau applies the export gate: the report is assembled from its stored sections, checked
(checker rules plus the figure gate against the facts) and refused while any error remains. What the check
found, and the key figures, are recorded with the submission, so the dashboard lists 200 units from one
query instead of re-checking 200 reports; a submitted report is frozen, so the record stays true.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any, Final

from pydantic import ValidationError

from assistant.context import ReportContext
from assistant.errors import AssistantError
from assistant.export import describe
from assistant.facts.load import describe_error
from assistant.facts.model import Facts
from assistant.grades import grade_for
from assistant.profiles import load_profile
from assistant.report import Report
from assistant.store import IntakeRecord, Project, ReviewRow, Store, Workflow

LOW_EXECUTION: Final = Decimal(90)
"""预算执行率 below this (in %) is marked on the dashboard."""
KEY_INDICATORS: Final = ("预算执行率", "三公经费控制率", "结转结余率")
_SHOWN_ERRORS: Final = 5


class SubmissionBlocked(AssistantError):
    """A submission refused because the report does not pass the export gate."""


@dataclass(frozen=True)
class Checked:
    report: Report
    context: ReportContext
    errors: int
    warnings: int
    summary: dict[str, Any]
    error_lines: list[str]


def _rate(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _facts(store: Store, project: Project) -> Facts:
    data = store.facts(project.id).data
    try:
        return Facts.model_validate(data)
    except ValidationError as exc:
        first = describe_error(exc.errors()[0])
        raise SubmissionBlocked(f"事实中有 {exc.error_count()} 处填写有误（如 {first}），请先在“事实”页改正") from None


def check_project(store: Store, project: Project) -> Checked:
    """The report as stored, checked as the export gate checks it, with the dashboard's summary."""
    facts = _facts(store, project)
    context = ReportContext(facts, load_profile(project.profile))
    checked = context.check({sid: s.text for sid, s in store.sections(project.id).items()})
    report, figures, findings = checked.assembled.report, checked.figures, checked.findings
    errors = checked.errors
    indicators = {i.name: i.value for i in context.indicators.values()}
    evaluation = facts.self_evaluation
    summary: dict[str, Any] = {
        "预算执行率": _rate(indicators.get("预算执行率")),
        "三公经费控制率": _rate(indicators.get("三公经费控制率")),
        "结转结余率": _rate(indicators.get("结转结余率")),
        "自评得分": _rate(evaluation.score),
        "自评等级": evaluation.grade,
        "数字与事实不符": len(figures),
        "问题分类": dict(Counter(f.category for f in findings for _ in range(f.count))),
    }
    return Checked(
        report,
        context,
        sum(f.count for f in errors),
        sum(f.count for f in findings if f.severity == "warning"),
        summary,
        [describe(f) for f in errors],
    )


def advance(store: Store, project: Project, target: str, *, expected: str, note: str = "") -> Workflow:
    """Take the workflow step to ``target``; submitting to the bureau first passes the export gate."""
    if target != "已报送":
        return store.transition(project.id, target, expected=expected, note=note)
    checked = check_project(store, project)
    if checked.errors:
        shown = "；".join(checked.error_lines[:_SHOWN_ERRORS])
        more = f"等 {checked.errors} 处" if checked.errors > _SHOWN_ERRORS else ""
        raise SubmissionBlocked(f"检查发现 {checked.errors} 处错误，改正后才能报送：{shown}{more}")
    return store.transition(
        project.id,
        target,
        expected=expected,
        counts=(checked.errors, checked.warnings),
        summary=checked.summary,
        note=note,
    )


def outliers(summary: dict[str, Any]) -> list[str]:
    """What the dashboard marks about one submitted report, in Chinese."""
    marks = []
    execution = summary.get("预算执行率")
    if execution is not None and Decimal(str(execution)) < LOW_EXECUTION:
        marks.append(f"预算执行率 {execution}% 低于 {LOW_EXECUTION}%")
    score, grade = summary.get("自评得分"), summary.get("自评等级")
    if score is not None and grade and grade_for(Decimal(str(score))) != grade:
        marks.append(f"得分 {score} 与等级“{grade}”不符")
    if summary.get("数字与事实不符"):
        marks.append(f"{summary['数字与事实不符']} 处数字与事实不符")
    return marks


def dashboard(store: Store, year: int) -> list[dict[str, Any]]:
    """One row per unit's report of ``year``, for the bureau's table (one query, no re-checking).

    For the bureau (and the single user) the report files received for the year follow, as 文件报送.
    """
    rows = [_row(r) for r in store.review_rows(year)]
    if store.actor.is_local or store.actor.role == "财政局审核人":
        rows += [_file_row(r) for r in store.intakes(year)]
    return rows


def _file_row(record: IntakeRecord) -> dict[str, Any]:
    summary = record.summary
    return {
        "编号": None,
        "单位": record.unit_name,
        "状态": "文件报送",
        "错误": record.errors,
        "警告": record.warnings,
        **{name: summary.get(name) for name in KEY_INDICATORS},
        "自评得分": summary.get("自评得分"),
        "自评等级": summary.get("自评等级"),
        "异常": "；".join(outliers(summary)),
        "报送时间": record.created_at,
        "来源": record.file_name,
    }


def _row(row: ReviewRow) -> dict[str, Any]:
    summary = row.workflow.summary
    return {
        "编号": row.project.id,
        "单位": row.project.unit_name,
        "状态": row.workflow.state,
        "错误": row.workflow.errors,
        "警告": row.workflow.warnings,
        **{name: summary.get(name) for name in KEY_INDICATORS},
        "自评得分": summary.get("自评得分"),
        "自评等级": summary.get("自评等级"),
        "异常": "；".join(outliers(summary)),
        "报送时间": row.workflow.submitted_at,
        "来源": "应用",
    }


def findings_by_category(store: Store, year: int) -> Counter[str]:
    """The submitted reports' (and received files') findings of ``year`` counted by checker category."""
    total: Counter[str] = Counter()
    for row in store.review_rows(year):
        total.update(row.workflow.summary.get("问题分类", {}))
    if store.actor.is_local or store.actor.role == "财政局审核人":
        for record in store.intakes(year):
            total.update(record.summary.get("问题分类", {}))
    return total


def accepted_docx_zip(store: Store, year: int) -> tuple[bytes, int]:
    """Every accepted report of ``year`` as .docx in one .zip, and how many there are."""
    buffer = io.BytesIO()
    count = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, TemporaryDirectory() as folder:
        for row in store.review_rows(year):
            if row.workflow.state != "已受理":
                continue
            checked = check_project(store, row.project)
            path = Path(folder) / f"{row.project.id}.docx"
            checked.context.export(checked.report, path, force=True)
            archive.write(path, f"{row.project.unit_name}-{year}年度绩效自评报告.docx")
            count += 1
    return buffer.getvalue(), count
