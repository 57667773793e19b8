"""Generations in a real browser: a reload mid-answer re-attaches to the running answer, 取消 really stops
the model's request, and 起草全文 drafts every section with progress, each becoming its own suggestion.

The model is a scripted OpenAI-compatible endpoint on 127.0.0.1 that writes slowly (the app is configured
for it through JIXIAO_LLM_*, as staff would configure any endpoint), so the test can act while it writes.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2etools import ROOT, AppServer, settle, shot, sidebar

from assistant.context.whole import outline
from assistant.drafting.section_text import skeleton_text
from assistant.facts import load_facts
from assistant.gate import FactBasis
from assistant.profiles import load_profile
from assistant.store import Project, Store

sys.path.insert(0, str(ROOT / "tests" / "app"))
from scripted_endpoint import ScriptedEndpoint

pytestmark = pytest.mark.integration


@pytest.fixture
def endpoint() -> Iterator[ScriptedEndpoint]:
    server = ScriptedEndpoint().start()
    server.echo = True
    yield server
    server.stop()


@pytest.fixture
def endpoint_app(seeded_db: tuple[Path, Project], tmp_path: Path, endpoint: ScriptedEndpoint) -> Iterator[AppServer]:
    env = {"JIXIAO_LLM_BACKEND": "openai", "JIXIAO_LLM_BASE_URL": endpoint.url, "JIXIAO_LLM_MODEL": "scripted"}
    app = AppServer(seeded_db[0], tmp_path / "server.log", env=env).start()
    yield app
    app.stop()


def _wait(condition: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert condition(), "timed out"


def _open(page: Any, app: AppServer, heading: str) -> None:
    page.goto(f"{app.url}/draft_page")
    settle(page, 1500)
    sidebar(page).get_by_role("button", name=heading).click()
    settle(page)


def test_reload_mid_answer_reattaches_and_cancel_stops_the_model(
    endpoint_app: AppServer, endpoint: ScriptedEndpoint, seeded_db: tuple[Path, Project], browser_page: Any
) -> None:
    db, project = seeded_db
    facts, profile = load_facts(ROOT / "facts" / "example.yaml"), load_profile()
    page = browser_page
    endpoint.chunk_delay = 0.12
    _open(page, endpoint_app, "三、资产管理情况")
    page.get_by_role("button", name="起草", exact=True).click()
    _wait(lambda: endpoint.chunks_sent > 8)
    page.reload()
    page.get_by_role("button", name="取消").wait_for(timeout=30_000)
    streamed_at_reload = endpoint.chunks_sent
    shot(page, "10-reload-reattached")
    page.get_by_text("修改建议", exact=True).wait_for(timeout=120_000)
    settle(page, 800)
    assert endpoint.chunks_sent > streamed_at_reload
    store = Store(db)
    assert [m.role for m in store.messages(project.id, "assets")] == ["user", "assistant"]
    record = store.open_suggestion(project.id, "assets")
    assert record is not None and record.proposed_text == skeleton_text(FactBasis(facts, profile), "assets")
    store.close()
    assert "【起草】" in page.locator('[data-testid="stChatMessage"]').first.inner_text()

    # 取消 mid-answer: the model's stream is closed, nothing is recorded but the cancel itself.
    sidebar(page).get_by_role("button", name="五、存在的主要问题及原因分析").click()
    settle(page)
    page.get_by_role("button", name="起草", exact=True).click()
    sent = endpoint.chunks_sent
    _wait(lambda: endpoint.chunks_sent > sent + 5)
    page.get_by_role("button", name="取消").click()
    page.get_by_text("这次起草已取消").wait_for(timeout=30_000)
    _wait(lambda: endpoint.aborted >= 1, timeout=15)
    stopped = endpoint.chunks_sent
    time.sleep(1.5)
    assert endpoint.chunks_sent <= stopped + 1, "the model stopped writing"
    store = Store(db)
    assert store.open_suggestion(project.id, "problems") is None
    assert store.section(project.id, "problems").text == ""
    assert store.messages(project.id, "problems")[-1].content.startswith("已取消：")
    store.close()


def test_draft_all_in_the_browser(
    endpoint_app: AppServer, endpoint: ScriptedEndpoint, seeded_db: tuple[Path, Project], browser_page: Any
) -> None:
    db, project = seeded_db
    page = browser_page
    endpoint.chunk_delay = 0.01
    _open(page, endpoint_app, "二、部门整体支出管理及使用情况")
    page.get_by_role("button", name="起草全文").click()
    page.get_by_text("第 2/").first.wait_for(timeout=60_000)
    shot(page, "11-draft-all-progress")
    page.get_by_text("起草全文已完成").wait_for(timeout=300_000)
    settle(page, 800)
    shot(page, "12-draft-all-done")
    ids = [sid for sid, _ in outline(load_profile())]
    store = Store(db)
    assert store.open_suggestion_sections(project.id) == set(ids)
    store.close()
    page.get_by_role("button", name="全部接受").click()
    settle(page)
    store = Store(db)
    assert store.section(project.id, "budget").text.strip()
    assert store.open_suggestion(project.id, "budget") is None
    store.close()
