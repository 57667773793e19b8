"""Every store write is all or nothing, on SQLite and on PostgreSQL: a failure anywhere in it, even in its
COMMIT or by ``kill -9``, leaves the database exactly as it was, readable and intact (issue 11, item 13).

Failures are injected from the database side, never by patching the store: a trigger that aborts the
last statement a write makes, a deferred foreign key that fails only at COMMIT, and a child process
killed while its transaction is open.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from assistant.store import FieldChange, Store

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Ids:
    project: int
    first_version: int
    suggestion: int
    facts_revision: int
    section_revision: int


def _filled(database: str) -> tuple[Store, Ids]:
    """A store with something in every table, so a write that went half through would show."""
    store = Store(database)
    project = store.create_project("清河区政协机关", 2023, "hunan-department")
    facts = store.save_facts(project.id, {"单位": {"名称": "清河区政协机关"}}, 0)
    store.commit(project.id, "overview", "第一版正文。", "draft", 0)
    state = store.commit(project.id, "overview", "第二版正文。", "edit", 1)
    store.add_message(project.id, "overview", "user", "请压缩篇幅")
    suggestion = store.add_suggestion(state, "压缩后的正文。", "shorten", "请压缩篇幅")
    store.add_import(project.id, "去年报告.docx", "去年的报告全文")
    store.set_setting("llm", '{"backend": "template"}')
    first = store.history(project.id, "overview")[-1]
    return store, Ids(project.id, first.id, suggestion.id, facts.revision, state.revision)


Write = Callable[[Store, Ids], object]

# Each store write, with the table and event of the last statement it makes (where the failure is injected).
WRITES: dict[str, tuple[str, Write]] = {
    "create_project": ("INSERT ON projects", lambda s, i: s.create_project("新成立的单位", 2024, "hunan-department")),
    "save_facts": ("UPDATE ON projects", lambda s, i: s.save_facts(i.project, {"单位": {}}, i.facts_revision)),
    "update_facts": (
        "UPDATE ON projects",
        lambda s, i: s.update_facts(
            i.project, [FieldChange("单位.名称", "清河区政协机关", "新名称")], i.facts_revision
        ),
    ),
    "commit": (
        "UPDATE ON projects",
        lambda s, i: s.commit(i.project, "overview", "第三版。", "edit", i.section_revision),
    ),
    "undo": ("UPDATE ON projects", lambda s, i: s.undo(i.project, "overview", i.section_revision)),
    "restore": (
        "UPDATE ON projects",
        lambda s, i: s.restore(i.project, "overview", i.first_version, i.section_revision),
    ),
    "add_message": ("INSERT ON chat_messages", lambda s, i: s.add_message(i.project, "overview", "assistant", "好的")),
    "add_suggestion": (
        "INSERT ON suggestions",
        lambda s, i: s.add_suggestion(s.section(i.project, "overview"), "另一个建议。", "rewrite"),
    ),
    "decide": ("UPDATE ON suggestions", lambda s, i: s.decide(i.suggestion, {0: True})),
    "resolve_suggestion": (
        "UPDATE ON suggestions",
        lambda s, i: s.resolve_suggestion(i.suggestion, "压缩后的正文。", i.section_revision),
    ),
    "add_import": ("INSERT ON imports", lambda s, i: s.add_import(i.project, "新报告.txt", "全文")),
    "set_setting": ("INSERT ON settings", lambda s, i: s.set_setting("llm", '{"backend": "local"}')),
}


def _is_sqlite(database: str) -> bool:
    return "://" not in database


def _dump(database: str) -> list[str]:
    """Every row (and on SQLite every schema object), read by a fresh connection, after checking it is intact."""
    if _is_sqlite(database):
        conn = sqlite3.connect(database)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            return list(conn.iterdump())
        finally:
            conn.close()
    engine = sa.create_engine(Store(database).url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        tables = sorted(sa.inspect(conn).get_table_names())
        return [
            f"{table}: {row}"
            for table in tables
            for row in sorted(repr(tuple(r)) for r in conn.exec_driver_sql(f"SELECT * FROM {table}").all())
        ]


def _execute(database: str, *statements: str) -> None:
    if _is_sqlite(database):
        conn = sqlite3.connect(database, isolation_level=None)
        try:
            for statement in statements:
                conn.execute(statement)
        finally:
            conn.close()
        return
    engine = sa.create_engine(Store(database).url, poolclass=sa.pool.NullPool, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


def _fail_before(database: str, event: str) -> list[str]:
    """Statements that make ``event`` (e.g. "UPDATE ON projects") abort with the message 中途失败."""
    if _is_sqlite(database):
        return [f"CREATE TRIGGER fail_here BEFORE {event} BEGIN SELECT RAISE(ABORT, '中途失败'); END"]
    action, table = event.split(" ON ")
    return [
        "CREATE FUNCTION fail_here() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '中途失败'; END $$",
        f"CREATE TRIGGER fail_here BEFORE {action} ON {table} FOR EACH ROW EXECUTE FUNCTION fail_here()",
    ]


def _drop_fail(database: str, event: str) -> list[str]:
    if _is_sqlite(database):
        return ["DROP TRIGGER fail_here"]
    return [f"DROP TRIGGER fail_here ON {event.split(' ON ')[1]}", "DROP FUNCTION fail_here()"]


@pytest.mark.parametrize("name", list(WRITES))
def test_write_failing_in_its_last_statement_changes_nothing(name: str, database: str) -> None:
    store, ids = _filled(database)
    event, write = WRITES[name]
    _execute(database, *_fail_before(database, event))
    before = _dump(database)
    seen_before = store.section(ids.project, "overview"), store.facts(ids.project), store.projects()
    with pytest.raises(sa.exc.DBAPIError, match="中途失败"):
        write(store, ids)
    assert _dump(database) == before
    assert (store.section(ids.project, "overview"), store.facts(ids.project), store.projects()) == seen_before
    _execute(database, *_drop_fail(database, event))
    write(store, ids)  # the store writes again: no transaction was left open
    assert _dump(database) != before


def test_write_failing_at_commit_is_rolled_back_and_the_store_stays_usable(database: str) -> None:
    """A deferred constraint fails only at COMMIT; SQLite then keeps the transaction open, and a store that
    did not roll it back would show its own uncommitted text and refuse every later write."""
    store, ids = _filled(database)
    guard = [
        "CREATE TABLE guard_parent (id INTEGER PRIMARY KEY)",
        "CREATE TABLE guard (ref INTEGER REFERENCES guard_parent(id) DEFERRABLE INITIALLY DEFERRED)",
    ]
    if _is_sqlite(database):
        guard.append("CREATE TRIGGER guard_touch AFTER UPDATE ON projects BEGIN INSERT INTO guard VALUES (999); END")
        unguard = ["DROP TRIGGER guard_touch"]
    else:
        guard += [
            "CREATE FUNCTION guard_touch() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN INSERT INTO guard VALUES (999); RETURN NEW; END $$",
            "CREATE TRIGGER guard_touch AFTER UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION guard_touch()",
        ]
        unguard = ["DROP TRIGGER guard_touch ON projects"]
    _execute(database, *guard)
    before = _dump(database)
    shown = store.section(ids.project, "overview")
    with pytest.raises(sa.exc.IntegrityError):
        store.commit(ids.project, "overview", "第三版。", "edit", ids.section_revision)
    assert store.section(ids.project, "overview") == shown
    assert _dump(database) == before
    _execute(database, *unguard)
    state = store.commit(ids.project, "overview", "第三版。", "edit", ids.section_revision)
    assert state.text == "第三版。"
    store.close()
    assert Store(database).section(ids.project, "overview").text == "第三版。"


_KILLED_WRITER_SQLITE = """
import sys, time
import sqlalchemy as sa
from assistant.store import Store
store = Store(sys.argv[1])

