"""The pure helpers behind the pages: the inline diff HTML, facts form paths and rows, the outline status."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from assistant.facts import Facts, facts_to_data, load_facts, parse_facts
from assistant.profiles import load_profile
from assistant.store import SectionState, Version
from assistant.store.fields import with_value
from assistant.suggestions import Suggestion
from ui.diff_view import diff_html, text_html
from ui.drafting_calls import flagged_numbers
from ui.facts_form import (
    achievement_rows,
    achievements_from_rows,
    cell_number,
    edited_rows,
    field_spec,
    row_columns,
    validate,
)
from ui.outline import outline_label, status


def _body(html: str) -> str:
    return html.split("</style>", 1)[1].strip()


def test_diff_html_strikes_deletions_and_marks_insertions() -> None:
    sugg = Suggestion.between("召开全会2次，常委会4次，圆满完成任务。", "召开全会2次，常委会5次，圆满完成任务。<b>")
    html = _body(diff_html(sugg))
    assert "<del>4</del><ins>5</ins>" in html
    assert "<ins>&lt;b&gt;</ins>" in html
    assert "<sup>①</sup>" in html and "<sup>②</sup>" in html


def test_decided_hunks_read_as_they_will_be() -> None:
    sugg = Suggestion.between("甲乙丙丁戊己庚辛壬癸", "甲X丙丁戊己庚辛壬Y")
    html = _body(diff_html(sugg, {0: True, 1: False}))
    assert '<span class="jx-ok"><sup>①</sup>' in html and '<span class="jx-no"><sup>②</sup>' in html


def test_flagged_numbers_are_highlighted_across_segments() -> None:
    proposed = "2023年召开全会2次、常委会5次。"
    sugg = Suggestion.between("召开全会2次，常委会4次。", proposed)
    start = proposed.index("5次")
    html = _body(diff_html(sugg, flagged=[(start, start + 2, "事实中没有")]))
    assert '<mark title="事实中没有">5</mark>' in html and '<mark title="事实中没有">次</mark>' in html
    assert _body(text_html("共7件", [(1, 3, "无")])) == '<div class="jx-diff">共<mark title="无">7件</mark></div>'


def test_field_specs_follow_the_facts_model() -> None:
    assert field_spec("人员编制.编制数").kind == "integer"
    assert field_spec("预算.三公经费.支出数").kind == "number"
    assert field_spec("自评结果.等级").choices == ("优", "良", "中", "差")
    assert field_spec("职能职责").kind == "text_list"
    projects = field_spec("预算.支出.项目支出.项目")
    assert projects.kind == "rows" and projects.row_model is not None
    assert [c.label for c in row_columns(projects.row_model)] == ["名称", "预算数", "支出数", "重点项目", "用途"]


def test_with_value_sets_and_prunes() -> None:
    data = with_value({}, "预算.三公经费.支出数", "12.46")
    assert data == {"预算": {"三公经费": {"支出数": "12.46"}}}
    assert with_value(data, "预算.三公经费.支出数", None) == {}
    assert with_value({"职能职责": ["甲"]}, "职能职责", []) == {}


def test_validation_messages_are_keyed_by_field_path() -> None:
    result = validate({"人员编制": {"编制数": "abc"}, "自评结果": {"得分": 95, "等级": "良"}})
    assert result.facts is None
    assert any("应为整数" in m for m in result.at("人员编制.编制数"))
    assert any("对应等级“优”" in m for m in result.at("自评结果"))
    assert len(result.under("人员编制")) == 1


def test_grid_numbers_become_exact_facts() -> None:
    assert cell_number(128.5) == "128.5"
    assert cell_number(53.0) == 53
    assert cell_number(float("nan")) is None
    columns = row_columns(field_spec("存在问题").row_model)  # type: ignore[arg-type]
    base = [{"问题": "甲", "原因": "乙"}, {"问题": "丙"}]
    delta = {
        "edited_rows": {"1": {"原因": " 丁 "}},
        "added_rows": [{"问题": None}, {"问题": "戊"}],
        "deleted_rows": [0],
    }
    assert edited_rows(base, delta, columns) == [{"问题": "丙", "原因": "丁"}, {"问题": "戊"}]


def test_achievement_tables_round_trip(example_facts: Facts) -> None:
    data = facts_to_data(example_facts)
    items, quantities = achievement_rows(data)
    assert len(items) == 6 and quantities[0]["主题"] == "坚持政治引领，加强思想建设"
    assert achievements_from_rows(items, quantities) == data["履职成效"]
    more = [*quantities, {"主题": "新主题", "事项": "新事项", "名称": "走访委员", "数值": 20, "单位": "人次"}]
    rebuilt = parse_facts({"履职成效": achievements_from_rows(items, more)})
    assert rebuilt.themes[-1].items[0].quantities[0].value == Decimal(20)


def test_outline_status() -> None:
    def state(source: str | None, text: str = "正文") -> SectionState:
        head = None if source is None else Version(1, "overview", 1, None, text, source, "", "")  # type: ignore[arg-type]
        return SectionState(1, "overview", 1, head)

    assert status(None) == status(state(None)) == status(state("draft", " ")) == "empty"
    assert status(state("draft")) == "drafted"
    assert status(state("accept")) == status(state("edit")) == "edited"
    assert outline_label("一、部门概况", state("edit"), 2, True) == "✎ 一、部门概况（已修改 · ⚠2 · 有待处理建议）"


def test_flag_reasons_tell_invented_from_misplaced_figures() -> None:
    facts = load_facts(Path(__file__).resolve().parents[2] / "facts" / "example.yaml")
    text = "基本支出812.35万元，其中公用经费706.18万元，另有其他支出999.00万元。"
    reasons = {text[s:e]: why for s, e, why in flagged_numbers(text, facts, load_profile(), "budget")}
    assert "不对应" in reasons["706.18万元"]
    assert reasons["999.00万元"].startswith("事实中没有")
    assert "812.35万元" not in reasons


def test_form_messages_say_fields_in_words() -> None:
    bad = validate({"履职成效": [{"主题": "提案", "事项": [{"标题": "办理", "数据": [{"数值": 5}]}]}]})
    assert bad.messages and not any("." in m.split("：")[0] or "[" in m for m in bad.messages)
