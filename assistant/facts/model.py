"""The facts a unit's staff enter, as a validated pydantic model.

Field names are English for code; every field has a Chinese alias, which is what facts files use and what
error messages show, so staff never meet an English key. Every fact is optional: ``None`` means "not
entered" and is rendered as a visible 【待补充】 marker, never replaced by a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from assistant.grades import Grade, grade_for
from assistant.limits import limits
from assistant.numbers import fmt_fixed, fmt_plain
from assistant.unit_types import UnitType, unit_types

NumberFamily = Literal["money", "rate", "count", "year", "score"]


@dataclass(frozen=True)
class Kind:
    """Annotation marker: what a number field holds, so walkers never guess it from the field's path."""

    family: NumberFamily
    unit: str | None = None


@dataclass(frozen=True)
class OneOf:
    """Annotation marker: a text field whose values are kept in data files (the 指标 of each kind of unit), so
    the form offers them as a choice although the type is a plain string."""

    values: Callable[[], tuple[str, ...]]


@dataclass(frozen=True)
class MeasuredBy:
    """Annotation marker: the number's unit and name are in sibling fields (a quantity's 单位 and 名称)."""

    unit: str
    label: str


Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2), Kind("money", "万元")]
"""An amount in 万元 (ten thousand yuan); never negative, at most two decimals."""


def _chinese_bool(value: object) -> object:
    """Staff write 是/否 for yes/no; YAML only knows true/false."""
    return {"是": True, "否": False}.get(value, value) if isinstance(value, str) else value


YesNo = Annotated[bool, BeforeValidator(_chinese_bool)]

Count = Annotated[int, Field(ge=0, lt=10 ** limits().number_digits), Kind("count")]
Rate = Annotated[Decimal, Field(ge=0, le=100), Kind("rate", "%")]
"""A percentage between 0 and 100, as staff write it (97.93 means 97.93%)."""
Year = Annotated[int, Field(ge=2000, le=2100), Kind("year")]
Score = Annotated[Decimal, Field(ge=0, le=100), Kind("score")]
"""Points of the self-evaluation; a sub-score narrows the upper bound to its weight."""


