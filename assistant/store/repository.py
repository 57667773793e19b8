"""The repository: every read and write of the app's SQLite database, one short transaction each.

Every accepted change is committed the moment it happens (WAL, ``synchronous=FULL``), so closing the
browser or killing the server loses nothing. Facts and every section carry a revision counter: a write
names the revision it was based on and is refused with ``StaleWriteError`` when another tab has written
since, instead of silently replacing that tab's work.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from assistant.store.errors import ForeignWriteError, StaleWriteError, StoreError
from assistant.store.fields import FieldChange, same_value, value_at, with_value
from assistant.store.records import (
    ChatMessage,
    ChatRole,
    ExportRecord,
    FactsRecord,
    ImportRecord,
    Project,
    SectionState,
    SuggestionRecord,
    SuggestionStatus,
    Version,
    VersionSource,
)
from assistant.store.schema import migrate

_VERSION_COLUMNS = "id, section_id, seq, parent_id, text, source, note, created_at"
_SUGGESTION_COLUMNS = (
    "id, project_id, section_id, base_version_id, base_text, proposed_text, operation, instruction, status, "
    "decisions_json, created_at"
)
_PROJECT_QUERY = (
    "SELECT p.id, p.unit_id, u.name, p.year, p.profile, p.updated_at FROM projects p JOIN units u ON u.id = p.unit_id"
)


def _now() -> str:
    return datetime.now().isoformat(sep=" ", timespec="seconds")


def _version(row: Sequence[Any] | None) -> Version | None:
    if row is None:
        return None
    return Version(
        id=row[0],
        section_id=row[1],
        seq=row[2],
        parent_id=row[3],
        text=row[4],
        source=cast(VersionSource, row[5]),
        note=row[6],
        created_at=row[7],
    )


def _suggestion(row: Sequence[Any]) -> SuggestionRecord:
    return SuggestionRecord(
        id=row[0],
        project_id=row[1],
        section_id=row[2],
        base_version_id=row[3],
        base_text=row[4],
        proposed_text=row[5],
        operation=row[6],
        instruction=row[7],
        status=cast(SuggestionStatus, row[8]),
        decisions={int(k): bool(v) for k, v in json.loads(row[9]).items()},
        created_at=row[10],
    )


def _project(row: Sequence[Any]) -> Project:
    return Project(id=row[0], unit_id=row[1], unit_name=row[2], year=row[3], profile=row[4], updated_at=row[5])


def _roll_back(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already undone it itself (it does on some I/O errors)."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")


class Store:
    """One database file. Thread-safe: Streamlit runs every browser session in its own thread."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            migrate(self._conn)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"无法打开数据库 {self.path}：{exc}") from None
        self._lock = threading.RLock()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: other processes wait, so a revision check and its write are atomic.

        All or nothing, the COMMIT included: a COMMIT that fails (a deferred constraint, a full disk) leaves
        SQLite's transaction open, and committing it later with another write would save half of this one.
        """
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                _roll_back(self._conn)
                raise

    # Units and projects

    def create_project(self, unit_name: str, year: int, profile: str) -> Project:
        name = unit_name.strip()
        if not name:
            raise StoreError("单位名称不能为空")
        with self._write() as db:
            db.execute("INSERT OR IGNORE INTO units (name, created_at) VALUES (?, ?)", (name, _now()))
            unit_id = db.execute("SELECT id FROM units WHERE name = ?", (name,)).fetchone()[0]
            if db.execute("SELECT 1 FROM projects WHERE unit_id = ? AND year = ?", (unit_id, year)).fetchone():
                raise StoreError(f"“{name}”{year}年度的报告已经存在，请在列表中打开它")
            now = _now()
            cur = db.execute(
                "INSERT INTO projects (unit_id, year, profile, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                (unit_id, year, profile, now, now),
            )
            project_id = cur.lastrowid
        return self.project(cast(int, project_id))

    def projects(self) -> list[Project]:
        """Every report project, the most recently changed first."""
        with self._read() as db:
            rows = db.execute(f"{_PROJECT_QUERY} ORDER BY p.updated_at DESC, p.id DESC").fetchall()
        return [_project(r) for r in rows]

    def project(self, project_id: int) -> Project:
        with self._read() as db:
            row = db.execute(f"{_PROJECT_QUERY} WHERE p.id = ?", (project_id,)).fetchone()
        if row is None:
            raise StoreError(f"报告（编号 {project_id}）不存在")
        return _project(row)

    def units(self) -> list[str]:
        with self._read() as db:
            return [r[0] for r in db.execute("SELECT name FROM units ORDER BY name")]

    def _touch(self, db: sqlite3.Connection, project_id: int) -> None:
        db.execute("UPDATE projects SET updated_at = ? WHERE id = ?", (_now(), project_id))

    # Facts

    def facts(self, project_id: int) -> FactsRecord:
        with self._read() as db:
            row = db.execute("SELECT facts_json, facts_revision FROM projects WHERE id = ?", (project_id,)).fetchone()
        if row is None:
            raise StoreError(f"报告（编号 {project_id}）不存在")
        return FactsRecord(data=json.loads(row[0]), revision=row[1])

    def _facts_row(self, db: sqlite3.Connection, project_id: int, shown_project_id: int | None) -> tuple[str, int]:
        """The stored facts and revision, after checking the write is for the report on screen."""
        row = db.execute("SELECT facts_json, facts_revision FROM projects WHERE id = ?", (project_id,)).fetchone()
        if row is None:
            raise StoreError(f"报告（编号 {project_id}）不存在")
        if shown_project_id is not None and shown_project_id != project_id:
            shown = db.execute(f"{_PROJECT_QUERY} WHERE p.id = ?", (shown_project_id,)).fetchone()
            target = db.execute(f"{_PROJECT_QUERY} WHERE p.id = ?", (project_id,)).fetchone()
            shown_label = _project(shown).label if shown else f"报告（编号 {shown_project_id}）"
            raise ForeignWriteError(_project(target).label, shown_label)
        return str(row[0]), int(row[1])

    def _write_facts(self, db: sqlite3.Connection, project_id: int, data: dict[str, Any], revision: int) -> FactsRecord:
        payload = json.dumps(data, ensure_ascii=False)
        db.execute(
            "UPDATE projects SET facts_json = ?, facts_revision = ?, updated_at = ? WHERE id = ?",
            (payload, revision, _now(), project_id),
        )
        return FactsRecord(data=json.loads(payload), revision=revision)

    def save_facts(
        self, project_id: int, data: dict[str, Any], expected_revision: int, *, shown_project_id: int | None = None
    ) -> FactsRecord:
        """Replace the facts if nobody saved them since ``expected_revision``; returns the new record.

        ``shown_project_id`` is the report the page making this write shows: a write for any other report
        is refused with ``ForeignWriteError``.
        """
        with self._write() as db:
            _, revision = self._facts_row(db, project_id, shown_project_id)
            if revision != expected_revision:
                raise StaleWriteError("事实", expected_revision, revision)
            return self._write_facts(db, project_id, data, expected_revision + 1)

    def update_facts(
        self,
        project_id: int,
        changes: Sequence[FieldChange],
        expected_revision: int,
        *,
        shown_project_id: int | None = None,
    ) -> FactsRecord:
        """Apply field changes made on the facts as of ``expected_revision`` to the facts as stored now.

        Another tab's saves to other fields are kept (merged); only a field that was changed meanwhile to
        something else than this change's value is a conflict, refused with ``StaleWriteError``.
        """
        with self._write() as db:
            payload, revision = self._facts_row(db, project_id, shown_project_id)
            data = json.loads(payload)
            if revision != expected_revision:
                for change in changes:
                    now = value_at(data, change.path)
                    if not same_value(now, change.before) and not same_value(now, change.after):
                        raise StaleWriteError(f"“{change.name}”", expected_revision, revision)
            for change in changes:
                data = with_value(data, change.path, change.after)
            return self._write_facts(db, project_id, data, revision + 1)

    # Sections and their versions

    def section(self, project_id: int, section_id: str) -> SectionState:
        with self._read() as db:
            return self._section(db, project_id, section_id)

    def sections(self, project_id: int) -> dict[str, SectionState]:
        """Every section that has ever been written, by section id, in one query."""
        with self._read() as db:
            rows = db.execute(
                f"SELECT s.section_id, s.revision, {', '.join('v.' + c for c in _VERSION_COLUMNS.split(', '))} "
                "FROM sections s LEFT JOIN section_versions v ON v.id = s.head_id WHERE s.project_id = ?",
                (project_id,),
            ).fetchall()
        return {r[0]: SectionState(project_id, r[0], r[1], _version(r[2:]) if r[2] is not None else None) for r in rows}

    def _section(self, db: sqlite3.Connection, project_id: int, section_id: str) -> SectionState:
        row = db.execute(
            "SELECT head_id, revision FROM sections WHERE project_id = ? AND section_id = ?", (project_id, section_id)
        ).fetchone()
        if row is None:
            return SectionState(project_id, section_id, 0, None)
        head = self._version_by_id(db, row[0]) if row[0] is not None else None
        return SectionState(project_id, section_id, row[1], head)

    def _version_by_id(self, db: sqlite3.Connection, version_id: int) -> Version | None:
        return _version(
            db.execute(f"SELECT {_VERSION_COLUMNS} FROM section_versions WHERE id = ?", (version_id,)).fetchone()
        )

    def _checked(
        self, db: sqlite3.Connection, project_id: int, section_id: str, expected: int, what: str
    ) -> SectionState:
        state = self._section(db, project_id, section_id)
        if state.revision != expected:
            raise StaleWriteError(what, expected, state.revision)
        return state

    def _move_head(self, db: sqlite3.Connection, state: SectionState, head_id: int | None) -> None:
        db.execute(
            "INSERT INTO sections (project_id, section_id, head_id, revision) VALUES (?, ?, ?, 1) "
            "ON CONFLICT (project_id, section_id) DO UPDATE SET head_id = excluded.head_id, revision = revision + 1",
            (state.project_id, state.section_id, head_id),
        )
        self._touch(db, state.project_id)

    def _add_version(
        self, db: sqlite3.Connection, state: SectionState, text: str, source: VersionSource, note: str
    ) -> None:
        seq = db.execute(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM section_versions WHERE project_id = ? AND section_id = ?",
            (state.project_id, state.section_id),
        ).fetchone()[0]
        cur = db.execute(
            "INSERT INTO section_versions (project_id, section_id, seq, parent_id, text, source, note, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                state.project_id,
                state.section_id,
                seq,
                state.head.id if state.head else None,
                text,
                source,
                note,
                _now(),
            ),
        )
        self._move_head(db, state, cur.lastrowid)

    def commit(
        self,
        project_id: int,
        section_id: str,
        text: str,
        source: VersionSource,
        expected_revision: int,
        note: str = "",
        what: str = "本章节",
    ) -> SectionState:
        """Make ``text`` the section's new version; unchanged text makes no version and returns the state."""
        with self._write() as db:
            state = self._checked(db, project_id, section_id, expected_revision, what)
            if state.head is not None and state.head.text == text:
                return state
            self._add_version(db, state, text, source, note)
            return self._section(db, project_id, section_id)

    def undo(self, project_id: int, section_id: str, expected_revision: int, what: str = "本章节") -> SectionState:
        """Step the section back to the version before its current one (the oldest step back is empty text)."""
        with self._write() as db:
            state = self._checked(db, project_id, section_id, expected_revision, what)
            if state.head is None:
                return state
            self._move_head(db, state, state.head.parent_id)
            return self._section(db, project_id, section_id)

    def restore(
        self, project_id: int, section_id: str, version_id: int, expected_revision: int, what: str = "本章节"
    ) -> SectionState:
        """Bring an older version back as a new version, so the history keeps every step."""
        with self._write() as db:
            state = self._checked(db, project_id, section_id, expected_revision, what)
            old = self._version_by_id(db, version_id)
            if old is None or old.section_id != section_id:
                raise StoreError(f"版本（编号 {version_id}）不存在")
            if state.head is None or state.head.text != old.text:
                self._add_version(db, state, old.text, "restore", f"恢复第 {old.seq} 版")
            return self._section(db, project_id, section_id)

    def history(self, project_id: int, section_id: str) -> list[Version]:
        """Every version of a section ever made, newest first (undone ones included)."""
        with self._read() as db:
            rows = db.execute(
                f"SELECT {_VERSION_COLUMNS} FROM section_versions WHERE project_id = ? AND section_id = ? "
                "ORDER BY seq DESC",
                (project_id, section_id),
            ).fetchall()
        return [v for v in (_version(r) for r in rows) if v is not None]

    # Chat

    def add_message(self, project_id: int, section_id: str, role: ChatRole, content: str) -> ChatMessage:
        now = _now()
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO chat_messages (project_id, section_id, role, content, created_at) VALUES (?, ?, ?, ?, ?)",
                (project_id, section_id, role, content, now),
            )
        return ChatMessage(cast(int, cur.lastrowid), section_id, role, content, now)

    def messages(self, project_id: int, section_id: str, limit: int = 100) -> list[ChatMessage]:
        """The last ``limit`` messages of a section's chat, oldest first."""
        with self._read() as db:
            rows = db.execute(
                "SELECT id, section_id, role, content, created_at FROM chat_messages "
                "WHERE project_id = ? AND section_id = ? ORDER BY id DESC LIMIT ?",
                (project_id, section_id, limit),
            ).fetchall()
        return [ChatMessage(r[0], r[1], cast(ChatRole, r[2]), r[3], r[4]) for r in reversed(rows)]

    # Suggestions

    def add_suggestion(
        self, base: SectionState, proposed_text: str, operation: str, instruction: str = ""
    ) -> SuggestionRecord:
        """Keep a model answer as the section's open suggestion; an older open one is superseded."""
        now = _now()
        with self._write() as db:
            db.execute(
                "UPDATE suggestions SET status = 'superseded', closed_at = ? "
                "WHERE project_id = ? AND section_id = ? AND status = 'open'",
                (now, base.project_id, base.section_id),
            )
            cur = db.execute(
                "INSERT INTO suggestions (project_id, section_id, base_version_id, base_text, proposed_text, "
                "operation, instruction, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    base.project_id,
                    base.section_id,
                    base.head.id if base.head else None,
                    base.text,
                    proposed_text,
                    operation,
                    instruction,
                    now,
                ),
            )
            return self._suggestion_by_id(db, cast(int, cur.lastrowid))

    def _suggestion_by_id(self, db: sqlite3.Connection, suggestion_id: int) -> SuggestionRecord:
        row = db.execute(f"SELECT {_SUGGESTION_COLUMNS} FROM suggestions WHERE id = ?", (suggestion_id,)).fetchone()
        if row is None:
            raise StoreError(f"修改建议（编号 {suggestion_id}）不存在")
        return _suggestion(row)

    def open_suggestion(self, project_id: int, section_id: str) -> SuggestionRecord | None:
        with self._read() as db:
            row = db.execute(
                f"SELECT {_SUGGESTION_COLUMNS} FROM suggestions WHERE project_id = ? AND section_id = ? "
                "AND status = 'open' ORDER BY id DESC LIMIT 1",
                (project_id, section_id),
            ).fetchone()
        return _suggestion(row) if row else None

    def open_suggestion_sections(self, project_id: int) -> set[str]:
        with self._read() as db:
            rows = db.execute(
                "SELECT DISTINCT section_id FROM suggestions WHERE project_id = ? AND status = 'open'", (project_id,)
            ).fetchall()
        return {r[0] for r in rows}

    def decide(self, suggestion_id: int, decisions: dict[int, bool]) -> SuggestionRecord:
        """Record accept (True) or reject (False) for some changes of an open suggestion."""
        with self._write() as db:
            current = self._suggestion_by_id(db, suggestion_id)
            if current.status != "open":
                raise StoreError("这条修改建议已处理过，请刷新页面")
            merged = {**current.decisions, **decisions}
            db.execute(
                "UPDATE suggestions SET decisions_json = ? WHERE id = ?",
                (json.dumps({str(k): v for k, v in sorted(merged.items())}), suggestion_id),
            )
            return self._suggestion_by_id(db, suggestion_id)

    def resolve_suggestion(
        self, suggestion_id: int, text: str | None, expected_revision: int, what: str = "本章节"
    ) -> SectionState:
        """Close a suggestion and, in the same transaction, commit ``text`` as the new version (None: reject).

        The section must still be at ``expected_revision``, so accepted changes are never applied to text the
        suggestion was not made against.
        """
        with self._write() as db:
            sugg = self._suggestion_by_id(db, suggestion_id)
            if sugg.status != "open":
                raise StoreError("这条修改建议已处理过，请刷新页面")
            state = self._checked(db, sugg.project_id, sugg.section_id, expected_revision, what)
            applied = text is not None and text != state.text
            if applied and text is not None:
                source: VersionSource = "draft" if not state.text else "accept"
                self._add_version(db, state, text, source, sugg.operation)
            db.execute(
                "UPDATE suggestions SET status = ?, closed_at = ? WHERE id = ?",
                ("applied" if applied else "rejected", _now(), suggestion_id),
            )
            return self._section(db, sugg.project_id, sugg.section_id)

    # Imported reports and settings

    def add_import(self, project_id: int, file_name: str, text: str) -> ImportRecord:
        now = _now()
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO imports (project_id, file_name, text, created_at) VALUES (?, ?, ?, ?)",
                (project_id, file_name, text, now),
            )
        return ImportRecord(cast(int, cur.lastrowid), file_name, text, now)

    def last_import(self, project_id: int) -> ImportRecord | None:
        with self._read() as db:
            row = db.execute(
                "SELECT id, file_name, text, created_at FROM imports WHERE project_id = ? ORDER BY id DESC LIMIT 1",
                (project_id,),
            ).fetchone()
        return ImportRecord(row[0], row[1], row[2], row[3]) if row else None

    # Exports

    def record_export(self, project_id: int, file_name: str, errors: Sequence[str] = ()) -> ExportRecord:
        """Keep a record of a .docx handed out; with ``errors`` it was a forced export overriding them."""
        now = _now()
        listed = json.dumps(list(errors), ensure_ascii=False)
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO exports (project_id, file_name, forced, errors_json, created_at) VALUES (?, ?, ?, ?, ?)",
                (project_id, file_name, int(bool(errors)), listed, now),
            )
            self._touch(db, project_id)
        return ExportRecord(cast(int, cur.lastrowid), file_name, bool(errors), tuple(errors), now)

    def exports(self, project_id: int, limit: int = 20) -> list[ExportRecord]:
        """The report's latest exports, newest first."""
        with self._read() as db:
            rows = db.execute(
                "SELECT id, file_name, forced, errors_json, created_at FROM exports WHERE project_id = ? "
                "ORDER BY id DESC LIMIT ?",
                (project_id, limit),
            ).fetchall()
        return [ExportRecord(r[0], r[1], bool(r[2]), tuple(json.loads(r[3])), r[4]) for r in rows]

    def setting(self, key: str) -> str | None:
        with self._read() as db:
            row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
