"""绩效报告助手 — the Streamlit app: enter facts, draft each section with the assistant, check, export.

Run: ``streamlit run app.py`` (binds to 127.0.0.1; see .streamlit/config.toml). The app only calls the
``assistant`` engine; the pages live in ``ui/``.
"""

import streamlit as st

from ui import model, preferences

st.set_page_config(page_title="绩效报告助手", page_icon="📝", layout="wide")
model.warm_up()
preferences.init_session()
navigation = st.navigation(
    [
        st.Page("ui/facts_page.py", title="事实", icon=":material/edit_note:", default=True),
        st.Page("ui/draft_page.py", title="起草", icon=":material/edit:"),
        st.Page("ui/check_page.py", title="检查", icon=":material/fact_check:"),
        st.Page("ui/export_page.py", title="导出", icon=":material/download:"),
        st.Page("ui/settings_page.py", title="设置", icon=":material/settings:"),
    ]
)
navigation.run()
