"""绩效报告助手 — the Streamlit app: enter facts, draft each section with the assistant, check, export.

Run: ``streamlit run app.py`` (binds to 127.0.0.1; see .streamlit/config.toml). The app only calls the
``assistant`` engine; the pages live in ``ui/``. Without accounts in the database it is one office's
single-user app; with accounts everyone signs in first and sees the pages of their role (the store checks
every read and write again, whatever the page).
"""

import streamlit as st

from ui import model, preferences, signin, state

st.set_page_config(page_title="绩效报告助手", page_icon="📝", layout="wide")
actor = signin.require(state.shared_store())
model.warm_up()
preferences.init_session()
drafting = [
    st.Page("ui/facts_page.py", title="事实", icon=":material/edit_note:", default=True),
    st.Page("ui/draft_page.py", title="起草", icon=":material/edit:"),
    st.Page("ui/check_page.py", title="检查", icon=":material/fact_check:"),
    st.Page("ui/export_page.py", title="导出", icon=":material/download:"),
]
settings = st.Page("ui/settings_page.py", title="设置", icon=":material/settings:")
submit = st.Page("ui/submit_page.py", title="报送", icon=":material/send:")
review = st.Page("ui/review_page.py", title="审核", icon=":material/fact_check:", default=True)
accounts = st.Page("ui/accounts_page.py", title="账号", icon=":material/group:", default=True)
pages = {
    None: [*drafting, settings],
    "填报人": [*drafting, submit],
    "单位负责人": [*drafting, submit],
    "财政局审核人": [review],
    "管理员": [accounts, settings],
}[actor.role]
navigation = st.navigation(pages)
navigation.run()
