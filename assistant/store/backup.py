"""Backing up the database while the app keeps running.

A SQLite file must not be copied with ``cp`` while the app writes (a copy taken mid-transaction, without its
WAL, can be inconsistent): SQLite's online backup API copies a consistent snapshot page by page. A
PostgreSQL server is backed up with its own tool, ``pg_dump``, which this module only names.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from assistant.store.errors import StoreError
from assistant.store.schema import database_url


def backup(target: str | Path, destination: Path) -> Path:
    """Copy the SQLite database ``target`` to the new file ``destination``, consistent, without stopping the app."""
    url = database_url(target)
    if url.get_backend_name() != "sqlite" or not url.database:
        shown = url.set(drivername="postgresql").render_as_string(hide_password=True)
        raise StoreError(
            f"PostgreSQL 数据库请用 pg_dump 备份，如：pg_dump --format=custom --file={destination} '{shown}'"
            "（密码放在 ~/.pgpass 或 PGPASSWORD 中）"
        )
    source = Path(url.database)
    if not source.is_file():
        raise StoreError(f"数据库文件 {source} 不存在")
    if destination.exists():
        raise StoreError(f"备份文件 {destination} 已存在，请另选一个文件名")
    partial = destination.with_name(f".{destination.name}.partial")
    try:
        src, dst = sqlite3.connect(f"file:{source}?mode=ro", uri=True), sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        os.replace(partial, destination)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"备份 {source} 失败：{exc}") from None
    return destination
