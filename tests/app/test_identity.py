"""Signing in through the bureau's identity provider (``st.login``, OIDC): the address it vouches for is
matched to an account in the database; no such account, or a disabled one, is refused in Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from apptools import ROOT, UNIT, no_exceptions
from streamlit.testing.v1 import AppTest

from assistant.accounts import actor_of, hash_password, identity_sign_in
from assistant.store import Project, Store

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a long random string for the test only",
    "client_id": "jixiao",
    "client_secret": "secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


@pytest.fixture
def with_accounts(store: Store, project: Project) -> Store:
    store.add_account("lin", "填报人", UNIT, hash_password("app test pass 1"), email="Lin@Example.gov.cn")
    store.add_account("root", "管理员", None, hash_password("app test pass 1"))
    return store


@pytest.fixture(autouse=True)
def fresh_secrets() -> Iterator[None]:
    """Streamlit reads secrets.toml once per process; each test reads its own."""
    st.secrets._reset()
    yield
    st.secrets._reset()


@pytest.fixture
def identity_provider(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A secrets.toml with an [auth] section, where Streamlit looks for one (the working directory)."""
    folder = tmp_path / ".streamlit"
    folder.mkdir()
    lines = ["[auth]", *(f'{key} = "{value}"' for key, value in AUTH.items())]
    (folder / "secrets.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)


def _app(db_path: Path, user: dict[str, object]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["db_path"] = str(db_path)
    at.user = user
    return at.run()


def test_identity_matched_to_its_account(with_accounts: Store, db_path: Path, identity_provider: None) -> None:
    at = _app(db_path, {"is_logged_in": True, "email": "lin@example.gov.cn"})
    no_exceptions(at)
    assert any("已登录：lin（填报人" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize("email", ["nobody@example.gov.cn", ""])
def test_identity_without_an_account_is_refused(
    with_accounts: Store, db_path: Path, identity_provider: None, email: str
) -> None:
    at = _app(db_path, {"is_logged_in": True, "email": email})
    no_exceptions(at)
    assert not any("已登录" in c.value for c in at.sidebar.caption)
    assert any("没有对应的账号" in e.value for e in at.error)
    assert [b.label for b in at.button if b.key == "identity_out"] == ["退出统一身份认证"]


def test_sign_in_page_offers_the_provider_only_when_configured(with_accounts: Store, db_path: Path) -> None:
    at = _app(db_path, {"is_logged_in": False})
    assert not [b for b in at.button if b.key == "identity_in"]


def test_offered_when_configured(with_accounts: Store, db_path: Path, identity_provider: None) -> None:
    at = _app(db_path, {"is_logged_in": False})
    assert [b.label for b in at.button if b.key == "identity_in"] == ["使用统一身份认证登录"]


def test_disabled_account_is_refused(with_accounts: Store) -> None:
    assert identity_sign_in(with_accounts, "LIN@example.gov.cn").username == "lin"
    root = with_accounts.account("root")
    assert root is not None
    with_accounts.acting_as(actor_of(root)).set_active("lin", False)
    with pytest.raises(Exception, match="没有对应的账号（或该账号已停用）"):
        identity_sign_in(with_accounts, "lin@example.gov.cn")
