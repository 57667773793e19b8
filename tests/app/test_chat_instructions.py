"""Typed instructions in the 起草 chat: one that needs no model is carried out even in 模板 mode and becomes a
suggestion; one asking for a figure outside the facts is answered with the reason and a button that opens the
事实 page on the fact to change."""

from __future__ import annotations

from apptools import AppFactory, no_exceptions
from streamlit.testing.v1 import AppTest

from assistant.store import Project, Store

DRAFT = "ui/draft_page.py"


def _drafted_assets(open_app: AppFactory) -> AppTest:
    at = open_app(DRAFT)
    at.sidebar.button(key="outline:assets").click().run()
    at.button(key="act:起草").click().run()
    at.button(key="accept_all").click().run()
    no_exceptions(at)
    return at


def test_removing_a_paragraph_needs_no_model_and_is_a_suggestion(
    open_app: AppFactory, project: Project, store: Store
) -> None:
    at = _drafted_assets(open_app)
    drafted = store.section(project.id, "assets").text
    at.chat_input(key="chat:assets").set_value("删除第二段").run()
    no_exceptions(at)
    record = store.open_suggestion(project.id, "assets")
    assert record is not None and (record.operation, record.instruction) == ("删除", "删除第二段")
    kept = [line for line in drafted.split("\n") if line.strip()]
    assert record.proposed_text.split("\n") == kept[:1] + kept[2:]


def test_a_figure_outside_the_facts_is_refused_with_a_button_to_the_fact(
    open_app: AppFactory, project: Project, store: Store
) -> None:
    at = _drafted_assets(open_app)
    drafted = store.section(project.id, "assets").text
    at.chat_input(key="chat:assets").set_value("资产总额写成600万元").run()
    no_exceptions(at)
    assert store.open_suggestion(project.id, "assets") is None
    assert store.section(project.id, "assets").text == drafted
    said = " ".join(w.value for w in at.warning)
    assert "无法照办：事实中资产总额为568.30万元，报告中的数字必须来自事实，不能写成600万元" in said
    [go] = [b for b in at.button if b.label.startswith("去修改事实")]
    assert go.label == "去修改事实“资产总额”"
    go.click().run()
    no_exceptions(at)
    at.switch_page("ui/facts_page.py").run()
    no_exceptions(at)
    assert any("请在这里修改“资产总额”" in i.value for i in at.info)
    assert at.session_state[f"facts_tab_{project.id}"] == "资产"
