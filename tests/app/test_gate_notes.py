"""The draft's chat answer reports what each gate stopped, as the CLI's summary does."""

from __future__ import annotations

from scripted_model import ScriptedChatModel

from assistant.drafting.blocks import split_blocks
from assistant.facts import parse_facts
from assistant.profiles import load_profile
from assistant.skeleton import SkeletonDrafter
from ui import drafting_calls

PROFILE = load_profile()
FACTS = parse_facts(
    {
        "单位": {"名称": "湘江市清河区卫生健康局", "简称": "区卫健局", "年度": 2023},
        "总体评价": "2023年，区卫健局预算执行总体平稳",
        "履职成效": [
            {
                "主题": "公共卫生",
                "事项": [
                    {
                        "标题": "家庭医生签约服务",
                        "内容": "以枫林社区卫生服务中心为试点推进家庭医生签约服务，每周三下午开展上门随访",
                        "数据": [{"名称": "签约重点人群", "数值": 18650, "单位": "人"}],
                    }
                ],
            }
        ],
    }
)


def test_the_draft_note_counts_names_evaluations_and_details() -> None:
    section = SkeletonDrafter(FACTS, PROFILE).section(PROFILE.section("performance")).section
    intro, item = (b.text for b in split_blocks(section))
    bad = item.replace("，每周三下午开展上门随访", "") + "群众满意度显著提升，石湾医院也纳入试点。"
    model = ScriptedChatModel(replies=[intro, bad, bad])
    shown: list[object] = []
    outcome = drafting_calls.draft(FACTS, PROFILE, "performance", model, shown.append)
    assert "石湾医院" not in outcome.text and "每周三下午" in outcome.text
    note = next(n for n in outcome.notes if n.startswith("事实核对"))
    assert "无依据的名称 1 个" in note and "无依据的评价 2 处" in note and "遗漏的细节 1 处" in note
