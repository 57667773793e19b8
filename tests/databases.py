"""Databases for the store tests: a SQLite file, or a fresh database on a PostgreSQL server.

``scripts/test.sh`` starts a throwaway server and exports ``JIXIAO_TEST_DATABASE_URL``; run by hand,
``pytest`` starts one itself (``scripts/pg_cluster.sh``) when Debian's server binaries are installed.
Tests on PostgreSQL are skipped, saying why, only when neither is possible. Each test gets its own
database, dropped afterwards.
"""

from __future__ import annotations

import glob
import os
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
CLUSTER_SCRIPT = ROOT / "scripts" / "pg_cluster.sh"
NO_SERVER = (
    "no PostgreSQL server: set JIXIAO_TEST_DATABASE_URL=postgresql://… or apt-get install postgresql "
    "(scripts/test.sh starts a throwaway one)"
)
BACKENDS = ["sqlite", "postgresql"]


def server_available() -> bool:
    return bool(os.environ.get("JIXIAO_TEST_DATABASE_URL")) or bool(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a database on a PostgreSQL server the tests may create databases on."""
    url = os.environ.get("JIXIAO_TEST_DATABASE_URL")
    if url:
        yield url
        return
    if not server_available():
        pytest.skip(NO_SERVER)
    cluster = tempfile.mkdtemp(prefix="jixiao-pg-")
    started = subprocess.run(
        ["bash", str(CLUSTER_SCRIPT), "start", cluster], capture_output=True, text=True, timeout=120
    )
    assert started.returncode == 0, f"could not start PostgreSQL: {started.stderr[-2000:]}"
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run(["bash", str(CLUSTER_SCRIPT), "stop", cluster], capture_output=True, timeout=120)


def _admin(server_url: str) -> sa.Engine:
    url = sa.make_url(server_url).set(drivername="postgresql+psycopg")
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new, empty database on the test server; dropped after the test."""
    name = f"jx_{uuid.uuid4().hex[:12]}"
    admin = _admin(postgres_server)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.make_url(postgres_server).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """What ``Store()`` opens: a SQLite file path, or a fresh PostgreSQL database's URL."""
    if request.param == "sqlite":
        return str(tmp_path / "app.db")
    return str(request.getfixturevalue("postgres_url"))
