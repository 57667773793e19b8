"""The bundled model behind its managed server, for real: the model writes, crashes cost one answer, no orphans.

Every test here fails when the model path is broken: a block the gate replaced with the skeleton does not
count as the model's work, a killed server must be reported and replaced, and a dead owner must take its
server with it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage
from model_processes import BUNDLED_MODEL, alive, serving_children

from assistant.drafting import DraftEvent, draft_section
from assistant.facts import load_facts
from assistant.gate import FactBasis
from assistant.llm import LLMSettings, get_chat_model
from assistant.llm.errors import ModelTimeout, ModelUnavailable
from assistant.llm.factory import server_config
from assistant.llm.server import ModelServer, server_for
from assistant.profiles import load_profile
from assistant.skeleton import SkeletonDrafter

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = LLMSettings(backend="local", n_ctx=4096)

pytestmark = [
    pytest.mark.integration,
    BUNDLED_MODEL,
]


def _wait_for_server(owner: subprocess.Popen[bytes]) -> list[int]:
    """The model server a CLI process starts, once it has."""
    deadline = time.monotonic() + 120
    children: list[int] = []
    while not children and time.monotonic() < deadline and owner.poll() is None:
        children = serving_children(owner.pid)
        time.sleep(0.2)
    assert children, "the CLI never started its model server"
    return children


def test_the_model_writes_the_section_itself(served: ModelServer) -> None:
    model = get_chat_model(SETTINGS)
    assert model is not None
    facts = load_facts(ROOT / "facts" / "example.yaml")
    profile = load_profile()
    events: list[DraftEvent] = []
    result = draft_section(FactBasis(facts, profile), "problems", model, events.append)
    tokens = [e.text for e in events if e.kind == "token"]
    assert tokens and all("\ufffd" not in t for t in tokens)
    assert result.verdict.ok and result.unsupported_after == []
    skeleton = SkeletonDrafter(facts, profile).section(profile.section("problems")).section
    own = [b for b in result.blocks if b.status in ("model", "repaired")]
    assert own, [(b.status, b.reason) for b in result.blocks]
    assert any(b.text.strip() not in skeleton.text() for b in own)
    previews = [e.details[0] for e in events if e.kind == "block_started"]
    assert previews and all(p in skeleton.text() for p in previews)
    assert result.stats.time_to_first_token is not None and result.stats.completion_tokens > 0
    assert "llama_cpp" not in sys.modules, "the client process must never load llama.cpp"


def test_truncation_is_reported(served: ModelServer) -> None:
    model = get_chat_model(SETTINGS)
    assert model is not None
    chunks = list(model.stream([HumanMessage(content="请用三百字介绍部门整体支出绩效评价。")], max_tokens=8))
    finishes = [c.response_metadata.get("finish_reason") for c in chunks if c.response_metadata.get("finish_reason")]
    assert finishes == ["length"]
    assert 1 <= sum(bool(c.text) for c in chunks) <= 8


def test_kill_9_mid_answer_costs_one_answer_and_the_next_works(served: ModelServer) -> None:
    model = get_chat_model(SETTINGS)
    assert model is not None
    served.ensure()
    first_pid = served.pid
    assert first_pid is not None
    received: list[str] = []
    with pytest.raises(ModelUnavailable) as caught:
        for chunk in model.stream([HumanMessage(content="请详细介绍部门整体支出绩效评价的意义。")], max_tokens=400):
            received.append(chunk.text)
            if len(received) == 3:
                os.kill(first_pid, signal.SIGKILL)
    assert "本地模型服务中途退出（被强制结束（SIGKILL））" in str(caught.value)
    assert "本次回答没有完成" in str(caught.value)
    answer = model.invoke([HumanMessage(content="用一句话回答：1加1等于几？")], max_tokens=16)
    assert answer.text.strip()
    assert served.pid not in (None, first_pid) and served.restarts >= 1


def test_a_hung_server_times_out_and_is_replaced() -> None:
    """SIGSTOP freezes the server mid-answer, as a deadlock would: the request times out in words, the
    frozen server is killed, and the next request gets a new one."""
    settings = SETTINGS.model_copy(update={"timeout": 10.0})
    model = get_chat_model(settings)
    assert model is not None
    server = server_for(server_config(settings))
    server.ensure()
    frozen = server.pid
    assert frozen is not None
    with pytest.raises(ModelTimeout, match="10 秒没有响应"):
        for i, _ in enumerate(model.stream([HumanMessage(content="请详细介绍绩效评价。")], max_tokens=300)):
            if i == 2:
                os.kill(frozen, signal.SIGSTOP)
    assert not alive(frozen)
    assert model.invoke([HumanMessage(content="你好")], max_tokens=4).text.strip()
    assert server.pid not in (None, frozen)


def test_a_second_request_waits_in_line_and_is_told(served: ModelServer) -> None:
    model = get_chat_model(SETTINGS)
    assert model is not None
    served.ensure()
    heard: list[str] = []
    started = threading.Event()

    def long_answer() -> None:
        for _ in model.stream([HumanMessage(content="介绍绩效评价。")], max_tokens=48):
            started.set()

    first = threading.Thread(target=long_answer)
    first.start()
    assert started.wait(120)
    from assistant.llm.client import model_status

    with model_status(heard.append):
        second = model.invoke([HumanMessage(content="你好")], max_tokens=4)
    first.join(120)
    assert second.text is not None
    assert heard and heard[0] == "模型正忙，排队中（前面还有 1 个）"


def test_the_server_dies_with_its_owner_even_on_kill_9(tmp_path: Path) -> None:
    """A CLI drafting with the local model is killed; its server must not stay behind."""
    out = tmp_path / "r.md"
    env = {**os.environ, "JIXIAO_LLM_N_CTX": "4096"}
    command = [sys.executable, "-m", "assistant", "draft", str(ROOT / "facts" / "example.yaml")]
    command += ["--backend", "local", "--section", "problems", "-o", str(out)]
    owner = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        children = _wait_for_server(owner)
        owner.send_signal(signal.SIGKILL)
        owner.wait(10)
        deadline = time.monotonic() + 30
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(alive(pid) for pid in children), "orphaned model server"
        assert not out.exists()
    finally:
        if owner.poll() is None:
            owner.kill()


def test_the_cli_survives_its_server_being_killed(tmp_path: Path) -> None:
    """kill -9 of the model server mid-draft: one Chinese line, exit 2, no file written, nothing else lost."""
    out = tmp_path / "r.md"
    out.write_text("上一稿", encoding="utf-8")
    env = {**os.environ, "JIXIAO_LLM_N_CTX": "4096"}
    command = [sys.executable, "-m", "assistant", "draft", str(ROOT / "facts" / "example.yaml")]
    command += ["--backend", "local", "--section", "problems", "-o", str(out)]
    owner = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
    )
    try:
        children = _wait_for_server(owner)
        time.sleep(8)  # the server loads and starts answering the first block
        os.kill(children[0], signal.SIGKILL)
        _, err = owner.communicate(timeout=120)
    finally:
        if owner.poll() is None:
            owner.kill()
    message = err.decode("utf-8", "replace")
    assert owner.returncode == 2, message
    assert "错误：本地模型服务" in message and "没有写入任何文件" in message
    assert "Traceback" not in message
    assert out.read_text(encoding="utf-8") == "上一稿"
