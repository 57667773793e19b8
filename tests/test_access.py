"""Accounts, roles, the workflow and the audit log, enforced by the store itself, on SQLite and PostgreSQL.

Every role tries the actions it may not take: each must be refused with a Chinese message naming the
report and be written to the audit log as 拒绝, whatever page or code path made the call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

from assistant.accounts import (
    AccountError,
    SignInError,
    actor_of,
    add_account,
    hash_password,
    session_actor,
    set_password,
    sign_in,
)
from assistant.store import LOCAL, AccessDenied, Actor, Project, Store, StoreError

PASSWORD = "correct horse 9"


@pytest.fixture(scope="module")
def password_hash() -> str:
    """One argon2 hash for every account of the fixtures (hashing is slow on purpose)."""
    return hash_password(PASSWORD)


@dataclass
class Bureau:
    store: Store
    a: Project
    b: Project
    drafter: Actor
    head: Actor
    reviewer: Actor
    admin: Actor
    other: Actor

    def as_(self, actor: Actor) -> Store:
        return self.store.acting_as(actor)


@pytest.fixture
def bureau(database: str, password_hash: str) -> Iterator[Bureau]:
    store = Store(database)
    a = store.create_project("县林业局", 2024, "whole-department")
    b = store.create_project("县教育局", 2024, "whole-department")
    store.save_facts(a.id, {"单位": {"名称": "县林业局"}}, 0)
    store.commit(b.id, "overview", "教育局的草稿", "edit", 0)
    actors = {}
    for name, role, unit in [
        ("lin", "填报人", "县林业局"),
        ("lin-head", "单位负责人", "县林业局"),
        ("shen", "财政局审核人", None),
        ("root", "管理员", None),
        ("jiao", "填报人", "县教育局"),
    ]:
        actors[name] = actor_of(store.add_account(name, role, unit, password_hash))
    yield Bureau(store, a, b, actors["lin"], actors["lin-head"], actors["shen"], actors["root"], actors["jiao"])
    store.close()


def _refusals(store: Store) -> list[tuple[Any, ...]]:
    from assistant.store.tables import audit_log

    with store.engine.connect() as db:
        return [
            tuple(r)
            for r in db.execute(
                sa.select(audit_log.c.actor, audit_log.c.project_id, audit_log.c.action).where(
                    audit_log.c.outcome == "拒绝"
                )
            )
        ]


def _refused(bureau: Bureau, actor: Actor, call: Callable[[Store], object], project: Project | None) -> None:
    before = len(_refusals(bureau.store))
    with pytest.raises(AccessDenied) as caught:
        call(bureau.as_(actor))
    assert "已拒绝并记入审计日志" in str(caught.value)
    assert actor.username in str(caught.value)
    after = _refusals(bureau.store)
    assert len(after) == before + 1
    assert after[-1][0] == actor.username
    assert after[-1][1] == (project.id if project else None)


def _unit_actions(p: Project) -> dict[str, Callable[[Store], object]]:
    """Every read and write of one report's contents."""
    return {
        "facts": lambda s: s.facts(p.id),
        "sections": lambda s: s.sections(p.id),
        "section": lambda s: s.section(p.id, "overview"),
        "history": lambda s: s.history(p.id, "overview"),
        "messages": lambda s: s.messages(p.id, "overview"),
        "project": lambda s: s.project(p.id),
        "save_facts": lambda s: s.save_facts(p.id, {"x": 1}, 1),
        "commit": lambda s: s.commit(p.id, "overview", "改写", "edit", 0),
        "undo": lambda s: s.undo(p.id, "overview", 0),
        "chat": lambda s: s.add_message(p.id, "overview", "user", "你好"),
        "import": lambda s: s.add_import(p.id, "x.txt", "文本"),
        "audit": lambda s: s.audit(p.id),
    }


@pytest.mark.parametrize("action", list(_unit_actions(Project(0, 0, "", 0, "", ""))))
def test_another_units_account_can_neither_read_nor_write(bureau: Bureau, action: str) -> None:
    _refused(bureau, bureau.other, _unit_actions(bureau.a)[action], bureau.a)


@pytest.mark.parametrize("action", list(_unit_actions(Project(0, 0, "", 0, "", ""))))
def test_admin_cannot_read_or_write_reports(bureau: Bureau, action: str) -> None:
    _refused(bureau, bureau.admin, _unit_actions(bureau.a)[action], bureau.a)


