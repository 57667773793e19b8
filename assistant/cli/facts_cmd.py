"""``assistant facts validate|show``: check a facts file and see what the engine reads from it."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.errors import user_errors
from assistant.facts import facts_to_data, load_facts
from assistant.facts.paths import numeric_facts
from assistant.facts.repeats import repeated_figures
from assistant.indicators import compute_indicators
from assistant.numbers import fmt_fixed
from assistant.profiles import DEFAULT_PROFILE, load_profile

app = typer.Typer(help="事实文件：校验与查看。", no_args_is_help=True)

FileArg = Annotated[Path, typer.Argument(help="事实文件（.yaml 或 .json）")]
ProfileOpt = Annotated[str, typer.Option("--profile", help="报告类型")]


class ShowFormat(StrEnum):
    json = "json"
    text = "text"


@app.command()
def validate(file: FileArg) -> None:
    """校验事实文件；有误时逐条列出字段和原因，退出码 2。"""
    with user_errors():
        facts = load_facts(file)
    typer.echo(f"{file.name}：校验通过，共 {len(numeric_facts(facts))} 项数字事实。")
    for repeat in repeated_figures(facts):
        typer.echo(f"提示：{repeat.message}")


@app.command()
def show(
    file: FileArg,
    format: Annotated[ShowFormat, typer.Option("--format", help="输出格式")] = ShowFormat.text,
    profile: ProfileOpt = DEFAULT_PROFILE,
) -> None:
    """显示校验后的事实（键 facts）和由事实计算出的指标（键 indicators）。"""
    with user_errors():
        facts = load_facts(file)
        variant = load_profile(profile).indicators.budget_adjustment
    indicators = compute_indicators(facts, variant)
    if format is ShowFormat.json:
        payload = {
            "facts": facts_to_data(facts),
            "indicators": [
                {
                    "id": i.id,
                    "name": i.name,
                    "value": float(i.value),
                    "unit": i.unit,
                    "formula": i.formula,
                    "inputs": {k: float(v) for k, v in i.inputs.items()},
                }
                for i in indicators
            ],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for path, value in numeric_facts(facts):
        typer.echo(f"{path} = {value}")
    typer.echo("")
    for i in indicators:
        typer.echo(f"{i.name} = {fmt_fixed(i.value)}{i.unit}（{i.formula}）")
