"""``assistant db``: the app's database, from the command line (backups for now)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.app_settings import AppSettings
from assistant.cli.errors import user_errors

app = typer.Typer(help="应用的数据库：备份。", no_args_is_help=True)


@app.command()
def backup(destination: Annotated[Path, typer.Argument(help="备份文件（不能已存在）")]) -> None:
    """在应用运行时备份 SQLite 数据库（SQLite 在线备份，得到一致的副本）；PostgreSQL 给出 pg_dump 的用法。"""
    # Imported here: SQLAlchemy and Alembic cost every other command ~20 MB and their start-up time.
    from assistant.store import backup as store_backup

    with user_errors():
        written = store_backup(AppSettings().database, destination)
    typer.echo(f"已备份到 {written}（{written.stat().st_size:,} 字节）")
