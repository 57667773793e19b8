"""Sign-in sessions that survive a reload: a random token whose SHA-256 the database keeps with an expiry;
signing out, a new password and a disabled account end it, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from assistant.accounts import (
    actor_of,
    close_session,
    hash_password,
    open_session,
    resume_session,
    set_password,
)
from assistant.cli.main import app
from assistant.store import AccessDenied, Store
from assistant.store.tables import sessions

PASSWORD = "session pass 1"


@pytest.fixture(scope="module")
def password_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def bureau(database: str, password_hash: str) -> Store:
    store = Store(database)
    store.add_account("lin", "填报人", "县林业局", password_hash)
    store.add_account("root", "管理员", None, password_hash)
    return store


def _lin(store: Store) -> str:
    account = store.account("lin")
    assert account is not None
    return open_session(store, actor_of(account))


def test_a_session_resumes_and_keeps_only_the_hash(bureau: Store) -> None:
    token = _lin(bureau)
    actor = resume_session(bureau, token)
    assert actor is not None and (actor.username, actor.role, actor.unit_name) == ("lin", "填报人", "县林业局")
    with bureau.engine.connect() as db:
        [row] = db.execute(sa.select(sessions)).mappings().all()
    assert token not in [str(v) for v in row.values()]
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert _lin(bureau) != token


@pytest.mark.parametrize("forged", ["", "x", "A" * 43, "A" * 5000, "' OR 1=1 --"])
def test_forged_tokens_are_refused(bureau: Store, forged: str) -> None:
    _lin(bureau)
    assert resume_session(bureau, forged) is None


def test_signing_out_ends_the_session_only(bureau: Store) -> None:
    first, second = _lin(bureau), _lin(bureau)
    close_session(bureau, first)
    assert resume_session(bureau, first) is None
    assert resume_session(bureau, second) is not None


def test_an_expired_session_is_refused(bureau: Store) -> None:
    bureau.add_session("lin", hashlib.sha256(b"old").hexdigest(), timedelta(seconds=-1))
    assert resume_session(bureau, "old") is None


def test_a_new_password_ends_every_session_of_the_account(bureau: Store) -> None:
    token = _lin(bureau)
    root = bureau.account("root")
    assert root is not None
    admin_token = open_session(bureau, actor_of(root))
    set_password(bureau, "lin", "another pass 2")
    assert resume_session(bureau, token) is None
    assert resume_session(bureau, admin_token) is not None


def test_a_disabled_account_is_signed_out_and_stays_out(bureau: Store) -> None:
    token = _lin(bureau)
    root = bureau.account("root")
    lin = bureau.account("lin")
    assert root is not None and lin is not None
    admin = bureau.acting_as(actor_of(root))
    admin.set_active("lin", False)
    assert resume_session(bureau, token) is None
    admin.set_active("lin", True)
    assert resume_session(bureau, token) is None
    assert resume_session(bureau, _lin(bureau)) is not None
    with pytest.raises(AccessDenied):
        bureau.acting_as(actor_of(lin)).set_active("root", False)


def test_users_disable_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, password_hash: str
) -> None:
    db = tmp_path / "app.db"
    store = Store(db)
    store.add_account("lin", "填报人", "县林业局", password_hash)
    token = _lin(store)
    monkeypatch.setenv("JIXIAO_DB_PATH", str(db))
    result = CliRunner().invoke(app, ["users", "disable", "lin"])
    assert result.exit_code == 0 and "已停用" in result.output
    assert resume_session(store, token) is None
    assert "没有用户名" in CliRunner().invoke(app, ["users", "enable", "nobody"]).output
