"""事实: the facts form, saved field by field as it is typed, with each problem shown beside its field."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from assistant.facts import schema
from assistant.facts.model import Quantity
from assistant.facts.paths import is_missing
from assistant.facts.repeats import repeated_figures
from assistant.facts.schema import path_words
from ui import facts_focus, facts_import, state
from ui.facts_form import (
    NO_CHOICE,
    FieldSpec,
    achievements_adding,
    achievements_with,
    display,
    edited_rows,
    entry_path,
    field_spec,
    figure_columns,
    money_text,
    row_columns,
    theme_path,
    typed,
)

# The form's tabs and, in order, the fact paths each shows.
TABS: list[tuple[str, list[str]]] = [
    (
        "单位",
        ["单位.名称", "单位.简称", "单位.年度", "单位.层级", "单位.地区", "单位.单位性质", "单位.主管部门", "评价依据"],
    ),
    ("职能与机构", ["职能职责", "机构设置.概述", "机构设置.内设机构", "机构设置.专门委员会", "机构设置.下属单位"]),
    (
        "人员编制",
        ["人员编制.编制数", "人员编制.实有人数", "人员编制.行政编制", "人员编制.事业编制", "人员编制.离退休人数"],
    ),
    (
        "收入支出",
        [
            "预算.收入.合计",
            "预算.收入.来源",
            "预算.支出.年初预算数",
            "预算.支出.全年预算数",
            "预算.支出.预算调整数",
            "预算.支出.合计",
            "预算.支出.基本支出.预算数",
            "预算.支出.基本支出.合计",
            "预算.支出.基本支出.人员经费",
            "预算.支出.基本支出.公用经费",
            "预算.支出.基本支出.公用经费预算",
            "预算.支出.项目支出.预算数",
            "预算.支出.项目支出.合计",
            "预算.支出.项目支出.项目",
            "预算.结转结余",
            "预算.支付进度.既定支付进度",
            "预算.支付进度.实际支付进度",
        ],
    ),
    (
        "三公与采购",
        [
            "预算.三公经费.预算数",
            "预算.三公经费.支出数",
            "预算.三公经费.上年支出数",
            "预算.三公经费.公务接待费",
            "预算.三公经费.公务用车购置及运行费",
            "预算.三公经费.因公出国（境）费",
            "预算.政府采购.预算数",
            "预算.政府采购.实际采购金额",
        ],
    ),
    ("资产", ["资产.资产总额", "资产.固定资产", "资产.在用固定资产", "资产.公务用车数", "资产.管理措施"]),
    ("履职成效", ["总体评价", "履职成效"]),
    ("问题与措施", ["存在问题", "改进措施"]),
    (
        "自评与应用",
        [
            "自评结果.得分",
            "自评结果.等级",
            "自评结果.分项得分.预算执行",
            "自评结果.分项得分.产出",
            "自评结果.分项得分.效益",
            "自评结果.分项得分.满意度",
            "结果应用.应用",
            "结果应用.公开",
        ],
    ),
]

GROUP_LABELS = {
    "预算.支出.基本支出": "基本支出",
    "预算.支出.项目支出": "项目支出",
    "预算.支出": "支出",
    "预算.收入": "收入",
    "预算.三公经费": "三公经费",
    "预算.政府采购": "政府采购",
    "自评结果": "自评结果",
    "资产": "资产",
}
MONEY_COLUMNS = {"金额", "预算数", "支出数"}
FIELD_LABELS = {"单位.名称": "单位全称", "单位.简称": "简称（行文中的自称）", "单位.年度": "报告年度"}
LONG_TEXT = {"机构设置.概述", "总体评价", "结果应用.应用", "结果应用.公开"}


GRID_STYLE = (
    "<style>"
    '[data-testid="stElementContainer"]:has([data-testid="stDataFrame"]) [data-testid="stElementToolbar"]'
    "{display:none}"
    "</style>"
)
"""The grids' toolbar speaks English (Add row, Delete row(s), Download as CSV, Search, Fullscreen) and is not
needed: a row is added on the grid's trailing row and deleted with the Delete key, as the caption says."""


