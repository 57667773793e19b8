"""Findings of the checker, grouped by severity, each with a link to the section it is in."""

from __future__ import annotations

import streamlit as st

from assistant.checker import Finding
from ui.report_view import ReportState

SEVERITIES = (("error", "错误", "red"), ("warning", "警告", "orange"), ("info", "提示", "blue"))
SEVERITY_LABEL = {key: label for key, label, _ in SEVERITIES}


def finding_line(finding: Finding) -> str:
    excerpt = f"　“{finding.excerpt}”" if finding.excerpt else ""
    fix = f"　→ 可自动修正：{finding.fix}" if finding.fix else ""
    return f"{finding.message}{excerpt}{fix}"


def go_to_section(section_id: str) -> None:
    st.session_state["section"] = section_id
    st.switch_page("ui/draft_page.py")


def show_findings(findings: list[Finding], report: ReportState | None, headings: dict[str, str] | None = None) -> None:
    """Findings by severity; with ``report`` each names its section and offers a jump to it."""
    if not findings:
        st.success("没有发现问题。")
        return
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
            text, link = st.columns([6, 1], vertical_alignment="center")
            where = (headings or {}).get(section_id, section_id)
            text.markdown(f"- **{where}**：{finding_line(finding)}")
            if link.button("去修改", key=f"goto:{severity}:{n}", width="stretch"):
                go_to_section(section_id)
