"""Two browser tabs on one report: the later write based on stale text is refused and said, never applied."""

from __future__ import annotations

from apptools import AppFactory, edit_table, editor_key, fkey, no_exceptions

from assistant.store import Project, Store


def test_stale_section_edit_is_refused_and_the_text_kept_for_the_writer(
    open_app: AppFactory, project: Project, store: Store
) -> None:
    store.commit(project.id, "assets", "原有正文。", "draft", 0)
    tab_a, tab_b = open_app("ui/draft_page.py"), open_app("ui/draft_page.py")
    for tab in (tab_a, tab_b):
        tab.sidebar.button(key="outline:assets").click().run()
    tab_a.text_area(key="edit:assets:1").input("甲窗口改过的正文。").run()
    no_exceptions(tab_a)
    tab_b.text_area(key="edit:assets:1").input("乙窗口改过的正文。").run()
    no_exceptions(tab_b)
    assert store.section(project.id, "assets").text == "甲窗口改过的正文。"
    assert any("另一个窗口或标签页中被修改" in e.value for e in tab_b.error)
    assert any(c.value == "乙窗口改过的正文。" for c in tab_b.code)
    assert tab_b.text_area(key="edit:assets:2").value == "甲窗口改过的正文。"


def test_stale_decision_on_a_suggestion_is_refused(open_app: AppFactory, project: Project, store: Store) -> None:
    base = store.commit(project.id, "assets", "原有正文。", "draft", 0)
    record = store.add_suggestion(base, "原有正文。新增一句。", "扩写")
    tab_a, tab_b = open_app("ui/draft_page.py"), open_app("ui/draft_page.py")
    for tab in (tab_a, tab_b):
        tab.sidebar.button(key="outline:assets").click().run()
    tab_a.button(key="accept_all").click().run()
    tab_b.button(key="reject_all").click().run()
    no_exceptions(tab_b)
    assert store.section(project.id, "assets").text == "原有正文。新增一句。"
    assert any("已处理过" in e.value for e in tab_b.error)
    assert store.open_suggestion(project.id, "assets") is None
    del record


def test_two_tabs_editing_different_facts_both_keep_their_value(
    open_app: AppFactory, project: Project, store: Store
) -> None:
    tab_a, tab_b = open_app(), open_app()
    tab_a.text_input(key=fkey(project.id, "人员编制.编制数")).input("40").run()
    tab_b.text_input(key=fkey(project.id, "人员编制.实有人数")).input("36").run()
    no_exceptions(tab_b)
    data = store.facts(project.id).data["人员编制"]
    assert (data["编制数"], data["实有人数"]) == ("40", "36")
    assert not tab_b.error
    assert tab_b.text_input(key=fkey(project.id, "人员编制.编制数", 1)).value == "40"
    assert tab_b.text_input(key=fkey(project.id, "人员编制.实有人数", 1)).value == "36"

    edit_table(tab_a, editor_key(tab_a, "存在问题"), {"edited_rows": {"1": {"原因": "施工周期长"}}})
    tab_b.text_input(key=fkey(project.id, "资产.公务用车数", 1)).input("2").run()
    no_exceptions(tab_a)
    no_exceptions(tab_b)
    stored = store.facts(project.id).data
    assert stored["存在问题"][1]["原因"] == "施工周期长" and str(stored["资产"]["公务用车数"]) == "2"


def test_two_tabs_editing_the_same_fact_the_later_is_refused(
    open_app: AppFactory, project: Project, store: Store
) -> None:
    tab_a, tab_b = open_app(), open_app()
    tab_a.text_input(key=fkey(project.id, "人员编制.编制数")).input("40").run()
    tab_b.text_input(key=fkey(project.id, "人员编制.编制数")).input("41").run()
    no_exceptions(tab_b)
    assert store.facts(project.id).data["人员编制"]["编制数"] == "40"
    assert any("另一个窗口或标签页中被修改" in e.value and "编制数" in e.value for e in tab_b.error)
    assert tab_b.text_input(key=fkey(project.id, "人员编制.编制数", 1)).value == "40"

    edit_table(tab_a, editor_key(tab_a, "存在问题"), {"edited_rows": {"0": {"原因": "甲窗口写的原因"}}})
    edit_table(tab_b, editor_key(tab_b, "存在问题"), {"edited_rows": {"1": {"原因": "乙窗口写的原因"}}})
    no_exceptions(tab_b)
    problems = store.facts(project.id).data["存在问题"]
    assert problems[0]["原因"] == "甲窗口写的原因" and problems[1]["原因"] != "乙窗口写的原因"
    assert any("存在问题" in e.value for e in tab_b.error)
