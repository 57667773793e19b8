"""报送: the unit's side of the workflow — state, hand-over and submission (gated by the checker), the
reviewer's comments, and the report's audit log."""

from __future__ import annotations

import streamlit as st

from ui import state, workflow_view
from ui.outline import headings

project = state.require_project()
st.title("报送")
actor = state.store().actor
workflow_view.steps(project, workflow_view.UNIT_STEPS.get(actor.role or "", ()))
comments = state.store().comments(project.id)
if comments:
    st.subheader("审核意见")
    titles = headings(state.profile_of(project))
    for comment in comments:
        where = titles.get(comment.section_id, comment.section_id)
        st.markdown(f"- **{where}**（{comment.author}，{comment.created_at}）：{comment.text}")
st.subheader("审计日志")
workflow_view.audit_table(project)
