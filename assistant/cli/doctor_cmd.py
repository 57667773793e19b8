"""``assistant doctor``: the one command to run (or to ask a user to run) when drafting does not work."""

from __future__ import annotations

import typer


def doctor() -> None:
    """检查运行环境：Python 与软件包、处理器与 llama.cpp 编译选项、模型文件、试生成速度、起草方式、数据库。"""
    # Imported here: the checks pull in the model layer, which other commands can do without.
    from assistant.doctor import diagnose

    checks = diagnose()
    for check in checks:
        mark = "✓" if check.ok else ("✗" if check.blocking else "!")
        typer.echo(f"{mark} {check.name}：{check.detail}")
    blocking = [c for c in checks if c.blocking and not c.ok]
    if blocking:
        typer.echo(f"结论：当前设置不能用模型起草（{'、'.join(c.name for c in blocking)}未通过）。", err=True)
        raise typer.Exit(1)
    typer.echo("结论：当前设置可以起草。")
