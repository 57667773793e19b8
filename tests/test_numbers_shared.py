"""One number parser: the checker reads amounts and rates with ``assistant.numbers``, as the gate does.

Each case here was read differently by the checker's own regular expressions (full-width digits, 千元).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.checker import check_report
from assistant.importers import parse_text
from assistant.numbers import MONEY_SCALE, find_numerals, money_amounts, percentages, to_wan
from assistant.profiles import Profile


def test_thousands_of_yuan_are_one_amount() -> None:
    [found] = find_numerals("拨付专项经费5千元。")
    assert (found.value, found.unit, found.text) == (Decimal(5), "千元", "5千元")
    assert to_wan(found.value, found.unit) == Decimal("0.5")


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("支出1,286.40万元，其中3000元为差旅费", [("1286.40", "万元"), ("3000", "元")]),
        ("服务群众3万人次，投入2.5亿元", [("2.5", "亿元")]),
        ("结余１２.５０万元", [("12.50", "万元")]),
    ],
)
def test_money_amounts(text: str, amounts: list[tuple[str, str]]) -> None:
    assert [(str(m.value), m.unit) for m in money_amounts(text)] == amounts


def test_percentages_in_either_width() -> None:
    assert [m.value for m in percentages("办复率达100.00%，满意率９８％，增长3个百分点")] == [Decimal("100.00"), 98]


def test_the_money_scale_is_written_once() -> None:
    assert MONEY_SCALE["千元"] * 10 == MONEY_SCALE["万元"] == MONEY_SCALE["亿元"] / 10_000


@pytest.mark.parametrize(
    "line",
    [
        "全年支出合计１００．００万元，其中基本支出６０．００万元，项目支出５０．００万元。",
        "全年支出合计100.00万元，其中基本支出600千元，项目支出500千元。",
    ],
)
def test_a_breakdown_that_does_not_add_up_is_found_in_any_writing(profile: Profile, line: str) -> None:
    report = parse_text(f"某局2023年度部门整体支出绩效自评报告\n一、部门整体支出管理及使用情况\n{line}\n")
    rules = {f.rule for f in check_report(report, profile)}
    assert rules & {"consistency.sum", "consistency.sum-short"}, rules


def test_a_rate_over_a_hundred_in_full_width_is_found(profile: Profile) -> None:
    report = parse_text("某局2023年度部门整体支出绩效自评报告\n一、部门概况\n全年预算执行率为１２０％。\n")
    assert "consistency.rate" in {f.rule for f in check_report(report, profile)}
