"""``assistant draft``: a whole report or one section from a facts file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.errors import user_errors
from assistant.cli.export_cmd import ForceOpt, write_export
from assistant.facts import load_facts
from assistant.profiles import DEFAULT_PROFILE, load_profile
from assistant.report import render


class Backend(StrEnum):
    template = "template"
    local = "local"
    openai = "openai"


def draft(
    file: Annotated[Path, typer.Argument(help="事实文件（.yaml 或 .json）")],
    backend: Annotated[Backend, typer.Option("--backend", help="起草方式：template 为无模型的骨架稿")] = (
        Backend.template
    ),
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件（.docx、.md 或 .txt）")] = None,
    section: Annotated[str | None, typer.Option("--section", help="只起草一个章节（章节 id）")] = None,
    profile: Annotated[str, typer.Option("--profile", help="报告类型")] = DEFAULT_PROFILE,
    force: ForceOpt = False,
) -> None:
    """从事实起草报告，写入 -o 指定的文件（不指定则输出到屏幕）。"""
    # Imported here so that the commands without a model (check above all) skip LangChain's start-up.
    from assistant.context import ReportContext

    with user_errors():
        context = ReportContext(load_facts(file), load_profile(profile))
        if section is not None:
            context.profile.section(section)
    if backend is Backend.template:
        result = context.draft_report(None, section_id=section)
    else:
        from assistant.cli.draft_progress import draft_with_model

        result = draft_with_model(context, backend.value, section)
    report = result.report
    if output is None:
        typer.echo(render(report))
    else:
        write_export(report, output, context=context, force=force, section_id=section)
    missing = [f"{context.profile.section(s.section_id).heading}：{path}" for s in result.sections for path in s.todo]
    if missing:
        typer.echo(f"待补充的必需事实 {len(missing)} 项：", err=True)
        for line in missing:
            typer.echo(f"  - {line}", err=True)
