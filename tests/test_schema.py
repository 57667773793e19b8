"""The one walker over the facts model: paths, values and each field's family, taken from the annotated types."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from assistant.facts import Facts, parse_facts, schema
from assistant.facts.schema import UnknownFactPath
from assistant.gate.allowed import fact_figures

SMALL: dict[str, Any] = {
    "单位": {"名称": "某县档案馆", "年度": 2023},
    "人员编制": {"编制数": 12, "实有人数": 11},
    "预算": {
        "收入": {"合计": 300, "来源": [{"名称": "财政拨款", "金额": 280}, {"名称": "其他收入", "金额": 20}]},
        "支付进度": {"既定支付进度": 100, "实际支付进度": "98.5"},
    },
    "资产": {"公务用车数": 1, "固定资产": "40.5"},
    "履职成效": [
        {
            "主题": "档案接收",
            "事项": [
                {
                    "标题": "接收进馆",
                    "数据": [
                        {"名称": "接收档案", "数值": 1200, "单位": "卷"},
                        {"名称": "数字化率", "数值": 85, "单位": "%"},
                        {"名称": "专项资金", "数值": 35000, "单位": "元"},
                    ],
                }
            ],
        }
    ],
    "自评结果": {"得分": 91, "等级": "优", "分项得分": {"预算执行": 9}},
}


@pytest.fixture
def small() -> Facts:
    return parse_facts(SMALL)


@pytest.mark.parametrize(
    ("path", "family", "unit"),
    [
        ("预算.收入.合计", "money", "万元"),
        ("预算.收入.来源[第2项].金额", "money", "万元"),
        ("预算.支出.项目支出.项目.预算数", "money", "万元"),
        ("预算.支付进度.实际支付进度", "rate", "%"),
        ("资产.公务用车数", "count", None),
        ("资产.在用固定资产", "money", "万元"),
        ("人员编制.离退休人数", "count", None),
        ("单位.年度", "year", None),
        ("自评结果.得分", "score", None),
        ("自评结果.分项得分.满意度", "score", None),
        ("单位.名称", "text", None),
        ("自评结果.等级", "choice", None),
        ("预算.支出.项目支出.项目.重点项目", "flag", None),
        ("评价依据", "text", None),
    ],
)
def test_field_family_comes_from_the_type(path: str, family: str, unit: str | None) -> None:
    field = schema.field_at(path)
    assert (field.family, field.unit) == (family, unit)


def test_groups_and_lists_know_their_model() -> None:
    assert schema.field_at("预算.收入").model is not None and not schema.field_at("预算.收入").many
    rows = schema.field_at("履职成效[第1项].事项")
    assert rows.many and rows.model is not None and rows.model.__name__ == "Achievement"
    assert schema.field_at("单位.名称").model is None


@pytest.mark.parametrize("path", ["单位.年份", "预算.收入.合计.金额", "", "人员编制..编制数", "履职成效[第0项]"])
def test_unknown_paths_are_refused(path: str) -> None:
    with pytest.raises(UnknownFactPath):
        schema.field_at(path)


def test_every_number_in_the_model_has_a_family(small: Facts) -> None:
    """A new numeric field must say what it is (Money, Rate, Count …); the gate never guesses by path."""
    untyped = [leaf.path for leaf in schema.walk(Facts.model_validate(SMALL)) if leaf.family == "number"]
    assert untyped == []


def test_walk_yields_every_entered_value_in_order(small: Facts) -> None:
    leaves = {leaf.path: leaf for leaf in schema.walk(small)}
    assert leaves["人员编制.编制数"].value == 12
    assert leaves["预算.收入.来源[第2项].名称"].value == "其他收入"
    assert "预算.收入.来源[第1项].金额" in list(leaves)
    assert "单位.简称" not in leaves  # not entered
    first = leaves["履职成效[第1项].事项[第1项].数据[第1项].数值"]
    assert (first.family, first.unit, first.name) == ("count", "卷", "接收档案")
    assert first.named_path == "履职成效[第1项].事项[第1项].数据[第1项].接收档案"
    rate = leaves["履职成效[第1项].事项[第1项].数据[第2项].数值"]
    money = leaves["履职成效[第1项].事项[第1项].数据[第3项].数值"]
    assert (rate.family, money.family, money.unit) == ("rate", "money", "元")
    paths = list(leaves)
    assert paths.index("单位.名称") < paths.index("人员编制.编制数") < paths.index("自评结果.得分")


def test_get_reads_models_and_data_alike(small: Facts) -> None:
    for source in (small, SMALL):
        assert schema.get(source, "预算.收入.来源[第2项].金额") == 20
        assert schema.get(source, "履职成效[第1项].事项[第1项].数据[第3项].单位") == "元"
        assert schema.get(source, "预算.收入.来源[第5项].金额") is None
        assert schema.get(source, "预算.三公经费.预算数") is None
    assert schema.get(small, "人员编制").authorized == 12
    with pytest.raises(UnknownFactPath):
        schema.get(SMALL, "人员编制.编制")


def test_set_returns_a_copy_and_prunes_what_it_empties() -> None:
    data = {"单位": {"名称": "甲"}}
    out = schema.set(data, "预算.三公经费.预算数", 18)
    assert out == {"单位": {"名称": "甲"}, "预算": {"三公经费": {"预算数": 18}}}
    assert data == {"单位": {"名称": "甲"}}
    assert schema.set(out, "预算.三公经费.预算数", None) == {"单位": {"名称": "甲"}}
    rows = schema.set(SMALL, "预算.收入.来源[第1项].金额", "279.5")
    assert rows["预算"]["收入"]["来源"][0] == {"名称": "财政拨款", "金额": "279.5"}
    assert SMALL["预算"]["收入"]["来源"][0]["金额"] == 280
    with pytest.raises(UnknownFactPath):
        schema.set(data, "单位.名字", "乙")


def test_gate_families_follow_the_schema(small: Facts) -> None:
    figures = {f.path: (f.family, f.value) for f in fact_figures(small)}
    assert figures["预算.收入.合计"] == ("money", Decimal(300))
    assert figures["预算.支付进度.实际支付进度"] == ("percent", Decimal("98.5"))
    assert figures["资产.公务用车数"] == ("count", Decimal(1))
    assert figures["单位.年度"] == ("year", Decimal(2023))
    assert figures["自评结果.分项得分.预算执行"] == ("count", Decimal(9))
    assert figures["履职成效[第1项].事项[第1项].数据[第3项].专项资金"] == ("money", Decimal("3.5"))
    assert figures["履职成效[第1项].事项[第1项].数据[第2项].数字化率"] == ("percent", Decimal(85))
