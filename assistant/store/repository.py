"""The repository: every read and write of the app's database, one short transaction each.

The database is a SQLite file (one office, the default) or a PostgreSQL server (a bureau, several app
processes), reached through SQLAlchemy Core with the same queries. Every accepted change is committed the
moment it happens, so closing the browser or killing the server loses nothing. Facts and every section
carry a revision counter: a write names the revision it was based on and is refused with
``StaleWriteError`` when another tab, window or app process has written since, instead of silently
replacing that work. Every write to a report first locks the report's row (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's BEGIN IMMEDIATE locks the whole file), so a revision check and its write are atomic
and of two writers based on the same revision exactly one wins.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from assistant.store.errors import ForeignWriteError, StaleWriteError, StoreError
from assistant.store.fields import FieldChange, same_value, value_at, with_value
from assistant.store.records import (
    ChatMessage,
    ChatRole,
    ExportRecord,
    FactsRecord,
    ImportRecord,
    Project,
    ReportSummary,
    SectionState,
    SuggestionRecord,
    SuggestionStatus,
    Version,
    VersionSource,
)
from assistant.store.schema import WRITE, create_engine, database_url, migrate
from assistant.store.tables import (
    chat_messages,
    exports,
    imports,
    projects,
    section_versions,
    sections,
    settings,
    suggestions,
    units,
)

_VERSION_COLUMNS = (
    section_versions.c.id,
    section_versions.c.section_id,
    section_versions.c.seq,
    section_versions.c.parent_id,
    section_versions.c.text,
    section_versions.c.source,
    section_versions.c.note,
    section_versions.c.created_at,
)
_SUGGESTION_QUERY = sa.select(
    suggestions.c.id,
    suggestions.c.project_id,
    suggestions.c.section_id,
    suggestions.c.base_version_id,
    suggestions.c.base_text,
    suggestions.c.proposed_text,
    suggestions.c.operation,
    suggestions.c.instruction,
    suggestions.c.status,
    suggestions.c.decisions_json,
    suggestions.c.created_at,
)
_PROJECT_QUERY = sa.select(
    projects.c.id, projects.c.unit_id, units.c.name, projects.c.year, projects.c.profile, projects.c.updated_at
).join_from(projects, units, units.c.id == projects.c.unit_id)


def _now() -> str:
    return datetime.now().isoformat(sep=" ", timespec="seconds")


def _version(row: Sequence[Any] | None) -> Version | None:
    if row is None or row[0] is None:
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


def _new_id(result: sa.CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _upsert(db: sa.Connection, table: sa.Table) -> Any:
    """``INSERT … ON CONFLICT`` in the connection's dialect (both SQLite and PostgreSQL have it)."""
    return (postgresql.insert if db.dialect.name == "postgresql" else sqlite.insert)(table)


def _reason(exc: BaseException) -> str:
    """The driver's own first line, without SQLAlchemy's SQL echo and links."""
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


