"""检查: every finding of the checker grouped by severity and linked to its section; mechanical fixes in one click."""

from __future__ import annotations

import streamlit as st

from assistant.store import AccessDenied, StaleWriteError
from ui import state
from ui.findings import SEVERITIES, show_findings
from ui.outline import headings
from ui.report_view import context, report_state, section_texts


def _apply(project_id: int, fixed: dict[str, str], revisions: dict[str, int], titles: dict[str, str]) -> None:
    done = 0
    for section_id, text in fixed.items():
        try:
            state.store().commit(
                project_id, section_id, text, "fix", revisions[section_id], "自动修正", what=f"“{titles[section_id]}”"
            )
            done += 1
        except (StaleWriteError, AccessDenied) as exc:
            state.flash(str(exc), "error")
    if done:
        state.flash(f"已自动修正 {done} 个章节，每个章节保存为新版本（可在“起草”页撤销）", "success")


project = state.require_project()
st.title("检查")
facts = state.usable_facts(project)
profile = state.profile_of(project)
titles = headings(profile)
sections = state.store().sections(project.id)
if not any(s.text.strip() for s in sections.values()):
    st.info("报告还没有正文，请先在“起草”页起草各章节。")
    st.stop()
checked = report_state(project.profile, facts, sections)
columns = st.columns(len(SEVERITIES) + 1)
for column, (severity, label, _) in zip(columns, SEVERITIES, strict=False):
    column.metric(label, sum(1 for f in checked.findings if f.severity == severity))
fixes = context(project.profile, facts).fixes(section_texts(sections))
fixed, edits = fixes.texts, fixes.edits
with columns[-1]:
    st.button(
        f"一键修正（{edits} 处）",
        key="apply_fixes",
        type="primary",
        disabled=not fixed,
        on_click=_apply,
        args=(project.id, fixed, {sid: sections[sid].revision for sid in fixed}, titles),
        help="只修正机械性问题：标点全半角、序号写法、“其它”“截止”等用词、“今年”改为年份；不改动数字和内容。",
        width="stretch",
    )
show_findings(checked.findings, checked, titles)
