"""Editing a whole section through the engine: a perfect model (one that echoes its draft) changes nothing,
headings and their markers included, for every section of two different units' reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from scripted_model import ScriptedChatModel

from assistant.context import ReportContext
from assistant.drafting import EDIT_OPERATIONS
from assistant.drafting.section_edit import edit_section
from assistant.drafting.section_text import PREAMBLE_ID, skeleton_text
from assistant.facts import load_facts
from assistant.gate import FactBasis
from assistant.profiles import load_profile

ROOT = Path(__file__).resolve().parents[1]
PROFILE = load_profile()
EXAMPLE = load_facts(ROOT / "facts" / "example.yaml")
SEED = load_facts(ROOT / "facts" / "seed-2021.yaml")


@pytest.mark.parametrize("section_id", [PREAMBLE_ID, *(s.id for s in PROFILE.sections)])
def test_an_echo_edit_of_every_example_section_is_the_input(section_id: str) -> None:
    context = ReportContext(EXAMPLE, PROFILE)
    text = context.skeleton_text(section_id)
    edited = context.edit(text, section_id, "润色", "", ScriptedChatModel(echo=True))
    assert edited.text == text
    assert edited.notes == ()


@pytest.mark.parametrize("operation", EDIT_OPERATIONS)
def test_an_echo_edit_of_a_seed_section_keeps_every_marker(operation: str) -> None:
    spec = PROFILE.section("performance")
    text = skeleton_text(FactBasis(SEED, PROFILE), spec.id)
    assert "（一）" in text and "1." in text
    edited = edit_section(
        text, operation, "语气更正式", FactBasis(SEED, PROFILE), spec.id, ScriptedChatModel(echo=True)
    )
    assert edited.text == text


def test_a_hand_written_section_with_odd_markers_survives_an_echo_edit() -> None:
    spec = PROFILE.section("problems")
    text = "\n".join(
        [
            "（一）存在的问题",
            "1.预算执行进度偏慢。部分项目资金拨付滞后。",
            "2．绩效目标不够细化。个别项目指标难以量化，",
            "部分指标只有定性描述。",
            "（二）改进措施",
            "加强预算执行监控。",
        ]
    )
    edited = edit_section(text, "缩写", "", FactBasis(SEED, PROFILE), spec.id, ScriptedChatModel(echo=True))
    assert edited.text == text
