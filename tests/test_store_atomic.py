"""Every store write is all or nothing: a failure anywhere in it, even in its COMMIT or by ``kill -9``,
leaves the database exactly as it was, readable and intact (issue 11, item 13).

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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.store import FieldChange, Store

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Ids:
    project: int
    first_version: int
    suggestion: int
    facts_revision: int
    section_revision: int


def _filled(path: Path) -> tuple[Store, Ids]:
    """A store with something in every table, so a write that went half through would show."""
    store = Store(path)
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


def _dump(path: Path) -> list[str]:
    """Every row and schema object, read by a fresh connection, after checking the file is intact."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return list(conn.iterdump())
    finally:
        conn.close()


def _execute(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


@pytest.mark.parametrize("name", list(WRITES))
def test_write_failing_in_its_last_statement_changes_nothing(name: str, tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    store, ids = _filled(path)
    event, write = WRITES[name]
    _execute(path, f"CREATE TRIGGER fail_here BEFORE {event} BEGIN SELECT RAISE(ABORT, '中途失败'); END")
    before = _dump(path)
    seen_before = store.section(ids.project, "overview"), store.facts(ids.project), store.projects()
    with pytest.raises(sqlite3.Error, match="中途失败"):
        write(store, ids)
    assert _dump(path) == before
    assert (store.section(ids.project, "overview"), store.facts(ids.project), store.projects()) == seen_before
    _execute(path, "DROP TRIGGER fail_here")
    write(store, ids)  # the same connection writes again: no transaction was left open
    assert _dump(path) != before


def test_write_failing_at_commit_is_rolled_back_and_the_store_stays_usable(tmp_path: Path) -> None:
    """A deferred constraint fails only at COMMIT; SQLite then keeps the transaction open, and a store that
    did not roll it back would show its own uncommitted text and refuse every later write."""
    path = tmp_path / "app.db"
    store, ids = _filled(path)
    _execute(
        path,
        "CREATE TABLE guard_parent (id INTEGER PRIMARY KEY)",
        "CREATE TABLE guard (ref INTEGER REFERENCES guard_parent(id) DEFERRABLE INITIALLY DEFERRED)",
        "CREATE TRIGGER guard_touch AFTER UPDATE ON projects BEGIN INSERT INTO guard VALUES (999); END",
    )
    before = _dump(path)
    shown = store.section(ids.project, "overview")
    with pytest.raises(sqlite3.IntegrityError):
        store.commit(ids.project, "overview", "第三版。", "edit", ids.section_revision)
    assert store.section(ids.project, "overview") == shown
    assert _dump(path) == before
    _execute(path, "DROP TRIGGER guard_touch")
    state = store.commit(ids.project, "overview", "第三版。", "edit", ids.section_revision)
    assert state.text == "第三版。"
    store.close()
    assert Store(path).section(ids.project, "overview").text == "第三版。"


_KILLED_WRITER = """
import sys, time
from assistant.store import Store
store = Store(sys.argv[1])

def stall() -> int:
    print("in transaction", flush=True)
    time.sleep(60)
    return 0

# The test reaches into the connection only to stop the write halfway: a TEMP trigger lives on this
# connection alone, so the database file itself is not changed by it. A small page cache makes SQLite
# write the unfinished transaction's pages into the log before the kill.
store._conn.execute("PRAGMA cache_size = 2")
store._conn.create_function("stall", 0, stall)
store._conn.execute("CREATE TEMP TRIGGER stop_here BEFORE UPDATE ON main.projects BEGIN SELECT stall(); END")
store.commit(int(sys.argv[2]), "overview", "写到一半的第三版。" * 20000, "edit", int(sys.argv[3]))
"""


def test_process_killed_mid_transaction_leaves_the_database_as_before(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    store, ids = _filled(path)
    store.close()
    before = _dump(path)
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(path), str(ids.project), str(ids.section_revision)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "in transaction"
        assert Path(f"{path}-wal").stat().st_size > 0  # the half-made version is in the log, uncommitted
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert _dump(path) == before
    again = Store(path)
    assert again.section(ids.project, "overview").text == "第二版正文。"
    assert again.commit(ids.project, "overview", "第三版。", "edit", ids.section_revision).text == "第三版。"
