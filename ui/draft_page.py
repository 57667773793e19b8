"""起草: the outline with each section's state; per section a chat whose answers become inline suggestions.

Every model answer is kept as a suggestion against the text it was made for and drawn as a diff; nothing
changes the section until the writer accepts all of it, rejects all of it, or decides change by change.
Each decision that changes the text is a new version (with undo), saved at once; a write based on a
version another tab has replaced is refused and said so.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import streamlit as st
from langchain_core.language_models.chat_models import BaseChatModel
from streamlit.delta_generator import DeltaGenerator

from assistant.context.decisions import decide
from assistant.drafting import operations
from assistant.drafting.obey import needs_model
from assistant.drafting.runs import Run
from assistant.facts.model import Facts
from assistant.llm.errors import LLMError
from assistant.profiles import Profile
from assistant.store import Project, SectionState, StaleWriteError, StoreError, SuggestionRecord
from assistant.suggestions import Hunk, Suggestion
from ui import drafting_calls, facts_focus, generation, model, state, workflow_view
from ui.diff_view import diff_html, hunk_label, text_html
from ui.outline import SOURCE_LABELS, headings, outline_label, section_title
from ui.report_view import ReportState, previous_section, report_state

MARKDOWN_SPECIAL = set("\\`*_{}[]<>()#+-.!|~$:")
OUTLINE_STYLE = (
    '<style>[class*="st-key-outline"] button{justify-content:flex-start;text-align:left;padding-left:.6rem}'
    '[class*="st-key-outline"] button>div{justify-content:flex-start;width:100%}'
    '[class*="st-key-outline"] button p{text-align:left}</style>'
)
WHOLE_ACTION = "起草全文"
QUICK_ACTIONS = ("起草", *(op.name for op in operations().values() if op.button))
ACTION_HELP = {
    "起草": "按事实重新起草本节，作为建议与现有正文对比",
    **{op.name: op.help for op in operations().values()},
}


def _request(section_id: str, operation: str, instruction: str = "") -> None:
    st.session_state["pending_request"] = (section_id, operation, instruction)


def _chat_submitted(section_id: str) -> None:
    text = str(st.session_state.get(f"chat:{section_id}") or "").strip()
    if text:
        _request(section_id, generation.CHAT_OPERATION, text)


def _guard(action: str, run: Callable[[], object]) -> None:
    """Run a store write from a callback; a stale or refused write becomes a message, never a traceback."""
    try:
        run()
    except StaleWriteError as exc:
        state.flash(str(exc), "error")
    except StoreError as exc:
        state.flash(f"{action}未完成：{exc}", "error")


def _decide(suggestion_id: int, decisions: dict[int, bool], revision: int, what: str) -> None:
    """Record decisions; once every change is decided, the accepted ones become one new version."""

    def run() -> None:
        decided = decide(state.store(), suggestion_id, decisions, revision, what)
        if decided.pending:
            return
        if decided.accepted:
            state.flash(f"已接受 {decided.accepted} 处修改，保存为新版本", "success")
        else:
            state.flash("已拒绝全部修改，正文未改变", "info")

    _guard("处理建议", run)


def _rebase(record: SuggestionRecord, current: SectionState) -> None:
    _guard("重新比对", lambda: state.store().add_suggestion(current, record.proposed_text, record.operation))


def _dismiss(record: SuggestionRecord, revision: int, what: str) -> None:
    _guard("放弃建议", lambda: state.store().resolve_suggestion(record.id, None, revision, what))


def _undo(section_id: str, revision: int, what: str) -> None:
    def run() -> None:
        state.store().undo(st.session_state["project_id"], section_id, revision, what)
        state.flash("已撤销上一步修改", "success")

    _guard("撤销", run)


def _restore(section_id: str, version_id: int, revision: int, what: str) -> None:
    _guard(
        "恢复", lambda: state.store().restore(st.session_state["project_id"], section_id, version_id, revision, what)
    )


def _save_edit(section_id: str, revision: int, key: str, what: str) -> None:
    text = str(st.session_state.get(key) or "")

    def run() -> None:
        try:
            state.store().commit(st.session_state["project_id"], section_id, text, "edit", revision, what=what)
        except StaleWriteError:
            st.session_state[f"unsaved:{section_id}"] = text
            raise

    _guard("保存修改", run)


def _pick_section(section_id: str) -> None:
    st.session_state["section"] = section_id


def _outline(profile: Profile, sections: dict[str, SectionState], checked: ReportState | None, open_: set[str]) -> str:
    """The outline as one button a section (a radio's selection would not survive its labels changing)."""
    titles = headings(profile)
    counts = {sid: len(fs) for sid, fs in checked.by_section().items() if sid} if checked else {}
    if st.session_state.get("section") not in titles:
        from_url = st.query_params.get("s")
        st.session_state["section"] = from_url if from_url in titles else list(titles)[1]
    chosen = str(st.session_state["section"])
    if st.query_params.get("s") != chosen:
        st.query_params["s"] = chosen  # a reload opens the same section (and its running answer)
    st.html(OUTLINE_STYLE)
    st.markdown("**提纲**（点击章节开始起草）")
    for sid, title in titles.items():
        st.button(
            outline_label(title, sections.get(sid), counts.get(sid, 0), sid in open_),
            key=f"outline:{sid}",
            type="primary" if sid == chosen else "tertiary",
            on_click=_pick_section,
            args=(sid,),
            width="stretch",
        )
    return chosen


def _chat_model(operation: str, instruction: str = "") -> BaseChatModel | str | None:
    """The model to answer with, or a message saying why there is none to answer this request (an instruction
    that needs no model, such as 删除第二段, is carried out without one)."""
    try:
        chat = model.chat_model()
    except LLMError as exc:
        return f"无法使用所选模型：{exc}"
    modelless = operation == generation.CHAT_OPERATION and instruction and not needs_model(instruction)
    if chat is None and operation not in ("起草", WHOLE_ACTION) and not modelless:
        return "当前为“模板”方式（不用模型），只能“起草”。请在“设置”中选择本地模型或接口后再改写。"
    return chat


def _start_request(
    project: Project, facts: Facts, profile: Profile, current: SectionState, title: str
) -> Run[object] | None:
    """Start this tab's pending request as a run of the report's section (it outlives the tab)."""
    section_id, operation, instruction = st.session_state.pop("pending_request")
    chat = _chat_model(operation, instruction)
    if isinstance(chat, str):
        store = state.store()
        store.add_message(project.id, section_id, "user", f"【{operation}】{instruction}")
        store.add_message(project.id, section_id, "error", chat)
        state.flash(chat, "error")
        return None
    if generation.busy(project.id):
        state.flash("本报告正在起草（起草全文或另一章），请等它完成或先取消。", "warning")
        return None
    timeout = state.app_settings().model_timeout
    return generation.start_section(project, facts, profile, current, title, operation, instruction, chat, timeout)


def _start_whole(project: Project, facts: Facts, profile: Profile) -> Run[object] | None:
    st.session_state.pop("pending_whole", None)
    chat = _chat_model(WHOLE_ACTION)
    if isinstance(chat, str):
        state.flash(chat, "error")
        return None
    if generation.busy(project.id):
        state.flash("本报告正在起草某一章，请等它完成或先取消，再起草全文。", "warning")
        return None
    return generation.start_whole(project, facts, profile, chat, state.app_settings().model_timeout)


def _chat(project: Project, facts: Facts | None, current: SectionState, titles: dict[str, str]) -> DeltaGenerator:
    """The section's chat; returns the place where a running answer is shown (filled at the end of the page)."""
    section_id = current.section_id
    st.markdown("**助手**")
    generation.unanswered(project.id, section_id)
    messages = state.store().messages(project.id, section_id, limit=30)
    history = st.container(height=420 if messages else 160)
    with history:
        if not messages:
            st.caption("点“起草”生成本节初稿；有正文后可扩写、缩写、润色、正式化，或在下方输入具体修改要求。")
        for message in messages:
            role = "user" if message.role == "user" else "assistant"
            with st.chat_message(role):
                if message.role == "error":
                    st.error(message.content)
                elif message.role == "assistant" and message.content.startswith(generation.REFUSED):
                    _refusal(project, message.id, message.content, section_id, titles[section_id])
                elif message.role == "assistant" and message.content.startswith(
                    (generation.NO_SUGGESTION, generation.CANCELLED)
                ):
                    st.markdown(message.content)
                elif message.role == "assistant":
                    st.caption(f"回答共 {len(message.content)} 字，已作为修改建议显示在左侧。")
                    with st.expander("查看回答"):
                        st.text(message.content)
                else:
                    st.markdown(message.content)
        answering = st.container()
    elsewhere = [sid for sid in generation.running_sections(project.id) if sid != section_id]
    if elsewhere:
        names = "起草全文" if generation.WHOLE in elsewhere else "、".join(f"“{titles[sid]}”" for sid in elsewhere)
        st.caption(f"正在{'' if generation.WHOLE in elsewhere else '起草或修改'}{names}，完成或取消后才能在这里提问。")
    disabled = facts is None or generation.busy(project.id)
    actions = st.container(horizontal=True, gap="small")
    for action in QUICK_ACTIONS:
        actions.button(
            action,
            key=f"act:{action}",
            on_click=_request,
            args=(section_id, action),
            disabled=disabled or (action != "起草" and not current.text.strip()),
            help=ACTION_HELP[action],
        )
    st.chat_input(
        "输入修改要求，如：删除第二段、把这一段压缩到150字、补充一句关于……的内容",
        key=f"chat:{section_id}",
        on_submit=_chat_submitted,
        args=(section_id,),
        disabled=disabled or not current.text.strip(),
    )
    return answering


def _refusal(project: Project, message_id: int, content: str, section_id: str, heading: str) -> None:
    """An instruction the assistant could not carry out: the reason, and a button to the fact to change."""
    reason = "\n".join(ln for ln in content.splitlines() if not ln.startswith(facts_focus.FACT_LINE))
    st.warning(reason)
    linked = facts_focus.linked_fact(content, state.profile_of(project), section_id)
    if linked is not None and st.button(
        f"去修改事实“{linked[0]}”", key=f"change_fact:{message_id}", help="到“事实”页修改这项事实，再重新起草"
    ):
        facts_focus.go_fill(project.id, linked[0], linked[1], section_id, heading, change=True)


def _whole_panel(
    project: Project, facts: Facts | None, box: DeltaGenerator, started: Run[object] | None
) -> Run[object] | None:
    """起草全文's button, or its progress while it runs (returned, to be followed at the end of the page), or
    how the last one ended."""
    run = generation.current(project.id, generation.WHOLE)
    with box:
        if run is not None and (run.running or run is started):
            st.markdown("**起草全文**：各章依次起草，每章起草完即成为该章的修改建议，可逐章接受或拒绝。")
            return run
        left, right = st.columns([1, 3], vertical_alignment="center")
        left.button(
            "起草全文",
            key="draft_all",
            on_click=_request_whole,
            disabled=facts is None or generation.busy(project.id),
            help="按提纲依次起草每一章；每章的初稿都作为修改建议，逐章接受或拒绝",
            icon=":material/auto_awesome:",
            width="stretch",
        )
        if run is not None:
            done = run.result if isinstance(run.result, int) else _drafted(run)
            right.caption(
                {
                    "done": f"起草全文已完成：{done} 章的初稿已作为修改建议显示在各章，请逐章查看并接受或拒绝。",
                    "cancelled": f"起草全文已取消：已起草的 {done} 章保留为修改建议，其余章节未改变。",
                }.get(
                    run.state,
                    f"起草全文未完成：{drafting_calls.describe_failure(run.error or RuntimeError())}；"
                    f"已起草的 {done} 章保留为修改建议。",
                )
            )
    return None


def _drafted(run: Run[object]) -> int:
    """How many sections 起草全文 had finished when it ended (its last progress line says)."""
    marks = [i for i in run.items if isinstance(i, generation.Progress) and i.text.startswith("已起草")]
    return marks[-1].done if marks else 0


def _request_whole() -> None:
    st.session_state["pending_whole"] = True


def _suggestion(
    record: SuggestionRecord, current: SectionState, facts: Facts | None, profile: Profile, what: str
) -> None:
    sugg = Suggestion.between(record.base_text, record.proposed_text)
    flagged = drafting_calls.flagged_numbers(record.proposed_text, facts, profile, record.section_id)
    st.markdown(f"**修改建议**（{record.operation}{'：' + record.instruction if record.instruction else ''}）")
    if record.base_text != current.text:
        st.warning("这条建议是针对旧的正文提出的，正文此后已经修改。")
        a, b = st.columns(2)
        a.button("按当前正文重新比对", key="rebase", on_click=_rebase, args=(record, current))
        b.button("放弃这条建议", key="dismiss", on_click=_dismiss, args=(record, current.revision, what))
        return
    if flagged:
        st.warning(
            f"事实核对：有 {len(flagged)} 处数字在事实中找不到（黄色标出），接受前请核实："
            + "、".join(f[2] for f in flagged)
        )
    else:
        st.caption("事实核对：建议中的数字都能在事实中找到。")
    st.html(diff_html(sugg, record.decisions, flagged))
    pending = sugg.pending(record.decisions)
    a, b, c = st.columns([1, 1, 2])
    a.button(
        "全部接受",
        key="accept_all",
        type="primary",
        on_click=_decide,
        args=(record.id, {i: True for i in pending}, current.revision, what),
        width="stretch",
    )
    b.button(
        "全部拒绝",
        key="reject_all",
        on_click=_decide,
        args=(record.id, {i: False for i in pending}, current.revision, what),
        width="stretch",
    )
    c.caption(f"共 {len(sugg.hunks)} 处修改，待定 {len(pending)} 处；逐处决定后自动保存为新版本。")
    for hunk in sugg.hunks:
        decided = record.decisions.get(hunk.index)
        row = st.columns([5, 1, 1], vertical_alignment="center")
        verdict = {True: "　:green[已接受]", False: "　:gray[已拒绝]"}.get(decided, "") if decided is not None else ""
        row[0].markdown(f"{hunk_label(hunk.index)} {_describe(hunk)}{verdict}")
        if decided is None:
            row[1].button(
                "接受",
                key=f"acc:{record.id}:{hunk.index}",
                on_click=_decide,
                args=(record.id, {hunk.index: True}, current.revision, what),
                width="stretch",
            )
            row[2].button(
                "拒绝",
                key=f"rej:{record.id}:{hunk.index}",
                on_click=_decide,
                args=(record.id, {hunk.index: False}, current.revision, what),
                width="stretch",
            )


def _describe(hunk: Hunk) -> str:
    if hunk.kind == "insert":
        return f"插入“{_short(hunk.new)}”"
    if hunk.kind == "delete":
        return f"删除“{_short(hunk.old)}”"
    return f"“{_short(hunk.old)}”改为“{_short(hunk.new)}”"


def _short(text: str, limit: int = 40) -> str:
    """One line of at most ``limit`` characters, with Markdown's special characters escaped."""
    flat = " ".join(text.split())
    flat = flat if len(flat) <= limit else flat[: limit - 1] + "…"
    return "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in flat)


def _editor(
    project: Project, current: SectionState, facts: Facts | None, profile: Profile, what: str, suggested: bool
) -> None:
    section_id = current.section_id
    head = current.head
    info = (
        f"第 {head.seq} 版 · {SOURCE_LABELS.get(head.source, head.source)} · {head.created_at}" if head else "尚无正文"
    )
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(info)
    right.button(
        "撤销",
        key="undo",
        on_click=_undo,
        args=(section_id, current.revision, what),
        disabled=not current.can_undo,
        width="stretch",
        help="回到上一个版本",
    )
    unsaved = st.session_state.pop(f"unsaved:{section_id}", None)
    if unsaved:
        st.error("您刚才的修改没有保存（另一个窗口先修改了本章节）。这是您的文本，可复制后重新修改：")
        st.code(unsaved, language=None, wrap_lines=True)
    read, edit = st.tabs(["阅读", "直接修改"])
    with read:
        if current.text.strip():
            st.html(text_html(current.text, drafting_calls.flagged_numbers(current.text, facts, profile, section_id)))
        else:
            st.info("本章节还没有正文。" + ("接受上方的建议即成为初稿。" if suggested else "点击右侧“起草”生成初稿。"))
    with edit:
        key = f"edit:{section_id}:{current.revision}"
        st.text_area(
            "正文（每段一行；小标题写在单独一行，如“（一）主要职能职责”）",
            value=current.text,
            key=key,
            height=360,
            on_change=_save_edit,
            args=(section_id, current.revision, key, what),
        )
        st.caption("离开输入框或按 Ctrl+Enter 即保存为新版本。")
    with st.expander("版本历史"):
        for version in state.store().history(project.id, section_id)[:20]:
            cols = st.columns([5, 1], vertical_alignment="center")
            mark = "（当前）" if head and version.id == head.id else ""
            cols[0].markdown(
                f"第 {version.seq} 版{mark} · {SOURCE_LABELS.get(version.source, version.source)} · "
                f"{version.created_at} · {len(version.text)} 字"
            )
            if not mark:
                cols[1].button(
                    "恢复",
                    key=f"restore:{version.id}",
                    on_click=_restore,
                    args=(section_id, version.id, current.revision, what),
                    width="stretch",
                )


project = state.require_project()
profile = state.profile_of(project)
facts: Facts | None = state.usable_facts(project)
store = state.store()
sections = store.sections(project.id)
checked = report_state(project.profile, facts, sections) if facts is not None else None
with st.sidebar:
    section_id = _outline(profile, sections, checked, store.open_suggestion_sections(project.id))
heading = headings(profile)[section_id]
what = f"“{heading}”"
current = sections.get(section_id) or SectionState(project.id, section_id, 0, None)
title = section_title(profile, section_id)
started: Run[object] | None = None
"""A run this page run started is followed even if it has already ended: what it recorded is not drawn yet."""
if facts is not None and (st.session_state.get("pending_whole") or st.session_state.get("pending_request")):
    if st.session_state.get("pending_whole"):
        started = _start_whole(project, facts, profile)
    elif st.session_state["pending_request"][0] == section_id:
        started = _start_request(project, facts, profile, current, title)
    if st.session_state.get("flash"):
        st.rerun()
whole_box = st.container()
whole_run = _whole_panel(project, facts, whole_box, started)
main_col, chat_col = st.columns([3, 2], gap="medium")
if facts is not None and model.backend() == "local" and st.session_state.get("warmed") != section_id:
    st.session_state["warmed"] = section_id
    with contextlib.suppress(LLMError):  # a model that cannot start is reported when the writer asks for it
        drafting_calls.warm(facts, profile, section_id, model.chat_model())
with main_col:
    st.subheader(heading)
    workflow_view.section_comments(project, section_id)
    record = store.open_suggestion(project.id, section_id)
    if record is not None:
        _suggestion(record, current, facts, profile, what)
        st.divider()
    _editor(project, current, facts, profile, what, record is not None)
    last_year = store.last_import(project.id)
    previous = previous_section(last_year.text, project.profile, section_id) if last_year else None
    if previous:
        with st.expander(f"去年报告中的本节（{last_year.file_name if last_year else ''}）"):
            st.text(previous)
    if checked is not None:
        found = checked.by_section().get(section_id, [])
        if found:
            with st.expander(f"本章节的检查发现（{len(found)}）", expanded=False):
                for n, f in enumerate(found):
                    line, go = st.columns([6, 1], vertical_alignment="center")
                    line.markdown(f"- {f.message}" + (f"　“{f.excerpt}”" if f.excerpt else ""))
                    todo = facts_focus.marker_fact(f, profile, section_id)
                    if todo is not None and go.button("去填写", key=f"fill:{n}", help="到“事实”页填写这项事实"):
                        facts_focus.go_fill(project.id, todo[0], todo[1], section_id, heading)
with chat_col:
    answering = _chat(project, facts, current, headings(profile))
# Followed last, so the whole page is on screen (and usable) while the model writes.
section_run = generation.current(project.id, section_id)
if whole_run is not None:
    generation.follow(whole_run, whole_box, "起草全文", failure_flash=True)
elif section_run is not None and (section_run.running or section_run is started):
    generation.follow(section_run, answering.chat_message("assistant"), section_id)
