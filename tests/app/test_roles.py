"""The app with accounts: sign-in first, each role sees its own pages, and a page it may not use refuses.

The store refuses on its own (tests/test_access.py); here the pages: a tab that never signed in reads
nothing, a 填报人 lists only the own unit's reports, the reviewer's 审核 page lists every unit but opens
only reports at the bureau, and a page outside the role's navigation is never run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apptools import ROOT, UNIT, no_exceptions
from streamlit.testing.v1 import AppTest

from assistant.accounts import hash_password
from assistant.drafting.section_text import PREAMBLE_ID, skeleton_text
from assistant.facts import load_facts
from assistant.gate import FactBasis
from assistant.profiles import load_profile
from assistant.store import Project, Store
from assistant.workflow import advance

PASSWORD = "app test pass 1"
OTHER = "县教育局"


@pytest.fixture(scope="module")
def password_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def bureau(store: Store, project: Project, password_hash: str) -> Store:
    store.create_project(OTHER, 2023, "hunan-department")
    for name, role, unit in [
        ("lin", "填报人", UNIT),
        ("head", "单位负责人", UNIT),
        ("shen", "财政局审核人", None),
        ("root", "管理员", None),
        ("jiao", "填报人", OTHER),
    ]:
        store.add_account(name, role, unit, password_hash)
    return store


def _signed_in(db_path: Path, username: str, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["db_path"] = str(db_path)
    at.run()
    at.text_input[0].input(username)
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    no_exceptions(at)
    if page:
        at.switch_page(page).run()
        no_exceptions(at)
    return at


def _submit(store: Store, project: Project) -> None:
    facts = load_facts(ROOT / "facts" / "example.yaml")
    profile = load_profile(project.profile)
    for sid in [PREAMBLE_ID, *(s.id for s in profile.sections)]:
        store.commit(
            project.id,
            sid,
            skeleton_text(FactBasis(facts, profile), sid),
            "draft",
            store.section(project.id, sid).revision,
        )
    store.transition(project.id, "待单位审核", expected="起草中")
    advance(store, project, "已报送", expected="待单位审核")


def test_nothing_without_signing_in(bureau: Store, db_path: Path) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["db_path"] = str(db_path)
    at.run()
    no_exceptions(at)
    assert [t.value for t in at.title] == ["登录"]
    assert not at.selectbox  # no report picker, no page
    at.text_input[0].input("lin")
    at.text_input[1].input("wrong password")
    at.button[0].click().run()
    assert "用户名或密码不正确" in [e.value for e in at.error]
    at.switch_page("ui/draft_page.py").run()
    assert [t.value for t in at.title] == ["登录"]


def test_drafter_sees_only_the_own_unit(bureau: Store, db_path: Path) -> None:
    at = _signed_in(db_path, "jiao", "ui/draft_page.py")
    picker = at.selectbox(key="project_pick")
    assert picker.options == [f"{OTHER} · 2023年度"]


def test_reviewer_dashboard_and_refusals(bureau: Store, project: Project, db_path: Path) -> None:
    _submit(bureau, project)
    at = _signed_in(db_path, "shen")
    assert [t.value for t in at.title] == ["审核"]
    at.number_input(key="review_year").set_value(2023).run()
    no_exceptions(at)
    frame = at.dataframe[0].value
    assert set(frame["单位"]) == {UNIT, OTHER}
    assert dict(zip(frame["单位"], frame["状态"], strict=True)) == {UNIT: "已报送", OTHER: "起草中"}
    # The drafting pages are not in the reviewer's navigation: switching there runs the 审核 page instead.
    with pytest.raises(Exception):  # noqa: B017  streamlit names the page it cannot find
        at.switch_page("ui/draft_page.py").run()
    text = at.text_area(key=f"comment:{project.id}:{load_profile(project.profile).sections[0].id}")
    text.input("请补充部门职能").run()
    at.button(key=f"save_comment:{project.id}:{load_profile(project.profile).sections[0].id}").click().run()
    no_exceptions(at)
    assert [c.text for c in bureau.comments(project.id)] == ["请补充部门职能"]


def test_admin_has_only_accounts_and_settings(bureau: Store, db_path: Path) -> None:
    at = _signed_in(db_path, "root")
    assert [t.value for t in at.title] == ["账号"]
    assert {"lin", "shen", "root"} <= set(at.dataframe[0].value["用户名"])


def test_single_user_app_refuses_to_serve_beyond_this_machine(db_path: Path) -> None:
    from streamlit import config

    config.set_option("server.address", "0.0.0.0")
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.session_state["db_path"] = str(db_path)
        at.run()
        assert any("已拒绝启动" in e.value for e in at.error)
        assert not at.title
    finally:
        config.set_option("server.address", "127.0.0.1")


def test_returned_report_shows_the_comment_beside_its_section(bureau: Store, project: Project, db_path: Path) -> None:
    from assistant.accounts import actor_of

    _submit(bureau, project)
    section = load_profile(project.profile).sections[1].id
    account = bureau.account("shen")
    assert account is not None
    reviewer = bureau.acting_as(actor_of(account))
    reviewer.add_comment(project.id, section, "预算执行率的原因分析过于简单")
    reviewer.transition(project.id, "已退回", expected="已报送")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["db_path"] = str(db_path)
    at.session_state["section"] = section
    at.run()
    at.text_input[0].input("lin")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    at.switch_page("ui/draft_page.py").run()
    no_exceptions(at)
    assert any("预算执行率的原因分析过于简单" in w.value for w in at.warning)
    at.switch_page("ui/submit_page.py").run()
    no_exceptions(at)
    assert "**当前状态：已退回**" in [m.value for m in at.markdown]
    assert any("退回单位" in str(v) for v in at.dataframe[0].value["操作"])


def test_a_frozen_report_refuses_a_facts_edit_on_the_page(bureau: Store, project: Project, db_path: Path) -> None:
    _submit(bureau, project)
    at = _signed_in(db_path, "lin")
    assert [t.value for t in at.title] == ["事实"]
    revision = bureau.facts(project.id).revision
    field = at.text_input(key=f"f{project.id}.0:单位.简称")
    field.input("改过的简称").run()
    no_exceptions(at)
    assert any("已冻结" in e.value and "记入审计日志" in e.value for e in at.error)
    assert bureau.facts(project.id).revision == revision
    assert bureau.audit(project.id)[0].outcome == "拒绝"
