"""The claims gate with the bundled model, for real: a drafted section of a township's facts has no invented
name, no evaluation without a supporting fact and keeps every text detail of its facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from model_processes import BUNDLED_MODEL

from assistant.drafting import draft_section
from assistant.drafting.section_text import section_body
from assistant.facts import load_facts
from assistant.gate import FactBasis
from assistant.llm import LLMSettings, get_chat_model
from assistant.llm.server import ModelServer
from assistant.profiles import load_profile

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = LLMSettings(backend="local", n_ctx=4096)

pytestmark = [
    pytest.mark.integration,
    BUNDLED_MODEL,
]


def test_a_drafted_section_has_no_unsupported_name_or_evaluation(served: ModelServer) -> None:
    model = get_chat_model(SETTINGS)
    assert model is not None
    facts = load_facts(ROOT / "facts" / "units" / "township-2023.yaml")
    profile = load_profile()
    basis = FactBasis(facts, profile)
    result = draft_section(basis, "performance", model)
    assert result.stats.calls > 0
    text = section_body(result.section)
    claims = basis.claims(text, "performance")
    assert claims.names == [] and claims.evaluations == [], claims
    assert claims.dropped == [], claims.dropped
    assert result.claims.ok and result.verdict.ok
    assert basis.gate(text, "performance").ok
