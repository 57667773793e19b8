"""Opening the database, a SQLite file or a PostgreSQL server, and bringing its schema up to date.

The schema is a chain of Alembic revisions (``migrations/versions/``), applied on every open, in one
transaction, under a lock: several app processes starting at once against one PostgreSQL migrate one after
another, and a crash halfway leaves the previous schema. Never edit a released revision; append a new one.

Before Alembic, the store counted its migrations in SQLite's ``PRAGMA user_version``; such a file is
recognised and stamped with the revision that made the same schema, then upgraded like any other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from assistant.store.errors import StoreError

MIGRATIONS_DIR: Final = Path(__file__).with_name("migrations")

LEGACY_REVISIONS: Final[dict[int, str]] = {1: "0001"}
"""``PRAGMA user_version`` of a pre-Alembic SQLite file → the Alembic revision with the same schema."""

WRITE: Final = "jixiao_write"
"""Execution option of a connection that will write: on SQLite its transaction starts with BEGIN IMMEDIATE,
so it holds the write lock from the start and a revision check cannot be overtaken by another process."""

_MIGRATION_LOCK: Final = 0x6A69786961
"""Key of the PostgreSQL advisory lock held while the schema is brought up to date."""

_SCHEMES: Final = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg", "sqlite": "sqlite+pysqlite"}


def database_url(target: str | Path) -> sa.URL:
    """The SQLAlchemy URL of ``target``: a file path means SQLite; ``postgresql://…`` uses psycopg 3."""
    text = str(target)
    if "://" not in text:
        path = Path(text).expanduser()
        return sa.URL.create("sqlite+pysqlite", database=str(path))
    try:
        url = sa.make_url(text)
    except sa.exc.ArgumentError:
        raise StoreError("数据库地址格式不正确，应为 postgresql://用户@主机/库名 或 sqlite:///文件路径") from None
    scheme = url.drivername.split("+", 1)[0]
    if scheme not in _SCHEMES:
        raise StoreError(f"不支持的数据库“{scheme}”：只支持 PostgreSQL（postgresql://…）和 SQLite（sqlite:///…）")
    return url if "+" in url.drivername else url.set(drivername=_SCHEMES[scheme])


def _sqlite_connected(dbapi_connection: Any, _record: Any) -> None:
    # sqlite3 must not open transactions itself: the "begin" hook below does, IMMEDIATE for writes.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")


def create_engine(url: sa.URL) -> sa.Engine:
    """An engine with a connection pool; on SQLite every connection is in WAL mode with foreign keys on."""
    if url.get_backend_name() == "sqlite":
        if url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 10, "check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_connected)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _config(conn: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = conn
    return config


def head_revision() -> str:
    """The revision this program's schema is at."""
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert head is not None
    return head


def schema_version(conn: sa.Connection) -> str | None:
    """The Alembic revision the database is at (None: no schema yet, or a pre-Alembic SQLite file)."""
    return MigrationContext.configure(conn).get_current_revision()


def _adopt_legacy(conn: sa.Connection, config: Config) -> None:
    """Stamp a pre-Alembic SQLite file with the revision that made its schema, so nothing is re-created."""
    if conn.dialect.name != "sqlite" or schema_version(conn) is not None:
        return
    legacy = int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())
    if legacy == 0:
        return
    if legacy not in LEGACY_REVISIONS:
        raise StoreError(f"数据库版本（{legacy}）比本程序新，请升级程序后再打开")
    command.stamp(config, LEGACY_REVISIONS[legacy])


def migrate(engine: sa.Engine) -> str:
    """Bring the schema up to date, all revisions in one transaction; returns the revision reached."""
    with engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config = _config(conn)
        _adopt_legacy(conn, config)
        current = schema_version(conn)
        script = ScriptDirectory.from_config(config)
        if current is not None and current not in {s.revision for s in script.walk_revisions()}:
            raise StoreError(f"数据库版本（{current}）比本程序新，请升级程序后再打开")
        if current != script.get_current_head():
            command.upgrade(config, "head")
        reached = schema_version(conn)
    assert reached is not None
    return reached
