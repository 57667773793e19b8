"""Findings of the checker, grouped by severity, each with a link to the section it is in."""

from __future__ import annotations

import streamlit as st

from assistant.checker import Finding
from assistant.context import CheckedReport
from assistant.export.figures import FigureProblem
from assistant.store import StoreError
from ui import state
from ui.facts_focus import go_fill, marker_fact

SEVERITIES = (("error", "错误", "red"), ("warning", "警告", "orange"), ("info", "提示", "blue"))


def finding_line(finding: Finding) -> str:
    excerpt = f"　“{finding.excerpt}”" if finding.excerpt else ""
    fix = f"　→ 可自动修正：{finding.fix}" if finding.fix else ""
    return f"{finding.message}{excerpt}{fix}"


def _fix_figure(project_id: int, section_id: str, problem: FigureProblem, what: str, report: CheckedReport) -> None:
    """Put the fact's value in place of the figure, as a new version of the section (undoable)."""
    current = state.store().section(project_id, section_id)
    fixed = report.figure_fixed(section_id, current.text, problem)
    if fixed is None:
        state.flash(f"{what}已修改过，未能自动改正“{problem.figure}”，请到“起草”页手动修改。", "error")
        return
    try:
        state.store().commit(project_id, section_id, fixed, "fix", current.revision, "按事实改正数字", what)
    except StoreError as exc:
        state.flash(str(exc), "error")
        return
    state.flash(f"已把{what}中的“{problem.figure}”改为“{problem.value}”，保存为新版本（可在“起草”页撤销）", "success")


def go_to_section(section_id: str) -> None:
    st.session_state["section"] = section_id
    st.switch_page("ui/draft_page.py")


def show_findings(
    findings: list[Finding], report: CheckedReport | None, headings: dict[str, str] | None = None
) -> None:
    """Findings by severity; with ``report`` each names its section and offers a jump to it."""
    if not findings:
        st.success("没有发现问题。")
        return
    profile = state.profile_of(state.store().project(st.session_state["project_id"]))
    for severity, label, color in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        st.markdown(f"##### :{color}[■ {label}（{len(group)}）]")
        for n, finding in enumerate(group):
            section_id = report.section_of(finding) if report else None
            if section_id is None:
                st.markdown(f"- {finding_line(finding)}")
                continue
            problem = report.figure_of(finding) if report else None
            where = (headings or {}).get(section_id, section_id)
            if problem is not None and problem.value and report is not None:
                text, fix, link = st.columns([5, 1, 1], vertical_alignment="center")
                fix.button(
                    f"改为“{problem.value}”",
                    key=f"figfix:{severity}:{n}",
                    on_click=_fix_figure,
                    args=(st.session_state["project_id"], section_id, problem, f"“{where}”", report),
                    width="stretch",
                    help="用事实中的数值替换报告中的这个数字；如果事实本身写错了，请到“事实”页修改",
                )
            else:
                text, link = st.columns([6, 1], vertical_alignment="center")
            text.markdown(f"- **{where}**：{finding_line(finding)}")
            todo = marker_fact(finding, profile, section_id)
            if todo is not None:
                if link.button("去填写", key=f"goto:{severity}:{n}", width="stretch", help="到“事实”页填写这项事实"):
                    go_fill(st.session_state["project_id"], todo[0], todo[1], section_id, where)
            elif link.button("去修改", key=f"goto:{severity}:{n}", width="stretch"):
                go_to_section(section_id)
