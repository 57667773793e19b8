"""Last year's report proposes everything that carries over: name, basis, duties, structure, staffing, practices,
last year's 三公 as this year's comparison figure, and the themes as a starting outline."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.extract.carry_over import CARRY_OVER_FIELDS, apply_carried, carry_over, filled_share
from assistant.facts import parse_facts
from assistant.importers import parse_text, read_report
from assistant.profiles import load_profile

ROOT = Path(__file__).resolve().parents[1]
SEED = Path("/work/shared/seeds/000_af78986763f59c3a.txt")
REALISTIC = ROOT / "tests" / "data" / "realistic"


def _carried(report_text: str) -> dict[str, object]:
    return {f.path: f.value for f in carry_over(parse_text(report_text), load_profile())}


def test_a_water_bureau_report_gives_duties_structure_staffing_and_last_years_three_public() -> None:
    found = {f.path: f for f in carry_over(read_report(REALISTIC / "07-hunan-shuili-yi-2022.txt"), load_profile())}
    assert found["单位.名称"].value == "永州市冷水滩区水利局"
    assert found["职能职责"].value[0].startswith("区水利局负责保障全区水资源合理开发利用")
    assert found["机构设置.概述"].value.startswith("局机关内设办公室、规划建设股")
    assert (found["人员编制.编制数"].value, found["人员编制.实有人数"].value) == (38, 36)
    assert found["预算.三公经费.上年支出数"].value == "8.49"
    assert found["预算.三公经费.上年支出数"].label == "三公经费上年支出数"
    assert [t["主题"] for t in found["履职成效"].value] == ["水旱灾害防御", "水利工程建设", "河湖管理"]
    assert "预算.收入.合计" not in found, "this year's figures are never taken from last year's report"


def test_a_culture_bureau_report_gives_basis_and_a_two_level_outline() -> None:
    found = _carried((REALISTIC / "13-hunan-wenlv-change-long-2023.txt").read_text(encoding="utf-8"))
    assert found["评价依据"][0] == "《湖南省预算支出绩效评价管理办法》（湘财绩〔2020〕7号）"
    outline = found["履职成效"]
    assert outline[0] == {
        "主题": "公共文化服务",
        "事项": [{"标题": "文化惠民"}, {"标题": "阅读推广"}, {"标题": "文物保护"}],
    }


def test_the_seed_gives_structure_practices_and_its_outline() -> None:
    found = {f.path: f for f in carry_over(read_report(SEED), load_profile())}
    assert found["机构设置.概述"].value.startswith("区政协机关设立工作机构1个：区政协办公室")
    assert found["资产.管理措施"].value[0].startswith("本单位固定资产实行统一管理")
    outline = found["履职成效"].value
    assert len(outline) == 4 and outline[1]["事项"][3] == {"标题": "提案办理汇合力"}
    assert "单位.名称" not in found, "the seed's title names no unit"


def test_a_township_report_without_sub_headings() -> None:
    text = (
        "青山镇人民政府2022年度部门整体支出绩效自评报告\n\n一、基本情况\n\n"
        "青山镇人民政府主要职责是贯彻执行党和国家的方针政策，负责本镇经济社会发展。镇政府内设党政办公室等6个办公室。"
        "核定编制45名，实有在职人员41人，离退休人员23人。\n\n二、部门整体支出管理及使用情况\n\n"
        "“三公”经费支出2.15万元，其中公务接待费2.15万元。\n\n三、部门整体支出绩效情况\n\n全年完成农村改厕300户。\n"
    )
    found = _carried(text)
    assert found["单位.名称"] == "青山镇人民政府"
    assert found["职能职责"] == ["青山镇人民政府主要职责是贯彻执行党和国家的方针政策，负责本镇经济社会发展"]
    assert found["机构设置.概述"] == "镇政府内设党政办公室等6个办公室"
    assert (found["人员编制.编制数"], found["人员编制.实有人数"], found["人员编制.离退休人数"]) == (45, 41, 23)
    assert found["预算.三公经费.上年支出数"] == "2.15"
    assert "履职成效" not in found


def test_accepted_facts_are_valid_facts_and_replace_only_their_own_field() -> None:
    facts = carry_over(read_report(REALISTIC / "13-hunan-wenlv-change-long-2023.txt"), load_profile())
    data = apply_carried({"单位": {"年度": 2024}, "人员编制": {"编制数": 60}}, facts)
    parsed = parse_facts(data)
    assert parsed.unit.year == 2024 and parsed.staffing.authorized == 62
    assert parsed.budget.three_public.last_year == Decimal("3.07")
    assert [t.title for t in parsed.themes][:2] == ["公共文化服务", "全民健身"]


@pytest.mark.parametrize(
    ("name", "at_least"),
    [
        ("07-hunan-shuili-yi-2022.txt", 7),
        ("13-hunan-wenlv-change-long-2023.txt", 8),
        ("05-hunan-xiangzhen-short-2023.txt", 6),
    ],
)
def test_share_filled_on_realistic_reports(name: str, at_least: int) -> None:
    filled, total = filled_share(carry_over(read_report(REALISTIC / name), load_profile()))
    assert total == len(CARRY_OVER_FIELDS) and filled >= at_least


def test_a_report_with_a_cover_and_a_table_of_contents() -> None:
    found = {
        f.path: f.value
        for f in carry_over(read_report(REALISTIC / "18-hunan-jiedao-toc-cover-2022.txt"), load_profile())
    }
    assert found["单位.名称"] == "衡阳市石鼓区人民街道办事处"
    assert found["职能职责"][0].startswith("街道办事处是区人民政府的派出机关")
    assert (found["人员编制.编制数"], found["人员编制.实有人数"]) == (64, 61)
    assert [t["主题"] for t in found["履职成效"]] == ["社区治理", "老旧小区改造", "平安建设"]
