"""The draft page's model work: started into the engine's process-wide registry, recorded there, shown here.

A generation is not the tab's: it runs under (database, report, section) in ``assistant.drafting.runs`` and
records its own result in the store when it ends — the answer as a suggestion, a failure or a cancel as a
chat line — whether or not anyone is still watching. A page that opens that report and section follows the
run from its first item, so a reload mid-answer re-attaches to it; a question left unanswered by an app that
was restarted is marked as cancelled the next time its chat is shown. 起草全文 is one run under the report
(section ``WHOLE``) that records each section's draft as that section's suggestion as soon as it is done.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import partial

import streamlit as st
from langchain_core.language_models.chat_models import BaseChatModel
from streamlit.delta_generator import DeltaGenerator

from assistant.context.whole import draft_sections
from assistant.drafting.obey import Obeyed
from assistant.drafting.runs import RUNS, Run
from assistant.facts.model import Facts
from assistant.llm.client import model_status
from assistant.profiles import Profile
from assistant.store import Project, SectionState
from ui import drafting_calls, facts_focus, state
from ui.model import Status
from ui.report_view import context

WHOLE = "*"
"""The section key of 起草全文 (no section id looks like it)."""

NO_SUGGESTION = "没有修改建议：回答与现有正文相同。"
"""How the chat keeps an answer that changed nothing (it is not a suggestion, so it is not shown as one)."""
CANCELLED = "已取消："
"""How the chat keeps a request that was cancelled or never answered; the section is unchanged."""
REFUSED = "无法照办："
"""How the chat keeps an instruction that cannot be carried out, with the reason (and the fact to change)."""
CHAT_OPERATION = "改写"
"""The operation of a free instruction typed in the chat: read and carried out by ``ReportContext.instruct``."""
REDRAW = 0.1
"""Seconds between redraws of the streamed text (every token would flood the browser)."""


@dataclass(frozen=True)
class Progress:
    """Where 起草全文 has got to: ``done`` of ``total`` sections, the one being drafted named in ``text``."""

    text: str
    done: int
    total: int


@dataclass(frozen=True)
class NextSection:
    """起草全文 moved on to another section: the text streamed so far belongs to the previous one."""


def run_key(project_id: int, section_id: str) -> Hashable:
    return (str(state.store().path), project_id, section_id)


def current(project_id: int, section_id: str) -> Run[object] | None:
    """The run of this report's section (or of 起草全文, ``WHOLE``): running, or ended a short while ago."""
    return RUNS.get(run_key(project_id, section_id))


def busy(project_id: int) -> bool:
    """Whether any generation of this report is running (起草全文 waits for them, and they for it)."""
    return bool(running_sections(project_id))


def running_sections(project_id: int) -> list[str]:
    """The sections of this report being drafted or edited now (``WHOLE`` for 起草全文)."""
    path = str(state.store().path)
    runs = RUNS.running(lambda key: isinstance(key, tuple) and key[:2] == (path, project_id))
    return [str(run.key[2]) for run in runs if isinstance(run.key, tuple)]


def _reported(run: Run[object], work: Callable[[], object]) -> object:
    """Run ``work`` with the model's queue place and loading lines going to the run's followers."""
    with model_status(lambda text: run.emit(Status(text))):
        return work()


def start_section(
    project: Project,
    facts: Facts,
    profile: Profile,
    base: SectionState,
    title: str,
    operation: str,
    instruction: str,
    chat: BaseChatModel | None,
    timeout: float,
) -> Run[object]:
    """Start 起草 or an edit of one section; its answer becomes the section's suggestion against ``base``."""
    store = state.store()
    section_id = base.section_id
    asked = f"【{operation}】{instruction}" if instruction else f"【{operation}】"

    def work(run: Run[object]) -> object:
        if operation == "起草":
            return _reported(run, lambda: drafting_calls.draft(facts, profile, section_id, chat, run.emit))
        if operation == CHAT_OPERATION:
            return _reported(
                run,
                lambda: drafting_calls.instruct(
                    base.text, instruction, facts, profile, section_id, title, chat, run.emit
                ),
            )
        return _reported(
            run,
            lambda: drafting_calls.edit(
                base.text, operation, instruction, facts, profile, section_id, title, chat, run.emit
            ),
        )

    def finish(run: Run[object]) -> None:
        if run.state == "done" and isinstance(run.result, Obeyed) and run.result.refusal:
            refused = run.result
            fact = f"\n{facts_focus.FACT_LINE}{refused.fact.label}" if refused.fact else ""
            store.add_message(project.id, section_id, "assistant", f"{REFUSED}{refused.refusal}。正文未改变。{fact}")
        elif run.state == "done" and isinstance(run.result, drafting_calls.Outcome):
            outcome = run.result
            done = outcome.name if isinstance(outcome, Obeyed) else operation
            notes = "".join(f"\n（{note}）" for note in outcome.notes)
            if outcome.text.strip() == base.text.strip():
                store.add_message(project.id, section_id, "assistant", NO_SUGGESTION + notes)
            else:
                store.add_message(project.id, section_id, "assistant", outcome.text + notes)
                store.add_suggestion(base, outcome.text, done, instruction)
        elif run.state == "cancelled":
            store.add_message(project.id, section_id, "assistant", f"{CANCELLED}这次{operation}已取消，正文未改变。")
        else:
            failure = drafting_calls.describe_failure(run.error or RuntimeError())
            store.add_message(project.id, section_id, "error", f"{operation}失败：{failure}。正文未改变。")

    return RUNS.start(
        run_key(project.id, section_id),
        work,
        silence=timeout,
        finish=finish,
        before=lambda: store.add_message(project.id, section_id, "user", asked),
    )


