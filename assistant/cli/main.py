"""The ``assistant`` console script."""

from __future__ import annotations

import typer

from assistant.cli import (
    check_cmd,
    db_cmd,
    doctor_cmd,
    draft_cmd,
    edit_cmd,
    export_cmd,
    facts_cmd,
    fix_cmd,
    model_cmd,
    users_cmd,
)

app = typer.Typer(
    help="绩效报告助手：从事实起草、检查并导出部门整体支出绩效自评报告。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(facts_cmd.app, name="facts")
app.command("draft")(draft_cmd.draft)
app.command("edit")(edit_cmd.edit)
app.command("check")(check_cmd.check)
app.command("fix")(fix_cmd.fix)
app.command("export")(export_cmd.export)
app.add_typer(model_cmd.app, name="model")
app.command("doctor")(doctor_cmd.doctor)
app.add_typer(db_cmd.app, name="db")
app.add_typer(users_cmd.app, name="users")


def main() -> None:
    app()
