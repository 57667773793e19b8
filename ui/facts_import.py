"""The 导入 tab of the facts page: a facts file, last year's report, and facts proposed from pasted notes.

Nothing read from a file or notes enters the facts unseen: a facts file replaces the facts only on a
button press, and every proposed fact is listed with where it would go and what it would replace, to be
ticked before it is written.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from assistant.checker import check_report
from assistant.context.last_year import read_last_year
from assistant.extract import ExtractionError, ProposedFact, apply_proposals, extract_facts, extract_facts_with_model
from assistant.extract.carry_over import CarriedFact, apply_carried
from assistant.facts import FactsError, facts_to_data, load_facts, schema
from assistant.facts.kinds import kind_of
from assistant.importers import ReportReadError
from assistant.importers.convert import CONVERTIBLE, can_convert, convert_to_docx
from assistant.llm.errors import LLMError
from assistant.store import Project
from assistant.unit_types import UnitType
from ui import model, state
from ui.findings import show_findings
from ui.report_view import imported_report

CARRIED = "carried"
"""Session key of the facts last year's report proposes, until they are written or dropped."""
DEFAULT_THEME = "其他工作成效"
DEFAULT_ITEM = "工作数据"


UPLOADER_STYLE = (
    "<style>"
    '[data-testid="stFileUploaderDropzoneInstructions"] span,'
    '[data-testid="stFileUploaderDropzoneInstructions"] small{display:none}'
    '[data-testid="stFileUploaderDropzoneInstructions"] div::after{content:"把文件拖到这里，或点“上传文件”选择";'
    "font-size:.9rem}"
    '[data-testid="stFileUploaderDropzone"] button :is(p,div,span):not([data-testid="stIconMaterial"])'
    "{font-size:0 !important}"
    '[data-testid="stFileUploaderDropzone"] button::after{content:"上传文件";font-size:.9rem}'
    "</style>"
)
"""Streamlit's file uploader speaks English ("Upload", "200MB per file"): its words are replaced in Chinese."""


def _uploaded_path(upload: Any, folder: str) -> Path:
    path = Path(folder) / Path(upload.name).name
    path.write_bytes(upload.getvalue())
    return path


def _import_facts(project: Project) -> None:
    st.markdown("#### 导入事实文件")
    upload = st.file_uploader("事实文件（.yaml / .json）", type=["yaml", "yml", "json"], key="facts_file")
    if upload is None:
        return
    if not st.button("用此文件替换当前事实", key="facts_file_apply"):
        return
    with tempfile.TemporaryDirectory() as folder:
        try:
            facts = load_facts(_uploaded_path(upload, folder))
        except FactsError as exc:
            st.error(f"{exc.source} 有 {len(exc.problems)} 处问题，未导入：")
            for problem in exc.problems:
                st.markdown(f"- {problem}")
            return
    if state.save_facts(project.id, facts_to_data(facts), reload=True) is not None:
        state.flash(f"已从 {upload.name} 导入事实", "success")
        st.rerun()


def _readable(path: Path) -> Path:
    """An uploaded report the readers understand: a .doc or .wps is converted to .docx next to it first."""
    if path.suffix.lower() not in CONVERTIBLE:
        return path
    with st.spinner(f"正在把 {path.name} 转换为 .docx……"):
        return convert_to_docx(path, path.parent / "converted")


def _import_report(project: Project, view: state.FactsView) -> None:
    st.markdown("#### 导入去年的报告")
    st.caption(
        "读取可沿用的内容（单位名称、职能职责、机构设置、人员编制、去年的三公经费、工作主题），逐项确认后写入；并检查去年报告中的问题，今年避免再犯。"
    )
    old_formats = "会自动转换" if can_convert() else "请先在 Word 或 WPS 中另存为 .docx"
    upload = st.file_uploader(
        f"去年的报告（.docx / .txt / .md；.doc、.wps {old_formats}）",
        type=["docx", "txt", "md", *(s.lstrip(".") for s in CONVERTIBLE)],
        key="report_file",
    )
    if upload is not None and st.button("读取报告", key="report_file_read"):
        with tempfile.TemporaryDirectory() as folder:
            try:
                last_year = read_last_year(_readable(_uploaded_path(upload, folder)), state.profile_of(project))
            except ReportReadError as exc:
                st.error(str(exc))
                return
        state.store().add_import(project.id, upload.name, last_year.text)
        st.session_state[CARRIED] = {"project": project.id, "origin": upload.name, "items": last_year.carried}
        st.rerun()
    _carried(project, view)
    last = state.store().last_import(project.id)
    if last is None:
        return
    st.markdown(f"已导入：**{last.file_name}**（{last.created_at}）")
    report = imported_report(last.text)
    with st.expander("去年报告中的问题", expanded=False):
        show_findings(check_report(report, state.profile_of(project)), None)


