"""The bureau's loop in chromium, with accounts: drafter → unit head → reviewer returns with a comment →
the drafter sees it beside the section, fixes, resubmits → the head submits → the reviewer accepts and the
dashboard shows it; an account of another unit cannot open the report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2etools import ROOT, AppServer, settle, shot, sidebar

from assistant.accounts import hash_password
from assistant.drafting.section_text import PREAMBLE_ID, skeleton_text
from assistant.facts import facts_to_data, load_facts
from assistant.gate import FactBasis
from assistant.profiles import load_profile
from assistant.store import Store

pytestmark = pytest.mark.integration

UNIT = "湘江市北塘县林业局"
OTHER = "湘江市北塘县教育局"
PASSWORD = "browser pass 1"
COMMENT = "资产部分请说明固定资产的使用情况"
YEAR = dt.date.today().year - 1


@pytest.fixture
def bureau(tmp_path: Path) -> Iterator[tuple[AppServer, Store, int]]:
    db = tmp_path / "app.db"
    store = Store(db)
    project = store.create_project(UNIT, YEAR, "hunan-department")
    facts = load_facts(ROOT / "facts" / "example.yaml")
    data = facts_to_data(facts)
    data["单位"]["名称"] = UNIT
    store.save_facts(project.id, data, 0)
    facts = facts.model_validate(data)
    profile = load_profile("hunan-department")
    for sid in [PREAMBLE_ID, *(s.id for s in profile.sections)]:
        store.commit(project.id, sid, skeleton_text(FactBasis(facts, profile), sid), "draft", 0)
    store.create_project(OTHER, YEAR, "hunan-department")
    hashed = hash_password(PASSWORD)
    for name, role, unit in [
        ("lin", "填报人", UNIT),
        ("head", "单位负责人", UNIT),
        ("shen", "财政局审核人", None),
        ("jiao", "填报人", OTHER),
    ]:
        store.add_account(name, role, unit, hashed)
    server = AppServer(db, tmp_path / "server.log").start()
    try:
        yield server, store, project.id
    finally:
        server.stop()
        store.close()


def _as(browser_page: Any, server: AppServer, username: str, path: str = "") -> Any:
    """A fresh browser context signed in as ``username``, on ``path``."""
    page = browser_page.context.browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN").new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server.url}/{path}")
    settle(page, 1500)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    settle(page, 1000)
    return page


def _go(page: Any, title: str) -> None:
    """Open a page from the sidebar's navigation, as a user would (no reload)."""
    sidebar(page).get_by_role("link", name=title).click()
    settle(page, 1000)


def _step(page: Any, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()
    settle(page, 1000)
    page.get_by_text(f"已{label}").first.wait_for()


def test_drafter_reviewer_loop(bureau: tuple[AppServer, Store, int], browser_page: Any) -> None:
    server, store, project_id = bureau
    drafter = _as(browser_page, server, "lin")
    _go(drafter, "起草")
    sidebar(drafter).get_by_role("button", name="三、资产管理情况").click()
    settle(drafter)
    drafter.get_by_role("tab", name="直接修改").click()
    box = drafter.locator("textarea").first
    box.fill(box.input_value() + "\n本年度资产管理规范。")
    box.press("Control+Enter")
    settle(drafter, 1000)
    _go(drafter, "报送")
    _step(drafter, "提交单位审核")

    head = _as(browser_page, server, "head")
    _go(head, "报送")
    _step(head, "审核通过，报送财政局")

    reviewer = _as(browser_page, server, "shen")
    reviewer.get_by_text("已报送 1").first.wait_for()
    assets = reviewer.get_by_test_id("stExpander").filter(has_text="三、资产管理情况")
    assets.locator("summary").click()
    settle(reviewer)
    assets.get_by_label("批注").fill(COMMENT)
    assets.get_by_role("button", name="保存批注").click()
    settle(reviewer, 1000)
    _step(reviewer, "退回单位修改")
    shot(reviewer, "review-returned")
    assert store.workflow(project_id).state == "已退回"

    _go(drafter, "起草")
    sidebar(drafter).get_by_role("button", name="三、资产管理情况").click()
    settle(drafter)
    drafter.get_by_text(COMMENT).first.wait_for()
    shot(drafter, "review-comment-beside-section")
    drafter.get_by_role("tab", name="直接修改").click()
    box = drafter.locator("textarea").first
    box.fill(box.input_value() + "\n固定资产均在用，使用情况良好。")
    box.press("Control+Enter")
    settle(drafter, 1000)
    assert "使用情况良好" in store.section(project_id, "assets").text
    _go(drafter, "报送")
    _step(drafter, "修改后提交单位审核")
    _go(head, "起草")
    _go(head, "报送")
    _step(head, "审核通过，报送财政局")

    reviewer.get_by_role("button", name="刷新").click()
    settle(reviewer, 1000)
    _step(reviewer, "受理")
    reviewer.get_by_text("已受理 1").first.wait_for()
    shot(reviewer, "review-dashboard")
    assert store.workflow(project_id).state == "已受理"

    other = _as(browser_page, server, "jiao", f"draft_page?p={project_id}")
    sidebar(other).get_by_text(OTHER).first.wait_for()
    assert other.get_by_text(UNIT).count() == 0
    refused = [e for e in store.audit(project_id) if e.outcome == "拒绝"]
    assert all(e.actor != "lin" for e in refused)
