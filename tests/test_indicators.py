"""Indicator formulas of 财预〔2013〕53号 on the example unit, checked against hand arithmetic."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from assistant.facts import Facts, parse_facts
from assistant.facts.schema import field_at
from assistant.grades import grade_for
from assistant.indicators import compute_indicators, indicator_definitions, load_definitions, unit_type_definitions


def by_id(facts: Facts, variant: str = "standard") -> dict[str, Decimal]:
    return {i.id: i.value for i in compute_indicators(facts, variant)}  # type: ignore[arg-type]


def test_example_rates(example_facts: Facts) -> None:
    rates = by_id(example_facts)
    assert rates["staff_control"] == Decimal("92.11")  # 35 / 38
    assert rates["budget_execution"] == Decimal("97.93")  # 1283.08 / 1310.20
    assert rates["budget_adjustment"] == Decimal("3.81")  # 45 / 1180
    assert rates["three_public_change"] == Decimal("-14.54")  # (12.46 - 14.58) / 14.58
    assert rates["three_public_control"] == Decimal("69.22")  # 12.46 / 18
    assert rates["key_spending"] == Decimal("47.78")  # (128.50 + 96.40) / 470.73
    assert rates["carryover"] == Decimal("2.07")  # 27.12 / 1310.20
    assert rates["public_spending_control"] == Decimal("94.79")  # 106.17 / 112
    assert rates["procurement_execution"] == Decimal("93.67")  # 79.62 / 85
    assert rates["fixed_asset_use"] == Decimal("95.41")  # 298.40 / 312.75
    assert rates["payment_progress"] == Decimal("97.93")  # 97.93 / 100
    assert rates["proposal_closure"] == Decimal("100.00")
    assert rates["rectification"] == Decimal("100.00")
    assert rates["timeliness"] == Decimal("95.00")  # 19 / 20


def test_henan_adjustment_variant(example_facts: Facts) -> None:
    assert by_id(example_facts, "henan")["budget_adjustment"] == Decimal("11.03")  # (1310.20 - 1180) / 1180


def test_inputs_are_recorded(example_facts: Facts) -> None:
    staff = next(i for i in compute_indicators(example_facts) if i.id == "staff_control")
    assert staff.inputs == {"实有人数": Decimal(35), "编制数": Decimal(38)}
    assert "÷" in staff.formula


def test_missing_inputs_give_no_indicator(seed_facts: Facts) -> None:
    rates = by_id(seed_facts)
    assert "budget_execution" not in rates
    assert "staff_control" not in rates


def test_zero_divisor_gives_no_indicator() -> None:
    facts = parse_facts({"人员编制": {"编制数": 0, "实有人数": 0}})
    assert "staff_control" not in by_id(facts)


def test_rounding_is_half_up() -> None:
    facts = parse_facts({"人员编制": {"编制数": 8, "实有人数": 1}})  # 12.5 %
    facts2 = parse_facts({"预算": {"政府采购": {"预算数": 3, "实际采购金额": 2}}})  # 66.666… %
    assert by_id(facts)["staff_control"] == Decimal("12.50")
    assert by_id(facts2)["procurement_execution"] == Decimal("66.67")


@pytest.mark.parametrize(
    ("score", "grade"),
    [(100, "优"), (90, "优"), (89.99, "良"), (80, "良"), (79.5, "中"), (60, "中"), (59.99, "差"), (0, "差")],
)
def test_grade_for(score: float, grade: str) -> None:
    assert grade_for(Decimal(str(score))) == grade


DATA = Path(__file__).parent / "data" / "indicators"


def _cases(example_facts: Facts) -> dict[str, Facts]:
    varied = yaml.safe_load((DATA / "varied.yaml").read_text(encoding="utf-8"))
    return {"example": example_facts, **{name: parse_facts(data, name) for name, data in varied.items()}}


def test_figures_match_the_snapshot_taken_before_indicators_became_data(example_facts: Facts) -> None:
    """Every id, name, value, formula text and input of every case, in order, as the coded indicators gave them."""
    expected = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
    got = {
        f"{name}:{variant}": [
            [i.id, i.name, str(i.value), i.formula, {k: str(v) for k, v in i.inputs.items()}, i.unit]
            for i in compute_indicators(facts, variant)  # type: ignore[arg-type]
        ]
        for name, facts in _cases(example_facts).items()
        for variant in ("standard", "henan")
    }
    assert got == expected


def test_definitions_are_data_read_through_fact_paths() -> None:
    definitions = indicator_definitions()
    ids = [d.id for d in definitions]
    assert len(set(ids)) == 17 and ids.count("budget_adjustment") == 2
    personal = [d.id for d in unit_type_definitions(None)]
    assert {"proposal_closure", "rectification", "suggestion_closure", "school_places"} <= set(personal)
    assert not set(personal) & set(ids)
    for definition in (*definitions, *unit_type_definitions(None)):
        for source in (definition.part, definition.whole):
            if source.path is not None:
                field_at(source.path)


def test_a_definition_naming_an_unknown_fact_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "- {id: x, name: 某率, part: {name: 甲, path: 人员编制.编制}, whole: {name: 乙, path: 人员编制.编制数}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"没有“人员编制\.编制”"):
        load_definitions(bad)


def test_a_new_definition_needs_no_code(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "- id: retired_share\n  name: 离退休人员占比\n  places: 1\n"
        "  part: {name: 离退休人数, path: 人员编制.离退休人数}\n  whole: {name: 实有人数, path: 人员编制.实有人数}\n",
        encoding="utf-8",
    )
    facts = parse_facts({"人员编制": {"实有人数": 3, "离退休人数": 2}})
    [share] = compute_indicators(facts, definitions=load_definitions(extra))
    assert (share.value, share.formula) == (Decimal("66.7"), "离退休人数 ÷ 实有人数 × 100%")
