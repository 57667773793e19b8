"""The common indicators of 财预〔2013〕53号 附件2, computed from the facts and never asked of a model.

Each indicator is computed only when every input is present and the divisor is not zero; otherwise it is
simply absent, so a missing fact can never turn into a made-up rate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from assistant.facts.model import Facts
from assistant.numbers import round2

AdjustmentVariant = Literal["standard", "henan"]


@dataclass(frozen=True)
class Indicator:
    """A computed rate with the figures it came from, so a reader can redo the sum."""

    id: str
    name: str
    value: Decimal
    formula: str
    inputs: dict[str, Decimal] = field(default_factory=dict)
    unit: str = "%"


def _rate(part: Decimal | int | None, whole: Decimal | int | None) -> Decimal | None:
    if part is None or whole is None or Decimal(whole) == 0:
        return None
    return round2(Decimal(part) / Decimal(whole) * 100)


def _ratio(
    ident: str,
    name: str,
    formula: str,
    part: tuple[str, Decimal | int | None],
    whole: tuple[str, Decimal | int | None],
) -> Indicator | None:
    value = _rate(part[1], whole[1])
    if value is None or part[1] is None or whole[1] is None:
        return None
    return Indicator(ident, name, value, formula, {part[0]: Decimal(part[1]), whole[0]: Decimal(whole[1])})


def staff_control(f: Facts) -> Indicator | None:
    return _ratio(
        "staff_control",
        "在职人员控制率",
        "实有人数 ÷ 编制数 × 100%",
        ("实有人数", f.staffing.actual),
        ("编制数", f.staffing.authorized),
    )


def three_public_change(f: Facts) -> Indicator | None:
    tp = f.budget.three_public
    if tp.actual is None or tp.last_year is None or tp.last_year == 0:
        return None
    value = round2((tp.actual - tp.last_year) / tp.last_year * 100)
    return Indicator(
        "three_public_change",
        "三公经费变动率",
        value,
        "（本年三公经费 − 上年三公经费）÷ 上年三公经费 × 100%",
        {"本年三公经费": tp.actual, "上年三公经费": tp.last_year},
    )


def key_spending(f: Facts) -> Indicator | None:
    projects = f.budget.spending.project.projects
    if not any(p.key for p in projects) or any(p.key and p.actual is None for p in projects):
        return None
    key_total = sum((p.actual for p in projects if p.key and p.actual is not None), Decimal(0))
    return _ratio(
        "key_spending",
        "重点支出安排率",
        "重点项目支出 ÷ 项目总支出 × 100%",
        ("重点项目支出", key_total),
        ("项目总支出", f.budget.spending.project.total),
    )


def budget_execution(f: Facts) -> Indicator | None:
    s = f.budget.spending
    return _ratio(
        "budget_execution",
        "预算执行率",
        "实际支出 ÷ 全年预算数 × 100%",
        ("实际支出", s.total),
        ("全年预算数", s.budget),
    )


def basic_execution(f: Facts) -> Indicator | None:
    b = f.budget.spending.basic
    return _ratio(
        "basic_execution",
        "基本支出执行率",
        "基本支出 ÷ 基本支出预算数 × 100%",
        ("基本支出", b.total),
        ("基本支出预算数", b.budget),
    )


def project_execution(f: Facts) -> Indicator | None:
    p = f.budget.spending.project
    return _ratio(
        "project_execution",
        "项目支出执行率",
        "项目支出 ÷ 项目支出预算数 × 100%",
        ("项目支出", p.total),
        ("项目支出预算数", p.budget),
    )


def budget_adjustment(f: Facts, variant: AdjustmentVariant) -> Indicator | None:
    s = f.budget.spending
    if variant == "henan":
        if s.budget is None or s.initial_budget is None or s.initial_budget == 0:
            return None
        value = round2((s.budget - s.initial_budget) / s.initial_budget * 100)
        return Indicator(
            "budget_adjustment",
            "预算调整率",
            value,
            "（全年预算数 − 年初预算数）÷ 年初预算数 × 100%",
            {"全年预算数": s.budget, "年初预算数": s.initial_budget},
        )
    return _ratio(
        "budget_adjustment",
        "预算调整率",
        "预算调整数 ÷ 年初预算数 × 100%",
        ("预算调整数", s.adjustment),
        ("年初预算数", s.initial_budget),
    )


def payment_progress(f: Facts) -> Indicator | None:
    p = f.budget.payment
    return _ratio(
        "payment_progress",
        "支付进度率",
        "实际支付进度 ÷ 既定支付进度 × 100%",
        ("实际支付进度", p.actual),
        ("既定支付进度", p.planned),
    )


def carryover(f: Facts) -> Indicator | None:
    return _ratio(
        "carryover",
        "结转结余率",
        "结转结余总额 ÷ 支出预算数 × 100%",
        ("结转结余总额", f.budget.carryover),
        ("支出预算数", f.budget.spending.budget),
    )


def public_spending_control(f: Facts) -> Indicator | None:
    b = f.budget.spending.basic
    return _ratio(
        "public_spending_control",
        "公用经费控制率",
        "实际公用经费 ÷ 预算公用经费 × 100%",
        ("实际公用经费", b.public),
        ("预算公用经费", b.public_budget),
    )


def three_public_control(f: Facts) -> Indicator | None:
    tp = f.budget.three_public
    return _ratio(
        "three_public_control",
        "三公经费控制率",
        "三公经费实际支出 ÷ 三公经费预算数 × 100%",
        ("三公经费实际支出", tp.actual),
        ("三公经费预算数", tp.budget),
    )


def procurement_execution(f: Facts) -> Indicator | None:
    p = f.budget.procurement
    return _ratio(
        "procurement_execution",
        "政府采购执行率",
        "实际政府采购金额 ÷ 政府采购预算数 × 100%",
        ("实际政府采购金额", p.actual),
        ("政府采购预算数", p.budget),
    )


def fixed_asset_use(f: Facts) -> Indicator | None:
    a = f.assets
    return _ratio(
        "fixed_asset_use",
        "固定资产利用率",
        "在用固定资产 ÷ 全部固定资产 × 100%",
        ("在用固定资产", a.fixed_in_use),
        ("全部固定资产", a.fixed),
    )


def _keyed(ident: str, name: str, part: str, whole: str) -> Callable[[Facts], Indicator | None]:
    def compute(f: Facts) -> Indicator | None:
        return _ratio(
            ident, name, f"{part} ÷ {whole} × 100%", (part, f.keyed_quantity(part)), (whole, f.keyed_quantity(whole))
        )

    compute.__name__ = ident
    return compute


KEYED_INDICATORS: tuple[Callable[[Facts], Indicator | None], ...] = (
    _keyed("completion", "实际完成率", "完成工作数", "计划工作数"),
    _keyed("timeliness", "完成及时率", "及时完成数", "计划工作数"),
    _keyed("quality", "质量达标率", "达标工作数", "计划工作数"),
    _keyed("key_work_closure", "重点工作办结率", "重点工作完成数", "交办数"),
    _keyed("proposal_closure", "提案办结率", "办结数", "立案数"),
    _keyed("rectification", "整改完成率", "已整改数", "整改问题数"),
)


def compute_indicators(facts: Facts, adjustment_variant: AdjustmentVariant = "standard") -> list[Indicator]:
    """Every indicator the facts allow, in the order of the 53号 framework."""
    found = [
        staff_control(facts),
        three_public_change(facts),
        key_spending(facts),
        budget_execution(facts),
        basic_execution(facts),
        project_execution(facts),
        budget_adjustment(facts, adjustment_variant),
        payment_progress(facts),
        carryover(facts),
        public_spending_control(facts),
        three_public_control(facts),
        procurement_execution(facts),
        fixed_asset_use(facts),
        *(compute(facts) for compute in KEYED_INDICATORS),
    ]
    return [i for i in found if i is not None]
