"""The server is killed mid-session (SIGKILL) and started again: accepted text and facts are all there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from e2etools import AppServer, settle, shot, sidebar

from assistant.facts import parse_facts
from assistant.store import Project, Store

pytestmark = pytest.mark.integration


def test_nothing_accepted_is_lost_when_the_server_dies(
    server: AppServer, seeded_db: tuple[Path, Project], browser_page: Any
) -> None:
    db, project = seeded_db
    page = browser_page
    page.goto(server.url)
    settle(page, 1500)
    page.get_by_role("tab", name="人员编制").click()
    field = page.get_by_label("编制数")
    field.fill("40")
    field.press("Enter")
    settle(page)
    page.goto(f"{server.url}/draft_page")
    settle(page, 1500)
    sidebar(page).get_by_role("button", name="三、资产管理情况").click()
    settle(page)
    page.get_by_role("button", name="起草", exact=True).click()
    settle(page, 1000)
    page.get_by_role("button", name="全部接受").click()
    settle(page, 1000)
    page.get_by_text("已接受 1 处修改").wait_for()

    server.kill()
    server.start()

    page.reload()
    settle(page, 1500)
    sidebar(page).get_by_text("三、资产管理情况（已起草").wait_for()
    sidebar(page).get_by_role("button", name="三、资产管理情况").click()
    settle(page)
    page.get_by_text("第 1 版 · 起草").wait_for()
    page.get_by_text("资产总额568.30万元").first.wait_for()
    shot(page, "07-after-restart")
    page.goto(server.url)
    settle(page, 1500)
    page.get_by_role("tab", name="人员编制").click()
    assert page.get_by_label("编制数").input_value() == "40"

    store = Store(db)
    assert "资产总额568.30万元" in store.section(project.id, "assets").text
    assert parse_facts(store.facts(project.id).data).staffing.authorized == 40
    store.close()
