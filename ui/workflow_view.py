"""The workflow as the unit sees it: the report's state, the steps the role may take, and the reviewer's
comments beside the section they concern. Single-user mode (no accounts) shows none of it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assistant.errors import AssistantError
from assistant.store import Project
from assistant.workflow import advance
from ui import state

STEP_LABELS = {
    ("起草中", "待单位审核"): "提交单位审核",
    ("已退回", "待单位审核"): "修改后提交单位审核",
    ("待单位审核", "起草中"): "退回填报人修改",
    ("待单位审核", "已报送"): "审核通过，报送财政局",
    ("已退回", "已报送"): "修改后报送财政局",
    ("已报送", "已退回"): "退回单位修改",
    ("已报送", "已受理"): "受理",
}
UNIT_STEPS = {"填报人": ("待单位审核",), "单位负责人": ("待单位审核", "已报送", "起草中")}


def multi_user() -> bool:
    return not state.store().actor.is_local


def section_comments(project: Project, section_id: str) -> None:
    """The reviewers' comments on this section, shown above its text in the drafter's view."""
    if not multi_user():
        return
    found = [c for c in state.store().comments(project.id) if c.section_id == section_id]
    for comment in found:
        st.warning(f"审核意见（{comment.author}，{comment.created_at}）：{comment.text}", icon=":material/rate_review:")
    workflow = state.store().workflow(project.id)
    if workflow.state not in ("起草中", "已退回"):
        st.info(f"报告处于“{workflow.state}”状态，已冻结，不能修改。")


def _step(project: Project, target: str, expected: str, note_key: str) -> None:
    try:
        advance(state.store(), project, target, expected=expected, note=str(st.session_state.get(note_key) or ""))
    except AssistantError as exc:  # refused by the store, or blocked by the checker: worded for staff
        state.flash(str(exc), "error")
        return
    state.flash(f"已{STEP_LABELS.get((expected, target), target)}", "success")


def steps(project: Project, targets: tuple[str, ...]) -> None:
    """Buttons for the workflow steps from the current state to any of ``targets`` (the store checks the role)."""
    current = state.store().workflow(project.id).state
    st.markdown(f"**当前状态：{current}**")
    possible = [t for t in targets if (current, t) in STEP_LABELS]
    if not possible:
        return
    note_key = f"step_note:{project.id}"
    st.text_input("说明（可不填）", key=note_key)
    for target in possible:
        st.button(
            STEP_LABELS[(current, target)],
            key=f"step:{project.id}:{target}",
            on_click=_step,
            args=(project, target, current, note_key),
        )


def audit_table(project: Project) -> None:
    entries = state.store().audit(project.id)
    rows = [
        {
            "时间": e.created_at,
            "人员": e.actor,
            "角色": e.role,
            "操作": e.action,
            "章节": e.section_id or "",
            "从": e.from_version or "",
            "到": e.to_version or "",
            "结果": e.outcome,
            "说明": e.detail,
        }
        for e in entries
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
