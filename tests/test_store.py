"""The app's SQLite store: projects, facts and section versions with undo, chat, suggestions, stale writes."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from assistant.store import FieldChange, ForeignWriteError, StaleWriteError, Store, StoreError
from assistant.store.schema import MIGRATIONS, schema_version


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "app.db")


def test_new_database_is_migrated_and_in_wal_mode(store: Store) -> None:
    conn = sqlite3.connect(store.path)
    assert schema_version(conn) == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_keeps_everything(tmp_path: Path) -> None:
    first = Store(tmp_path / "app.db")
    project = first.create_project("清河区政协机关", 2023, "hunan-department")
    first.save_facts(project.id, {"单位": {"名称": "清河区政协机关"}}, 0)
    first.commit(project.id, "overview", "正文一", "draft", 0)
    first.close()
    again = Store(tmp_path / "app.db")
    assert again.projects()[0].label == "清河区政协机关 · 2023年度"
    assert again.facts(project.id).data == {"单位": {"名称": "清河区政协机关"}}
    assert again.section(project.id, "overview").text == "正文一"


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(StoreError, match="比本程序新"):
        Store(path)


def test_project_is_unique_per_unit_and_year(store: Store) -> None:
    store.create_project("清河区政协机关", 2023, "hunan-department")
    store.create_project("清河区政协机关", 2024, "hunan-department")
    with pytest.raises(StoreError, match="已经存在"):
        store.create_project(" 清河区政协机关 ", 2023, "hunan-department")
    assert store.units() == ["清河区政协机关"]
    with pytest.raises(StoreError, match="不能为空"):
        store.create_project("  ", 2023, "hunan-department")


def test_stale_facts_write_is_refused_not_applied(store: Store) -> None:
    project = store.create_project("甲单位", 2023, "hunan-department")
    tab_a = store.facts(project.id)
    tab_b = store.facts(project.id)
    store.save_facts(project.id, {"人员编制": {"编制数": 38}}, tab_a.revision)
    with pytest.raises(StaleWriteError) as caught:
        store.save_facts(project.id, {"人员编制": {"编制数": 40}}, tab_b.revision)
    assert "另一个窗口" in str(caught.value)
    assert store.facts(project.id).data == {"人员编制": {"编制数": 38}}


def test_facts_write_for_another_report_than_the_page_shows_is_refused(store: Store) -> None:
    jia = store.create_project("甲单位", 2023, "hunan-department")
    yi = store.create_project("乙单位", 2022, "hunan-department")
    store.save_facts(jia.id, {"存在问题": [{"问题": "甲的问题"}]}, 0, shown_project_id=jia.id)
    with pytest.raises(ForeignWriteError) as caught:
        store.save_facts(yi.id, {"存在问题": [{"问题": "甲的问题"}]}, 0, shown_project_id=jia.id)
    assert "乙单位" in str(caught.value) and "甲单位" in str(caught.value)
    with pytest.raises(ForeignWriteError):
        store.update_facts(yi.id, [FieldChange("存在问题", None, [{"问题": "甲的问题"}])], 0, shown_project_id=jia.id)
    assert store.facts(yi.id).data == {} and store.facts(yi.id).revision == 0
    assert store.facts(jia.id).data == {"存在问题": [{"问题": "甲的问题"}]}


def test_two_tabs_changing_different_fields_are_merged(store: Store) -> None:
    pid = store.create_project("甲单位", 2023, "hunan-department").id
    store.save_facts(pid, {"人员编制": {"编制数": 38, "实有人数": 35}, "存在问题": [{"问题": "原问题"}]}, 0)
    seen = store.facts(pid)
    store.update_facts(pid, [FieldChange("人员编制.编制数", 38, 40)], seen.revision)
    rows = [{"问题": "原问题", "原因": "人手不足"}]
    merged = store.update_facts(
        pid,
        [FieldChange("人员编制.实有人数", 35, 36), FieldChange("存在问题", [{"问题": "原问题"}], rows)],
        seen.revision,
    )
    assert merged.data == {"人员编制": {"编制数": 40, "实有人数": 36}, "存在问题": rows}
    assert merged.revision == seen.revision + 2
    cleared = store.update_facts(pid, [FieldChange("人员编制.编制数", 40, None)], seen.revision)
    assert cleared.data["人员编制"] == {"实有人数": 36}


def test_two_tabs_changing_the_same_field_the_second_is_refused(store: Store) -> None:
    pid = store.create_project("甲单位", 2023, "hunan-department").id
    store.save_facts(pid, {"人员编制": {"编制数": 38}}, 0)
    seen = store.facts(pid)
    store.update_facts(pid, [FieldChange("人员编制.编制数", 38, 40, "编制数")], seen.revision)
    with pytest.raises(StaleWriteError) as caught:
        store.update_facts(pid, [FieldChange("人员编制.编制数", 38, 41, "编制数")], seen.revision)
    assert "编制数" in str(caught.value) and "人员编制." not in str(caught.value)
    assert store.facts(pid).data == {"人员编制": {"编制数": 40}}
    same = store.update_facts(pid, [FieldChange("人员编制.编制数", 38, 40, "编制数")], seen.revision)
    assert same.data == {"人员编制": {"编制数": 40}}


def test_versions_undo_restore_and_history(store: Store) -> None:
    pid = store.create_project("甲单位", 2023, "hunan-department").id
    s1 = store.commit(pid, "overview", "第一稿", "draft", 0)
    s2 = store.commit(pid, "overview", "第二稿", "edit", s1.revision)
    assert (s2.text, s2.head and s2.head.seq) == ("第二稿", 2)
    assert store.commit(pid, "overview", "第二稿", "edit", s2.revision) == s2
    s3 = store.undo(pid, "overview", s2.revision)
    assert s3.text == "第一稿"
    s4 = store.commit(pid, "overview", "第三稿", "edit", s3.revision)
    assert s4.head is not None and s4.head.seq == 3 and s4.head.parent_id == s1.head.id  # type: ignore[union-attr]
    assert [v.text for v in store.history(pid, "overview")] == ["第三稿", "第二稿", "第一稿"]
    second = store.history(pid, "overview")[1]
    s5 = store.restore(pid, "overview", second.id, s4.revision)
    assert s5.text == "第二稿" and s5.head is not None and s5.head.source == "restore"
    state = s5
    while state.can_undo:
        state = store.undo(pid, "overview", state.revision)
    assert state.text == "" and state.revision == s5.revision + 3


def test_stale_section_write_is_refused(store: Store) -> None:
    pid = store.create_project("甲单位", 2023, "hunan-department").id
    seen = store.section(pid, "budget")
    store.commit(pid, "budget", "另一个标签页写的", "edit", seen.revision)
    with pytest.raises(StaleWriteError):
        store.commit(pid, "budget", "这个标签页写的", "edit", seen.revision, what="“部门整体支出管理及使用情况”")
    with pytest.raises(StaleWriteError):
        store.undo(pid, "budget", seen.revision)
    assert store.section(pid, "budget").text == "另一个标签页写的"


def test_suggestion_lifecycle(store: Store) -> None:
    pid = store.create_project("甲单位", 2023, "hunan-department").id
    base = store.commit(pid, "overview", "原文", "draft", 0)
    first = store.add_suggestion(base, "建议一", "润色")
    second = store.add_suggestion(base, "建议二", "改写", "写具体些")
    assert store.open_suggestion(pid, "overview") == second
    assert store.open_suggestion_sections(pid) == {"overview"}
    decided = store.decide(second.id, {0: True})
    assert decided.decisions == {0: True}
    after = store.resolve_suggestion(second.id, "建议二", base.revision)
    assert after.text == "建议二" and after.head is not None and after.head.source == "accept"
    assert store.open_suggestion(pid, "overview") is None
    with pytest.raises(StoreError, match="已处理"):
        store.resolve_suggestion(first.id, "建议一", after.revision)
    with pytest.raises(StoreError, match="已处理"):
        store.decide(second.id, {1: False})


def test_rejecting_a_suggestion_keeps_the_text(store: Store) -> None:
    pid = store.create_project("甲单位", 2023, "hunan-department").id
    base = store.commit(pid, "overview", "原文", "draft", 0)
    sugg = store.add_suggestion(base, "改文", "润色")
    after = store.resolve_suggestion(sugg.id, None, base.revision)
    assert after.text == "原文" and after.revision == base.revision


def test_suggestion_on_stale_base_is_not_applied(store: Store) -> None:
    pid = store.create_project("甲单位", 2023, "hunan-department").id
    base = store.commit(pid, "overview", "原文", "draft", 0)
    sugg = store.add_suggestion(base, "改文", "润色")
    store.commit(pid, "overview", "别处改过", "edit", base.revision)
    with pytest.raises(StaleWriteError):
        store.resolve_suggestion(sugg.id, "改文", base.revision)
    assert store.section(pid, "overview").text == "别处改过"
    assert store.open_suggestion(pid, "overview") is not None


def test_first_accepted_draft_counts_as_draft(store: Store) -> None:
    pid = store.create_project("甲单位", 2023, "hunan-department").id
    empty = store.section(pid, "overview")
    sugg = store.add_suggestion(empty, "初稿", "起草")
    state = store.resolve_suggestion(sugg.id, "初稿", empty.revision)
    assert state.head is not None and state.head.source == "draft"


def test_chat_history_keeps_order_and_limit(store: Store) -> None:
    pid = store.create_project("甲单位", 2023, "hunan-department").id
    for i in range(5):
        store.add_message(pid, "overview", "user", f"第{i}条")
    store.add_message(pid, "budget", "assistant", "别的章节")
    assert [m.content for m in store.messages(pid, "overview", limit=3)] == ["第2条", "第3条", "第4条"]


def test_imports_and_settings(store: Store) -> None:
    pid = store.create_project("甲单位", 2023, "hunan-department").id
    assert store.last_import(pid) is None
    store.add_import(pid, "2022.txt", "去年报告")
    record = store.last_import(pid)
    assert record is not None and record.text == "去年报告"
    assert store.setting("llm") is None
    store.set_setting("llm", '{"backend": "local"}')
    store.set_setting("llm", '{"backend": "template"}')
    assert store.setting("llm") == '{"backend": "template"}'


def test_concurrent_writers_never_both_win(store: Store) -> None:
    pid = store.create_project("甲单位", 2023, "hunan-department").id
    seen = store.section(pid, "overview").revision
    outcomes: list[str] = []

    def write(text: str) -> None:
        try:
            store.commit(pid, "overview", text, "edit", seen)
            outcomes.append("ok")
        except StaleWriteError:
            outcomes.append("stale")

    threads = [threading.Thread(target=write, args=(f"文本{i}",)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok"] + ["stale"] * 7
    assert len(store.history(pid, "overview")) == 1


def test_second_process_sees_committed_writes(tmp_path: Path) -> None:
    a = Store(tmp_path / "app.db")
    b = Store(tmp_path / "app.db")
    pid = a.create_project("甲单位", 2023, "hunan-department").id
    state = a.commit(pid, "overview", "甲写的", "edit", 0)
    with pytest.raises(StaleWriteError):
        b.commit(pid, "overview", "乙写的", "edit", 0)
    assert b.section(pid, "overview") == state
