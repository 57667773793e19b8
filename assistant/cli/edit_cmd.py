"""``assistant edit``: one section of a report through an edit operation, shown as a diff, optionally applied.

The same heading-safe, block-by-block edit as the app's chat (``assistant.drafting.section_edit``): the model
never sees a heading, and every block passes the fact gate. Without ``--apply`` nothing is written.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.errors import fail, user_errors
from assistant.cli.export_cmd import write_export
from assistant.cli.section_diff import echo_diff
from assistant.drafting.section_edit import SectionEdit
from assistant.facts import load_facts
from assistant.importers import read_report
from assistant.profiles import DEFAULT_PROFILE, load_profile


class EditBackend(StrEnum):
    local = "local"
    openai = "openai"


def edit(
    file: Annotated[Path, typer.Argument(help="报告文件（.docx、.md 或 .txt）")],
    facts_file: Annotated[Path, typer.Option("--facts", help="事实文件（.yaml 或 .json）")],
    section: Annotated[str, typer.Option("--section", help="要修改的章节 id")],
    op: Annotated[
        str | None, typer.Option("--op", help="修改方式：润色、扩写、缩写、正式化、改写；不写时按 --instruction 修改")
    ] = None,
    instruction: Annotated[
        str, typer.Option("--instruction", help="修改要求，如“删除第二段”“把这一段压缩到150字”“预算执行率写成97.93%”")
    ] = "",
    backend: Annotated[EditBackend, typer.Option("--backend", help="模型：local 或 openai")] = EditBackend.local,
    apply: Annotated[bool, typer.Option("--apply", help="把修改写入 -o 指定的文件")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="--apply 时写入的文件")] = None,
    profile: Annotated[str, typer.Option("--profile", help="报告类型")] = DEFAULT_PROFILE,
) -> None:
    """修改报告的一章：按 --op 的方式，或按 --instruction 的要求（补充、删除、压缩到N字、调整顺序、改数字、改写）。

    差异输出到屏幕，说明输出到 stderr；加 --apply -o 写出修改后的报告。无法照办时说明原因，退出码 1。
    """
    # Imported here so that the other commands (check above all, on large files) skip LangChain's start-up.
    from assistant.context import ReportContext
    from assistant.drafting.operations import operations
    from assistant.drafting.section_text import section_body

    if op is None and not instruction.strip():
        fail("请用 --instruction 写明修改要求（如“删除第二段”），或用 --op 指定修改方式")
    if op is not None and op not in operations():
        fail(f"不支持的修改方式“{op}”（--op 可选：{'、'.join(operations())}）")
    if apply != (output is not None):
        fail("--apply 与 -o 须一起使用：--apply -o 输出文件")
    if output is not None and output.resolve() == file.resolve():
        fail(f"输出文件不能与报告文件相同：{output}")
    with user_errors():
        context = ReportContext(load_facts(facts_file), load_profile(profile))
        spec = context.profile.section(section)
        report = read_report(file)
    found = context.find_section(report, spec.id)
    if found is None:
        present = "、".join(f"{s.number}{s.title}" for s in report.sections) or "无"
        fail(f"{file.name} 中没有“{spec.heading}”一章（章节 {spec.id}）；报告中的章节：{present}")
    text = section_body(found)
    if not text.strip():
        fail(f"{file.name} 的“{spec.heading}”一章没有正文，无可修改")
    from assistant.cli.draft_progress import chat_model
    from assistant.drafting.obey import Obeyed, needs_model
    from assistant.llm.errors import ModelUnavailable

    model = chat_model(backend.value) if op is not None or needs_model(instruction) else None
    with user_errors():
        try:
            if op is None:
                edited: SectionEdit = context.instruct(text, spec.id, instruction, model)
            else:
                edited = context.edit(text, spec.id, op, instruction, model)
        except ModelUnavailable as exc:
            fail(f"{exc}。没有写入任何文件，可以直接重试。")
    done = op or (edited.name if isinstance(edited, Obeyed) else "修改")
    if isinstance(edited, Obeyed) and edited.refusal:
        typer.echo(f"无法照办（{edited.name}）：{edited.refusal}。没有写入任何文件。", err=True)
        if edited.fact is not None:
            typer.echo(
                f"要改的是事实：在事实文件 {facts_file} 中修改“{edited.fact.label}”（字段 {edited.fact.path}），"
                f"用 assistant facts validate {facts_file} 校验后再起草或修改。",
                err=True,
            )
        raise typer.Exit(1)
    for note in edited.notes:
        typer.echo(f"{'说明' if op is None else '闸门'}：{note}", err=True)
    if edited.text == text:
        typer.echo(f"“{spec.heading}”一章{done}后与原文相同，没有修改建议。", err=True)
    else:
        echo_diff(spec.id, text, edited.text, f"{done}后")
    if output is not None:
        with user_errors():
            edited_report = context.with_sections(report, {spec.id: edited.text})
        write_export(edited_report, output, context=context)
