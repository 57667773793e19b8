"""The gate's last repair reads as prose: a figure the model already stated is never appended again, and a
fact that is restored goes back next to its neighbours in the skeleton, in the paragraph they are in."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting.blocks import split_blocks
from assistant.drafting.fallback import fix_text
from assistant.facts import load_facts
from assistant.gate import AllowedNumbers, RequiredFact, build_allowed, check, required_facts
from assistant.profiles import load_profile
from assistant.skeleton import SkeletonDrafter

ROOT = Path(__file__).resolve().parents[1]
PROFILE = load_profile()
FACTS = load_facts(ROOT / "facts" / "example.yaml")


def _block(section_id: str, needle: str) -> tuple[AllowedNumbers, list[RequiredFact], str]:
    section = SkeletonDrafter(FACTS, PROFILE).section(PROFILE.section(section_id)).section
    block = next(b for b in split_blocks(section) if needle in b.text)
    allowed = build_allowed(FACTS, PROFILE).local([block.heading, block.text])
    return allowed, required_facts(block.text, allowed), block.text


@pytest.mark.parametrize(
    "answer",
    [
        "全年立案、办结提案各53件，确定重点提案8件，办复率达100.00%，满意率达98.11%。",
        "全年立案和办结提案均为53件，确定重点提案8件，办复率达100.00%，满意率达98.11%。",
        "全年共立案提案53件，确定重点提案8件，53件提案全部办结，办复率达100.00%，满意率达98.11%。",
        "全年立案53件，办结53件，其中重点提案8件，办复率达100.00%，满意率达98.11%。",
    ],
)
def test_two_facts_of_one_value_stated_together_need_nothing_restored(answer: str) -> None:
    allowed, required, _ = _block("performance", "办结提案53件")
    verdict = check(answer, allowed, required)
    assert verdict.ok, [m.describe() for m in verdict.missing]


def test_a_restored_clause_goes_next_to_its_skeleton_neighbour_in_its_paragraph() -> None:
    allowed, required, _ = _block("performance", "办结提案53件")
    answer = "全年立案提案53件，确定重点提案8件，办复率达100.00%。\n群众满意率达98.11%，提案办理质量进一步提升。"
    fixed = fix_text(answer, allowed, required)
    assert fixed.text == (
        "全年立案提案53件，确定重点提案8件，办结提案53件，办复率达100.00%。\n"
        "群众满意率达98.11%，提案办理质量进一步提升。"
    )
    assert check(fixed.text, allowed, required).ok


def test_a_restored_money_clause_stays_in_the_first_of_two_paragraphs() -> None:
    allowed, required, _ = _block("budget", "政府采购预算85.00万元")
    answer = (
        "“三公”经费预算18.00万元，实际支出12.46万元，其中公务接待费3.26万元、公务用车购置及运行费9.20万元、"
        "因公出国（境）费0.00万元，“三公”经费控制率为69.22%。上年“三公”经费支出14.58万元，本年较上年下降14.54%。"
        "政府采购预算85.00万元，实际采购79.62万元，均严格按照政府采购程序执行。\n"
        "年末结转结余27.12万元，结转结余率为2.07%。全年实际支付进度97.93%，既定支付进度100.00%，支付进度率为97.93%。"
    )
    fixed = fix_text(answer, allowed, required)
    first, second = fixed.text.split("\n")
    assert "实际采购79.62万元，政府采购执行率为93.67%，均严格" in first
    assert second == answer.split("\n")[1], "the other paragraph is untouched"
    assert check(fixed.text, allowed, required).ok


def test_a_restored_count_clause_goes_inside_its_sentence_not_after_the_paragraph() -> None:
    allowed, required, _ = _block("overview", "核定编制38名")
    paragraphs = _block("overview", "核定编制38名")[2].split("\n")
    answer = (
        paragraphs[0]
        + "\n区政协核定编制38名，其中行政编制32名、事业编制6名；年末实有在职人员35人；另有离退休人员21人。"
    )
    fixed = fix_text(answer, allowed, required)
    assert fixed.text.split("\n")[1] == (
        "区政协核定编制38名，其中行政编制32名、事业编制6名；年末实有在职人员35人，在职人员控制率为92.11%；"
        "另有离退休人员21人。"
    )


def test_a_restored_whole_sentence_follows_the_sentence_before_it() -> None:
    allowed, required, _ = _block("budget", "年初支出预算1180.00万元")
    answer = "全年实际支出1283.08万元，预算执行率为97.93%，预算执行总体较好。"
    fixed = fix_text(answer, allowed, required)
    first = "年初支出预算1180.00万元，全年支出预算1310.20万元，预算调整45.00万元，预算调整率为3.81%。"
    assert fixed.text.startswith(first)
    assert fixed.text.endswith("全年实际支出1283.08万元，预算执行率为97.93%，预算执行总体较好。")
