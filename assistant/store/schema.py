"""The database schema as an ordered list of migrations, applied once each and counted in ``user_version``.

A database made by an older release opens with a newer one: each migration runs exactly once, in order,
inside one transaction, so a crash halfway leaves the previous schema intact. Never edit a released
migration; append a new one.
"""

from __future__ import annotations

import sqlite3

from assistant.store.errors import StoreError

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    );
    CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES units(id),
        year INTEGER NOT NULL,
        profile TEXT NOT NULL,
        facts_json TEXT NOT NULL DEFAULT '{}',
        facts_revision INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (unit_id, year)
    );
    CREATE TABLE section_versions (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id),
        section_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        parent_id INTEGER REFERENCES section_versions(id),
        text TEXT NOT NULL,
        source TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        UNIQUE (project_id, section_id, seq)
    );
    CREATE TABLE sections (
        project_id INTEGER NOT NULL REFERENCES projects(id),
        section_id TEXT NOT NULL,
        head_id INTEGER REFERENCES section_versions(id),
        revision INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (project_id, section_id)
    );
    CREATE TABLE chat_messages (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id),
        section_id TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'error')),
        content TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX chat_by_section ON chat_messages (project_id, section_id, id);
    CREATE TABLE suggestions (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id),
        section_id TEXT NOT NULL,
        base_version_id INTEGER REFERENCES section_versions(id),
        base_text TEXT NOT NULL,
        proposed_text TEXT NOT NULL,
        operation TEXT NOT NULL,
        instruction TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'applied', 'rejected', 'superseded')),
        decisions_json TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        closed_at TEXT
    );
    CREATE INDEX suggestions_by_section ON suggestions (project_id, section_id, status);
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id),
        file_name TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE exports (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id),
        file_name TEXT NOT NULL,
        forced INTEGER NOT NULL DEFAULT 0,
        errors_json TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL
    );
    CREATE INDEX exports_by_project ON exports (project_id, id);
    """,
)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to date; returns the version reached. ``conn`` must be in autocommit mode."""
    current = schema_version(conn)
    if current > len(MIGRATIONS):
        raise StoreError(f"数据库版本（{current}）比本程序新（{len(MIGRATIONS)}），请升级程序后再打开")
    for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in script.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return schema_version(conn)
