"""Where the facts are silent the skeleton says 【待补充：…】, never praise: sparse facts of several unit types.

A skeleton sentence that evaluates (年度绩效目标完成情况较好, 采购活动均严格按照政府采购程序执行) is a
statement of performance a finance bureau reads as the unit's own; written from no fact, the model then
expands it into paragraphs. Each sparse facts file below leaves out 总体评价 and most budget facts.
"""

from __future__ import annotations

from typing import Any

import pytest

from assistant.facts.load import parse_facts
from assistant.profiles import load_profile
from assistant.report import render
from assistant.skeleton import SkeletonDrafter

PROFILE = load_profile()

SPARSE: dict[str, dict[str, Any]] = {
    "人大常委会机关": {
        "单位": {"名称": "湘江市清河区人大常委会机关", "简称": "区人大常委会机关", "年度": 2022},
        "预算": {"政府采购": {"预算数": 20.00, "实际采购金额": 18.40}},
        "履职成效": [
            {
                "主题": "依法履行监督职责",
                "事项": [{"标题": "开展执法检查", "内容": "对《中华人民共和国安全生产法》实施情况开展执法检查"}],
            }
        ],
    },
    "教育局": {
        "单位": {"名称": "湘江市清河区教育局", "简称": "区教育局", "年度": 2023},
        "预算": {"政府采购": {"预算数": 310.00}},
    },
    "乡镇政府": {
        "单位": {"名称": "湘江市清河区白沙镇人民政府", "简称": "镇政府", "年度": 2023},
        "职能职责": ["负责本镇经济社会发展规划的组织实施"],
    },
}

CANNED = (
    "完成情况较好",
    "有力保障",
    "正常开展",
    "严格按照政府采购程序",
)


@pytest.mark.parametrize("kind", list(SPARSE))
def test_silent_facts_give_a_marker_not_an_evaluation(kind: str) -> None:
    facts = parse_facts(SPARSE[kind])
    report, _ = SkeletonDrafter(facts, PROFILE).report()
    text = render(report)
    assert [c for c in CANNED if c in text] == []
    performance = next(s for s in report.sections if s.section_id == "performance")
    assert "【待补充：总体评价】" in performance.paragraphs[0].text


def test_an_entered_overall_evaluation_is_used_as_written() -> None:
    data = {**SPARSE["教育局"], "总体评价": "2023年，区教育局预算执行总体平稳，资金使用效益总体良好"}
    report, _ = SkeletonDrafter(parse_facts(data), PROFILE).report()
    performance = next(s for s in report.sections if s.section_id == "performance")
    assert performance.paragraphs[0].text.startswith("2023年，区教育局预算执行总体平稳，资金使用效益总体良好。")
