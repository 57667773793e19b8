"""The budget overview table of the budget-execution section: budget, actual and rate per line."""

from __future__ import annotations

from decimal import Decimal

from assistant.facts.model import Facts
from assistant.indicators import Indicator
from assistant.numbers import fmt_fixed
from assistant.report.model import Table

DASH = "—"


def _cell(value: Decimal | None) -> str:
    return DASH if value is None else fmt_fixed(value)


def _rate(indicators: dict[str, Indicator], ident: str) -> str:
    found = indicators.get(ident)
    return DASH if found is None else f"{fmt_fixed(found.value)}%"


def budget_table(facts: Facts, indicators: dict[str, Indicator]) -> Table | None:
    """Only lines with at least one entered figure; None when the unit entered no budget at all."""
    b = facts.budget
    s = b.spending
    lines = [
        ("收入合计", None, b.income.total, DASH),
        ("支出合计", s.budget, s.total, _rate(indicators, "budget_execution")),
        ("其中：基本支出", s.basic.budget, s.basic.total, _rate(indicators, "basic_execution")),
        ("人员经费", None, s.basic.personnel, DASH),
        ("公用经费", s.basic.public_budget, s.basic.public, _rate(indicators, "public_spending_control")),
        ("项目支出", s.project.budget, s.project.total, _rate(indicators, "project_execution")),
        ("“三公”经费", b.three_public.budget, b.three_public.actual, _rate(indicators, "three_public_control")),
        ("政府采购", b.procurement.budget, b.procurement.actual, _rate(indicators, "procurement_execution")),
    ]
    rows = [
        [name, _cell(budget), _cell(actual), rate]
        for name, budget, actual, rate in lines
        if budget is not None or actual is not None
    ]
    if not rows:
        return None
    return Table(caption="单位：万元", rows=[["项目", "预算数", "实际数", "执行率（控制率）"], *rows])
