"""审核: the bureau's page — every unit's report of a year with its state, checker counts, key figures and
what looks wrong; charts; the table as .xlsx and the accepted reports as one .zip; and one report opened
to read, comment on by section, return or accept. The store lets a reviewer read only reports at the bureau."""

from __future__ import annotations

import datetime as dt
import io

import altair as alt
import pandas as pd
import streamlit as st

from assistant.drafting.section_text import PREAMBLE_ID
from assistant.errors import AssistantError
from assistant.profiles import load_profile
from assistant.workflow import accepted_docx_zip, dashboard, findings_by_category
from assistant.workflow.intake import files_in_zip, take_in
from ui import state, workflow_view
from ui.outline import headings

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(table: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    table.to_excel(buffer, index=False, sheet_name="审核总览", engine="openpyxl")
    return buffer.getvalue()


def _intake(year: int) -> None:
    uploads = st.session_state.get("intake_files") or []
    files: list[tuple[str, bytes]] = []
    try:
        for upload in uploads:
            data = upload.getvalue()
            if upload.name.lower().endswith(".zip"):
                files.extend(files_in_zip(data, upload.name))
            else:
                files.append((upload.name, data))
        outcomes = take_in(state.store(), year, files)
    except AssistantError as exc:
        state.flash(str(exc), "error")
        return
    kept = sum(1 for o in outcomes if o.record is not None)
    state.flash(f"已收取 {kept} 份报告文件并检查完毕，结果见总览表（状态“文件报送”）。", "success")
    for outcome in outcomes:
        if outcome.record is None:
            state.flash(outcome.problem, "error")


def _comment(project_id: int, section_id: str, key: str) -> None:
    try:
        state.store().add_comment(project_id, section_id, str(st.session_state.get(key) or ""))
    except AssistantError as exc:
        state.flash(str(exc), "error")
        return
    st.session_state[key] = ""
    state.flash("批注已保存", "success")


st.title("审核")
state.show_flash()
st.button("刷新", key="review_refresh", help="重新读取各单位的最新状态")
year = int(st.number_input("年度", min_value=2000, max_value=2100, value=dt.date.today().year - 1, key="review_year"))
with st.expander("收取以文件报送的报告（.docx、.txt 或 .zip）"):
    st.file_uploader("报告文件", type=["docx", "txt", "md", "zip"], accept_multiple_files=True, key="intake_files")
    st.button("检查并收取", key="intake", on_click=_intake, args=(year,))
rows = dashboard(state.store(), year)
if not rows:
    st.info(f"{year}年度还没有单位的报告。")
    st.stop()
table = pd.DataFrame(rows)
wanted = st.multiselect("状态", sorted(set(table["状态"])), key="review_states")
only_marked = st.checkbox("只看有异常的", key="review_marked")
shown = table[table["状态"].isin(wanted)] if wanted else table
if only_marked:
    shown = shown[shown["异常"] != ""]
counts = table["状态"].value_counts()
st.caption("　".join(f"{name} {counts[name]}" for name in counts.index) + f"　共 {len(table)} 个单位")
st.dataframe(
    shown.style.apply(lambda r: ["background-color: #fde7e7" if r["异常"] else "" for _ in r], axis=1),
    hide_index=True,
    width="stretch",
    column_config={"预算执行率": st.column_config.NumberColumn(format="%.2f%%")},
)
left, right = st.columns(2)
with left:
    rates = table.dropna(subset=["预算执行率"])
    if not rates.empty:
        st.markdown("**预算执行率分布**")
        chart = (
            alt.Chart(rates)
            .mark_bar()
            .encode(
                alt.X("预算执行率:Q", bin=alt.Bin(maxbins=20), title="预算执行率（%）"),
                alt.Y("count():Q", title="单位数"),
            )
        )
        st.altair_chart(chart, use_container_width=True)
with right:
    categories = findings_by_category(state.store(), year)
    if categories:
        st.markdown("**检查发现（按类别）**")
        st.bar_chart(pd.DataFrame({"类别": list(categories), "条数": list(categories.values())}), x="类别", y="条数")
dates = table.dropna(subset=["报送时间"]).assign(日期=lambda t: t["报送时间"].str[:10])
if not dates.empty:
    st.markdown("**报送时间**")
    st.line_chart(dates.groupby("日期").size().cumsum().rename("累计报送数"))
st.download_button("下载总览表（.xlsx）", _xlsx(shown), f"{year}年度绩效自评报告审核总览.xlsx", XLSX_MIME, key="xlsx")
if st.button("打包已受理的报告（.zip）", key="zip_accepted"):
    data, count = accepted_docx_zip(state.store(), year)
    st.download_button(f"下载 {count} 份已受理报告", data, f"{year}年度已受理报告.zip", "application/zip", key="zip")

received = state.store().intakes(year)
if received:
    by_id = {r.id: r for r in received}
    picked = st.selectbox(
        "收取的原文件",
        list(by_id),
        format_func=lambda i: f"{by_id[i].unit_name} · {by_id[i].file_name}",
        key="intake_pick",
    )
    name, data = state.store().intake_file(int(picked))
    st.download_button(f"下载原文件 {name}", data, name, key="intake_download")

st.divider()
readable = table[table["状态"].isin(["已报送", "已退回", "已受理"])]
if readable.empty:
    st.info("还没有单位报送报告。")
    st.stop()
labels = dict(zip(readable["编号"], readable["单位"], strict=True))
chosen = st.selectbox("打开报告", list(labels), format_func=lambda pid: labels[pid], key="review_pick")
project = state.store().project(int(chosen))
st.subheader(project.label)
workflow_view.steps(project, ("已退回", "已受理"))
frozen_for_comments = state.store().workflow(project.id).state != "已报送"
sections = state.store().sections(project.id)
titles = headings(load_profile(project.profile))
comments = state.store().comments(project.id)
for section_id, title in titles.items():
    text = sections[section_id].text if section_id in sections else ""
    if section_id == PREAMBLE_ID and not text:
        continue
    with st.expander(title, expanded=False):
        st.text(text or "（本章尚无正文）")
        for c in (c for c in comments if c.section_id == section_id):
            st.warning(f"{c.author}（{c.created_at}）：{c.text}")
        if not frozen_for_comments:
            key = f"comment:{project.id}:{section_id}"
            st.text_area("批注", key=key)
            st.button("保存批注", key=f"save_{key}", on_click=_comment, args=(project.id, section_id, key))
with st.expander("审计日志"):
    workflow_view.audit_table(project)
