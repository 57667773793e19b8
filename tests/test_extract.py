"""Facts proposed from free notes: numbers with units and labels by rule, or read by a (fake) chat model."""

from __future__ import annotations

from decimal import Decimal

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.extract import ExtractionError, apply_proposals, extract_facts, extract_facts_with_model
from assistant.extract.proposal import load_lexicon
from assistant.facts import parse_facts
from assistant.facts.schema import field_at
from assistant.unit_types import unit_types

NOTES = (
    "今年共立案53件提案，重点提案8件，办结53件，面商率、办复率、满意率均达100%。"
    "全年召开常委会4次、全会2次。三公经费支出12.46万元。核定编制38名，其中行政编制32名，实有人数35人。"
    "3月底召开了四届六次全会。2021是换届之年。"
)


ZHENGXIE = unit_types().get("政协机关")
"""The notes above are a 政协's: their 指标 are read in its terms."""


def _by_label(notes: str) -> dict[str, tuple[Decimal, str, str]]:
    return {p.label: (p.value, p.unit, p.path or p.target) for p in extract_facts(notes, ZHENGXIE)}


def test_a_word_two_kinds_use_names_a_key_only_once_the_kind_is_known() -> None:
    """办复率 is 提案's for a 政协 and 代表建议's for a 人大; with no kind it is proposed without a 指标."""
    notes = "交办代表建议86件，办复率100%，执法检查3次。"
    renda = {p.label: p.key for p in extract_facts(notes, unit_types().get("人大常委会机关"))}
    assert renda == {"交办代表建议": "代表建议数", "办复率": "建议办复率", "执法检查": "执法检查次数"}
    assert {p.label: p.key for p in extract_facts(notes)}["办复率"] is None
    assert {p.label: p.key for p in extract_facts(notes, ZHENGXIE)}["办复率"] == "办复率"


def test_numbers_units_and_labels() -> None:
    found = _by_label(NOTES)
    assert found["立案提案"] == (Decimal(53), "件", "履职成效（立案数）")
    assert found["重点提案"] == (Decimal(8), "件", "履职成效（重点提案数）")
    assert found["办结"][2] == "履职成效（办结数）"
    assert found["召开常委会"] == (Decimal(4), "次", "履职成效（常委会次数）")
    assert found["全会"][2] == "履职成效（全会次数）"
    assert found["三公经费支出"] == (Decimal("12.46"), "万元", "预算.三公经费.支出数")
    assert found["核定编制"][2] == "人员编制.编制数"
    assert found["行政编制"][2] == "人员编制.行政编制"
    assert found["实有人数"][2] == "人员编制.实有人数"


def test_shared_value_is_split_over_listed_labels() -> None:
    found = _by_label("面商率、办复率、满意率均达100%")
    assert set(found) == {"面商率", "办复率", "满意率"}
    assert all(v == (Decimal(100), "%", f"履职成效（{k}）") for k, v in found.items())


def test_dates_years_and_bare_numbers_are_skipped() -> None:
    found = _by_label("3月底召开了四届六次全会。2021是换届之年。共有委员120")
    assert found == {}


def test_money_in_yuan_becomes_wan_yuan() -> None:
    [fact] = extract_facts("公务接待费32600元")
    assert (fact.value, fact.unit, fact.path) == (Decimal("3.26"), "万元", "预算.三公经费.公务接待费")


def test_lexicon_paths_exist_in_the_facts_model() -> None:
    lexicon = load_lexicon()
    for rule in lexicon.facts:
        assert rule.path is not None
        field_at(rule.path)


def test_confirmed_proposals_are_valid_facts() -> None:
    data = apply_proposals({"单位": {"名称": "甲"}}, extract_facts(NOTES), "聚焦协商议政", "提案办理")
    facts = parse_facts(data)
    assert facts.staffing.authorized == 38
    assert facts.budget.three_public.actual == Decimal("12.46")
    assert facts.keyed_quantity("立案数") == 53
    assert [t.title for t in facts.themes] == ["聚焦协商议政"]
    again = apply_proposals(data, extract_facts("办结53件"), "聚焦协商议政", "提案办理")
    assert len(again["履职成效"]) == 1 and len(again["履职成效"][0]["事项"]) == 1


def test_model_reading_is_named_by_the_lexicon_and_gated_by_the_notes() -> None:
    answer = (
        '好的：{"facts": [{"名称": "立案提案", "数值": 53, "单位": "件"}, '
        '{"名称": "办复率", "数值": "100", "单位": "％"}, {"名称": "编造的数", "数值": 99, "单位": "件"}]}'
    )
    model = FakeListChatModel(responses=[answer])
    found = extract_facts_with_model("今年立案53件，办复率100%。", model, ZHENGXIE)
    assert [(p.label, p.value, p.unit, p.key) for p in found] == [
        ("立案提案", Decimal(53), "件", "立案数"),
        ("办复率", Decimal(100), "%", "办复率"),
    ]


@pytest.mark.parametrize("answer", ["没有数字", '{"facts": "无"}', "{facts: [}"])
def test_unusable_model_answer_is_an_extraction_error(answer: str) -> None:
    with pytest.raises(ExtractionError):
        extract_facts_with_model("立案53件", FakeListChatModel(responses=[answer]))