@pytest.mark.parametrize("action", list(_unit_actions(Project(0, 0, "", 0, "", ""))))
def test_reviewer_cannot_open_a_report_not_submitted(bureau: Bureau, action: str) -> None:
    _refused(bureau, bureau.reviewer, _unit_actions(bureau.a)[action], bureau.a)


def test_lists_show_only_what_the_role_may_see(bureau: Bureau) -> None:
    assert [p.unit_name for p in bureau.as_(bureau.drafter).projects()] == ["县林业局"]
    assert [p.unit_name for p in bureau.as_(bureau.other).projects()] == ["县教育局"]
    assert bureau.as_(bureau.reviewer).projects() == []
    assert bureau.as_(bureau.admin).projects() == []
    assert [r.project.unit_name for r in bureau.as_(bureau.other).reports_of_year(2024)] == ["县教育局"]
    states = {r.project.unit_name: r.workflow.state for r in bureau.as_(bureau.reviewer).review_rows(2024)}
    assert states == {"县林业局": "起草中", "县教育局": "起草中"}


def test_unit_roles_create_reports_only_for_their_unit(bureau: Bureau) -> None:
    _refused(bureau, bureau.drafter, lambda s: s.create_project("县教育局", 2025, "whole-department"), None)
    _refused(bureau, bureau.reviewer, lambda s: s.create_project("县林业局", 2025, "whole-department"), None)
    _refused(bureau, bureau.admin, lambda s: s.create_project("县林业局", 2025, "whole-department"), None)
    made = bureau.as_(bureau.drafter).create_project("县林业局", 2025, "whole-department")
    assert made.unit_name == "县林业局"


@pytest.mark.parametrize("who", ["drafter", "head", "reviewer", "other"])
def test_only_the_admin_manages_units_and_accounts(bureau: Bureau, who: str) -> None:
    actor = getattr(bureau, who)
    _refused(bureau, actor, lambda s: s.add_unit("县水利局"), None)
    _refused(bureau, actor, lambda s: s.add_account("new", "填报人", "县水利局", "$argon2id$x"), None)
    _refused(bureau, actor, lambda s: s.accounts(), None)
    _refused(bureau, actor, lambda s: s.set_password_hash("root", "$argon2id$x"), None)
    _refused(bureau, actor, lambda s: s.set_setting("llm", "{}"), None)
    assert bureau.as_(bureau.admin).add_unit("县水利局") > 0


def _walk_to_bureau(bureau: Bureau) -> None:
    bureau.as_(bureau.drafter).transition(bureau.a.id, "待单位审核", expected="起草中")
    bureau.as_(bureau.head).transition(bureau.a.id, "已报送", expected="待单位审核", counts=(0, 2), summary={"k": 1})


def test_the_workflow_loop_and_who_may_take_each_step(bureau: Bureau) -> None:
    a = bureau.a.id
    _refused(bureau, bureau.reviewer, lambda s: s.transition(a, "待单位审核", expected="起草中"), bureau.a)
    bureau.as_(bureau.drafter).transition(a, "待单位审核", expected="起草中")
    _refused(bureau, bureau.drafter, lambda s: s.transition(a, "已报送", expected="待单位审核"), bureau.a)
    _refused(bureau, bureau.other, lambda s: s.transition(a, "已报送", expected="待单位审核"), bureau.a)
    _refused(bureau, bureau.drafter, lambda s: s.commit(a, "overview", "冻结时修改", "edit", 0), bureau.a)
    bureau.as_(bureau.head).transition(a, "已报送", expected="待单位审核", counts=(0, 3), summary={"预算执行率": 95})
    # frozen while at the bureau, for everyone, the local single user included
    _refused(bureau, bureau.head, lambda s: s.save_facts(a, {}, 1), bureau.a)
    _refused(bureau, LOCAL, lambda s: s.commit(a, "overview", "本机修改", "edit", 0), bureau.a)
    _refused(bureau, bureau.drafter, lambda s: s.add_comment(a, "overview", "自己批注"), bureau.a)
    _refused(bureau, bureau.head, lambda s: s.transition(a, "已受理", expected="已报送"), bureau.a)
    reviewer = bureau.as_(bureau.reviewer)
    assert reviewer.facts(a).data["单位"]["名称"] == "县林业局"
    _refused(bureau, bureau.reviewer, lambda s: s.commit(a, "overview", "审核人改写", "edit", 0), bureau.a)
    reviewer.add_comment(a, "overview", "请补充年度目标完成情况")
    reviewer.transition(a, "已退回", expected="已报送", note="请按批注修改")
    _refused(bureau, bureau.reviewer, lambda s: s.add_comment(a, "overview", "退回后再批注"), bureau.a)
    drafter = bureau.as_(bureau.drafter)
    assert [c.text for c in drafter.comments(a)] == ["请补充年度目标完成情况"]
    drafter.commit(a, "overview", "补充了年度目标完成情况", "edit", 0)
    drafter.transition(a, "待单位审核", expected="已退回")
    bureau.as_(bureau.head).transition(a, "已报送", expected="待单位审核", counts=(0, 1), summary={})
    reviewer.transition(a, "已受理", expected="已报送")
    workflow = drafter.workflow(a)
    assert (workflow.state, workflow.errors, workflow.warnings) == ("已受理", 0, 1)
    _refused(bureau, bureau.drafter, lambda s: s.commit(a, "overview", "受理后修改", "edit", 1), bureau.a)
    _refused(bureau, bureau.other, lambda s: s.workflow(a), bureau.a)
    with pytest.raises(StoreError, match="已是“已受理”状态"):
        reviewer.transition(a, "已退回", expected="已报送")


