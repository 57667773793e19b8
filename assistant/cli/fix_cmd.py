"""``assistant fix``: the checker's fixes on a report file, made the way the app's 检查 page makes them.

The report is read into its sections' editable texts, the fixes are made on the report assembled from them
and cut back section by section (``ReportContext.fixes``), so a script gets exactly the app's one-click fix;
with ``--facts`` every figure whose sentence names a fact also gets the fact's value (the app's 改为 button).
The changes are printed as a diff; only ``--apply`` (in place) or ``-o`` (a new file) writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.checker import choose_profile
from assistant.cli.errors import fail, user_errors
from assistant.cli.export_cmd import write_export
from assistant.cli.section_diff import echo_diff
from assistant.facts import load_facts
from assistant.facts.model import Facts
from assistant.importers import read_report
from assistant.profiles import load_profile
from assistant.safe_io import same_file

WRITABLE = (".txt", ".md")


def fix(
    file: Annotated[Path, typer.Argument(help="报告文件（.txt、.md 或 .docx）")],
    facts_file: Annotated[
        Path | None,
        typer.Option("--facts", help="事实文件：与事实不符的数字改为事实中的数值（句中点明了是哪项事实时）"),
    ] = None,
    apply: Annotated[bool, typer.Option("--apply", help="把修正写回报告文件（.txt 或 .md）")] = False,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="修正后的报告另存为此文件（.txt 或 .md）")
    ] = None,
    profile: Annotated[str | None, typer.Option("--profile", help="报告类型（默认按提纲自动识别）")] = None,
) -> None:
    """按检查结果自动修正报告（与应用“检查”页的“一键修正”相同）：差异输出到屏幕；--apply 改写原文件，-o 另存。"""
    # Imported here so that the other commands (check above all) skip LangChain's start-up.
    from assistant.context import ReportContext, SectionFixes

    if apply and output is not None:
        fail("--apply 与 -o 只能选一个：--apply 改写原文件，-o 另存为新文件")
    target = file if apply else output
    if target is not None and target.suffix.lower() not in WRITABLE:
        fail(f"fix 只能写 .txt 或 .md 文件（{target.name}）；.docx 报告请用 assistant check --fix -o，保留原有格式")
    if output is not None and same_file(file, output):
        fail(f"输出文件不能与报告文件相同：{output}（要改写原文件请用 --apply）")
    with user_errors():
        report = read_report(file)
        facts = load_facts(facts_file) if facts_file is not None else Facts()
        chosen = load_profile(profile) if profile else choose_profile(report)
    context = ReportContext(facts, chosen)
    texts = context.section_texts(report)
    mechanical = context.fixes(texts, title=report.title)
    fixed = {**texts, **mechanical.texts}
    figures = context.figure_fixes(fixed) if facts_file is not None else SectionFixes({}, 0)
    fixed.update(figures.texts)
    changed = {sid: text for sid, text in fixed.items() if text != texts[sid]}
    if not changed:
        typer.echo(f"{file.name}：没有可自动修正的问题。", err=True)
        return
    for section_id, text in changed.items():
        echo_diff(section_id, texts[section_id], text, "修正后")
    figure_note = f"，按事实改正数字 {figures.edits} 处" if facts_file is not None else ""
    how = "" if target is not None else "；加 --apply 写回原文件，或用 -o 另存"
    typer.echo(f"机械性修正 {mechanical.edits} 处{figure_note}，涉及 {len(changed)} 个章节{how}。", err=True)
    if target is not None:
        with user_errors():
            revised = context.with_sections(report, changed)
        write_export(revised, target, context=context if facts_file is not None else None, profile=chosen)
