"""去填写 in a real browser: from a 【待补充：编制数】 finding on the 检查 page to the 事实 page, on the right tab,
with the 编制数 field outlined and the cursor in it; typing the figure then offers 重新起草 of the section."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from e2etools import ROOT, AppServer, settle, shot

from assistant.drafting.section_text import skeleton_text
from assistant.facts import facts_to_data, load_facts
from assistant.gate import FactBasis
from assistant.profiles import load_profile
from assistant.store import Store

pytestmark = pytest.mark.integration


def test_fill_a_marker_in_the_browser(tmp_path: Path, browser_page: Any) -> None:
    db = tmp_path / "app.db"
    facts = load_facts(ROOT / "facts" / "seed-2021.yaml")
    store = Store(db)
    project = store.create_project(facts.unit.name or "单位", 2021, "hunan-department")
    store.save_facts(project.id, facts_to_data(facts), 0)
    store.commit(project.id, "overview", skeleton_text(FactBasis(facts, load_profile()), "overview"), "draft", 0)
    store.close()
    app = AppServer(db, tmp_path / "server.log").start()
    try:
        page = browser_page
        page.goto(f"{app.url}/check_page")
        settle(page, 1500)
        row = page.locator('[data-testid="stHorizontalBlock"]').filter(has_text="【待补充：编制数】")
        row.get_by_role("button", name="去填写").click()
        settle(page, 1500)
        page.get_by_text("请填写“编制数”").wait_for()
        page.wait_for_timeout(800)
        focused = page.evaluate("document.activeElement && document.activeElement.getAttribute('aria-label')")
        assert focused and focused.startswith("编制数")
        outlined = page.locator(".stElementContainer").filter(has=page.get_by_label("编制数", exact=True))
        assert "solid" in outlined.first.evaluate("e => getComputedStyle(e).outlineStyle")
        shot(page, "13-fill-marker")
        page.keyboard.type("38")
        page.keyboard.press("Tab")
        settle(page, 1000)
        page.get_by_role("button", name="重新起草“一、部门概况”").click()
        settle(page, 1500)
        page.get_by_text("修改建议", exact=True).wait_for()
        store = Store(db)
        record = store.open_suggestion(project.id, "overview")
        assert record is not None and "38名" in record.proposed_text
        store.close()
    finally:
        app.stop()