def _label(spec: FieldSpec) -> str:
    """Labels say which total they are ("基本支出合计", not three fields called "合计") and their unit."""
    path = spec.path
    name = FIELD_LABELS.get(path, spec.label)
    if name in ("预算数", "合计", "支出数") and "." in path:
        group = path.rsplit(".", 1)[0]
        name = GROUP_LABELS.get(group, group.rsplit(".", 1)[-1]) + name
    if path.startswith("预算.支付进度"):
        return f"{name}（%）"
    if _is_money(spec):
        return f"{name}（万元）"
    return name


def _is_money(spec: FieldSpec) -> bool:
    return spec.kind == "number" and not spec.path.startswith(("自评结果", "预算.支付进度"))


def _save_field(project_id: int, path: str, key: str) -> None:
    spec = field_spec(path)
    raw = st.session_state.get(key)
    if spec.kind == "text_list":
        value: Any = [line.strip() for line in str(raw or "").splitlines() if line.strip()]
    else:
        value = typed(spec, raw)
    state.save_field(project_id, path, value, _label(spec))


def _problems(messages: list[str]) -> None:
    for message in messages:
        st.markdown(f":red[⚠ {message}]")


def _field(view: state.FactsView, spec: FieldSpec) -> None:
    key = state.widget_key(view, spec.path)
    current = schema.get(view.data, spec.path)
    args = (view.project_id, spec.path, key)
    if spec.kind == "text_list":
        st.text_area(
            f"{spec.label}（每行一项）",
            value="\n".join(str(v) for v in current or []),
            key=key,
            help=spec.help,
            on_change=_save_field,
            args=args,
            height=140,
        )
    elif spec.kind == "bool":
        st.checkbox(spec.label, value=bool(current), key=key, help=spec.help, on_change=_save_field, args=args)
    elif spec.kind == "choice":
        options = ["", *spec.choices]
        now = display(current)
        st.selectbox(
            spec.label,
            options,
            index=options.index(now) if now in options else 0,
            key=key,
            help=spec.help,
            on_change=_save_field,
            args=args,
        )
    elif spec.path in LONG_TEXT:
        st.text_area(
            spec.label, value=display(current), key=key, help=spec.help, on_change=_save_field, args=args, height=100
        )
    else:
        st.text_input(
            _label(spec),
            value=money_text(current) if _is_money(spec) else display(current),
            key=key,
            help=spec.help,
            on_change=_save_field,
            args=args,
            placeholder="未填写",
        )
    _problems(view.validation.at(spec.path))


def _frame(rows: list[dict[str, Any]], columns: list[FieldSpec]) -> pd.DataFrame:
    def cell(spec: FieldSpec, value: Any) -> Any:
        if spec.kind in ("number", "integer"):
            try:
                return float(value) if value not in (None, "") else None
            except (TypeError, ValueError):
                return None
        if spec.kind == "bool":
            return value in (True, "是", "true")
        if spec.kind == "choice":
            return value or NO_CHOICE
        return "" if value is None else value

    names = [c.label for c in columns]
    frame = pd.DataFrame([{c.label: cell(c, row.get(c.label)) for c in columns} for row in rows], columns=names)
    text = [c.label for c in columns if c.kind == "text"]
    frame[text] = frame[text].fillna("")
    return frame


