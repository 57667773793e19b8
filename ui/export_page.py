"""导出: the Word file in the GB/T 9704 layout and a Markdown copy, offered only once no error remains."""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

import streamlit as st

from assistant.export import ExportBlocked, ExportError, Layout
from assistant.facts.model import Facts
from assistant.report import Report
from ui import preferences, state
from ui.findings import show_findings
from ui.outline import headings
from ui.report_view import context, report_state

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@lru_cache(maxsize=8)
def _exported(
    report_json: str, facts_json: str, profile_id: str, layout_json: str, suffix: str, force: bool = False
) -> bytes:
    """The exported file's bytes, made once per exact content (a rerun must not rebuild the .docx).

    ``force`` exports despite errors; the .docx then records the override in its properties.
    """
    report = Report.model_validate_json(report_json)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report{suffix}"
        context(profile_id, Facts.model_validate_json(facts_json)).export(
            report, path, layout=Layout.model_validate_json(layout_json), force=force
        )
        return path.read_bytes()


project = state.require_project()
st.title("导出")
facts = state.usable_facts(project)
profile = state.profile_of(project)
sections = state.store().sections(project.id)
if not any(s.text.strip() for s in sections.values()):
    st.info("报告还没有正文，请先在“起草”页起草各章节。")
    st.page_link("ui/draft_page.py", label="去起草", icon=":material/edit:")
    st.stop()
checked = report_state(project.profile, facts, sections)
report = checked.assembled.report
forced = False
if checked.errors:
    st.error(f"检查发现 {len(checked.errors)} 处错误，改正后才能导出。")
    show_findings(checked.errors, checked, headings(profile))
    forced = st.checkbox(
        f"我已核实以上 {len(checked.errors)} 处错误，仍要按现状导出",
        key="force_export",
        help="导出的 Word 文件会在文档属性中记下“强制导出”、时间和未改正的错误",
    )
    if not forced:
        st.stop()
    st.warning(
        f"将按现状导出：Word 文件的文档属性中会记下“强制导出”和未改正的 {len(checked.errors)} 处错误，"
        "报送前请再次核实。"
    )
else:
    warnings = [f for f in checked.findings if f.severity != "error"]
    st.success(
        "检查未发现错误，可以导出。"
        + (f"另有 {len(warnings)} 条警告或提示，建议在“检查”页看一看。" if warnings else "")
    )
layout = preferences.layout()
args = (report.model_dump_json(), facts.model_dump_json(), project.profile, layout.model_dump_json())
try:
    docx = _exported(*args, ".docx", forced)
    markdown = _exported(*args, ".md", forced)
except ExportBlocked as exc:
    st.error(f"导出被阻止：检查发现 {len(exc.findings)} 处错误。")
    st.stop()
except ExportError as exc:
    st.error(str(exc))
    st.stop()
name = report.title or f"{project.unit_name}{project.year}年度绩效自评报告"
left, right = st.columns(2)
left.download_button(
    "下载 Word（.docx）",
    docx,
    file_name=f"{name}.docx",
    mime=DOCX_MIME,
    type="primary",
    width="stretch",
    on_click="ignore",
    key="download_docx",
)
right.download_button(
    "下载 Markdown（.md）",
    markdown,
    file_name=f"{name}.md",
    mime="text/markdown",
    width="stretch",
    on_click="ignore",
    key="download_md",
)
st.caption(
    f"版式：A4，GB/T 9704；标题 {layout.font_title}，正文 {layout.font_body}，一级标题 {layout.font_heading1}，"
    f"二级标题 {layout.font_heading2}。字体可在“设置”页修改。"
)
with st.expander("预览全文"):
    st.text(checked.assembled.text)
