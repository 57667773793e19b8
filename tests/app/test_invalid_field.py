"""One invalid fact does not stop the report: drafting, checking and export go on without that fact."""

from __future__ import annotations

from apptools import ROOT, AppFactory, no_exceptions

from assistant.facts import facts_to_data, load_facts
from assistant.facts.usable import usable_part
from assistant.store import Project, Store
from assistant.store.fields import with_value


def _break_staffing(store: Store, project: Project) -> None:
    data = with_value(store.facts(project.id).data, "人员编制.实有人数", "三十五")
    store.save_facts(project.id, data, store.facts(project.id).revision)


def test_usable_part_drops_only_what_is_invalid() -> None:
    data = facts_to_data(load_facts(ROOT / "facts" / "example.yaml"))
    broken = with_value(with_value(data, "人员编制.实有人数", "三十五"), "预算.支出.基本支出.人员经费", "700")
    facts, dropped = usable_part(broken)
    assert facts.staffing.actual is None and facts.staffing.authorized == 38
    assert facts.budget.spending.total is not None and facts.budget.spending.basic.total is None
    assert dropped == ["人员编制.实有人数", "预算.支出.基本支出"]
    assert usable_part(data)[1] == []


def test_an_invalid_field_leaves_drafting_and_checking_open(
    open_app: AppFactory, project: Project, store: Store
) -> None:
    _break_staffing(store, project)
    at = open_app("ui/draft_page.py")
    at.sidebar.button(key="outline:assets").click().run()
    no_exceptions(at)
    assert any("实有人数" in w.value for w in at.warning)
    assert not at.button(key="act:起草").disabled
    at.button(key="act:起草").click().run()
    at.button(key="accept_all").click().run()
    no_exceptions(at)
    assert "资产总额568.30万元" in store.section(project.id, "assets").text

    at.switch_page("ui/check_page.py").run()
    no_exceptions(at)
    assert at.metric, "the check page stopped on one invalid fact"
    assert any("实有人数" in w.value for w in at.warning)


def test_a_half_entered_figure_drops_only_that_figure() -> None:
    figures = [
        {"名称": "开展集中学习"},
        {"名称": "组织专题研讨", "数值": 6, "单位": "次"},
        {"数值": 3, "单位": "期"},
        {"名称": "培训委员", "数值": "一百", "单位": "人次"},
    ]
    data = {
        "单位": {"名称": "甲县政协机关", "年度": 2023},
        "履职成效": [{"主题": "加强思想建设", "事项": [{"标题": "强化理论武装", "数据": figures}]}],
        "存在问题": [{"原因": "临时任务较多"}, {"问题": "预算编制不够精准"}],
    }
    facts, dropped = usable_part(data)
    assert facts.unit.name == "甲县政协机关"
    [item] = facts.themes[0].items
    assert [(q.label, q.value) for q in item.quantities] == [("组织专题研讨", 6)]
    assert [p.problem for p in facts.problems] == ["预算编制不够精准"]
    assert "（全部事实）" not in dropped
    assert data["履职成效"][0]["事项"][0]["数据"][0] == {"名称": "开展集中学习"}, "the data itself is not changed"