def start_whole(
    project: Project, facts: Facts, profile: Profile, chat: BaseChatModel | None, timeout: float
) -> Run[object]:
    """Start 起草全文: every section in outline order, each recorded as its own suggestion once drafted."""
    store = state.store()

    def record(section_id: str, text: str, notes: tuple[str, ...]) -> None:
        base = store.section(project.id, section_id)
        said = "".join(f"\n（{note}）" for note in notes) + "\n（起草全文）"
        if text.strip() == base.text.strip():
            store.add_message(project.id, section_id, "assistant", NO_SUGGESTION + said)
        else:
            store.add_message(project.id, section_id, "assistant", text + said)
            store.add_suggestion(base, text, "起草")

    def work(run: Run[object]) -> object:
        done = 0

        def steps() -> int:
            nonlocal done
            for step in draft_sections(context(profile.id, facts), chat, on_event=drafting_calls.streamer(run.emit)):
                if step.kind == "started":
                    run.emit(NextSection())
                    run.emit(Progress(f"第 {step.index + 1}/{step.total} 章：{step.heading}", step.index, step.total))
                elif step.draft is not None:
                    draft = step.draft
                    run.while_running(partial(record, step.section_id, draft.text, draft.notes))
                    done = step.index + 1
                    run.emit(Progress(f"已起草 {done}/{step.total} 章", done, step.total))
            return done

        return _reported(run, steps)

    return RUNS.start(run_key(project.id, WHOLE), work, silence=timeout)


def cancel(key: Hashable) -> None:
    """The 取消 button: end the run now; its model request stops at the next word it sends."""
    run = RUNS.get(key)
    if run is not None and run.cancel("已取消"):
        state.flash("已取消，正文未改变。", "info")


def unanswered(project_id: int, section_id: str) -> None:
    """Mark the chat's last question as cancelled when no run is answering it (the app was restarted while the
    model was writing), so the chat never keeps a request that looks as if it were still being answered."""
    store = state.store()
    last = store.messages(project_id, section_id, limit=1)
    if last and last[0].role == "user" and current(project_id, section_id) is None:
        store.add_message(
            project_id, section_id, "assistant", f"{CANCELLED}这次请求没有完成（应用已重新启动），正文未改变。"
        )


def follow(run: Run[object], box: DeltaGenerator, label: str, failure_flash: bool = False) -> None:
    """Show ``run`` in ``box`` from its first item to its end — progress, queue place, the skeleton block being
    rewritten, the text as it comes — with a 取消 button; then rerun the page to show what it recorded.

    ``failure_flash``: say a failure at the top of the page (a section's run says it in its chat instead).
    """
    with box:
        st.button("取消", key=f"cancel:{label}", on_click=cancel, args=(run.key,), icon=":material/stop_circle:")
        bar, status, preview, body = st.empty(), st.empty(), st.empty(), st.empty()
    text, drawn, shown, waiting = "", 0.0, "", ""
    for item in run.follow():
        if isinstance(item, str):
            text += item
        elif isinstance(item, Status) and item.preview:
            preview.caption(item.text)
        elif isinstance(item, Status):
            waiting = item.text
            status.caption(item.text)
        elif isinstance(item, Progress):
            bar.progress(item.done / max(item.total, 1), text=item.text)
        elif isinstance(item, NextSection):
            text, shown = "", ""
            preview.empty()
            body.empty()
        if text != shown and (item is None or time.monotonic() - drawn >= REDRAW):
            if not shown:
                status.empty()
            body.markdown(text)
            shown, drawn = text, time.monotonic()
        elif item is None and not text:
            status.caption(waiting or f"等待模型开始回答……（已 {time.monotonic() - run.started:.0f} 秒）")
    if failure_flash and run.state == "failed":
        failure = drafting_calls.describe_failure(run.error or RuntimeError())
        state.flash(f"{label}失败：{failure}。正文未改变。", "error")
    st.rerun()
