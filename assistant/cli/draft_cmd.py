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
from assistant.report import Report, render
from assistant.skeleton import SkeletonDrafter


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
    with user_errors():
        facts = load_facts(file)
        prof = load_profile(profile)
        if section is not None:
            prof.section(section)
    if backend is Backend.template:
        drafter = SkeletonDrafter(facts, prof)
        report, drafts = drafter.report()
        if section is not None:
            report = Report(title=report.title, sections=[s for s in report.sections if s.section_id == section])
            drafts = [d for d in drafts if d.spec.id == section]
        missing = [f"{d.spec.heading}：{path}" for d in drafts for path in d.missing]
    else:
        # Imported here so that commands without a model (check, template drafts) skip LangChain's start-up.
        from assistant.cli.draft_progress import draft_with_model

        report, missing = draft_with_model(facts, prof, backend.value, section)
    if output is None:
        typer.echo(render(report))
    else:
        write_export(report, output, facts=facts, profile=prof, force=force, section_id=section)
    if missing:
        typer.echo(f"待补充的必需事实 {len(missing)} 项：", err=True)
        for line in missing:
            typer.echo(f"  - {line}", err=True)
