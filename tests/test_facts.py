"""Loading and validating facts files: good files load, bad ones say in Chinese what and where."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.facts import Facts, FactsError, facts_to_data, load_facts, parse_facts, schema
from assistant.facts.paths import is_missing, numeric_facts

BAD = Path(__file__).parent / "data" / "bad_facts"

BAD_FILES = {
    "negative_money.yaml": "结转结余：不能为负数",
    "rate_over_100.yaml": "办复率为 120%，比率不能超过100%",
    "closed_above_filed.yaml": "办结数 54 大于 立案数 53",
    "rectified_above_problems.yaml": "已整改数 13 大于 整改问题数 12",
    "year_out_of_range.yaml": "年度：不能小于 2000",
    "basic_sum_mismatch.yaml": "基本支出：人员经费 706.18 + 公用经费 106.17 ≠ 812.00",
    "projects_sum_mismatch.yaml": "项目支出：会议经费 128.50 + 履职经费 96.40 ≠ 300.00",
    "malformed.yaml": "YAML 格式错误：第 3 行",
    "malformed.json": "JSON 格式错误：第 1 行",
    "unknown_field.yaml": "单位中的“年份”：不是可识别的字段，是否应为“年度”",
    "not_a_mapping.yaml": "顶层应为一组字段",
    "empty.yaml": "文件是空的",
    "wrong_type.yaml": "编制数：应为整数",
    "binary.yaml": "不是文本文件",
    "three_decimals.yaml": "收入合计：最多保留 2 位小数",
    "grade_mismatch.yaml": "得分 85 对应等级“良”，与填写的“优”不符",
    "wrong_extension.txt": "不支持的文件类型",
}


@pytest.mark.parametrize(("name", "expected"), sorted(BAD_FILES.items()))
def test_bad_file_names_the_problem(name: str, expected: str) -> None:
    with pytest.raises(FactsError) as info:
        load_facts(BAD / name)
    assert any(expected in line for line in info.value.problems), info.value.problems


def test_every_bad_fixture_is_covered() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(BAD_FILES)


def test_problems_name_the_place_in_words_not_a_dotted_path() -> None:
    data = {
        "履职成效": [
            {"主题": "加强思想建设", "事项": [{"标题": "理论学习"}]},
            {
                "主题": "服务中心大局",
                "事项": [{"标题": "全会协商"}, {"标题": "提案办理", "数据": [{"数值": 53, "单位": "件"}]}],
            },
        ],
        "预算": {"支出": {"项目支出": {"项目": [{"名称": "会议经费", "支出数": "十万"}]}}},
        "人员编制": {"编制数": "三十八"},
    }
    with pytest.raises(FactsError) as info:
        parse_facts(data)
    assert info.value.problems == [
        "编制数：应为整数，请用阿拉伯数字（填写的是“三十八”）",
        "项目第1项的支出数：应为数字，请用阿拉伯数字，不带单位（填写的是“十万”）",
        "第2个主题的第2项，第1个数据：缺少名称",
    ]


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("人员编制.实有人数", "实有人数"),
        ("预算.支出.基本支出.合计", "基本支出合计"),
        ("预算.三公经费.预算数", "三公经费预算数"),
        ("单位.名称", "单位名称"),
        ("存在问题[第2项].原因", "存在问题第2项的原因"),
        ("履职成效[第3项].事项[第1项].内容", "第3个主题的第1项的内容"),
        ("履职成效[第2项].事项[第2项].数据[第1项].名称", "第2个主题的第2项，第1个数据的名称"),
        ("单位.年份", "单位中的“年份”"),
    ],
)
def test_paths_in_words(path: str, words: str) -> None:
    assert schema.path_words(path) == words


def test_missing_file() -> None:
    with pytest.raises(FactsError, match="文件不存在"):
        load_facts(BAD / "no-such-file.yaml")


def test_all_problems_reported_at_once() -> None:
    with pytest.raises(FactsError) as info:
        parse_facts({"单位": {"年度": 1999}, "预算": {"结转结余": -1}, "人员编制": {"编制数": -2}})
    assert len(info.value.problems) == 3


def test_example_facts_load(example_facts: Facts) -> None:
    assert example_facts.unit.name == "湘江市清河区政协机关"
    assert example_facts.budget.spending.basic.personnel == Decimal("706.18")
    assert example_facts.budget.spending.project.projects[0].key is True  # 是 → True
    assert example_facts.keyed_quantity("立案数") == 53


def test_seed_facts_keep_budget_missing(seed_facts: Facts) -> None:
    assert seed_facts.unit.year == 2021
    assert is_missing(seed_facts, "预算.收入.合计")
    assert is_missing(seed_facts, "预算.支出")
    assert not is_missing(seed_facts, "履职成效")
    assert seed_facts.staffing.authorized is None


def test_json_and_yaml_are_equivalent(tmp_path: Path, example_facts: Facts) -> None:
    path = tmp_path / "example.json"
    path.write_text(json.dumps(facts_to_data(example_facts), ensure_ascii=False), encoding="utf-8")
    assert load_facts(path) == example_facts


def test_gbk_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("单位:\n  名称: 测试单位\n  年度: 2022\n".encode("gbk"))
    assert load_facts(path).unit.name == "测试单位"


def test_english_field_names_are_accepted() -> None:
    facts = parse_facts({"unit": {"name": "测试单位", "year": 2022}})
    assert facts.unit.year == 2022


def test_numeric_facts_lists_every_number(example_facts: Facts) -> None:
    paths = dict(numeric_facts(example_facts))
    assert paths["预算.支出.基本支出.人员经费"] == Decimal("706.18")
    assert paths["单位.年度"] == 2023
    assert "预算.支出.项目支出.项目[第1项].重点项目" not in paths  # a yes/no is not a number


def test_resolve_by_chinese_path(example_facts: Facts) -> None:
    assert schema.get(example_facts, "人员编制.编制数") == 38
