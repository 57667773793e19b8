"""Kinds of unit as data: each kind's 指标 validate, feed its own indicators and cross-checks, and a new kind
is one YAML file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from assistant.cli import app
from assistant.facts import Facts
from assistant.indicators import compute_indicators
from assistant.unit_types import UnitTypeError, load_unit_types, unit_types
from assistant.unit_types.model import DATA_DIR


def facts_of(unit: dict[str, Any], *quantities: tuple[str, int | str, str, str]) -> dict[str, Any]:
    """A small facts file: one theme, one item, the given (名称, 数值, 单位, 指标) quantities."""
    data = [{"名称": label, "数值": value, "单位": measure, "指标": key} for label, value, measure, key in quantities]
    return {"单位": unit, "履职成效": [{"主题": "主要工作", "事项": [{"标题": "重点任务", "数据": data}]}]}


RENDA = {"名称": "湘江市清河区人大常委会机关"}
JIAOYU = {"名称": "湘江市清河区教育局", "类型": "教育局"}
XIANGZHEN = {"名称": "清河区石门镇人民政府"}


@pytest.mark.parametrize(
    ("unit", "quantities", "indicator", "value"),
    [
        (
            RENDA,
            [("交办代表建议", 86, "件", "代表建议数"), ("办结代表建议", 86, "件", "建议办结数")],
            "代表建议办结率",
            "100.00",
        ),
        (
            JIAOYU,
            [("计划新增学位", 1200, "个", "计划新增学位数"), ("新增学位", 1080, "个", "新增学位数")],
            "学位建设完成率",
            "90.00",
        ),
        (
            XIANGZHEN,
            [("计划改厕", 400, "户", "计划改厕户数"), ("完成改厕", 388, "户", "完成改厕户数")],
            "改厕任务完成率",
            "97.00",
        ),
    ],
)
def test_each_kind_counts_in_its_own_terms_and_gets_its_indicator(
    unit: dict[str, Any], quantities: list[tuple[str, int, str, str]], indicator: str, value: str
) -> None:
    facts = Facts.model_validate(facts_of(unit, *quantities))
    found = {i.name: i.value for i in compute_indicators(facts)}
    assert found[indicator] == Decimal(value)
    assert "提案办结率" not in found


def test_a_zhengxie_keeps_its_proposal_indicator(example_facts: Facts) -> None:
    assert any(i.name == "提案办结率" for i in compute_indicators(example_facts))
    assert example_facts.unit_type is not None and example_facts.unit_type.name == "政协机关"


def test_cross_checks_come_from_the_kind() -> None:
    with pytest.raises(ValueError, match="完成改厕户数 420 大于 计划改厕户数 400"):
        Facts.model_validate(
            facts_of(XIANGZHEN, ("计划改厕", 400, "户", "计划改厕户数"), ("完成改厕", 420, "户", "完成改厕户数"))
        )


def test_a_key_of_another_kind_is_refused_once_the_kind_is_stated() -> None:
    with pytest.raises(ValueError) as refused:
        Facts.model_validate(facts_of(JIAOYU, ("立案提案", 53, "件", "立案数")))
    message = str(refused.value)
    assert "指标“立案数”属于政协机关，不适用于教育局" in message
    assert "第1个主题的第1项，第1个数据" in message


def test_an_unknown_key_and_an_unknown_kind_are_named() -> None:
    with pytest.raises(ValueError, match="指标“学位数”未定义"):
        Facts.model_validate(facts_of({"名称": "某局"}, ("学位", 5, "个", "学位数")))
    with pytest.raises(ValueError, match=r"单位类型“文化馆”未定义.*可选：.*教育局"):
        Facts.model_validate({"单位": {"类型": "文化馆"}})


def test_recognised_from_the_unit_name_and_lenient_when_unknown() -> None:
    """A unit whose kind cannot be told may use any known 指标: the facts decide, not a guess."""
    kinds = unit_types()
    assert kinds.recognise("中国人民政治协商会议湘江市清河区委员会办公室").id == "zhengxie"  # type: ignore[union-attr]
    assert kinds.recognise("某县人民代表大会常务委员会办公室").id == "renda"  # type: ignore[union-attr]
    assert kinds.recognise("某市财政局") is None
    facts = Facts.model_validate(facts_of({"名称": "某市财政局"}, ("立案提案", 3, "件", "立案数")))
    assert facts.unit_type is None


@pytest.mark.parametrize("kind", [k.id for k in unit_types().kinds])
def test_cli_validates_each_kinds_keys(kind: str, tmp_path: Path) -> None:
    spec = unit_types().get(kind)
    assert spec is not None
    data = facts_of(
        {"名称": "某单位", "类型": spec.name}, *((q.words[0], 1, q.units[0], q.key) for q in spec.quantities)
    )
    path = tmp_path / f"{kind}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["facts", "validate", str(path)])
    assert result.exit_code == 0, result.output


def test_a_new_kind_is_one_file(tmp_path: Path) -> None:
    for source in DATA_DIR.glob("*.yaml"):
        (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "wenlv.yaml").write_text(
        "id: wenlv\nname: 文化旅游广电局\nmatch: [文旅广体局, 文化旅游]\n"
        "quantities:\n  - {key: 惠民演出场次, words: [惠民演出], units: [场]}\n",
        encoding="utf-8",
    )
    kinds = load_unit_types(tmp_path)
    assert kinds.recognise("某县文化旅游广电体育局").name == "文化旅游广电局"  # type: ignore[union-attr]
    assert "惠民演出场次" in kinds.keys_for(kinds.get("wenlv"))


def test_a_key_declared_twice_is_refused(tmp_path: Path) -> None:
    for source in DATA_DIR.glob("*.yaml"):
        (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "copy.yaml").write_text(
        "id: copy\nname: 复制\nquantities:\n  - {key: 立案数, words: [立案], units: [件]}\n", encoding="utf-8"
    )
    with pytest.raises(UnitTypeError, match="立案数"):
        load_unit_types(tmp_path)