class FactModel(BaseModel):
    """Common config: Chinese aliases in files, English names in code, no unknown keys."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid", str_strip_whitespace=True)


def _known_kind(name: str) -> str:
    if unit_types().get(name) is None:
        names = "、".join(k.name for k in unit_types().kinds)
        raise ValueError(f"单位类型“{name}”未定义，可选：{names}（或不填，由单位名称识别）")
    return name


UnitKind = Annotated[str, AfterValidator(_known_kind), OneOf(lambda: tuple(k.name for k in unit_types().kinds))]
"""One of the kinds of unit in assistant/unit_types/ (政协机关、教育局 …)."""


class Unit(FactModel):
    name: str | None = Field(None, alias="名称", description="单位全称，如 衡阳市蒸湘区政协机关")
    short_name: str | None = Field(None, alias="简称", description="行文中的自称，如 区政协")
    level: str | None = Field(None, alias="层级", description="省级、市级、区县级等")
    region: str | None = Field(None, alias="地区")
    year: Year | None = Field(None, alias="年度")
    kind: str | None = Field(None, alias="单位性质", description="行政单位、参公事业单位等")
    type: UnitKind | None = Field(
        None, alias="类型", description="政协机关、人大常委会机关、教育局等；不填时由单位名称识别"
    )
    superior: str | None = Field(None, alias="主管部门")


class Institution(FactModel):
    name: str = Field(alias="名称")
    rank: str | None = Field(None, alias="级别")
    note: str | None = Field(None, alias="说明")


class Organisation(FactModel):
    summary: str | None = Field(None, alias="概述")
    offices: list[Institution] = Field(default_factory=list, alias="内设机构")
    committees: list[Institution] = Field(default_factory=list, alias="专门委员会")
    affiliates: list[Institution] = Field(default_factory=list, alias="下属单位")


class Staffing(FactModel):
    authorized: Count | None = Field(None, alias="编制数")
    actual: Count | None = Field(None, alias="实有人数")
    administrative: Count | None = Field(None, alias="行政编制")
    institutional: Count | None = Field(None, alias="事业编制")
    retired: Count | None = Field(None, alias="离退休人数")


class IncomeSource(FactModel):
    name: str = Field(alias="名称")
    amount: Money | None = Field(None, alias="金额")


class Income(FactModel):
    total: Money | None = Field(None, alias="合计")
    sources: list[IncomeSource] = Field(default_factory=list, alias="来源")

    @model_validator(mode="after")
    def _sources_add_up(self) -> Income:
        amounts = [s.amount for s in self.sources]
        if self.total is not None and amounts and all(a is not None for a in amounts):
            _check_sum(self.total, [(s.name, s.amount) for s in self.sources])
        return self


class BasicSpending(FactModel):
    budget: Money | None = Field(None, alias="预算数")
    total: Money | None = Field(None, alias="合计")
    personnel: Money | None = Field(None, alias="人员经费")
    public: Money | None = Field(None, alias="公用经费")
    public_budget: Money | None = Field(None, alias="公用经费预算")

    @model_validator(mode="after")
    def _parts_add_up(self) -> BasicSpending:
        if self.total is not None and self.personnel is not None and self.public is not None:
            _check_sum(self.total, [("人员经费", self.personnel), ("公用经费", self.public)])
        return self


class Project(FactModel):
    name: str = Field(alias="名称")
    budget: Money | None = Field(None, alias="预算数")
    actual: Money | None = Field(None, alias="支出数")
    key: YesNo = Field(False, alias="重点项目", description="是否列为重点支出，用于重点支出安排率")
    purpose: str | None = Field(None, alias="用途")


class ProjectSpending(FactModel):
    budget: Money | None = Field(None, alias="预算数")
    total: Money | None = Field(None, alias="合计")
    projects: list[Project] = Field(default_factory=list, alias="项目")

    @model_validator(mode="after")
    def _projects_add_up(self) -> ProjectSpending:
        amounts = [p.actual for p in self.projects]
        if self.total is not None and amounts and all(a is not None for a in amounts):
            _check_sum(self.total, [(p.name, p.actual) for p in self.projects])
        return self


class Spending(FactModel):
    initial_budget: Money | None = Field(None, alias="年初预算数")
    budget: Money | None = Field(None, alias="全年预算数", description="调整后的支出预算数")
    adjustment: Money | None = Field(
        None, alias="预算调整数", description="财预〔2013〕53号口径：不含政策性、不可抗力及临时交办调整"
    )
    total: Money | None = Field(None, alias="合计", description="全年实际支出")
    basic: BasicSpending = Field(default_factory=BasicSpending, alias="基本支出")
    project: ProjectSpending = Field(default_factory=ProjectSpending, alias="项目支出")

    @model_validator(mode="after")
    def _parts_add_up(self) -> Spending:
        if self.total is not None and self.basic.total is not None and self.project.total is not None:
            _check_sum(self.total, [("基本支出", self.basic.total), ("项目支出", self.project.total)])
        return self


class ThreePublic(FactModel):
    """三公经费: official receptions, vehicles and travel abroad, which every report must disclose."""

    budget: Money | None = Field(None, alias="预算数")
    actual: Money | None = Field(None, alias="支出数")
    last_year: Money | None = Field(None, alias="上年支出数")
    reception: Money | None = Field(None, alias="公务接待费")
    vehicles: Money | None = Field(None, alias="公务用车购置及运行费")
    abroad: Money | None = Field(None, alias="因公出国（境）费")

    @model_validator(mode="after")
    def _parts_add_up(self) -> ThreePublic:
        parts = [self.reception, self.vehicles, self.abroad]
        if self.actual is not None and all(p is not None for p in parts):
            _check_sum(
                self.actual,
                [
                    ("公务接待费", self.reception),
                    ("公务用车购置及运行费", self.vehicles),
                    ("因公出国（境）费", self.abroad),
                ],
            )
        return self


class Procurement(FactModel):
    budget: Money | None = Field(None, alias="预算数")
    actual: Money | None = Field(None, alias="实际采购金额")


class PaymentProgress(FactModel):
    planned: Rate | None = Field(None, alias="既定支付进度")
    actual: Rate | None = Field(None, alias="实际支付进度")


class Budget(FactModel):
    income: Income = Field(default_factory=Income, alias="收入")
    spending: Spending = Field(default_factory=Spending, alias="支出")
    three_public: ThreePublic = Field(default_factory=ThreePublic, alias="三公经费")
    procurement: Procurement = Field(default_factory=Procurement, alias="政府采购")
    carryover: Money | None = Field(None, alias="结转结余")
    payment: PaymentProgress = Field(default_factory=PaymentProgress, alias="支付进度")


class Assets(FactModel):
    total: Money | None = Field(None, alias="资产总额")
    fixed: Money | None = Field(None, alias="固定资产")
    fixed_in_use: Money | None = Field(None, alias="在用固定资产")
    vehicles: Count | None = Field(None, alias="公务用车数")
    practices: list[str] = Field(default_factory=list, alias="管理措施")

    @model_validator(mode="after")
    def _fixed_within_total(self) -> Assets:
        if self.total is not None and self.fixed is not None and self.fixed > self.total:
            raise ValueError(f"固定资产 {fmt_fixed(self.fixed)} 大于资产总额 {fmt_fixed(self.total)}")
        if self.fixed is not None and self.fixed_in_use is not None and self.fixed_in_use > self.fixed:
            raise ValueError(f"在用固定资产 {fmt_fixed(self.fixed_in_use)} 大于固定资产 {fmt_fixed(self.fixed)}")
        return self


def _known_key(key: str) -> str:
    """A 指标 must be declared by some kind of unit (assistant/unit_types/*.yaml); which kind is checked by Facts."""
    if unit_types().owner(key) is None:
        raise ValueError(
            f"指标“{key}”未定义（各类单位的指标见 assistant/unit_types/ 下的文件），不需计算的数可不填指标"
        )
    return key


QuantityKey = Annotated[str, AfterValidator(_known_key), OneOf(lambda: unit_types().keys_for(None))]
"""A quantity that indicators and consistency checks understand; any other quantity is plain data."""


class Quantity(FactModel):
    """One counted fact, such as 召开全会 2 次 or 办复率 100%."""

    label: str = Field(alias="名称", description="数的是什么，如 立案提案、办复率")
    value: Annotated[Decimal, MeasuredBy(unit="unit", label="label")] = Field(
        alias="数值", ge=0, max_digits=limits().number_digits
    )
    unit: str = Field(alias="单位", description="件、次、人、篇、% 等")
    key: QuantityKey | None = Field(None, alias="指标", description="对应的个性指标，用于计算和校验")

    @model_validator(mode="after")
    def _rate_in_range(self) -> Quantity:
        if self.unit == "%" and self.value > 100:
            raise ValueError(f"{self.label}为 {fmt_plain(self.value)}%，比率不能超过100%")
        return self


class Achievement(FactModel):
    title: str = Field(alias="标题", description="一句话小标题，如 全会协商议大事")
    text: str | None = Field(None, alias="内容", description="做法与成效的简述")
    quantities: list[Quantity] = Field(default_factory=list, alias="数据")


class Theme(FactModel):
    title: str = Field(alias="主题")
    items: list[Achievement] = Field(default_factory=list, alias="事项")


class Problem(FactModel):
    problem: str = Field(alias="问题")
    cause: str | None = Field(None, alias="原因")


class Measure(FactModel):
    measure: str = Field(alias="措施")
    detail: str | None = Field(None, alias="说明")


class SubScores(FactModel):
    """Weights of 财预〔2020〕10号 第十三条: 预算执行 10, 产出 50, 效益 30, 满意度 10."""

    execution: Score | None = Field(None, alias="预算执行", le=10)
    output: Score | None = Field(None, alias="产出", le=50)
    effect: Score | None = Field(None, alias="效益", le=30)
    satisfaction: Score | None = Field(None, alias="满意度", le=10)


class SelfEvaluation(FactModel):
    score: Score | None = Field(None, alias="得分")
    grade: Grade | None = Field(None, alias="等级")
    sub_scores: SubScores = Field(default_factory=SubScores, alias="分项得分")

    @model_validator(mode="after")
    def _consistent(self) -> SelfEvaluation:
        if self.score is not None and self.grade is not None and grade_for(self.score) != self.grade:
            raise ValueError(
                f"得分 {fmt_plain(self.score)} 对应等级“{grade_for(self.score)}”，与填写的“{self.grade}”不符"
            )
        parts = [
            self.sub_scores.execution,
            self.sub_scores.output,
            self.sub_scores.effect,
            self.sub_scores.satisfaction,
        ]
        if self.score is not None and all(p is not None for p in parts):
            _check_sum(self.score, list(zip(("预算执行", "产出", "效益", "满意度"), parts, strict=True)))
        return self


class ResultUse(FactModel):
    application: str | None = Field(None, alias="应用")
    publication: str | None = Field(None, alias="公开")


class Facts(FactModel):
    """Everything the outline of a 部门整体支出绩效自评报告 needs; any part may be missing."""

    unit: Unit = Field(default_factory=Unit, alias="单位")
    basis: list[str] = Field(default_factory=list, alias="评价依据")
    duties: list[str] = Field(default_factory=list, alias="职能职责")
    organisation: Organisation = Field(default_factory=Organisation, alias="机构设置")
    staffing: Staffing = Field(default_factory=Staffing, alias="人员编制")
    budget: Budget = Field(default_factory=Budget, alias="预算")
    assets: Assets = Field(default_factory=Assets, alias="资产")
    summary: str | None = Field(None, alias="总体评价", description="绩效情况的总括一段")
    themes: list[Theme] = Field(default_factory=list, alias="履职成效")
    problems: list[Problem] = Field(default_factory=list, alias="存在问题")
    measures: list[Measure] = Field(default_factory=list, alias="改进措施")
    self_evaluation: SelfEvaluation = Field(default_factory=SelfEvaluation, alias="自评结果")
    result_use: ResultUse = Field(default_factory=ResultUse, alias="结果应用")

    @property
    def unit_type(self) -> UnitType | None:
        """The kind of unit: as stated in 单位.类型, else as its name tells (None when it cannot be told)."""
        return unit_types().kind_of(self.unit.type, self.unit.name)

    @model_validator(mode="after")
    def _keys_of_the_kind(self) -> Facts:
        """Once the kind is stated, its 指标 are the ones it counts (a 教育局 has no 立案数)."""
        if not self.unit.type:
            return self
        kind = self.unit_type
        allowed = unit_types().keys_for(kind)
        for t, theme in enumerate(self.themes, 1):
            for i, item in enumerate(theme.items, 1):
                for q, quantity in enumerate(item.quantities, 1):
                    if quantity.key is not None and quantity.key not in allowed:
                        owner = unit_types().owner(quantity.key)
                        raise ValueError(
                            f"履职成效：第{t}个主题的第{i}项，第{q}个数据：指标“{quantity.key}”属于"
                            f"{owner.name if owner else '其他单位'}，不适用于{self.unit.type}"
                        )
        return self

    @model_validator(mode="after")
    def _quantities_consistent(self) -> Facts:
        totals = self.keyed_totals()
        for part, whole in unit_types().not_above_for(self.unit_type):
            if part in totals and whole in totals and totals[part] > totals[whole]:
                raise ValueError(f"履职成效：{part} {fmt_plain(totals[part])} 大于 {whole} {fmt_plain(totals[whole])}")
        return self

    def keyed_totals(self) -> dict[str, Decimal]:
        """Each 指标 key's sum over all achievements: the figure indicators and cross-checks use."""
        totals: dict[str, Decimal] = {}
        for theme in self.themes:
            for item in theme.items:
                for q in item.quantities:
                    if q.key is not None:
                        totals[q.key] = totals.get(q.key, Decimal(0)) + q.value
        return totals

    def keyed_quantity(self, key: str) -> Decimal | None:
        """The sum of all quantities tagged with ``key``, or None when none is entered."""
        return self.keyed_totals().get(key)


def _check_sum(total: Decimal, parts: list[tuple[str, Decimal | None]]) -> None:
    """Reject parts that do not add up to their total (to the cent), naming every figure."""
    known = [(name, v) for name, v in parts if v is not None]
    added = sum((v for _, v in known), Decimal(0))
    if added != total:
        expr = " + ".join(f"{name} {fmt_fixed(v)}" for name, v in known)
        raise ValueError(f"{expr} ≠ {fmt_fixed(total)}")