def _column_config(columns: list[FieldSpec]) -> dict[str, Any]:
    """Money with two decimals; other numbers as people write them ("plain" shows 98.10999999999999)."""
    config: dict[str, Any] = {}
    for c in columns:
        if c.kind == "number":
            shown = "%.2f" if c.label in MONEY_COLUMNS else "localized"
            config[c.label] = st.column_config.NumberColumn(c.label, help=c.help, format=shown, min_value=0)
        elif c.kind == "integer":
            config[c.label] = st.column_config.NumberColumn(c.label, help=c.help, format="%d", step=1, min_value=0)
        elif c.kind == "bool":
            config[c.label] = st.column_config.CheckboxColumn(c.label, help=c.help, default=False)
        elif c.kind == "choice":
            options = [NO_CHOICE, *c.choices]
            config[c.label] = st.column_config.SelectboxColumn(c.label, help=c.help, options=options, default=NO_CHOICE)
        else:
            # A new row's text cells start empty, not as a grey "None".
            config[c.label] = st.column_config.TextColumn(c.label, help=c.help, default="")
    return config


def _snapshot(key: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows a grid's edits are relative to (the data editor reports edits, not the table).

    While the grid holds edits they stay the rows it was drawn from; once its state is gone (the page or
    report was left) it is drawn from the stored rows again, so it never shows, or saves over, old rows.
    """
    if key not in st.session_state:
        st.session_state[f"base:{key}"] = rows
    return list(st.session_state.get(f"base:{key}", rows))


def _save_table(project_id: int, path: str, key: str, base: list[dict[str, Any]], columns: list[FieldSpec]) -> None:
    """The table's edits, once per committed edit (its on_change): the grid keeps its own selection."""
    rows = edited_rows(base, st.session_state.get(key) or {}, columns)
    state.save_field(project_id, path, rows, field_spec(path).label)


def _table(view: state.FactsView, spec: FieldSpec) -> None:
    assert spec.row_model is not None
    columns = row_columns(spec.row_model)
    key = state.widget_key(view, spec.path)
    base = _snapshot(key, list(schema.get(view.data, spec.path) or []))
    st.markdown(f"**{spec.label}**" + (f"　<small>{spec.help}</small>" if spec.help else ""), unsafe_allow_html=True)
    st.data_editor(
        _frame(base, columns),
        key=key,
        num_rows="dynamic",
        width="stretch",
        hide_index=True,
        placeholder="",
        column_config=_column_config(columns),
        on_change=_save_table,
        args=(view.project_id, spec.path, key, base, columns),
    )
    _problems(view.validation.under(spec.path))


FIGURE_COLUMNS = row_columns(Quantity)
ITEM_WORDS_HELP = "做法与成效，用文字写。数字填在下面的“数据”中；文字里已写的数字，报告中不再重复"


def _themes_now(project_id: int) -> dict[str, Any]:
    return state.seen_data(project_id)


def _save_achievements(project_id: int, themes: list[dict[str, Any]], before: dict[str, Any]) -> None:
    """Save 履职成效 as a whole; redraw the form when a theme or an item appeared or went (their places moved)."""

    def shape(data: list[dict[str, Any]]) -> list[int]:
        return [len(t.get("事项") or []) for t in data]

    moved = shape(themes) != shape(list(before.get("履职成效") or []))
    state.save_field(project_id, "履职成效", themes, "履职成效", reload=moved)


def _save_place(project_id: int, path: str, key: str) -> None:
    """A theme's name or an item's title or words, as typed."""
    data = _themes_now(project_id)
    value = str(st.session_state.get(key) or "").strip() or None
    _save_achievements(project_id, achievements_with(data, path, value), data)


def _save_figures(project_id: int, path: str, key: str, base: list[dict[str, Any]]) -> None:
    """An item's figures grid, once per committed edit, into that item only."""
    data = _themes_now(project_id)
    rows = edited_rows(base, st.session_state.get(key) or {}, FIGURE_COLUMNS)
    _save_achievements(project_id, achievements_with(data, path, rows or None), data)


def _add(project_id: int, theme: int | None, key: str) -> None:
    title = str(st.session_state.get(key) or "").strip()
    if not title:
        state.flash("请先填写名称，再点“添加”", "warning")
        return
    data = _themes_now(project_id)
    _save_achievements(project_id, achievements_adding(data, theme, title), data)
    st.session_state[key] = ""


def _remove(project_id: int, path: str) -> None:
    data = _themes_now(project_id)
    _save_achievements(project_id, achievements_with(data, path, None), data)


def _adder(view: state.FactsView, theme: int | None) -> None:
    """A name box and an 添加 button: a theme or an item exists once it has a name."""
    what = "主题" if theme is None else "事项"
    key = state.widget_key(view, f"新{what}" if theme is None else f"{theme_path(theme)}.新事项")
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    left.text_input(
        f"新{what}的名称",
        key=key,
        placeholder="如 坚持政治引领，加强思想建设" if theme is None else "如 提案办理汇合力",
    )
    right.button(f"添加{what}", key=f"{key}:add", on_click=_add, args=(view.project_id, theme, key), width="stretch")


def _figures(view: state.FactsView, path: str, figures: list[dict[str, Any]]) -> None:
    key = state.widget_key(view, f"{path}.数据")
    base = _snapshot(key, figures)
    columns = figure_columns(view.data, figures)
    st.data_editor(
        _frame(base, columns),
        key=key,
        num_rows="dynamic",
        width="stretch",
        hide_index=True,
        placeholder="",
        column_config=_column_config(columns),
        on_change=_save_figures,
        args=(view.project_id, f"{path}.数据", key, base),
    )


def _entry(view: state.FactsView, theme: int, index: int, entry: dict[str, Any]) -> None:
    path = entry_path(theme, index)
    with st.container(border=True):
        left, right = st.columns([5, 1], vertical_alignment="bottom")
        key = state.widget_key(view, f"{path}.标题")
        left.text_input(
            f"第{index + 1}项",
            value=display(entry.get("标题")),
            key=key,
            on_change=_save_place,
            args=(view.project_id, f"{path}.标题", key),
            placeholder="一句话小标题",
        )
        right.button("删除此项", key=f"{key}:remove", on_click=_remove, args=(view.project_id, path), width="stretch")
        key = state.widget_key(view, f"{path}.内容")
        st.text_area(
            "做法与成效",
            value=display(entry.get("内容")),
            key=key,
            help=ITEM_WORDS_HELP,
            height=80,
            on_change=_save_place,
            args=(view.project_id, f"{path}.内容", key),
        )
        st.caption("数据：数的是什么（名称）、数值、单位；“指标”用于计算办结率、完成率等，可不选")
        _figures(view, path, list(entry.get("数据") or []))
        _problems(view.validation.under(path))
        _notes(view, path)


def _notes(view: state.FactsView, path: str) -> None:
    """A figure given in both the words and the data: said once in the report, noted here for the writer."""
    if view.facts is None:
        return
    for repeat in repeated_figures(view.facts):
        if repeat.path == path:
            st.caption(f"ℹ {repeat.message}")


def _achievements(view: state.FactsView) -> None:
    """履职成效 as it is built: each theme, its items, each item's words and figures, in one place."""
    st.markdown(
        "**履职成效**　<small>先写主题，再在主题下添加事项；每个事项写做法与成效，数字填在它的数据表中</small>",
        unsafe_allow_html=True,
    )
    themes = list(view.data.get("履职成效") or [])
    for t, theme in enumerate(themes):
        entries = list(theme.get("事项") or [])
        title = display(theme.get("主题")) or "（未填写主题）"
        with st.expander(
            f"主题{t + 1}：{title}（{len(entries)}项）",
            expanded=True,
            key=state.widget_key(view, f"{theme_path(t)}:open"),
        ):
            left, right = st.columns([5, 1], vertical_alignment="bottom")
            key = state.widget_key(view, f"{theme_path(t)}.主题")
            left.text_input(
                "主题名称",
                value=display(theme.get("主题")),
                key=key,
                on_change=_save_place,
                args=(view.project_id, f"{theme_path(t)}.主题", key),
            )
            right.button(
                "删除此主题",
                key=f"{key}:remove",
                on_click=_remove,
                args=(view.project_id, theme_path(t)),
                width="stretch",
                help="连同其下的全部事项一并删除",
            )
            _problems(view.validation.at(theme_path(t)) + view.validation.at(f"{theme_path(t)}.主题"))
            for i, entry in enumerate(entries):
                _entry(view, t, i, entry)
            _adder(view, t)
    _adder(view, None)
    _problems(view.validation.at("履职成效"))


def _tab(view: state.FactsView, paths: list[str]) -> None:
    shown: set[str] = set()
    scalars: list[FieldSpec] = []

    def flush() -> None:
        for start in range(0, len(scalars), 3):
            for column, spec in zip(st.columns(3), scalars[start : start + 3], strict=False):
                with column:
                    _field(view, spec)
        scalars.clear()

    for path in paths:
        if path == "履职成效":
            flush()
            _achievements(view)
            continue
        spec = field_spec(path)
        shown.add(path)
        if spec.kind == "rows":
            flush()
            _table(view, spec)
        elif spec.kind == "text_list" or path in LONG_TEXT:
            flush()
            _field(view, spec)
        else:
            scalars.append(spec)
    flush()
    groups = {p.rsplit(".", 1)[0] for p in paths if "." in p}
    _problems([m for g in sorted(groups) if g not in shown for m in view.validation.at(g)])


def _where(path: str) -> str:
    """A fact as the form shows it: its label and the tab it is on ("编制数（“人员编制”页）")."""
    tab = next((name for name, paths in TABS if any(path == p or path.startswith(p + ".") for p in paths)), None)
    try:
        label = _label(field_spec(path))
    except KeyError:
        label = path_words(path)
    return f"{label}（“{tab}”页）" if tab else label


def _labels(path: str) -> list[str]:
    """The labels the form shows a field under (for 去填写 to find it on the page)."""
    try:
        spec = field_spec(path)
    except KeyError:
        return []
    return [_label(spec), spec.label, f"{spec.label}（每行一项）"]


def _summary(view: state.FactsView, project: Any) -> None:
    """Where the facts stand: what is invalid (left out, the rest goes on), and what drafting still lacks."""
    profile = state.profile_of(project)
    found = state.usable(project, view)
    if found.dropped:
        st.warning(f"{found.notice}各处问题显示在对应字段下方。")
    missing = [
        (spec.heading, path)
        for spec in profile.sections
        for path in spec.facts
        if is_missing(found.facts, path) and not any(state.overlaps(d, path) for d in found.dropped)
    ]
    if missing:
        with st.expander(f"尚有 {len(missing)} 项必需事实未填写（起草时会显示为【待补充】）"):
            for heading, path in missing:
                st.markdown(f"- {heading}：{_where(path)}")
    elif not found.dropped:
        st.success("校验通过，各章节所需的事实都已填写。")


project = state.require_project()
st.title("事实")
st.html(GRID_STYLE)
st.caption(
    "每项修改即时保存。金额单位为万元，比率填百分数（97.93 表示 97.93%）。"
    "表格：点最下面的空行添加一行；选中格子后按 Enter 或双击开始输入（用中文输入法时必须先这样做），"
    "Enter 确认，Tab 移到右边一格；点行首的方框选中一行后按 Delete 键删除。"
)
view = state.facts_view(project)
_summary(view, project)
# Tabs keyed by report: the browser keeps what is inside a keyed element (a grid's added rows, its
# selection) while the key stays the same, so each report gets its own tab set, or a typed cell of one
# report's table would land in the wrong column of the next report's. The set tracks which tab is open,
# so an upload, 写入事实 or a refused save leaves the writer on the tab they were using.
facts_focus.show(project, view.data, TABS, f"facts_tab_{project.id}", _labels)
tabs = st.tabs([name for name, _ in TABS] + ["导入"], key=f"facts_tab_{project.id}", on_change="rerun")
for tab, (_, paths) in zip(tabs, TABS, strict=False):
    with tab:
        _tab(view, paths)
with tabs[-1]:
    facts_import.render_tab(project, view)