def stall() -> int:
    print("in transaction", flush=True)
    time.sleep(60)
    return 0

# The test reaches into the store's connections only to stop the write halfway: a TEMP trigger lives on
# its connection alone, so the database file itself is not changed by it. A small page cache makes SQLite
# write the unfinished transaction's pages into the log before the kill.
def stalling(dbapi_connection, _record):
    dbapi_connection.execute("PRAGMA cache_size = 2")
    dbapi_connection.create_function("stall", 0, stall)
    dbapi_connection.execute(
        "CREATE TEMP TRIGGER stop_here BEFORE UPDATE ON main.projects BEGIN SELECT stall(); END"
    )

store.engine.dispose()
sa.event.listen(store.engine, "connect", stalling)
store.commit(int(sys.argv[2]), "overview", "写到一半的第三版。" * 20000, "edit", int(sys.argv[3]))
"""

# On PostgreSQL the trigger sleeps inside the server; the test sees the open transaction in pg_stat_activity.
_KILLED_WRITER_POSTGRES = """
import sys
from assistant.store import Store
Store(sys.argv[1]).commit(int(sys.argv[2]), "overview", "写到一半的第三版。" * 20000, "edit", int(sys.argv[3]))
"""


def _stalled_backend(database: str, timeout: float = 30) -> bool:
    """True once a backend sits in pg_sleep inside an open transaction that has written (has an xid)."""
    engine = sa.create_engine(Store(database).url, poolclass=sa.pool.NullPool)
    deadline = time.monotonic() + timeout
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            found = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND backend_xid IS NOT NULL"
            ).scalar_one()
            conn.rollback()
            if found:
                return True
            time.sleep(0.1)
    return False


def test_process_killed_mid_transaction_leaves_the_database_as_before(database: str) -> None:
    store, ids = _filled(database)
    store.close()
    if not _is_sqlite(database):
        name = sa.make_url(database).database
        _execute(
            database,
            # the server notices the killed client within 0.1 s even while the statement still runs
            f'ALTER DATABASE "{name}" SET client_connection_check_interval = 100',
            "CREATE FUNCTION stall() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN PERFORM pg_sleep(60); RETURN NEW; END $$",
            "CREATE TRIGGER stall BEFORE UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION stall()",
        )
    before = _dump(database)
    script = _KILLED_WRITER_SQLITE if _is_sqlite(database) else _KILLED_WRITER_POSTGRES
    child = subprocess.Popen(
        [sys.executable, "-c", script, database, str(ids.project), str(ids.section_revision)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout is not None
        if _is_sqlite(database):
            assert child.stdout.readline().strip() == "in transaction"
            assert Path(f"{database}-wal").stat().st_size > 0  # the half-made version is in the log, uncommitted
        else:
            assert _stalled_backend(database)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    if not _is_sqlite(database):
        _execute(database, "DROP TRIGGER stall ON projects")
        deadline = time.monotonic() + 30
        while _stalled_backend(database, timeout=0.5) and time.monotonic() < deadline:
            pass
    assert _dump(database) == before
    again = Store(database)
    assert again.section(ids.project, "overview").text == "第二版正文。"
    assert again.commit(ids.project, "overview", "第三版。", "edit", ids.section_revision).text == "第三版。"
