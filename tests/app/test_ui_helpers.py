"""The pure helpers behind the pages: the inline diff HTML, facts form paths and rows, the outline status."""

from __future__ import annotations

from pathlib import Path

from assistant.facts import load_facts
from assistant.profiles import load_profile
from assistant.store import SectionState, Version
from assistant.store.fields import with_value
from assistant.suggestions import Suggestion
from ui.diff_view import diff_html, text_html
from ui.drafting_calls import flagged_numbers
from ui.facts_form import (
    achievements_adding,
    achievements_with,
    cell_number,
    edited_rows,
    entry_path,
    field_spec,
    row_columns,
    theme_path,
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


def test_achievements_are_edited_in_place() -> None:
    data = {"履职成效": [{"主题": "民生", "事项": [{"标题": "低保", "内容": "应保尽保"}, {"标题": "救助"}]}]}
    figures = [{"名称": "低保对象", "数值": 1520, "单位": "户"}]
    assert achievements_with(data, f"{entry_path(0, 1)}.数据", figures)[0]["事项"][1] == {
        "标题": "救助",
        "数据": figures,
    }
    assert achievements_with(data, f"{entry_path(0, 0)}.内容", None)[0]["事项"][0] == {"标题": "低保"}
    assert achievements_with(data, entry_path(0, 0), None) == [{"主题": "民生", "事项": [{"标题": "救助"}]}]
    assert achievements_with(data, theme_path(0), None) == []
    assert achievements_adding(data, None, "教育")[-1] == {"主题": "教育"}
    assert achievements_adding(data, 0, "临时救助")[0]["事项"][-1] == {"标题": "临时救助"}
    assert data["履职成效"][0]["事项"][0]["内容"] == "应保尽保"


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


def test_the_figures_grid_offers_the_keys_of_the_units_kind() -> None:
    """An 教育局 is offered 学位 and not 提案; a key already stored stays offered; an unknown kind sees them all."""
    from ui.facts_form import figure_columns

    def offered(unit: dict[str, str], figures: list[dict[str, str]]) -> tuple[str, ...]:
        return next(c.choices for c in figure_columns({"单位": unit}, figures) if c.label == "指标")

    education = offered({"名称": "湘江市清河区教育局"}, [])
    assert "新增学位数" in education and "整改问题数" in education
    assert "立案数" not in education
    assert "立案数" in offered({"名称": "湘江市清河区教育局"}, [{"名称": "立案", "指标": "立案数"}])
    assert {"立案数", "新增学位数", "代表建议数"} <= set(offered({"名称": "某市财政局"}, []))
    assert "代表建议数" in offered({"名称": "某单位", "类型": "人大常委会机关"}, [])
