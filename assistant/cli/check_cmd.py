"""``assistant check``: findings for a report file or a folder of them, and ``--fix`` for the mechanical ones.

Exit codes: 0 no errors, 1 errors found, 2 the input cannot be read (for a folder: the worst file).
"""

from __future__ import annotations

import json
import unicodedata
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from assistant.checker import FileCheck, Finding, apply_fixes, check_file, check_folder, fix_docx
from assistant.checker.model import Change
from assistant.cli.errors import EXIT_INPUT, fail, user_errors
from assistant.export.figures import check_file_with_facts
from assistant.importers import read_text_with_encoding
from assistant.profiles import load_profile
from assistant.safe_io import same_file, write_report_file

EXIT_FINDINGS = 1
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


def _exit_code(result: FileCheck) -> int:
    if result.error is not None:
        return EXIT_INPUT
    return EXIT_FINDINGS if result.has_errors else 0


def _finding_lines(finding: Finding) -> list[str]:
    place = f"第{finding.line}行" if finding.line is not None else "全文"
    lines = [f"  {SEVERITY_LABELS[finding.severity]}  {place}  {finding.message}  [{finding.rule}]"]
    if finding.excerpt:
        lines.append(f"        原文：{finding.excerpt}")
    if finding.fix:
        lines.append(f"        可自动修改：{finding.fix}")
    return lines


def _summary(result: FileCheck) -> str:
    c = result.counts
    verdict = "有错误，不能报送" if result.has_errors else "没有错误"
    return f"错误 {c['error']} 项，警告 {c['warning']} 项，提示 {c['info']} 项：{verdict}"


def _print_file(result: FileCheck) -> None:
    typer.echo(f"{result.file}  {result.profile_label}")
    for finding in result.findings:
        for line in _finding_lines(finding):
            typer.echo(line)
    typer.echo(f"  合计：{_summary(result)}")


def _print_table(results: list[FileCheck], folder: Path) -> None:
    names = [str(Path(r.file).relative_to(folder)) for r in results]
    width = max([_width("文件"), *(_width(n) for n in names)])
    typer.echo("")
    typer.echo(f"{_pad('文件', width)}  {'错误':>4}  {'警告':>4}  {'提示':>4}  结论")
    for name, result in zip(names, results, strict=True):
        if result.error is not None:
            typer.echo(f"{_pad(name, width)}  {'—':>6}  {'—':>6}  {'—':>6}  无法读取：{result.error}")
            continue
        c = result.counts
        verdict = "需修改" if result.has_errors else "可报送"
        typer.echo(f"{_pad(name, width)}  {c['error']:>6}  {c['warning']:>6}  {c['info']:>6}  {verdict}")
    unreadable = sum(1 for r in results if r.error is not None)
    failing = sum(1 for r in results if r.error is None and r.has_errors)
    passing = len(results) - unreadable - failing
    typer.echo(f"共 {len(results)} 个文件：可报送 {passing}，需修改 {failing}，无法读取 {unreadable}")


def _print_changes(changes: list[Change], output: Path) -> None:
    applied = [c for c in changes if c.applied]
    typer.echo(f"已修改 {len(applied)} 处，写入 {output}：")
    for change in changes:
        state = "" if change.applied else "（跨越不同格式，未修改，请手工处理）"
        typer.echo(f"  第{change.line}行  “{change.before}” → “{change.after}”  [{change.rule}]{state}")
        typer.echo(f"        原文：{change.excerpt}")


def _fix(path: Path, output: Path | None, profile: str | None) -> None:
    if output is None:
        fail("--fix 需要用 -o 指定输出文件（不会改动原文件）")
    suffix = path.suffix.lower()
    out_suffix = output.suffix.lower()
    if (suffix == ".docx") != (out_suffix == ".docx") or out_suffix not in (".txt", ".md", ".docx"):
        fail(f"输出文件应与原文件同类：{path.name} 不能另存为“{out_suffix or '无扩展名'}”")
    if same_file(path, output):
        fail(f"输出文件不能与原文件相同：{output}（--fix 不改动原文件，请另选一个文件名）")
    with user_errors():
        if suffix == ".docx":
            changes = fix_docx(path, output)
        else:
            text, encoding = read_text_with_encoding(path)
            fixed, changes = apply_fixes(text)
            data = _encoded(fixed, encoding)
            write_report_file(output, lambda temporary: temporary.write_bytes(data))
    _print_changes(changes, output)
    with user_errors():
        result = check_file(output, profile)
    typer.echo(f"修改后仍有：{_summary(result)}")
    raise typer.Exit(_exit_code(result))


def _encoded(text: str, encoding: str) -> bytes:
    """The fixed text in the encoding of the original (a GBK report stays GBK), UTF-8 if it no longer fits."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        typer.echo(f"提示：修改后的文字无法用原编码（{encoding}）保存，已另存为 UTF-8。", err=True)
        return text.encode("utf-8")


def check(
    path: Annotated[Path, typer.Argument(help="报告文件（.txt、.md、.docx）或包含报告的文件夹")],
    format: Annotated[CheckFormat, typer.Option("--format", help="输出格式")] = CheckFormat.text,
    profile: Annotated[str | None, typer.Option("--profile", help="报告类型（默认按提纲自动识别）")] = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="只做机械性修改（标点、序号写法、全角数字、用词），写入 -o")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="--fix 的输出文件（与原文件同一编码，不能是原文件）")
    ] = None,
    facts: Annotated[
        Path | None, typer.Option("--facts", help="事实文件：报告中每个不是事实的数字各报一处错误")
    ] = None,
) -> None:
    """检查报告：必备章节与事实、序号、标点（GB/T 15834）、数字（GB/T 15835）、用词和前后一致。

    退出码：0 无错误，1 有错误，2 文件无法读取。
    """
    with user_errors():
        if profile:
            load_profile(profile)
    if fix:
        if path.is_dir():
            fail("--fix 只能用于单个文件")
        _fix(path, output, profile)
    if path.is_dir():
        results = check_folder(path, profile)
        if not results:
            fail(f"{path}：文件夹中没有 .txt、.md 或 .docx 报告")
        if format is CheckFormat.json:
            typer.echo(json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=2))
        else:
            for result in results:
                if result.error is None:
                    _print_file(result)
            _print_table(results, path)
        raise typer.Exit(max(_exit_code(r) for r in results))
    if facts is not None and path.is_dir():
        fail("--facts 只能用于单个报告文件（一份事实只对应一个单位的报告）")
    with user_errors():
        single = check_file(path, profile) if facts is None else check_file_with_facts(path, facts, profile)
    if format is CheckFormat.json:
        typer.echo(json.dumps(single.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_file(single)
    raise typer.Exit(_exit_code(single))
