"""An achievement's figure is stated once: the words may cite a figure of its data, the report never repeats it."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.facts import parse_facts
from assistant.facts.repeats import repeated_figures
from assistant.profiles import load_profile
from assistant.skeleton import SkeletonDrafter


def _facts(items: list[dict[str, Any]], theme: str = "履职成效") -> Any:
    return parse_facts(
        {"单位": {"名称": "测试单位", "简称": "本单位", "年度": 2023}, "履职成效": [{"主题": theme, "事项": items}]}
    )


def _performance(items: list[dict[str, Any]]) -> str:
    facts = _facts(items)
    report, _ = SkeletonDrafter(facts, load_profile()).report()
    section = next(s for s in report.sections if s.section_id == "performance")
    return "\n".join(p.text for sub in section.walk() for p in sub.paragraphs)


def _q(name: str, value: Any, unit: str, key: str | None = None) -> dict[str, Any]:
    return {"名称": name, "数值": value, "单位": unit, **({"指标": key} if key else {})}


CASES = [
    pytest.param(
        {
            "标题": "提案办理",
            "内容": "全年立案提案53件，全部办结53件，办复率100%",
            "数据": [
                _q("立案提案", 53, "件", "立案数"),
                _q("办结提案", 53, "件", "办结数"),
                _q("办复率", 100, "%", "办复率"),
            ],
        },
        {"53件": 2, "100%": 1},
        id="political-consultative-all-in-words",
    ),
    pytest.param(
        {
            "标题": "提案办理",
            "内容": "立案53件，实行重点提案领导领办",
            "数据": [_q("立案提案", 53, "件"), _q("办结提案", 53, "件")],
        },
        {"53件": 2, "办结提案53件": 1},
        id="same-value-twice-one-in-words",
    ),
    pytest.param(
        {
            "标题": "义务教育均衡发展",
            "内容": "新建改扩建校舍十二所，招聘教师两百一十人",
            "数据": [_q("新建改扩建校舍", 12, "所"), _q("招聘教师", 210, "人")],
        },
        {"12所": 0, "210人": 0, "十二所": 1},
        id="education-chinese-numerals",
    ),
    pytest.param(
        {
            "标题": "乡村道路养护",
            "内容": "对辖区道路开展常态化养护，群众出行更便捷",
            "数据": [_q("养护农村公路", 86, "条"), _q("群众满意度", "96.5", "%")],
        },
        {"86条": 1, "96.50%": 1},
        id="township-words-without-figures",
    ),
    pytest.param(
        {
            "标题": "委员培训",
            "内容": "举办委员培训班3期，其中线上培训150人次",
            "数据": [_q("举办委员培训班", 3, "期"), _q("培训委员", 186, "人次")],
        },
        {"3期": 1, "150人次": 1, "186人次": 1},
        id="a-different-figure-in-words-is-not-a-repeat",
    ),
]


@pytest.mark.parametrize(("item", "counts"), CASES)
def test_each_figure_is_stated_once(item: dict[str, Any], counts: dict[str, int]) -> None:
    text = _performance([item])
    for figure, times in counts.items():
        assert text.count(figure) == times, (figure, text)


def test_repeats_are_named_for_the_writer() -> None:
    facts = _facts(
        [
            {"标题": "学习", "内容": "开展集中学习", "数据": [_q("集中学习", 12, "次")]},
            {
                "标题": "办理",
                "内容": "立案提案53件，满意率98.11%",
                "数据": [_q("立案提案", 53, "件"), _q("满意率", "98.11", "%")],
            },
        ]
    )
    messages = [r.message for r in repeated_figures(facts)]
    assert len(messages) == 2
    assert messages[0].startswith("第1个主题的第2项：内容中写有“53件”")
    assert "满意率 98.11%" in messages[1]
