"""An answer that hands its block back almost unchanged is asked once to really rewrite (the section prompt's
[重写要求]); the new answer is taken only when it passes both gates and changes more, so asking costs no fact."""

from __future__ import annotations

from scripted_model import ScriptedChatModel

from assistant.drafting import DraftEvent, draft_section
from assistant.drafting.blocks import split_blocks
from assistant.drafting.prompts import section_prompt
from assistant.facts.load import parse_facts
from assistant.gate import FactBasis
from assistant.profiles import load_profile
from assistant.skeleton import SkeletonDrafter

PROFILE = load_profile()
FACTS = parse_facts(
    {
        "单位": {"名称": "湘江市清河区卫生健康局", "简称": "区卫健局", "年度": 2023},
        "总体评价": "2023年，区卫健局各项预算资金按用途拨付使用",
        "履职成效": [
            {
                "主题": "公共卫生",
                "事项": [
                    {
                        "标题": "老年人健康管理",
                        "内容": (
                            "为65岁及以上老年人开展免费健康体检，体检结果录入居民电子健康档案，异常结果由家庭医生电话告知"
                        ),
                        "数据": [{"名称": "完成老年人健康体检", "数值": 12430, "单位": "人"}],
                    }
                ],
            }
        ],
    }
)
REWRITTEN = (
    "全年完成老年人健康体检12430人，对象为65岁及以上老年人，体检免费；"
    "体检结果录入居民电子健康档案，异常结果由家庭医生电话告知。"
)


def blocks() -> list[str]:
    section = SkeletonDrafter(FACTS, PROFILE).section(PROFILE.section("performance")).section
    return [b.text for b in split_blocks(section)]


def test_an_echo_is_asked_once_to_really_rewrite_and_the_rewrite_is_taken() -> None:
    intro, item = blocks()
    events: list[DraftEvent] = []
    model = ScriptedChatModel(replies=[intro, item, REWRITTEN])
    result = draft_section(FactBasis(FACTS, PROFILE), "performance", model, events.append)
    assert len(model.received) == 3, "the short introduction is not asked again"
    request = model.received[2][-1].text
    assert request.startswith(section_prompt("section_performance.txt").restyle)
    assert f"【原稿】\n小标题：老年人健康管理\n{item}\n【原稿结束】" in request, "the 原稿 is shown again"
    assert model.received[2][-2].text == item
    assert REWRITTEN in result.section.text()
    assert result.blocks[1].restyled and result.blocks[1].status == "model"
    assert [e.kind for e in events].count("restyling") == 1
    assert result.verdict.ok and result.claims.ok


def test_a_rewrite_that_invents_repeats_or_shrinks_is_not_taken() -> None:
    intro, item = blocks()
    repeated = REWRITTEN + REWRITTEN.split("；")[0] + "。"
    shrunk = "全年完成老年人健康体检12430人，为65岁及以上老年人，体检结果录入居民电子健康档案。"
    figure = REWRITTEN.replace("12430人", "12430人，覆盖率98%")
    answers = (figure, REWRITTEN + "老年人健康水平明显提高。", repeated, shrunk)
    for invented in answers:
        model = ScriptedChatModel(replies=[intro, item, invented])
        result = draft_section(FactBasis(FACTS, PROFILE), "performance", model)
        assert item in result.section.text() and "98%" not in result.section.text()
        assert "明显" not in result.section.text()
        assert not result.blocks[1].restyled and result.verdict.ok and result.claims.ok
        assert result.section.text().count("对象为65岁") == 0


def test_an_answer_that_repeats_a_sentence_gives_way_to_the_skeleton() -> None:
    intro, item = blocks()
    model = ScriptedChatModel(replies=[intro, REWRITTEN + REWRITTEN])
    result = draft_section(FactBasis(FACTS, PROFILE), "performance", model)
    assert result.blocks[1].status == "fallback" and result.blocks[1].reason == "回答中有重复的句子"
    assert item in result.section.text()


def test_a_real_rewrite_is_not_asked_again() -> None:
    intro, _ = blocks()
    model = ScriptedChatModel(replies=[intro, REWRITTEN])
    result = draft_section(FactBasis(FACTS, PROFILE), "performance", model)
    assert len(model.received) == 2 and REWRITTEN in result.section.text()


def test_sections_without_a_restyle_request_are_never_asked() -> None:
    assert section_prompt("section_results.txt").restyle == ""
    assert section_prompt("section_performance.txt").restyle


def test_an_answer_that_says_a_thing_twice_in_other_words_gives_way_to_the_skeleton() -> None:
    """Seen with the bundled model: a restored detail beside the clause that had rewritten it."""
    intro, item = blocks()
    twice = REWRITTEN + "为65岁及以上老年人开展免费健康体检，体检结果录入居民电子健康档案。"
    model = ScriptedChatModel(replies=[intro, twice])
    result = draft_section(FactBasis(FACTS, PROFILE), "performance", model)
    assert result.blocks[1].status == "fallback" and item in result.section.text()
