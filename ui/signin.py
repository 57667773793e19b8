"""Sign-in: who this browser session acts as. Without accounts in the database nobody signs in (single-user).

A sign-in opens a server-side session (``assistant.accounts.open_session``) whose random token the browser
keeps in the ``jixiao_session`` cookie, so a reload or a new tab stays signed in. Streamlit reads cookies
(``st.context.cookies``, sent with the page's connection) but has no call to set one, so a one-pixel
``st.iframe`` of our own script (same origin, scripts allowed) writes it with ``document.cookie``: SameSite=Strict,
Secure behind https, expiring with the session. A script-written cookie cannot be HttpOnly; what protects
the session is that the database keeps only the token's hash and refuses it once expired, signed out, the
password changed or the account disabled. Every rerun checks the token again, so those take effect at once
in every open tab and every app process.

A bureau with an identity provider configures it as ``[auth]`` in ``.streamlit/secrets.toml``: the sign-in page
then also offers Streamlit's own ``st.login`` (OIDC; Streamlit keeps that identity in its own cookie), and the
e-mail address the provider vouches for is matched to an account (``identity_sign_in``), checked on every rerun
like a token, so a disabled account is signed out at once; an address no account holds is refused.

The actor then lives in ``st.session_state``; every store call of the pages goes through ``state.store()``,
which acts for it, so the store checks each read and write against that role.
"""

from __future__ import annotations

import json
from typing import Final

import streamlit as st

from assistant.accounts import (
    SESSION_LIFETIME,
    SignInError,
    bind_refusal,
    close_session,
    identity_sign_in,
    open_session,
    resume_session,
    sign_in,
)
from assistant.store import LOCAL, Actor, Store

SESSION_KEY = "actor"
TOKEN_KEY = "session_token"
COOKIE: Final = "jixiao_session"


def signed_in() -> Actor | None:
    actor = st.session_state.get(SESSION_KEY)
    return actor if isinstance(actor, Actor) else None


def _write_cookie(token: str | None) -> None:
    """Set (or, with None, delete) the session cookie in the browser, from a frame of the same origin."""
    age = int(SESSION_LIFETIME.total_seconds()) if token else 0
    cookie = json.dumps(f"{COOKIE}={token or ''}; Max-Age={age}; Path=/; SameSite=Strict")
    script = (
        f"<script>const page = window.parent; page.document.cookie = {cookie} + "
        "(page.location.protocol === 'https:' ? '; Secure' : '');</script>"
    )
    with st.sidebar:
        st.iframe(script, height=1)


def _submit(store: Store) -> None:
    try:
        actor = sign_in(
            store, str(st.session_state.get("signin_user") or ""), str(st.session_state.get("signin_pw") or "")
        )
    except SignInError as exc:
        st.session_state["signin_error"] = str(exc)
        return
    st.session_state.pop("signin_error", None)
    st.session_state[SESSION_KEY] = actor
    st.session_state[TOKEN_KEY] = open_session(store, actor)
    st.session_state.pop("project_id", None)


def _sign_out(store: Store) -> None:
    token = st.session_state.get(TOKEN_KEY)
    if token:
        close_session(store, str(token))
    for key in list(st.session_state):
        del st.session_state[key]


def _identity_provider() -> bool:
    """Whether ``.streamlit/secrets.toml`` configures an identity provider for ``st.login`` (its ``[auth]``)."""
    return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)


def _identity(store: Store) -> Actor | None:
    """The account of the identity ``st.login`` signed in (None when nobody did); refused: say why, sign out."""
    if not _identity_provider() or not st.user.is_logged_in:
        return None
    try:
        return identity_sign_in(store, str(st.user.get("email") or ""))
    except SignInError as exc:
        st.session_state["signin_error"] = str(exc)
        return None


def _session(store: Store) -> Actor | None:
    """The actor of this browser's live session: the one signed in in this tab, or the one its cookie names.

    A session that ended elsewhere (signed out in another tab, password changed, account disabled, expired)
    clears this tab too, with a word why.
    """
    token = st.session_state.get(TOKEN_KEY)
    if token:
        actor = resume_session(store, str(token))
        if actor is None:
            for key in list(st.session_state):
                del st.session_state[key]
            st.session_state["signin_error"] = "登录已失效（已退出、密码已修改、账号已停用或超过有效期），请重新登录"
        return actor
    cookie = st.context.cookies.get(COOKIE)
    actor = resume_session(store, cookie) if isinstance(cookie, str) and cookie else None
    if actor is not None:
        st.session_state[TOKEN_KEY] = cookie
    return actor


def require(store: Store) -> Actor:
    """The session's actor; shows the sign-in form and stops the page while nobody is signed in.

    In single-user mode this is ``LOCAL``, unless the server listens beyond this machine: then the page
    refuses to work at all, saying how to set up accounts.
    """
    if not store.has_accounts():
        refusal = bind_refusal(str(st.get_option("server.address") or "127.0.0.1"), False)
        if refusal:
            st.error(refusal)
            st.stop()
        return LOCAL
    actor = _session(store)
    by_identity = actor is None and (actor := _identity(store)) is not None
    st.session_state[SESSION_KEY] = actor
    if actor is not None:
        with st.sidebar:
            where = f" · {actor.unit_name}" if actor.unit_name else ""
            st.caption(f"已登录：{actor.username}（{actor.role}{where}）")
            if by_identity:
                st.button("退出登录", on_click=st.logout, key="signout")
            else:
                st.button("退出登录", on_click=_sign_out, args=(store,), key="signout")
        if not by_identity:
            _write_cookie(str(st.session_state[TOKEN_KEY]))
        return actor
    _write_cookie(None)
    st.title("登录")
    with st.form("signin"):
        st.text_input("用户名", key="signin_user")
        st.text_input("密码", type="password", key="signin_pw")
        st.form_submit_button("登录", on_click=_submit, args=(store,))
    if _identity_provider():
        if st.user.is_logged_in:
            st.button("退出统一身份认证", on_click=st.logout, key="identity_out")
        else:
            st.button("使用统一身份认证登录", on_click=st.login, key="identity_in")
    if "signin_error" in st.session_state:
        st.error(st.session_state["signin_error"])
    st.stop()
    raise AssertionError("st.stop() returns only under test doubles")
