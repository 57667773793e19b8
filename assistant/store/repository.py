"""The repository: every read and write of the app's database, one short transaction each.

The database is a SQLite file (one office, the default) or a PostgreSQL server (a bureau, several app
processes), reached through SQLAlchemy Core with the same queries. Every accepted change is committed the
moment it happens, so closing the browser or killing the server loses nothing. Facts and every section
carry a revision counter: a write names the revision it was based on and is refused with
``StaleWriteError`` when another tab, window or app process has written since, instead of silently
replacing that work. Every write to a report first locks the report's row (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's BEGIN IMMEDIATE locks the whole file), so a revision check and its write are atomic
and of two writers based on the same revision exactly one wins.

Every read and write is made for an ``Actor`` (``acting_as``; ``LOCAL`` by default) and checked against
its role and the report's workflow state in the same transaction (``access.py``); a refusal raises
``AccessDenied`` and is written to the append-only audit log, as is every accepted write.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from assistant.store.access import (
    AT_BUREAU,
    LOCAL,
    ROLES,
    UNIT_ROLES,
    AccessDenied,
    Action,
    Actor,
    action_words,
    may,
    transition_refusal,
)
from assistant.store.errors import ForeignWriteError, StaleWriteError, StoreError
from assistant.store.fields import FieldChange, same_value, value_at, with_value
from assistant.store.records import (
    Account,
    AuditEntry,
    ChatMessage,
    ChatRole,
    ExportRecord,
    FactsRecord,
    ImportRecord,
    IntakeFile,
    IntakeRecord,
    Project,
    ReportSummary,
    ReviewComment,
    ReviewRow,
    SectionState,
    SuggestionRecord,
    SuggestionStatus,
    Version,
    VersionSource,
    Workflow,
)
from assistant.store.schema import WRITE, create_engine, database_url, migrate
from assistant.store.tables import (
    accounts,
    audit_log,
    chat_messages,
    exports,
    imports,
    intake_files,
    projects,
    report_states,
    review_comments,
    section_versions,
    sections,
    sessions,
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
_VERSION_ACTIONS: dict[str, str] = {
    "draft": "采纳起草稿",
    "accept": "采纳修改建议",
    "edit": "编辑章节",
    "fix": "自动修正",
    "restore": "恢复旧版本",
    "import": "导入章节",
}
_PROJECT_QUERY = sa.select(
    projects.c.id, projects.c.unit_id, units.c.name, projects.c.year, projects.c.profile, projects.c.updated_at
).join_from(projects, units, units.c.id == projects.c.unit_id)


_STATE = sa.func.coalesce(report_states.c.state, "起草中")
"""A report without a workflow row is being drafted (every report made before accounts existed)."""
_WORKFLOW_COLUMNS = (
    _STATE,
    report_states.c.errors,
    report_states.c.warnings,
    report_states.c.summary_json,
    report_states.c.submitted_at,
    report_states.c.updated_at,
)
_AUDIT_COLUMNS = (
    audit_log.c.id,
    audit_log.c.created_at,
    audit_log.c.actor,
    audit_log.c.role,
    audit_log.c.project_id,
    audit_log.c.section_id,
    audit_log.c.action,
    audit_log.c.detail,
    audit_log.c.from_version,
    audit_log.c.to_version,
    audit_log.c.outcome,
)


def _workflow(project_id: int, row: Sequence[Any]) -> Workflow:
    return Workflow(project_id, row[0], row[1], row[2], json.loads(row[3] or "{}"), row[4], row[5])


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
        self.actor: Actor = LOCAL
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

    def acting_as(self, actor: Actor) -> Store:
        """This store (same database, same connection pool) reading and writing for ``actor``."""
        view = copy.copy(self)
        view.actor = actor
        return view

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except AccessDenied as refused:
            self._log_refusal(refused)
            raise

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """One transaction, all or nothing, the COMMIT included: any failure rolls all of it back.

        A refusal rolls the transaction back and is then logged in a transaction of its own.
        """
        try:
            with self.engine.connect() as conn:
                conn.execution_options(**{WRITE: True})
                with conn.begin():
                    yield conn
        except AccessDenied as refused:
            self._log_refusal(refused)
            raise

    # Access and the audit log

    def _audit(
        self,
        db: sa.Connection,
        action: str,
        project_id: int | None = None,
        *,
        section_id: str | None = None,
        detail: str = "",
        before: object = None,
        after: object = None,
        outcome: str = "完成",
    ) -> None:
        db.execute(
            sa.insert(audit_log).values(
                created_at=_now(),
                actor=self.actor.username,
                role=self.actor.role or "单机",
                project_id=project_id,
                section_id=section_id,
                action=action,
                detail=detail,
                from_version=None if before is None else str(before),
                to_version=None if after is None else str(after),
                outcome=outcome,
            )
        )

    def _log_refusal(self, refused: AccessDenied) -> None:
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE: True})
            with conn.begin():
                self._audit(
                    conn, refused.action, refused.project_id, detail=f"{refused.what}：{refused.reason}", outcome="拒绝"
                )

    def _refuse(self, action: Action, what: str, reason: str, project_id: int | None = None) -> AccessDenied:
        return AccessDenied(self.actor, action_words(action), what, reason, project_id)

    def _allow(self, db: sa.Connection, project_id: int, action: Action) -> str:
        """Check ``action`` on the report for this store's actor; returns the report's workflow state."""
        row = db.execute(
            sa.select(projects.c.unit_id, _STATE, units.c.name, projects.c.year)
            .join_from(projects, units, units.c.id == projects.c.unit_id)
            .outerjoin(report_states, report_states.c.project_id == projects.c.id)
            .where(projects.c.id == project_id)
        ).first()
        if row is None:
            raise StoreError(f"报告（编号 {project_id}）不存在")
        reason = may(self.actor, action, row[0], row[1])
        if reason is not None:
            raise self._refuse(action, f"“{row[2]} · {row[3]}年度”报告", reason, project_id)
        return str(row[1])

    def _visible(self, query: sa.Select[Any], *, contents: bool = True) -> sa.Select[Any]:
        """``query`` over projects narrowed to the reports this actor may see (all of them for LOCAL).

        ``contents`` False lists a reviewer every unit's report with its state (the dashboard), not only the
        submitted ones whose text the reviewer may read.
        """
        if self.actor.is_local:
            return query
        if self.actor.role in UNIT_ROLES:
            return query.where(projects.c.unit_id == self.actor.unit_id)
        if self.actor.role == "财政局审核人":
            return query if not contents else query.where(_STATE.in_(sorted(AT_BUREAU)))
        return query.where(sa.false())

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
                if not self.actor.is_local and (self.actor.role not in UNIT_ROLES or self.actor.unit_name != name):
                    reason = (
                        "只能为本单位新建报告"
                        if self.actor.role in UNIT_ROLES
                        else "只有本单位的填报人或负责人可以新建报告"
                    )
                    raise self._refuse("create", f"“{name}”{year}年度报告", reason)
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
                self._audit(db, "新建报告", project_id, detail=f"{name} · {year}年度", after="起草中")
        except sa.exc.IntegrityError:
            # Another process may have created the same report between the check and the insert.
            if any(p.unit_name == name and p.year == year for p in self.projects()):
                raise exists from None
            raise
        return self.project(project_id)

    def projects(self) -> list[Project]:
        """Every report project, the most recently changed first."""
        query = _PROJECT_QUERY.outerjoin(report_states, report_states.c.project_id == projects.c.id)
        with self._read() as db:
            rows = db.execute(self._visible(query).order_by(projects.c.updated_at.desc(), projects.c.id.desc())).all()
        return [_project(r) for r in rows]

    def project(self, project_id: int) -> Project:
        with self._read() as db:
            self._allow(db, project_id, "read")
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
            .outerjoin(report_states, report_states.c.project_id == projects.c.id)
            .where(projects.c.year == year)
            .order_by(units.c.name)
        )
        query = self._visible(query)
        with self._read() as db:
            rows = db.execute(query).all()
        return [ReportSummary(_project(r), r[6], r[7], r[8]) for r in rows]

    def _touch(self, db: sa.Connection, project_id: int) -> None:
        db.execute(sa.update(projects).where(projects.c.id == project_id).values(updated_at=_now()))

    # Facts

    def facts(self, project_id: int) -> FactsRecord:
        with self._read() as db:
            self._allow(db, project_id, "read")
            row = db.execute(
                sa.select(projects.c.facts_json, projects.c.facts_revision).where(projects.c.id == project_id)
            ).first()
        if row is None:
            raise StoreError(f"报告（编号 {project_id}）不存在")
        return FactsRecord(data=json.loads(row[0]), revision=row[1])

    def _facts_row(self, db: sa.Connection, project_id: int, shown_project_id: int | None) -> tuple[str, int]:
        """The stored facts and revision, locked, after checking the write is for the report on screen."""
        self._lock_project(db, project_id)
        self._allow(db, project_id, "edit")
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
        self._audit(db, "保存事实", project_id, before=f"事实第 {revision - 1} 版", after=f"事实第 {revision} 版")
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
            self._allow(db, project_id, "read")
            return self._section(db, project_id, section_id)

    def sections(self, project_id: int) -> dict[str, SectionState]:
        """Every section that has ever been written, by section id, in one query."""
        with self._read() as db:
            self._allow(db, project_id, "read")
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
        self._allow(db, project_id, "edit")
        state = self._section(db, project_id, section_id)
        if state.revision != expected:
            raise StaleWriteError(what, expected, state.revision)
        return state

    def _move_head(self, db: sa.Connection, state: SectionState, head_id: int | None, action: str) -> None:
        """Point the section at ``head_id`` and count a revision (the report's row lock is held); logged."""
        new_seq = None
        if head_id is not None:
            new_seq = db.execute(sa.select(section_versions.c.seq).where(section_versions.c.id == head_id)).scalar()
        self._audit(
            db,
            action,
            state.project_id,
            section_id=state.section_id,
            before=f"第 {state.head.seq} 版" if state.head else "空",
            after=f"第 {new_seq} 版" if new_seq is not None else "空",
        )
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
        self._move_head(db, state, version_id, _VERSION_ACTIONS.get(source, "保存章节"))

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
            self._move_head(db, state, state.head.parent_id, "撤销")
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
            self._allow(db, project_id, "read")
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
            self._allow(db, project_id, "chat")
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
            self._allow(db, project_id, "read")
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
            self._allow(db, base.project_id, "edit")
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
        project_id = self._suggestion_by_id(db, suggestion_id).project_id
        self._lock_project(db, project_id)
        self._allow(db, project_id, "edit")
        current = self._suggestion_by_id(db, suggestion_id)
        if current.status != "open":
            raise StoreError("这条修改建议已处理过，请刷新页面")
        return current

    def open_suggestion(self, project_id: int, section_id: str) -> SuggestionRecord | None:
        with self._read() as db:
            self._allow(db, project_id, "read")
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
            self._allow(db, project_id, "read")
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
            self._lock_project(db, project_id)
            self._allow(db, project_id, "edit")
            self._audit(db, "导入报告", project_id, detail=file_name)
            import_id = _new_id(
                db.execute(
                    sa.insert(imports).values(project_id=project_id, file_name=file_name, text=text, created_at=now)
                )
            )
        return ImportRecord(import_id, file_name, text, now)

    def last_import(self, project_id: int) -> ImportRecord | None:
        with self._read() as db:
            self._allow(db, project_id, "read")
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
        """App-wide settings (model server, export fonts): the single user or a 管理员 only."""
        with self._write() as db:
            self._manage(f"应用设置“{key}”")
            self._audit(db, "修改设置", detail=key)
            statement = _upsert(db, settings).values(key=key, value=value)
            db.execute(statement.on_conflict_do_update(index_elements=[settings.c.key], set_={"value": value}))

    # Units and accounts (管理员, or the command line)

    def _manage(self, what: str) -> None:
        reason = may(self.actor, "manage", 0, "起草中")
        if reason is not None:
            raise self._refuse("manage", what, reason)

    def has_accounts(self) -> bool:
        """Whether any account exists: without one the app runs in single-user mode."""
        with self._read() as db:
            return db.execute(sa.select(accounts.c.id).limit(1)).first() is not None

    def add_unit(self, name: str) -> int:
        """Register a unit (or find it); returns its id."""
        name = name.strip()
        if not name:
            raise StoreError("单位名称不能为空")
        with self._write() as db:
            self._manage(f"单位“{name}”")
            inserted = db.execute(_upsert(db, units).values(name=name, created_at=_now()).on_conflict_do_nothing())
            if inserted.rowcount:
                self._audit(db, "新建单位", detail=name)
            return int(db.execute(sa.select(units.c.id).where(units.c.name == name)).scalar_one())

    def add_account(
        self,
        username: str,
        role: str,
        unit_name: str | None,
        password_hash: str,
        display_name: str = "",
        email: str = "",
    ) -> Account:
        """Create an account; a 填报人 or 单位负责人 needs a unit (created if new), the bureau's roles have none.

        ``email`` is the identity an OIDC sign-in is matched to (optional, unique, kept in lower case).
        """
        username = username.strip()
        address = email.strip().lower() or None
        if not username:
            raise StoreError("用户名不能为空")
        if role not in ROLES:
            raise StoreError(f"没有“{role}”这个角色，可选：{'、'.join(ROLES)}")
        if role in UNIT_ROLES and not (unit_name or "").strip():
            raise StoreError(f"{role}必须属于一个单位，请填写单位名称")
        if role not in UNIT_ROLES and unit_name:
            raise StoreError(f"{role}属于财政局，不属于任何单位，请不要填写单位")
        unit_id = self.add_unit(unit_name) if role in UNIT_ROLES and unit_name else None
        try:
            with self._write() as db:
                self._manage(f"账号“{username}”")
                db.execute(
                    sa.insert(accounts).values(
                        username=username,
                        display_name=display_name,
                        role=role,
                        unit_id=unit_id,
                        password_hash=password_hash,
                        active=True,
                        created_at=_now(),
                        email=address,
                    )
                )
                self._audit(db, "新建账号", detail=f"{username}（{role}{'，' + (unit_name or '') if unit_id else ''}）")
        except sa.exc.IntegrityError:
            raise StoreError(f"用户名“{username}”{'或电子邮箱“' + address + '”' if address else ''}已经存在") from None
        found = self.account(username)
        assert found is not None
        return found

    def _account_query(self) -> sa.Select[Any]:
        return sa.select(
            accounts.c.id,
            accounts.c.username,
            accounts.c.display_name,
            accounts.c.role,
            accounts.c.unit_id,
            sa.func.coalesce(units.c.name, ""),
            accounts.c.password_hash,
            accounts.c.active,
        ).outerjoin_from(accounts, units, units.c.id == accounts.c.unit_id)

    def account(self, username: str) -> Account | None:
        """The account of ``username`` with its password hash (for sign-in), or None."""
        with self._read() as db:
            row = db.execute(self._account_query().where(accounts.c.username == username.strip())).first()
        return Account(*row) if row else None

    def account_by_email(self, email: str) -> Account | None:
        """The account an identity provider's e-mail address belongs to (letter case ignored), or None."""
        address = email.strip().lower()
        if not address:
            return None
        with self._read() as db:
            row = db.execute(self._account_query().where(accounts.c.email == address)).first()
        return Account(*row) if row else None

    def accounts(self) -> list[Account]:
        with self._read() as db:
            self._manage("账号列表")
            rows = db.execute(self._account_query().order_by(accounts.c.username)).all()
        return [Account(*r) for r in rows]

    def set_password_hash(self, username: str, password_hash: str) -> None:
        """Replace an account's password hash: 管理员 for anyone, an account for itself."""
        with self._write() as db:
            if self.actor.username != username:
                self._manage(f"账号“{username}”的密码")
            changed = db.execute(
                sa.update(accounts).where(accounts.c.username == username).values(password_hash=password_hash)
            )
            if changed.rowcount == 0:
                raise StoreError(f"没有用户名为“{username}”的账号")
            self._revoke_sessions_of(db, username)
            self._audit(db, "修改密码", detail=username)

    def set_active(self, username: str, active: bool) -> None:
        """Disable an account (its sessions end at once: every open page signs out) or enable it again."""
        with self._write() as db:
            self._manage(f"账号“{username}”")
            changed = db.execute(sa.update(accounts).where(accounts.c.username == username).values(active=active))
            if changed.rowcount == 0:
                raise StoreError(f"没有用户名为“{username}”的账号")
            if not active:
                self._revoke_sessions_of(db, username)
            self._audit(db, "启用账号" if active else "停用账号", detail=username)

    # Sign-in sessions: only a token's hash is kept (``assistant.accounts`` makes and checks the tokens)

    def add_session(self, username: str, token_hash: str, lifetime: timedelta) -> None:
        """Record a session of ``username``, valid for ``lifetime`` unless revoked first."""
        now = datetime.now()
        with self._write() as db:
            account_id = db.execute(sa.select(accounts.c.id).where(accounts.c.username == username)).scalar()
            if account_id is None:
                raise StoreError(f"没有用户名为“{username}”的账号")
            db.execute(
                sa.insert(sessions).values(
                    token_hash=token_hash,
                    account_id=account_id,
                    created_at=now.isoformat(sep=" ", timespec="seconds"),
                    expires_at=(now + lifetime).isoformat(sep=" ", timespec="seconds"),
                )
            )

    def session_account(self, token_hash: str) -> Account | None:
        """The account of a live session (not expired, not revoked, the account active), or None."""
        query = (
            self._account_query()
            .join(sessions, sessions.c.account_id == accounts.c.id)
            .where(
                sessions.c.token_hash == token_hash,
                sessions.c.revoked_at.is_(None),
                sessions.c.expires_at > _now(),
                accounts.c.active.is_(True),
            )
        )
        with self._read() as db:
            row = db.execute(query).first()
        return Account(*row) if row else None

    def revoke_session(self, token_hash: str) -> None:
        """End one session (signing out): its token is refused from now on, in every app process."""
        with self._write() as db:
            db.execute(
                sa.update(sessions)
                .where(sessions.c.token_hash == token_hash, sessions.c.revoked_at.is_(None))
                .values(revoked_at=_now())
            )

    def _revoke_sessions_of(self, db: sa.Connection, username: str) -> None:
        account_id = sa.select(accounts.c.id).where(accounts.c.username == username).scalar_subquery()
        db.execute(
            sa.update(sessions)
            .where(sessions.c.account_id == account_id, sessions.c.revoked_at.is_(None))
            .values(revoked_at=_now())
        )

    # Workflow, reviewer's comments and the audit log

    def workflow(self, project_id: int) -> Workflow:
        with self._read() as db:
            self._allow(db, project_id, "read")
            row = db.execute(
                sa.select(*_WORKFLOW_COLUMNS)
                .select_from(projects)
                .outerjoin(report_states, report_states.c.project_id == projects.c.id)
                .where(projects.c.id == project_id)
            ).one()
        return _workflow(project_id, row)

    def transition(
        self,
        project_id: int,
        target: str,
        *,
        expected: str,
        counts: tuple[int, int] | None = None,
        summary: dict[str, Any] | None = None,
        note: str = "",
    ) -> Workflow:
        """Move the report from ``expected`` to ``target`` if the actor's role may take that step.

        Submitting (``counts``, ``summary``) records the checker's error/warning counts and key figures of
        the text submitted; ``assistant.workflow`` makes them and refuses a submission with errors.
        """
        with self._write() as db:
            self._lock_project(db, project_id)
            current = self._allow(db, project_id, "read")
            if current != expected:
                raise StoreError(f"报告已是“{current}”状态（您看到的是“{expected}”），请刷新页面后再操作")
            step, reason = transition_refusal(self.actor, current, target)
            if reason is not None:
                project = db.execute(_PROJECT_QUERY.where(projects.c.id == project_id)).one()
                raise AccessDenied(self.actor, step, f"“{_project(project).label}”报告", reason, project_id)
            now = _now()
            values: dict[str, Any] = {"state": target, "updated_at": now, "updated_by": self.actor.username}
            if counts is not None:
                values.update(errors=counts[0], warnings=counts[1], submitted_at=now)
            if summary is not None:
                values["summary_json"] = json.dumps(summary, ensure_ascii=False)
            statement = _upsert(db, report_states).values(project_id=project_id, **values)
            db.execute(statement.on_conflict_do_update(index_elements=[report_states.c.project_id], set_=values))
            self._audit(db, step, project_id, detail=note, before=current, after=target)
            self._touch(db, project_id)
        return self.workflow(project_id)

    def add_comment(self, project_id: int, section_id: str, text: str) -> ReviewComment:
        """A reviewer's comment on one section of a submitted report."""
        text = text.strip()
        if not text:
            raise StoreError("批注内容不能为空")
        now = _now()
        with self._write() as db:
            self._lock_project(db, project_id)
            self._allow(db, project_id, "comment")
            comment_id = _new_id(
                db.execute(
                    sa.insert(review_comments).values(
                        project_id=project_id,
                        section_id=section_id,
                        author=self.actor.username,
                        text=text,
                        created_at=now,
                    )
                )
            )
            self._audit(db, "批注", project_id, section_id=section_id, detail=text[:200])
        return ReviewComment(comment_id, project_id, section_id, self.actor.username, text, now)

    def comments(self, project_id: int) -> list[ReviewComment]:
        """The reviewers' comments on a report, oldest first."""
        with self._read() as db:
            self._allow(db, project_id, "read")
            rows = db.execute(
                sa.select(
                    review_comments.c.id,
                    review_comments.c.project_id,
                    review_comments.c.section_id,
                    review_comments.c.author,
                    review_comments.c.text,
                    review_comments.c.created_at,
                )
                .where(review_comments.c.project_id == project_id)
                .order_by(review_comments.c.id)
            ).all()
        return [ReviewComment(*r) for r in rows]

    def audit(self, project_id: int) -> list[AuditEntry]:
        """The report's audit log, newest first: every write and every refused attempt."""
        with self._read() as db:
            self._allow(db, project_id, "read")
            rows = db.execute(
                sa.select(*_AUDIT_COLUMNS).where(audit_log.c.project_id == project_id).order_by(audit_log.c.id.desc())
            ).all()
        return [AuditEntry(*r) for r in rows]

    def review_rows(self, year: int) -> list[ReviewRow]:
        """Every unit's report of ``year`` the actor may list, with its workflow row, in one query.

        A reviewer sees every unit's state but the submission figures only of reports at the bureau.
        """
        query = self._visible(
            _PROJECT_QUERY.add_columns(*_WORKFLOW_COLUMNS)
            .outerjoin(report_states, report_states.c.project_id == projects.c.id)
            .where(projects.c.year == year)
            .order_by(units.c.name),
            contents=False,
        )
        with self._read() as db:
            rows = db.execute(query).all()
        out = []
        for row in rows:
            workflow = _workflow(row[0], row[6:])
            if self.actor.role == "财政局审核人" and workflow.state not in AT_BUREAU:
                workflow = Workflow(row[0], workflow.state, None, None, {}, None, workflow.updated_at)
            out.append(ReviewRow(_project(row), workflow))
        return out

    # Reports that arrive as files

    def add_intakes(self, year: int, files: Sequence[IntakeFile]) -> list[IntakeRecord]:
        """Keep report files received from units not using the app, with their checker counts and figures.

        A batch is one transaction (all kept or none): a bureau takes in hundreds of files at once, and one
        commit for all of them, not one each, is most of what makes that fast.
        """
        now = _now()
        records = []
        with self._write() as db:
            if not (self.actor.is_local or self.actor.role == "财政局审核人"):
                what = f"报告文件“{files[0].file_name}”等 {len(files)} 个" if files else "报告文件"
                raise self._refuse("intake", what, "只有财政局审核人可以收取单位报送的文件")
            for file in files:
                intake_id = _new_id(
                    db.execute(
                        sa.insert(intake_files).values(
                            year=year,
                            file_name=file.file_name,
                            unit_name=file.unit_name,
                            content=file.content,
                            errors=file.errors,
                            warnings=file.warnings,
                            summary_json=json.dumps(file.summary, ensure_ascii=False),
                            created_at=now,
                            created_by=self.actor.username,
                        )
                    )
                )
                self._audit(db, "收取报告文件", detail=f"{file.file_name}（{file.unit_name}，{year}年度）")
                records.append(
                    IntakeRecord(
                        intake_id, year, file.file_name, file.unit_name, file.errors, file.warnings, file.summary, now
                    )
                )
        return records

    def _intake_reader(self, what: str) -> None:
        if not (self.actor.is_local or self.actor.role == "财政局审核人"):
            raise self._refuse("read", what, "只有财政局审核人可以查看单位报送的文件")

    def intakes(self, year: int) -> list[IntakeRecord]:
        """The report files received for ``year``, by unit name (without their bytes)."""
        with self._read() as db:
            self._intake_reader(f"{year}年度收取的报告文件")
            rows = db.execute(
                sa.select(
                    intake_files.c.id,
                    intake_files.c.year,
                    intake_files.c.file_name,
                    intake_files.c.unit_name,
                    intake_files.c.errors,
                    intake_files.c.warnings,
                    intake_files.c.summary_json,
                    intake_files.c.created_at,
                )
                .where(intake_files.c.year == year)
                .order_by(intake_files.c.unit_name, intake_files.c.id)
            ).all()
        return [IntakeRecord(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), r[7]) for r in rows]

    def intake_file(self, intake_id: int) -> tuple[str, bytes]:
        """A received file as it arrived: its name and bytes."""
        with self._read() as db:
            self._intake_reader(f"收取的报告文件（编号 {intake_id}）")
            row = db.execute(
                sa.select(intake_files.c.file_name, intake_files.c.content).where(intake_files.c.id == intake_id)
            ).first()
        if row is None:
            raise StoreError(f"收取的报告文件（编号 {intake_id}）不存在")
        return str(row[0]), bytes(row[1])