def test_audit_log_records_who_what_and_versions(bureau: Bureau) -> None:
    a = bureau.a.id
    drafter = bureau.as_(bureau.drafter)
    drafter.commit(a, "overview", "第一稿", "edit", 0)
    drafter.commit(a, "overview", "第二稿", "edit", 1)
    _walk_to_bureau(bureau)
    with pytest.raises(AccessDenied):
        drafter.commit(a, "overview", "第三稿", "edit", 2)
    entries = drafter.audit(a)
    assert [e.outcome for e in entries[:1]] == ["拒绝"]
    edits = [(e.actor, e.from_version, e.to_version) for e in entries if e.action == "编辑章节"]
    assert edits == [("lin", "第 1 版", "第 2 版"), ("lin", "空", "第 1 版")]
    steps = [
        (e.action, e.role, e.from_version, e.to_version) for e in entries if e.action in ("报送财政局", "提交单位审核")
    ]
    assert steps == [
        ("报送财政局", "单位负责人", "待单位审核", "已报送"),
        ("提交单位审核", "填报人", "起草中", "待单位审核"),
    ]


def test_audit_log_is_append_only(bureau: Bureau) -> None:
    bureau.store.commit(bureau.a.id, "overview", "一稿", "edit", 0)
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(sa.exc.DatabaseError), bureau.store.engine.begin() as db:
            db.exec_driver_sql(statement)
    assert bureau.store.audit(bureau.a.id)


def test_sign_in(bureau: Bureau) -> None:
    assert sign_in(bureau.store, "lin", PASSWORD).unit_name == "县林业局"
    for name, password in [("lin", "wrong password"), ("nobody", PASSWORD)]:
        with pytest.raises(SignInError, match="用户名或密码不正确"):
            sign_in(bureau.store, name, password)
    stored = bureau.as_(bureau.admin).accounts()
    assert all(a.password_hash.startswith("$argon2id$") and PASSWORD not in a.password_hash for a in stored)
    set_password(bureau.as_(bureau.drafter), "lin", "new password 1")
    assert sign_in(bureau.store, "lin", "new password 1").role == "填报人"


def test_single_user_mode_without_accounts(database: str, password_hash: str) -> None:
    store = Store(database)
    try:
        assert session_actor(store, None) == LOCAL
        project = store.create_project("县林业局", 2024, "whole-department")
        store.commit(project.id, "overview", "一稿", "edit", 0)
        assert store.section(project.id, "overview").text == "一稿"
        store.add_account("root", "管理员", None, password_hash)
        assert session_actor(store, None) is None
    finally:
        store.close()


def test_account_rules(bureau: Bureau) -> None:
    admin = bureau.as_(bureau.admin)
    with pytest.raises(StoreError, match="必须属于一个单位"):
        admin.add_account("x1", "填报人", None, "h")
    with pytest.raises(StoreError, match="不属于任何单位"):
        admin.add_account("x2", "财政局审核人", "县林业局", "h")
    with pytest.raises(StoreError, match="已经存在"):
        admin.add_account("lin", "填报人", "县林业局", "h")
    with pytest.raises(StoreError, match="没有“科长”这个角色"):
        admin.add_account("x3", "科长", None, "h")
    with pytest.raises(AccountError, match="至少需要 8 个字符"):
        add_account(admin, "x4", "short", "管理员")