class Store:
    """One database: a SQLite file path, or a ``postgresql://`` URL.

    Thread-safe: Streamlit runs every browser session in its own thread, and each transaction takes its
    own connection from the engine's pool.
    """

    def __init__(self, target: str | Path) -> None:
        self.url = database_url(target)
        sqlite_file = self.url.get_backend_name() == "sqlite" and self.url.database
        self.path: Path | None = Path(sqlite_file) if sqlite_file else None
        try:
            self.engine = create_engine(self.url)
            migrate(self.engine)
        except ModuleNotFoundError as exc:
            raise StoreError(
                f"连接 {self.location} 需要数据库驱动 {exc.name}：请安装 pip install 'jixiao-assistant[postgres]'"
            ) from None
        except (OSError, sa.exc.SQLAlchemyError) as exc:
            raise StoreError(f"无法打开数据库 {self.location}：{_reason(exc)}") from None

    @property
    def location(self) -> str:
        """Where the data is, for messages: the file, or the server URL without its password."""
        return str(self.path) if self.path is not None else self.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """One transaction, all or nothing, the COMMIT included: any failure rolls all of it back."""
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE: True})
            with conn.begin():
                yield conn

    def _lock_project(self, db: sa.Connection, project_id: int) -> None:
        """Take the report's row lock: writes to one report run one after another, in every process."""
        row = db.execute(sa.select(projects.c.id).where(projects.c.id == project_id).with_for_update()).first()
        if row is None:
            raise StoreError(f"报告（编号 {project_id}）不存在")

    # Units and projects

    def create_project(self, unit_name: str, year: int, profile: str) -> Project:
        name = unit_name.strip()
        if not name:
            raise StoreError("单位名称不能为空")
        exists = StoreError(f"“{name}”{year}年度的报告已经存在，请在列表中打开它")
        try:
            with self._write() as db:
                db.execute(_upsert(db, units).values(name=name, created_at=_now()).on_conflict_do_nothing())
                unit_id = db.execute(sa.select(units.c.id).where(units.c.name == name)).scalar_one()
                if db.execute(
                    sa.select(projects.c.id).where(projects.c.unit_id == unit_id, projects.c.year == year)
                ).first():
                    raise exists
                now = _now()
                project_id = _new_id(
                    db.execute(
                        sa.insert(projects).values(
                            unit_id=unit_id, year=year, profile=profile, created_at=now, updated_at=now
                        )
                    )
                )
        except sa.exc.IntegrityError:
            # Another process may have created the same report between the check and the insert.
            if any(p.unit_name == name and p.year == year for p in self.projects()):
                raise exists from None
            raise
        return self.project(project_id)

    def projects(self) -> list[Project]:
        """Every report project, the most recently changed first."""
        with self._read() as db:
            rows = db.execute(_PROJECT_QUERY.order_by(projects.c.updated_at.desc(), projects.c.id.desc())).all()
        return [_project(r) for r in rows]

    def project(self, project_id: int) -> Project:
        with self._read() as db:
            row = db.execute(_PROJECT_QUERY.where(projects.c.id == project_id)).first()
        if row is None:
            raise StoreError(f"报告（编号 {project_id}）不存在")
        return _project(row)

    def units(self) -> list[str]:
        with self._read() as db:
            return list(db.execute(sa.select(units.c.name).order_by(units.c.name)).scalars())

    def reports_of_year(self, year: int) -> list[ReportSummary]:
        """Every unit's report of ``year`` with how far it has got, by unit name, in one query.

        This is what a bureau's overview lists for its 50–200 units; ``bench/bench_store.py`` times it.
        """
        written = (
            sa.select(sections.c.project_id, sa.func.count().label("n"))
            .where(sections.c.head_id.is_not(None))
            .group_by(sections.c.project_id)
            .subquery()
        )
        open_ = (
            sa.select(suggestions.c.project_id, sa.func.count().label("n"))
            .where(suggestions.c.status == "open")
            .group_by(suggestions.c.project_id)
            .subquery()
        )
        query = (
            _PROJECT_QUERY.add_columns(
                projects.c.facts_revision,
                sa.func.coalesce(written.c.n, 0),
                sa.func.coalesce(open_.c.n, 0),
            )
            .outerjoin(written, written.c.project_id == projects.c.id)
            .outerjoin(open_, open_.c.project_id == projects.c.id)
            .where(projects.c.year == year)
            .order_by(units.c.name)
        )
        with self._read() as db:
            rows = db.execute(query).all()
        return [ReportSummary(_project(r), r[6], r[7], r[8]) for r in rows]

    def _touch(self, db: sa.Connection, project_id: int) -> None:
        db.execute(sa.update(projects).where(projects.c.id == project_id).values(updated_at=_now()))

    # Facts

    def facts(self, project_id: int) -> FactsRecord:
        with self._read() as db:
            row = db.execute(
                sa.select(projects.c.facts_json, projects.c.facts_revision).where(projects.c.id == project_id)
            ).first()
        if row is None:
            raise StoreError(f"报告（编号 {project_id}）不存在")
        return FactsRecord(data=json.loads(row[0]), revision=row[1])

    def _facts_row(self, db: sa.Connection, project_id: int, shown_project_id: int | None) -> tuple[str, int]:
        """The stored facts and revision, locked, after checking the write is for the report on screen."""
        row = db.execute(
            sa.select(projects.c.facts_json, projects.c.facts_revision)
            .where(projects.c.id == project_id)
            .with_for_update()
        ).first()
        if row is None:
            raise StoreError(f"报告（编号 {project_id}）不存在")
        if shown_project_id is not None and shown_project_id != project_id:
            shown = db.execute(_PROJECT_QUERY.where(projects.c.id == shown_project_id)).first()
            target = db.execute(_PROJECT_QUERY.where(projects.c.id == project_id)).one()
            shown_label = _project(shown).label if shown else f"报告（编号 {shown_project_id}）"
            raise ForeignWriteError(_project(target).label, shown_label)
        return str(row[0]), int(row[1])

    def _write_facts(self, db: sa.Connection, project_id: int, data: dict[str, Any], revision: int) -> FactsRecord:
        payload = json.dumps(data, ensure_ascii=False)
        db.execute(
            sa.update(projects)
            .where(projects.c.id == project_id)
            .values(facts_json=payload, facts_revision=revision, updated_at=_now())
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
                sa.select(sections.c.section_id, sections.c.revision, *_VERSION_COLUMNS)
                .outerjoin_from(sections, section_versions, section_versions.c.id == sections.c.head_id)
                .where(sections.c.project_id == project_id)
            ).all()
        return {r[0]: SectionState(project_id, r[0], r[1], _version(r[2:])) for r in rows}

    def _section(self, db: sa.Connection, project_id: int, section_id: str) -> SectionState:
        row = db.execute(
            sa.select(sections.c.revision, *_VERSION_COLUMNS)
            .outerjoin_from(sections, section_versions, section_versions.c.id == sections.c.head_id)
            .where(sections.c.project_id == project_id, sections.c.section_id == section_id)
        ).first()
        if row is None:
            return SectionState(project_id, section_id, 0, None)
        return SectionState(project_id, section_id, row[0], _version(row[1:]))

    def _version_by_id(self, db: sa.Connection, version_id: int) -> Version | None:
        return _version(db.execute(sa.select(*_VERSION_COLUMNS).where(section_versions.c.id == version_id)).first())

    def _checked(self, db: sa.Connection, project_id: int, section_id: str, expected: int, what: str) -> SectionState:
        self._lock_project(db, project_id)
        state = self._section(db, project_id, section_id)
        if state.revision != expected:
            raise StaleWriteError(what, expected, state.revision)
        return state

    def _move_head(self, db: sa.Connection, state: SectionState, head_id: int | None) -> None:
        """Point the section at ``head_id`` and count a revision (the report's row lock is held)."""
        where = (sections.c.project_id == state.project_id, sections.c.section_id == state.section_id)
        moved = db.execute(sa.update(sections).where(*where).values(head_id=head_id, revision=sections.c.revision + 1))
        if moved.rowcount == 0:
            db.execute(
                sa.insert(sections).values(
                    project_id=state.project_id, section_id=state.section_id, head_id=head_id, revision=1
                )
            )
        self._touch(db, state.project_id)

    def _add_version(self, db: sa.Connection, state: SectionState, text: str, source: VersionSource, note: str) -> None:
        seq = db.execute(
            sa.select(sa.func.coalesce(sa.func.max(section_versions.c.seq), 0) + 1).where(
                section_versions.c.project_id == state.project_id,
                section_versions.c.section_id == state.section_id,
            )
        ).scalar_one()
        version_id = _new_id(
            db.execute(
                sa.insert(section_versions).values(
                    project_id=state.project_id,
                    section_id=state.section_id,
                    seq=seq,
                    parent_id=state.head.id if state.head else None,
                    text=text,
                    source=source,
                    note=note,
                    created_at=_now(),
                )
            )
        )
        self._move_head(db, state, version_id)

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
                sa.select(*_VERSION_COLUMNS)
                .where(section_versions.c.project_id == project_id, section_versions.c.section_id == section_id)
                .order_by(section_versions.c.seq.desc())
            ).all()
        return [v for v in (_version(r) for r in rows) if v is not None]

    # Chat

    def add_message(self, project_id: int, section_id: str, role: ChatRole, content: str) -> ChatMessage:
        now = _now()
        with self._write() as db:
            message_id = _new_id(
                db.execute(
                    sa.insert(chat_messages).values(
                        project_id=project_id, section_id=section_id, role=role, content=content, created_at=now
                    )
                )
            )
        return ChatMessage(message_id, section_id, role, content, now)

    def messages(self, project_id: int, section_id: str, limit: int = 100) -> list[ChatMessage]:
        """The last ``limit`` messages of a section's chat, oldest first."""
        with self._read() as db:
            rows = db.execute(
                sa.select(
                    chat_messages.c.id,
                    chat_messages.c.section_id,
                    chat_messages.c.role,
                    chat_messages.c.content,
                    chat_messages.c.created_at,
                )
                .where(chat_messages.c.project_id == project_id, chat_messages.c.section_id == section_id)
                .order_by(chat_messages.c.id.desc())
                .limit(limit)
            ).all()
        return [ChatMessage(r[0], r[1], cast(ChatRole, r[2]), r[3], r[4]) for r in reversed(rows)]

    # Suggestions

    def add_suggestion(
        self, base: SectionState, proposed_text: str, operation: str, instruction: str = ""
    ) -> SuggestionRecord:
        """Keep a model answer as the section's open suggestion; an older open one is superseded."""
        now = _now()
        with self._write() as db:
            self._lock_project(db, base.project_id)
            db.execute(
                sa.update(suggestions)
                .where(
                    suggestions.c.project_id == base.project_id,
                    suggestions.c.section_id == base.section_id,
                    suggestions.c.status == "open",
                )
                .values(status="superseded", closed_at=now)
            )
            suggestion_id = _new_id(
                db.execute(
                    sa.insert(suggestions).values(
                        project_id=base.project_id,
                        section_id=base.section_id,
                        base_version_id=base.head.id if base.head else None,
                        base_text=base.text,
                        proposed_text=proposed_text,
                        operation=operation,
                        instruction=instruction,
                        created_at=now,
                    )
                )
            )
            return self._suggestion_by_id(db, suggestion_id)

    def _suggestion_by_id(self, db: sa.Connection, suggestion_id: int) -> SuggestionRecord:
        row = db.execute(_SUGGESTION_QUERY.where(suggestions.c.id == suggestion_id)).first()
        if row is None:
            raise StoreError(f"修改建议（编号 {suggestion_id}）不存在")
        return _suggestion(row)

    def _open_suggestion_locked(self, db: sa.Connection, suggestion_id: int) -> SuggestionRecord:
        """The suggestion, read again after taking its report's lock (the lock every write takes first)."""
        self._lock_project(db, self._suggestion_by_id(db, suggestion_id).project_id)
        current = self._suggestion_by_id(db, suggestion_id)
        if current.status != "open":
            raise StoreError("这条修改建议已处理过，请刷新页面")
        return current

    def open_suggestion(self, project_id: int, section_id: str) -> SuggestionRecord | None:
        with self._read() as db:
            row = db.execute(
                _SUGGESTION_QUERY.where(
                    suggestions.c.project_id == project_id,
                    suggestions.c.section_id == section_id,
                    suggestions.c.status == "open",
                )
                .order_by(suggestions.c.id.desc())
                .limit(1)
            ).first()
        return _suggestion(row) if row else None

    def open_suggestion_sections(self, project_id: int) -> set[str]:
        with self._read() as db:
            rows = db.execute(
                sa.select(suggestions.c.section_id)
                .distinct()
                .where(suggestions.c.project_id == project_id, suggestions.c.status == "open")
            ).scalars()
            return set(rows)

    def decide(self, suggestion_id: int, decisions: dict[int, bool]) -> SuggestionRecord:
        """Record accept (True) or reject (False) for some changes of an open suggestion."""
        with self._write() as db:
            current = self._open_suggestion_locked(db, suggestion_id)
            merged = {**current.decisions, **decisions}
            db.execute(
                sa.update(suggestions)
                .where(suggestions.c.id == suggestion_id)
                .values(decisions_json=json.dumps({str(k): v for k, v in sorted(merged.items())}))
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
            sugg = self._open_suggestion_locked(db, suggestion_id)
            state = self._checked(db, sugg.project_id, sugg.section_id, expected_revision, what)
            applied = text is not None and text != state.text
            if applied and text is not None:
                source: VersionSource = "draft" if not state.text else "accept"
                self._add_version(db, state, text, source, sugg.operation)
            db.execute(
                sa.update(suggestions)
                .where(suggestions.c.id == suggestion_id)
                .values(status="applied" if applied else "rejected", closed_at=_now())
            )
            return self._section(db, sugg.project_id, sugg.section_id)

    # Imported reports and settings

    def add_import(self, project_id: int, file_name: str, text: str) -> ImportRecord:
        now = _now()
        with self._write() as db:
            import_id = _new_id(
                db.execute(
                    sa.insert(imports).values(project_id=project_id, file_name=file_name, text=text, created_at=now)
                )
            )
        return ImportRecord(import_id, file_name, text, now)

    def last_import(self, project_id: int) -> ImportRecord | None:
        with self._read() as db:
            row = db.execute(
                sa.select(imports.c.id, imports.c.file_name, imports.c.text, imports.c.created_at)
                .where(imports.c.project_id == project_id)
                .order_by(imports.c.id.desc())
                .limit(1)
            ).first()
        return ImportRecord(row[0], row[1], row[2], row[3]) if row else None

    # Exports

    def record_export(self, project_id: int, file_name: str, errors: Sequence[str] = ()) -> ExportRecord:
        """Keep a record of a .docx handed out; with ``errors`` it was a forced export overriding them."""
        now = _now()
        listed = json.dumps(list(errors), ensure_ascii=False)
        with self._write() as db:
            export_id = _new_id(
                db.execute(
                    sa.insert(exports).values(
                        project_id=project_id,
                        file_name=file_name,
                        forced=int(bool(errors)),
                        errors_json=listed,
                        created_at=now,
                    )
                )
            )
            self._touch(db, project_id)
        return ExportRecord(export_id, file_name, bool(errors), tuple(errors), now)

    def exports(self, project_id: int, limit: int = 20) -> list[ExportRecord]:
        """The report's latest exports, newest first."""
        c = exports.c
        with self._read() as db:
            rows = db.execute(
                sa.select(c.id, c.file_name, c.forced, c.errors_json, c.created_at)
                .where(c.project_id == project_id)
                .order_by(c.id.desc())
                .limit(limit)
            ).all()
        return [ExportRecord(r[0], r[1], bool(r[2]), tuple(json.loads(r[3])), r[4]) for r in rows]

    def setting(self, key: str) -> str | None:
        with self._read() as db:
            value = db.execute(sa.select(settings.c.value).where(settings.c.key == key)).scalar()
        return None if value is None else str(value)

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as db:
            statement = _upsert(db, settings).values(key=key, value=value)
            db.execute(statement.on_conflict_do_update(index_elements=[settings.c.key], set_={"value": value}))
