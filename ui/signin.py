"""Sign-in: who this browser session acts as. Without accounts in the database nobody signs in (single-user).

The signed-in actor lives in ``st.session_state``; every store call of the pages goes through
``state.store()``, which acts for it, so the store checks each read and write against that role.
"""

from __future__ import annotations

import streamlit as st

from assistant.accounts import SignInError, bind_refusal, sign_in
from assistant.store import LOCAL, Actor, Store

SESSION_KEY = "actor"


def signed_in() -> Actor | None:
    actor = st.session_state.get(SESSION_KEY)
    return actor if isinstance(actor, Actor) else None


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
    st.session_state.pop("project_id", None)


def _sign_out() -> None:
    for key in list(st.session_state):
        del st.session_state[key]


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
    actor = signed_in()
    if actor is not None:
        with st.sidebar:
            where = f" · {actor.unit_name}" if actor.unit_name else ""
            st.caption(f"已登录：{actor.username}（{actor.role}{where}）")
            st.button("退出登录", on_click=_sign_out, key="signout")
        return actor
    st.title("登录")
    with st.form("signin"):
        st.text_input("用户名", key="signin_user")
        st.text_input("密码", type="password", key="signin_pw")
        st.form_submit_button("登录", on_click=_submit, args=(store,))
    if "signin_error" in st.session_state:
        st.error(st.session_state["signin_error"])
    st.stop()
    raise AssertionError("st.stop() returns only under test doubles")
