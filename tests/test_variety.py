"""Opening variety: measured on a section's paragraphs, enforced on the model's paragraphs after drafting."""

from __future__ import annotations

from scripted_model import ScriptedChatModel

from assistant.drafting import draft_section
from assistant.drafting.blocks import split_blocks
from assistant.drafting.variety import opening, varied, vary_openings
from assistant.facts.load import parse_facts
from assistant.gate import FactBasis
from assistant.profiles import load_profile
from assistant.skeleton import SkeletonDrafter

PROFILE = load_profile()


def test_the_opening_subject_skips_a_short_adverbial() -> None:
    assert opening("2023年，区人大常委会机关围绕……", "区人大常委会机关") == "区人大常委会机关"
    assert opening("围绕城区老旧小区改造开展专题询问", "区人大常委会机关") == "围绕"
    assert not varied(["区政协坚持A。", "区政协完善B。", "年内，区政协开展C。"], "区政协")
    assert varied(["区政协坚持A。", "围绕B开展协商。", "3月底召开全会。"], "区政协")


def test_only_editable_paragraphs_lose_their_subject() -> None:
    blocks = [["区政协坚持A。"], ["区政协完善B。"], ["区政协机关开展C。", "区政协组织D。"]]
    out = vary_openings(blocks, {1, 2}, "区政协")
    assert out == [["区政协坚持A。"], ["完善B。"], ["区政协机关开展C。", "组织D。"]]


def test_a_drafted_section_meets_the_rule() -> None:
    works = ("围绕石塘村开展村庄清洁", "组织山塘清淤", "针对油茶基地开展技术指导", "推行屋场会议事制度")
    themes = [{"主题": "主要工作", "事项": [{"标题": f"工作{n}", "内容": w} for n, w in enumerate(works)]}]
    facts = parse_facts(
        {
            "单位": {"名称": "湘江市清河区白沙镇人民政府", "简称": "白沙镇", "年度": 2023},
            "总体评价": "2023年，白沙镇预算执行总体平稳",
            "履职成效": themes,
        }
    )
    section = SkeletonDrafter(facts, PROFILE).section(PROFILE.section("performance")).section
    blocks = split_blocks(section)
    replies = [blocks[0].text] + ["白沙镇" + b.text for b in blocks[1:]]
    result = draft_section(FactBasis(facts, PROFILE), "performance", ScriptedChatModel(replies=replies))
    paragraphs = [p.text for node in result.section.walk() for p in node.paragraphs]
    assert varied(paragraphs, "白沙镇"), paragraphs
    assert result.verdict.ok and result.claims.ok
