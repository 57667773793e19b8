"""Generations that outlive the tab: 起草全文, re-attaching after a reload, cancelling, and a question left
unanswered by a restarted app."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from apptools import ROOT, AppFactory, no_exceptions
from scripted_endpoint import ScriptedEndpoint, echo_of

from assistant.context import ReportContext
from assistant.context.whole import outline
from assistant.drafting.runs import RUNS
from assistant.facts import load_facts
from assistant.llm import get_chat_model
from assistant.llm.settings import LLMSettings
from assistant.profiles import load_profile
from assistant.store import Project, Store
from ui import generation

DRAFT = "ui/draft_page.py"
PROFILE = load_profile()
FACTS = load_facts(ROOT / "facts" / "example.yaml")
CONTEXT = ReportContext(FACTS, PROFILE)


def test_draft_all_makes_every_section_a_suggestion_in_outline_order(
    open_app: AppFactory, project: Project, store: Store, endpoint: ScriptedEndpoint
) -> None:
    at = open_app(DRAFT)
    endpoint.echo = True
    endpoint.use(at)
    at.run()
    at.button(key="draft_all").click().run()
    no_exceptions(at)
    ids = [sid for sid, _ in outline(PROFILE)]
    assert store.open_suggestion_sections(project.id) == set(ids)
    for sid in ids:
        record = store.open_suggestion(project.id, sid)
        assert record is not None and record.operation == "起草" and record.base_text == ""
        assert record.proposed_text == CONTEXT.skeleton_text(sid), "a perfect model keeps the skeleton"
        said = store.messages(project.id, sid)
        assert [m.role for m in said] == ["assistant"] and said[0].content.endswith("（起草全文）")
    captions = " ".join(c.value for c in at.caption)
    assert f"起草全文已完成：{len(ids)} 章的初稿已作为修改建议显示在各章" in captions
    texts = [CONTEXT.skeleton_text(sid) for sid in ids]
    asked = [echo_of(str(body["messages"][-1]["content"])).split("\n")[0] for body in endpoint.received]
    order = [next(i for i, text in enumerate(texts) if line in text) for line in asked]
    assert order == sorted(order) and len(set(order)) == len(ids) - 1, "each section in outline order"
    # Each is a suggestion like a single-section draft: accepted section by section.
    at.sidebar.button(key="outline:budget").click().run()
    at.button(key="accept_all").click().run()
    no_exceptions(at)
    assert store.section(project.id, "budget").text == CONTEXT.skeleton_text("budget")
    assert store.open_suggestion(project.id, "assets") is not None


def test_draft_all_with_the_template_needs_no_model(open_app: AppFactory, project: Project, store: Store) -> None:
    at = open_app(DRAFT)
    at.button(key="draft_all").click().run()
    no_exceptions(at)
    assert len(store.open_suggestion_sections(project.id)) == len(outline(PROFILE))


def _wait_for(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert condition(), "timed out"


def test_a_reloaded_tab_reattaches_to_the_running_answer(
    open_app: AppFactory, project: Project, store: Store, endpoint: ScriptedEndpoint
) -> None:
    """A tab asked for 起草 and is gone (a reload ends its session; the answer is started here as that tab
    started it). The new session opening the section follows the same answer to its end and shows its
    suggestion; the chat has one question and one answer."""
    endpoint.echo, endpoint.chunk_delay = True, 0.02
    chat = get_chat_model(LLMSettings(backend="openai", base_url=endpoint.url, model="scripted"))
    base = store.section(project.id, "assets")
    run = generation.start_section(project, FACTS, PROFILE, base, "资产管理情况", "起草", "", chat, 30)
    _wait_for(lambda: endpoint.chunks_sent > 3)
    assert run.running, "the answer is being written"
    reloaded = open_app(DRAFT)
    endpoint.use(reloaded)
    reloaded.sidebar.button(key="outline:assets").click().run(timeout=120)
    no_exceptions(reloaded)
    assert not run.running
    record = store.open_suggestion(project.id, "assets")
    assert record is not None and record.proposed_text == CONTEXT.skeleton_text("assets")
    assert [m.role for m in store.messages(project.id, "assets")] == ["user", "assistant"]
    assert reloaded.button(key="accept_all") is not None


def test_a_question_a_restarted_app_never_answered_is_marked_cancelled(
    open_app: AppFactory, project: Project, store: Store
) -> None:
    store.add_message(project.id, "assets", "user", "【起草】")
    at = open_app(DRAFT)
    at.sidebar.button(key="outline:assets").click().run()
    no_exceptions(at)
    said = store.messages(project.id, "assets")
    assert [m.role for m in said] == ["user", "assistant"]
    assert said[-1].content.startswith("已取消：") and "正文未改变" in said[-1].content
    assert any("应用已重新启动" in m.value for m in at.markdown)
    at.run()
    assert len(store.messages(project.id, "assets")) == 2, "marked once"


def test_cancel_stops_the_request_at_the_model_and_records_nothing(endpoint: ScriptedEndpoint) -> None:
    """The model's stream is closed at the next word after a cancel: the endpoint stops sending."""
    endpoint.echo, endpoint.chunk_delay = True, 0.05
    settings = LLMSettings(backend="openai", base_url=endpoint.url, model="scripted")
    chat = get_chat_model(settings)
    recorded: list[str] = []
    run = RUNS.start(
        ("test-cancel", 0, "assets"),
        lambda run: ReportContext(FACTS, PROFILE).draft("assets", chat, lambda e: run.emit(e.text)),
        finish=lambda run: recorded.append(run.state),
    )
    _wait_for(lambda: endpoint.chunks_sent > 3)
    assert run.cancel()
    _wait_for(lambda: endpoint.aborted == 1, timeout=10)
    sent = endpoint.chunks_sent
    time.sleep(0.5)
    assert endpoint.chunks_sent <= sent + 1
    assert recorded == ["cancelled"] and run.result is None


def test_while_one_section_is_drafted_the_others_say_so_and_wait(
    open_app: AppFactory, project: Project, store: Store
) -> None:
    """Another tab is drafting 三、资产管理情况 (a run under that report and section); this tab, on 二、, says so
    and offers no request until it ends."""
    release = threading.Event()
    run = RUNS.start((str(store.path), project.id, "assets"), lambda run: release.wait(30))
    try:
        at = open_app(DRAFT)
        at.sidebar.button(key="outline:budget").click().run()
        no_exceptions(at)
        assert any("正在起草或修改“三、资产管理情况”" in c.value for c in at.caption)
        assert at.button(key="act:起草").disabled and at.button(key="draft_all").disabled
    finally:
        release.set()
    _wait_for(lambda: not run.running)
    at.run()
    assert not at.button(key="act:起草").disabled
