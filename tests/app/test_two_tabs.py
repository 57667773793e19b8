"""Two browser tabs on one report: the later write based on stale text is refused and said, never applied."""

from __future__ import annotations

from apptools import AppFactory, no_exceptions

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


def test_stale_facts_edit_is_refused(open_app: AppFactory, project: Project, store: Store) -> None:
    tab_a, tab_b = open_app(), open_app()
    tab_a.text_input(key="f0:人员编制.编制数").input("40").run()
    tab_b.text_input(key="f0:人员编制.实有人数").input("36").run()
    no_exceptions(tab_b)
    data = store.facts(project.id).data["人员编制"]
    assert (data["编制数"], data["实有人数"]) == ("40", 35)
    assert any("另一个窗口或标签页中被修改" in e.value for e in tab_b.error)
    assert tab_b.text_input(key="f1:人员编制.编制数").value == "40"
