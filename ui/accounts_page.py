"""账号: the 管理员 creates units and accounts (the first 管理员 comes from ``assistant users add``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assistant.accounts import add_account
from assistant.errors import AssistantError
from assistant.store import ROLES
from ui import state


def _create() -> None:
    role = str(st.session_state.get("acc_role"))
    unit = str(st.session_state.get("acc_unit") or "").strip() or None
    try:
        made = add_account(
            state.store(),
            str(st.session_state.get("acc_user") or ""),
            str(st.session_state.get("acc_pw") or ""),
            role,
            unit if role in ("填报人", "单位负责人") else None,
            str(st.session_state.get("acc_name") or ""),
        )
    except AssistantError as exc:
        state.flash(str(exc), "error")
        return
    state.flash(f"已新建账号“{made.username}”（{made.role}）", "success")


st.title("账号")
state.show_flash()
found = state.store().accounts()
st.dataframe(
    pd.DataFrame([{"用户名": a.username, "姓名": a.display_name, "角色": a.role, "单位": a.unit_name} for a in found]),
    hide_index=True,
    width="stretch",
)
with st.form("new_account"):
    st.text_input("用户名", key="acc_user")
    st.text_input("姓名", key="acc_name")
    st.selectbox("角色", ROLES, key="acc_role")
    st.text_input("单位（填报人、单位负责人必填；没有的单位会新建）", key="acc_unit")
    st.text_input("初始密码（至少 8 个字符）", type="password", key="acc_pw")
    st.form_submit_button("新建账号", on_click=_create)
