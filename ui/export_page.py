"""导出: the Word file in the GB/T 9704 layout and a Markdown copy, offered once no error remains, or after the
writer confirms exporting despite them (recorded in the store's 导出记录 and in the file); a preview of the
first pages as LibreOffice lays them out, or as HTML where it is not installed."""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

import streamlit as st

from assistant.export import ExportBlocked, ExportError, Layout
from assistant.export.preview import PreviewUnavailable, converter, page_images, report_html
from assistant.facts.model import Facts
from assistant.report import Report
from ui import preferences, state
from ui.findings import finding_line, show_findings
from ui.outline import headings
from ui.report_view import context, report_state

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PREVIEW_PAGES = 2
FONTCONFIG = Path(__file__).resolve().parents[1] / "scripts" / "fonts.conf"
"""Free stand-ins for the official faces in the preview (the .docx still names the official ones)."""


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


def _confirm_force(project_id: int, file_name: str, errors: tuple[str, ...]) -> None:
    """The writer confirmed exporting despite the errors: record the override (the store keeps it for good)."""
    state.store().record_export(project_id, file_name, errors)
    st.session_state[f"forced:{project_id}"] = errors
    state.flash(f"已记录：{len(errors)} 处错误未改正，按现状强制导出（见下方“导出记录”）。", "warning")


def _record_download(project_id: int, file_name: str) -> None:
    state.store().record_export(project_id, file_name)


@lru_cache(maxsize=4)
def _pages(docx: bytes) -> tuple[bytes, ...] | str:
    """The first pages as LibreOffice lays them out, or why they cannot be shown (made once per file)."""
    try:
        return tuple(page_images(docx, pages=PREVIEW_PAGES, fontconfig=FONTCONFIG))
    except PreviewUnavailable as exc:
        return str(exc)


def _preview(docx: bytes, report: Report) -> None:
    """前两页预览: LibreOffice's pages where it is installed (on request: it takes seconds), else the HTML view."""
    with st.expander("预览前两页", expanded=False):
        if converter() is not None:
            if st.button("按 Word 版式预览（用 LibreOffice 排版，需几秒）", key="preview_pages"):
                st.session_state["preview_for"] = hash(docx)
            if st.session_state.get("preview_for") == hash(docx):
                with st.spinner("正在排版……"):
                    pages = _pages(docx)
                if isinstance(pages, tuple):
                    st.image(list(pages), caption=[f"第 {i} 页" for i in range(1, len(pages) + 1)], width=420)
                    st.caption("由 LibreOffice 排版；未安装正式字体的电脑上以相近的免费字体显示。")
                    return
                st.warning(f"{pages}，以下为网页预览。")
            else:
                return
        else:
            st.caption("本机未安装 LibreOffice，以下为网页预览（文字、标题与表格同导出文件，分页以 Word 为准）。")
        st.html(report_html(report))


def _history(project_id: int) -> None:
    records = state.store().exports(project_id)
    if not records:
        return
    with st.expander(f"导出记录（{len(records)}）"):
        for record in records:
            if record.forced:
                shown = "；".join(record.errors[:3]) + ("……" if len(record.errors) > 3 else "")
                st.markdown(f"- {record.created_at} · :red[强制导出] · {len(record.errors)} 处错误未改正：{shown}")
            else:
                st.markdown(f"- {record.created_at} · 下载 {record.file_name}")


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
name = report.title or f"{project.unit_name}{project.year}年度绩效自评报告"
forced = False
if checked.errors:
    st.error(f"检查发现 {len(checked.errors)} 处错误，改正后才能导出。")
    show_findings(checked.errors, checked, headings(profile))
    errors = tuple(finding_line(f) for f in checked.errors)
    if st.session_state.get(f"forced:{project.id}") != errors:
        ticked = st.checkbox(
            f"我已核实以上 {len(checked.errors)} 处错误，仍要按现状导出",
            key="force_export",
            help="导出的 Word 文件会在文档属性中记下“强制导出”、时间和未改正的错误；本次强制导出也记入导出记录",
        )
        st.button(
            "确认按现状导出",
            key="confirm_force",
            type="primary",
            disabled=not ticked,
            on_click=_confirm_force,
            args=(project.id, f"{name}.docx", errors),
        )
        _history(project.id)
        st.stop()
    forced = True
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
left, right = st.columns(2)
left.download_button(
    "下载 Word（.docx）",
    docx,
    file_name=f"{name}.docx",
    mime=DOCX_MIME,
    type="primary",
    width="stretch",
    on_click=_record_download if not forced else "ignore",
    args=(project.id, f"{name}.docx") if not forced else None,
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
_preview(docx, report)
_history(project.id)
