"""The app's store, on SQLite and on PostgreSQL: projects, facts and section versions with undo, chat,
suggestions, stale writes refused, and the schema brought up to date (a pre-Alembic SQLite file included)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from assistant.store import FieldChange, ForeignWriteError, StaleWriteError, Store, StoreError
from assistant.store.schema import head_revision, schema_version

LEGACY_SQL = Path(__file__).parent / "data" / "store" / "legacy-v1.sql"


@pytest.fixture
def store(database: str) -> Store:
    return Store(database)


def test_new_database_is_migrated(store: Store) -> None:
    with store.engine.connect() as conn:
        assert schema_version(conn) == head_revision()
        assert {"projects", "sections", "section_versions", "alembic_version"} <= set(
            sa.inspect(conn).get_table_names()
        )


def test_sqlite_database_is_in_wal_mode(tmp_path: Path) -> None:
    store = Store(tmp_path / "app.db")
    assert store.path is not None
    assert sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_keeps_everything(database: str) -> None:
    first = Store(database)
    project = first.create_project("清河区政协机关", 2023, "hunan-department")
    first.save_facts(project.id, {"单位": {"名称": "清河区政协机关"}}, 0)
    first.commit(project.id, "overview", "正文一", "draft", 0)
    first.close()
    again = Store(database)
    assert again.projects()[0].label == "清河区政协机关 · 2023年度"
    assert again.facts(project.id).data == {"单位": {"名称": "清河区政协机关"}}
    assert again.section(project.id, "overview").text == "正文一"


def test_newer_database_is_refused(database: str) -> None:
    Store(database).close()
    with sa.create_engine(Store(database).url).begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="比本程序新"):
        Store(database)


def _legacy_file(path: Path, user_version: int = 1) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(LEGACY_SQL.read_text(encoding="utf-8"))
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.close()
    return path


def _rows(path: Path, table: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
    finally:
        conn.close()


def test_database_of_the_pre_alembic_store_upgrades_in_place(tmp_path: Path) -> None:
    path = _legacy_file(tmp_path / "app.db")
    tables = (
        "units",
        "projects",
        "section_versions",
        "sections",
        "chat_messages",
        "suggestions",
        "imports",
        "settings",
    )
    before = {t: _rows(path, t) for t in tables}
    store = Store(path)
    assert {t: _rows(path, t) for t in tables} == before
    with store.engine.connect() as conn:
        assert schema_version(conn) == head_revision()
        assert "projects_by_year" in {i["name"] for i in sa.inspect(conn).get_indexes("projects")}
    qinghe, beitang = sorted(store.projects(), key=lambda p: p.id)
    assert (qinghe.label, beitang.label) == ("清河区政协机关 · 2022年度", "北塘县教育局 · 2023年度")
    assert store.facts(qinghe.id).data["人员编制"] == {"编制数": 38, "实有人数": 36}
    assert store.facts(qinghe.id).revision == 2
    overview = store.section(qinghe.id, "overview")
    assert overview.text == "一、部门概况\n第三稿。" and overview.revision == 4
    assert [v.seq for v in store.history(qinghe.id, "overview")] == [3, 2, 1]
    assert store.open_suggestion(qinghe.id, "overview") is not None
    assert store.section(beitang.id, "problems").text == "五、存在的主要问题\n改写后的问题。"
    assert [m.content for m in store.messages(qinghe.id, "overview")] == ["请润色", "已给出修改建议"]
    assert store.setting("llm") == '{"backend": "template"}'
    # The old revisions still guard writes, and the file keeps working after the upgrade.
    with pytest.raises(StaleWriteError):
        store.commit(qinghe.id, "overview", "过期的写入", "edit", 3)
    state = store.commit(qinghe.id, "overview", "一、部门概况\n第四稿。", "edit", 4)
    assert state.head is not None and state.head.seq == 4
    store.close()
    assert Store(path).section(qinghe.id, "overview").text == "一、部门概况\n第四稿。"


def test_pre_alembic_file_of_a_newer_release_is_refused(tmp_path: Path) -> None:
    path = _legacy_file(tmp_path / "app.db", user_version=2)
    with pytest.raises(StoreError, match="比本程序新"):
        Store(path)


def test_unknown_database_url_is_refused_in_chinese() -> None:
    with pytest.raises(StoreError, match="只支持 PostgreSQL"):
        Store("mysql://root@localhost/jixiao")


def test_unreachable_server_is_one_chinese_line() -> None:
    with pytest.raises(StoreError, match="无法打开数据库") as caught:
        Store("postgresql://jixiao:secret@/jixiao?host=/nonexistent-socket-dir")
    assert "secret" not in str(caught.value) and "\n" not in str(caught.value)


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


def test_second_process_sees_committed_writes(database: str) -> None:
    a = Store(database)
    b = Store(database)
    pid = a.create_project("甲单位", 2023, "hunan-department").id
    state = a.commit(pid, "overview", "甲写的", "edit", 0)
    with pytest.raises(StaleWriteError):
        b.commit(pid, "overview", "乙写的", "edit", 0)
    assert b.section(pid, "overview") == state


def test_sqlite_online_backup_is_a_complete_database_while_the_app_writes(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from assistant.cli import app

    store = Store(tmp_path / "app.db")
    pid = store.create_project("甲单位", 2023, "hunan-department").id
    state = store.commit(pid, "overview", "备份前的正文", "draft", 0)
    reader = store.engine.connect()  # an open read transaction, as another tab would hold, does not block it
    reader.execute(sa.text("SELECT count(*) FROM projects")).scalar_one()
    runner = CliRunner()
    result = runner.invoke(app, ["db", "backup", str(tmp_path / "备份.db")], env={"JIXIAO_DB_PATH": str(store.path)})
    reader.close()
    assert result.exit_code == 0, result.output
    assert "备份.db" in result.output
    store.commit(pid, "overview", "备份后的正文", "edit", state.revision)
    copy = Store(tmp_path / "备份.db")
    assert copy.section(pid, "overview").text == "备份前的正文"
    assert sqlite3.connect(tmp_path / "备份.db").execute("PRAGMA integrity_check").fetchone() == ("ok",)
    again = runner.invoke(app, ["db", "backup", str(tmp_path / "备份.db")], env={"JIXIAO_DB_PATH": str(store.path)})
    assert again.exit_code == 2 and "已存在" in again.output


def test_postgresql_backup_points_to_pg_dump(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from assistant.cli import app

    env = {"JIXIAO_DATABASE_URL": "postgresql://jixiao:secret@db.example/jixiao"}
    result = CliRunner().invoke(app, ["db", "backup", str(tmp_path / "x.dump")], env=env)
    assert result.exit_code == 2 and "pg_dump" in result.output and "secret" not in result.output