def _shown(value: Any) -> str:
    if value in (None, "", []):
        return "（未填写）"
    if isinstance(value, list):
        text = "；".join(str(v.get("主题", v)) if isinstance(v, dict) else str(v) for v in value)
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _carried(project: Project, view: state.FactsView) -> None:
    """Each fact last year's report gives, with a tick box: only the ticked ones are written."""
    pending = st.session_state.get(CARRIED)
    if not pending or pending["project"] != project.id:
        return
    items: list[CarriedFact] = pending["items"]
    if not items:
        st.info(f"{pending['origin']} 中没有找到可沿用的内容（单位名称、职能职责、机构设置、人员编制、三公经费等）。")
        return
    st.markdown(f"##### 可从 {pending['origin']} 沿用的内容（共 {len(items)} 项，逐项勾选后写入）")
    chosen: list[CarriedFact] = []
    for i, fact in enumerate(items):
        now = schema.get(view.data, fact.path)
        keep = st.checkbox(
            f"**{fact.label}**：{fact.preview}",
            value=now in (None, "", []),
            key=f"carry:{project.id}:{pending['origin']}:{i}",
            help=f"读自去年报告的“{fact.source}”",
        )
        st.caption(f"现值：{_shown(now)}" + ("（勾选后将被替换）" if now not in (None, "", []) else ""))
        if keep:
            chosen.append(fact)
    a, b = st.columns(2)
    if a.button(f"写入所选（{len(chosen)} 项）", key="carry_apply", type="primary", disabled=not chosen):
        data = state.store().facts(project.id).data
        if state.save_facts(project.id, apply_carried(data, chosen), reload=True):
            state.flash(f"已从去年的报告写入 {len(chosen)} 项事实", "success")
        st.session_state.pop(CARRIED, None)
        st.rerun()
    if b.button("不用这些内容", key="carry_drop"):
        st.session_state.pop(CARRIED, None)
        st.rerun()


def _propose(proposals: list[ProposedFact], origin: str) -> None:
    st.session_state["proposals"] = {"origin": origin, "items": proposals}


def _extract(use_model: bool, kind: UnitType | None) -> None:
    notes = str(st.session_state.get("notes") or "")
    if not notes.strip():
        state.flash("请先粘贴笔记内容")
        return
    proposals: list[ProposedFact] | None = None
    chat = model.chat_model() if use_model else None
    if chat is not None:
        try:
            proposals = extract_facts_with_model(notes, chat, kind)
        except (ExtractionError, LLMError) as exc:
            state.flash(f"模型摘录失败（{exc}），已改用规则摘录")
        except Exception as exc:  # a network or backend failure must not lose the notes
            state.flash(f"模型调用失败（{type(exc).__name__}），已改用规则摘录")
    if proposals is None:
        proposals = extract_facts(notes, kind)
    if not proposals:
        state.flash("笔记中没有找到带单位的数字")
    _propose(proposals, "笔记")


def _notes(project: Project, view: state.FactsView) -> None:
    st.markdown("#### 从笔记提取事实")
    kind = kind_of(view.data, project.unit_name)
    st.text_area(
        "粘贴工作笔记",
        key="notes",
        height=120,
        placeholder="今年共立案53件提案，重点提案8件，办结53件，办复率、满意率均达100%。召开常委会4次……",
    )
    left, right = st.columns(2)
    left.button("按规则提取", key="extract_rules", on_click=_extract, args=(False, kind), width="stretch")
    by_model = right.button(
        "用模型提取",
        key="extract_model",
        width="stretch",
        disabled=model.backend() == "template",
        help="在“设置”中选择本地模型或接口后可用；模型只摘录笔记中原有的数字",
    )
    if by_model:
        with st.spinner("模型正在从笔记中摘录事实，本地模型约需数十秒，请稍候……"):
            _extract(True, kind)
        st.rerun()


def _confirm(project: Project, view: state.FactsView) -> None:
    pending = st.session_state.get("proposals")
    if not pending or not pending["items"]:
        return
    items: list[ProposedFact] = pending["items"]
    st.markdown(f"#### 待确认的事实（来自{pending['origin']}，共 {len(items)} 项）")
    table = pd.DataFrame(
        [
            {
                "采用": p.path is not None or p.key is not None,
                "名称": p.label,
                "数值": float(p.value),
                "单位": p.unit,
                "写入位置": p.target,
                "现值": str(schema.get(view.data, p.path) or "") if p.path else "（新增一条）",
                "出处": p.source,
            }
            for p in items
        ]
    )
    edited = st.data_editor(
        table,
        key="proposal_table",
        hide_index=True,
        placeholder="",
        width="stretch",
        disabled=["名称", "数值", "单位", "写入位置", "现值", "出处"],
        column_config={"数值": st.column_config.NumberColumn(format="%g")},
    )
    left, right = st.columns(2)
    theme = left.text_input("计数类事实归入的主题", value=DEFAULT_THEME, key="proposal_theme")
    item = right.text_input("归入的事项", value=DEFAULT_ITEM, key="proposal_item")
    chosen = [p for p, keep in zip(items, edited["采用"].tolist(), strict=True) if keep]
    a, b = st.columns(2)
    if a.button(f"写入事实（{len(chosen)} 项）", key="proposal_apply", type="primary", disabled=not chosen):
        data = state.store().facts(project.id).data
        if state.save_facts(project.id, apply_proposals(data, chosen, theme.strip(), item.strip()), reload=True):
            state.flash(f"已写入 {len(chosen)} 项事实", "success")
        st.session_state.pop("proposals", None)
        st.rerun()
    if b.button("放弃", key="proposal_drop"):
        st.session_state.pop("proposals", None)
        st.rerun()


def render_tab(project: Project, view: state.FactsView) -> None:
    st.html(UPLOADER_STYLE)
    _notes(project, view)
    _confirm(project, view)
    st.divider()
    _import_report(project, view)
    st.divider()
    _import_facts(project)
