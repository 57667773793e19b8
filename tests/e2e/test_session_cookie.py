"""Sessions in chromium: a reload keeps the user signed in (the session cookie), signing out ends it for
good (a reload shows the sign-in form, and the old token put back by hand is refused), and a forged or an
expired token never signs anyone in."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2etools import AppServer, settle, sidebar

from assistant.accounts import hash_password
from assistant.store import Store

pytestmark = pytest.mark.integration

PASSWORD = "cookie pass 1"
COOKIE = "jixiao_session"


@pytest.fixture
def bureau(tmp_path: Path) -> Iterator[tuple[AppServer, Store]]:
    db = tmp_path / "app.db"
    store = Store(db)
    store.create_project("湘江市北塘县林业局", dt.date.today().year - 1, "hunan-department")
    store.add_account("lin", "填报人", "湘江市北塘县林业局", hash_password(PASSWORD))
    server = AppServer(db, tmp_path / "server.log").start()
    try:
        yield server, store
    finally:
        server.stop()
        store.close()


def _signed_in_as(page: Any) -> str | None:
    caption = sidebar(page).get_by_text("已登录：")
    return caption.first.inner_text() if caption.count() else None


def _session_cookie(page: Any) -> dict[str, Any] | None:
    return next((c for c in page.context.cookies() if c["name"] == COOKIE), None)


def _open(page: Any, url: str) -> None:
    page.goto(url)
    settle(page, 1500)


def test_reload_keeps_the_session_and_sign_out_ends_it(bureau: tuple[AppServer, Store], browser_page: Any) -> None:
    server, _ = bureau
    page = browser_page
    _open(page, server.url)
    page.get_by_label("用户名").fill("lin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    settle(page, 1500)
    assert _signed_in_as(page) == "已登录：lin（填报人 · 湘江市北塘县林业局）"
    page.wait_for_function(f"document.cookie.includes('{COOKIE}=')")
    cookie = _session_cookie(page)
    assert cookie is not None and cookie["sameSite"] == "Strict" and len(cookie["value"]) >= 40

    page.reload()
    settle(page, 1500)
    assert _signed_in_as(page) is not None, "a reload signed the user out"
    page.get_by_role("button", name="登录", exact=True).wait_for(state="detached")

    sidebar(page).get_by_role("button", name="退出登录").click()
    settle(page, 1500)
    page.get_by_role("button", name="登录", exact=True).wait_for()
    page.wait_for_function(f"!document.cookie.includes('{COOKIE}=')")
    page.reload()
    settle(page, 1500)
    page.get_by_role("button", name="登录", exact=True).wait_for()
    assert _signed_in_as(page) is None

    page.context.add_cookies([{"name": COOKIE, "value": cookie["value"], "url": server.url}])
    _open(page, server.url)
    page.get_by_role("button", name="登录", exact=True).wait_for()
    assert _signed_in_as(page) is None, "a signed-out token was accepted again"


@pytest.mark.parametrize("kind", ["forged", "expired"])
def test_forged_or_expired_token_is_refused(bureau: tuple[AppServer, Store], browser_page: Any, kind: str) -> None:
    server, store = bureau
    token = "forged-token-that-no-session-has-0123456789ab"
    if kind == "expired":
        store.add_session("lin", hashlib.sha256(token.encode()).hexdigest(), dt.timedelta(seconds=-1))
    browser_page.context.add_cookies([{"name": COOKIE, "value": token, "url": server.url}])
    _open(browser_page, server.url)
    browser_page.get_by_role("button", name="登录", exact=True).wait_for()
    assert _signed_in_as(browser_page) is None
