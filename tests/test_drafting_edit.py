"""The chat's edit operations behind the gate, and the cut-and-restore step they share with drafting."""

from __future__ import annotations

from pathlib import Path

import pytest
from scripted_model import ScriptedChatModel

from assistant.drafting import EDIT_OPERATIONS, OperationError, edit_text
from assistant.drafting.edit import DraftingError
from assistant.drafting.fallback import remove_unsupported, restore_missing
from assistant.facts import load_facts
from assistant.facts.model import Facts
from assistant.gate import FactBasis, build_allowed, check, required_facts
from assistant.profiles import load_profile

ROOT = Path(__file__).resolve().parents[1]
PROFILE = load_profile()
TEXT = "全年立案提案53件，确定重点提案8件，办结提案53件，办复率达100.00%，满意率达98.11%。"


@pytest.fixture(scope="module")
def example() -> Facts:
    return load_facts(ROOT / "facts" / "example.yaml")


def test_every_operation_has_a_prompt(example: Facts) -> None:
    assert EDIT_OPERATIONS == ("扩写", "缩写", "润色", "正式化", "改写")
    for operation in EDIT_OPERATIONS:
        model = ScriptedChatModel(echo=True)
        result = edit_text(TEXT, operation, "语气更正式", FactBasis(example, PROFILE), "performance", model)
        assert result.text == TEXT and result.status == "model"


def test_a_polish_is_taken_when_it_passes(example: Facts) -> None:
    polished = "区政协全年共立案提案53件，确定重点提案8件，办结提案53件，办复率达100.00%，满意率达98.11%。"
    result = edit_text(
        TEXT, "润色", "", FactBasis(example, PROFILE), "performance", ScriptedChatModel(replies=[polished])
    )
    assert result.text == polished and result.verdict.ok and not result.fell_back


def test_an_expansion_that_invents_figures_is_cut_back(example: Facts) -> None:
    expanded = TEXT + "提案质量较上年提升20%，委员参与率达96.5%。"
    model = ScriptedChatModel(replies=[expanded, expanded])
    result = edit_text(TEXT, "扩写", "", FactBasis(example, PROFILE), "performance", model)
    assert [u.text for u in result.verdict_before.unsupported] == ["20%", "96.5%"]
    assert "20%" not in result.text and "96.5%" not in result.text
    assert result.fell_back and result.verdict.ok
    assert "20%" in model.received[1][-1].text


def test_a_condensed_text_keeps_its_figures(example: Facts) -> None:
    short = "立案提案53件，办结53件，办复率100%。"
    model = ScriptedChatModel(replies=[short, short])
    result = edit_text(TEXT, "缩写", "", FactBasis(example, PROFILE), "performance", model)
    assert {m.label for m in result.verdict_before.missing} == {"确定重点提案", "满意率"}
    assert "8件" in result.text and "98.11%" in result.text
    assert result.verdict.ok


def test_the_writers_instruction_is_not_data_and_the_text_is(example: Facts) -> None:
    model = ScriptedChatModel(echo=True)
    edit_text(TEXT, "改写", "突出提案办理的质量", FactBasis(example, PROFILE), "performance", model)
    turn = model.received[0][-1].text
    data_at = turn.rindex("【原稿】")
    assert turn.index("突出提案办理的质量") < data_at
    assert turn.index(TEXT) > data_at


def test_editing_needs_a_model(example: Facts) -> None:
    with pytest.raises(DraftingError):
        edit_text(TEXT, "润色", "", FactBasis(example, PROFILE), "performance", None)
    with pytest.raises(OperationError):
        edit_text(TEXT, "翻译", "", FactBasis(example, PROFILE), "performance", ScriptedChatModel(echo=True))


def test_cutting_removes_the_clause_not_the_sentence(example: Facts) -> None:
    allowed = build_allowed(example, PROFILE)
    text = "办复率达100.00%，较上年提高5%，满意率达98.11%。另有预算201万元。（其中经费31万元）"
    cut, removed = remove_unsupported(text, check(text, allowed).unsupported)
    assert cut == "办复率达100.00%，满意率达98.11%。"
    assert removed == ["其中经费31万元", "另有预算201万元", "较上年提高5%"]


def test_restoring_uses_clauses_or_whole_sentences(example: Facts) -> None:
    skeleton = "召开全体会议2次，召开常委会会议4次。全年立案提案53件，确定重点提案8件。"
    allowed = build_allowed(example, PROFILE, [skeleton])
    required = required_facts(skeleton, allowed)
    text, added = restore_missing("召开全体会议2次", [required[1], required[2], required[3]], required)
    assert added == ["召开常委会会议4次。", "全年立案提案53件，确定重点提案8件。"]
    assert text == skeleton, "each clause back in its own sentence, where the skeleton had it"


def test_a_polish_may_only_restate_the_texts_own_figures(example: Facts) -> None:
    text = "巡察反馈问题12个，已完成整改12个。"
    borrowed = "巡察反馈问题12个，已完成整改12个，整改完成率达100%。"
    model = ScriptedChatModel(replies=[borrowed, borrowed])
    result = edit_text(text, "润色", "", FactBasis(example, PROFILE), "performance", model)
    assert [u.text for u in result.verdict_before.unsupported] == ["100%"]
    assert result.text == "巡察反馈问题12个，已完成整改12个。"
