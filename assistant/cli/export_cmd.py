"""``assistant export``: a report file to the Word file that is filed (or to Markdown / text), through the gate."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.errors import EXIT_INPUT, fail, user_errors
from assistant.export import ExportBlocked, ExportResult, describe, export_report
from assistant.importers import read_report
from assistant.profiles import DEFAULT_PROFILE, Profile, load_profile
from assistant.report import Report

if TYPE_CHECKING:  # the context imports drafting (LangChain), which check and export never need to load
    from assistant.context import ReportContext

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}

ForceOpt = Annotated[bool, typer.Option("--force", help="检查发现错误时仍导出 .docx；强制导出会记录在文档属性中")]


def _print_findings(result: ExportResult, section_id: str | None) -> None:
    """The findings of the export (for a one-section draft, those that concern the drafted section)."""
    if not result.findings:
        typer.echo("检查：未发现问题。" if section_id is None else "检查：本章未发现问题。", err=True)
        return
    scope = "" if section_id is None else "本章"
    typer.echo(f"检查发现{scope} {len(result.findings)} 处问题：", err=True)
    for finding in result.findings:
        typer.echo(f"  - [{SEVERITY_LABELS.get(finding.severity, finding.severity)}] {describe(finding)}", err=True)


def write_export(
    report: Report,
    output: Path,
    *,
    context: ReportContext | None = None,
    profile: Profile | None = None,
    force: bool = False,
    section_id: str | None = None,
) -> ExportResult:
    """Export and tell the user what happened; a blocked .docx lists its errors and exits 2. With ``context``
    (a report drafted or edited from facts) the figure gate runs too, and ``section_id`` scopes the findings."""
    with user_errors():
        try:
            if context is not None:
                result = context.export(report, output, force=force, section_id=section_id)
            else:
                result = export_report(report, output, profile=profile, force=force)
        except ExportBlocked as exc:
            typer.echo(f"错误：{exc}", err=True)
            typer.echo("请改正后重新导出；确需按现状提交时加 --force（强制导出会记录在文档属性中）。", err=True)
            raise typer.Exit(EXIT_INPUT) from None
    typer.echo(f"已写入 {output}（{len(report.sections)} 个章节）", err=True)
    _print_findings(result, section_id)
    if result.forced:
        typer.echo(f"已强制导出：{len(result.errors)} 处错误未改正，已记录在文档属性（备注）中。", err=True)
    return result


def export(
    file: Annotated[Path, typer.Argument(help="报告文件（.docx、.md 或 .txt）")],
    output: Annotated[Path, typer.Option("-o", "--output", help="导出文件：.docx（公文版式）、.md 或 .txt")],
    force: ForceOpt = False,
    profile: Annotated[str, typer.Option("--profile", help="报告类型")] = DEFAULT_PROFILE,
) -> None:
    """导出报告：.docx 为 GB/T 9704 公文版式，检查发现错误时拒绝导出；.md 和 .txt 为工作稿，照常写出并列出问题。"""
    with user_errors():
        prof = load_profile(profile)
        report = read_report(file)
    if output.resolve() == file.resolve():
        fail(f"导出文件不能与报告文件相同：{output}")
    write_export(report, output, profile=prof, force=force)
