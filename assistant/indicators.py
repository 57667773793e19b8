"""The common indicators of 财预〔2013〕53号 附件2, computed from the facts and never asked of a model.

The definitions are data (``profiles/indicators/*.yaml``): each finance notice renames or adds indicators,
and that should be an edit of a YAML file, not of code. Only the inputs no fact path can name are code,
as named functions (``FUNCTIONS``). Each indicator is computed only when every input is present and the
divisor is not zero; otherwise it is simply absent, so a missing fact can never turn into a made-up rate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator, model_validator

from assistant.facts import schema
from assistant.facts.model import Facts, QuantityKey
from assistant.unit_types import unit_types

AdjustmentVariant = Literal["standard", "henan"]
DEFINITIONS_DIR = Path(__file__).parent / "profiles" / "indicators"
DEFAULT_DEFINITIONS = "caiyu-2013-53"


def key_projects(facts: Facts) -> Decimal | None:
    """Spending of the projects marked 重点项目; unknown while any of them lacks its 支出数."""
    projects = facts.budget.spending.project.projects
    if not any(p.key for p in projects) or any(p.key and p.actual is None for p in projects):
        return None
    return sum((p.actual for p in projects if p.key and p.actual is not None), Decimal(0))


FUNCTIONS: dict[str, Callable[[Facts], Decimal | None]] = {"key_projects": key_projects}
"""Inputs that are a computation over several facts rather than one fact path."""


class Source(BaseModel):
    """One input of a rate: its name in the formula and where its figure comes from (exactly one of three)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    path: str | None = Field(None, description="a fact path, e.g. 预算.支出.合计")
    quantity: QuantityKey | None = Field(None, description="a 指标 key summed over 履职成效")
    function: Literal["key_projects"] | None = Field(None, description="a named computation of this module")

    @field_validator("path")
    @classmethod
    def _known_path(cls, path: str | None) -> str | None:
        if path is not None:
            try:
                schema.field_at(path)
            except schema.UnknownFactPath:
                raise ValueError(f"事实中没有“{path}”") from None
        return path

    @model_validator(mode="after")
    def _one_source(self) -> Source:
        if sum(x is not None for x in (self.path, self.quantity, self.function)) != 1:
            raise ValueError(f"“{self.name}”须且只须给出 path、quantity、function 之一")
        return self

    def read(self, facts: Facts) -> Decimal | None:
        if self.path is not None:
            value = schema.get(facts, self.path)
            return None if value is None else Decimal(value)
        if self.quantity is not None:
            return facts.keyed_quantity(self.quantity)
        assert self.function is not None
        return FUNCTIONS[self.function](facts)


class Definition(BaseModel):
    """One indicator as a finance notice defines it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    formula: Literal["ratio", "change"] = "ratio"
    part: Source
    whole: Source
    unit: str = "%"
    places: int = Field(2, ge=0, le=4, description="decimals, rounded half up as finance staff round by hand")
    variant: str | None = Field(None, description="one of several alternatives a profile chooses between")

    @property
    def formula_text(self) -> str:
        if self.formula == "change":
            return f"（{self.part.name} − {self.whole.name}）÷ {self.whole.name} × 100%"
        return f"{self.part.name} ÷ {self.whole.name} × 100%"

    def compute(self, facts: Facts) -> Indicator | None:
        part, whole = self.part.read(facts), self.whole.read(facts)
        if part is None or whole is None or whole == 0:
            return None
        top = part - whole if self.formula == "change" else part
        value = (top / whole * 100).quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP)
        inputs = {self.part.name: part, self.whole.name: whole}
        return Indicator(self.id, self.name, value, self.formula_text, inputs, self.unit)


@dataclass(frozen=True)
class Indicator:
    """A computed rate with the figures it came from, so a reader can redo the sum."""

    id: str
    name: str
    value: Decimal
    formula: str
    inputs: dict[str, Decimal] = field(default_factory=dict)
    unit: str = "%"


_DEFINITIONS = TypeAdapter(list[Definition])


def load_definitions(path: Path) -> tuple[Definition, ...]:
    """Indicator definitions from a YAML file; ValueError naming the file and the problem."""
    try:
        return tuple(_DEFINITIONS.validate_python(yaml.safe_load(path.read_text(encoding="utf-8"))))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ValueError(f"指标定义文件 {path.name} 有误：{exc}") from None


@cache
def indicator_definitions(name: str = DEFAULT_DEFINITIONS) -> tuple[Definition, ...]:
    """The shipped definitions ``name`` (a file under profiles/indicators/), read once."""
    return load_definitions(DEFINITIONS_DIR / f"{name}.yaml")


@cache
def unit_type_definitions(kind_id: str | None) -> tuple[Definition, ...]:
    """The personalised indicators of one kind of unit (assistant/unit_types/*.yaml), or of every kind when the
    kind is unknown (each needs its own 指标, so it only appears where its facts are entered), then the ones
    every kind shares (整改完成率)."""
    kinds = unit_types()
    own = kinds.kinds if kind_id is None else tuple(k for k in kinds.kinds if k.id == kind_id)
    chosen = (*own, kinds.common)
    found: list[Definition] = []
    for kind in chosen:
        try:
            found.extend(_DEFINITIONS.validate_python(list(kind.indicators)))
        except ValidationError as exc:
            raise ValueError(f"单位类型 {kind.id} 的指标定义有误：{exc}") from None
    return tuple(found)


def compute_indicators(
    facts: Facts,
    adjustment_variant: AdjustmentVariant = "standard",
    definitions: Sequence[Definition] | None = None,
) -> list[Indicator]:
    """Every indicator the facts allow, in the order of the definitions; variants other than the chosen one skipped.

    Without ``definitions``: the common indicators of 财预〔2013〕53号, then those of the facts' kind of unit.
    """
    kind = facts.unit_type
    if definitions is None:
        chosen: Sequence[Definition] = indicator_definitions() + unit_type_definitions(kind.id if kind else None)
    else:
        chosen = definitions
    found = (d.compute(facts) for d in chosen if d.variant in (None, adjustment_variant))
    return [i for i in found if i is not None]
