"""Two app processes on one PostgreSQL database, as a finance bureau runs them behind a reverse proxy.

Two ``streamlit run`` servers on two ports share one database; one chromium opens the same section in
each and saves an edit in both, each based on the text it showed. The later save must be refused with
the Chinese message and its text handed back to the writer, the earlier one kept, and after reloading the
refused writer's text saves as a further version: no version lost, none overwritten.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2etools import AppServer, settle, shot, sidebar

from assistant.facts import facts_to_data, load_facts
from assistant.store import Store

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
UNIT = "湘江市北塘县财政局"
ORIGINAL = "（一）资产总体情况\n年末资产总额568.30万元。"
FROM_A = "（一）资产总体情况\n甲服务器上改过：年末资产总额568.30万元，较上年略有增加。"
FROM_B = "（一）资产总体情况\n乙服务器上改过：年末资产总额568.30万元，全部登记入账。"


@pytest.fixture
def two_servers(postgres_url: str, tmp_path: Path) -> Iterator[tuple[AppServer, AppServer, Store, int]]:
    store = Store(postgres_url)
    project = store.create_project(UNIT, 2023, "hunan-department")
    store.save_facts(project.id, facts_to_data(load_facts(ROOT / "facts" / "example.yaml")), 0)
    store.commit(project.id, "assets", ORIGINAL, "draft", 0)
    env = {"JIXIAO_DATABASE_URL": postgres_url}
    servers = [
        AppServer(tmp_path / f"unused-{name}.db", tmp_path / f"server-{name}.log", env=env) for name in ("a", "b")
    ]
    try:
        for server in servers:
            server.start()
        yield servers[0], servers[1], store, project.id
    finally:
        for server in servers:
            server.stop()
        store.close()


def _open_assets_editor(page: Any, server: AppServer) -> Any:
    page.goto(f"{server.url}/draft_page")
    settle(page, 1500)
    sidebar(page).get_by_role("button", name="三、资产管理情况").click()
    settle(page)
    page.get_by_role("tab", name="直接修改").click()
    box = page.locator("textarea").first
    assert box.input_value() == ORIGINAL
    return box


def _save(page: Any, box: Any, text: str) -> None:
    box.fill(text)
    box.press("Control+Enter")
    settle(page, 1000)


def test_same_section_saved_from_two_app_processes(
    two_servers: tuple[AppServer, AppServer, Store, int], browser_page: Any
) -> None:
    server_a, server_b, store, project_id = two_servers
    page_a = browser_page
    page_b = page_a.context.new_page()
    box_a = _open_assets_editor(page_a, server_a)
    box_b = _open_assets_editor(page_b, server_b)

    _save(page_a, box_a, FROM_A)
    assert store.section(project_id, "assets").text == FROM_A

    _save(page_b, box_b, FROM_B)
    page_b.get_by_text("已在另一个窗口或标签页中被修改").first.wait_for()
    page_b.get_by_text("您刚才的修改没有保存").wait_for()
    assert "全部登记入账" in page_b.locator('[data-testid="stCode"]').inner_text()
    shot(page_b, "10-two-servers-refused")
    assert store.section(project_id, "assets").text == FROM_A
    assert [v.text for v in store.history(project_id, "assets")] == [FROM_A, ORIGINAL]

    # The refused writer reloads (now showing A's text) and saves again: both edits are kept as versions.
    page_b.reload()
    settle(page_b, 1500)
    sidebar(page_b).get_by_role("button", name="三、资产管理情况").click()
    settle(page_b)
    page_b.get_by_role("tab", name="直接修改").click()
    box_b = page_b.locator("textarea").first
    assert box_b.input_value() == FROM_A
    _save(page_b, box_b, FROM_B)
    assert store.section(project_id, "assets").text == FROM_B
    assert [v.text for v in store.history(project_id, "assets")] == [FROM_B, FROM_A, ORIGINAL]
    page_b.close()
