"""Facts tables in a real browser: each committed cell is saved once, in the cell that was edited.

The grid (glide data grid) draws on a canvas, so cells are reached as staff reach them: a click on the
first cell of a row, the arrow keys, typing and Enter. A save that reruns the page a second time from
inside the script moved the selection away, so text landed in the previous cell or nowhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from e2etools import AppServer, settle

from assistant.facts import parse_facts
from assistant.store import Project, Store

pytestmark = pytest.mark.integration
ROW = 35
"""Height of a grid row and of its header row, in CSS pixels (Streamlit's default)."""


def _type_into(page: Any, grid: Any, row: int, right: int, text: str) -> None:
    """Click the row's first cell (past the row markers), move ``right`` cells, replace the text, commit."""
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 90, box["y"] + ROW * (row + 1) + ROW / 2)
    page.wait_for_timeout(300)
    for _ in range(right):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    page.keyboard.press("Control+A")
    page.keyboard.type(text, delay=20)
    page.keyboard.press("Enter")
    settle(page)


def test_two_cells_typed_in_turn_are_saved_each_in_its_own_cell(
    server: AppServer, seeded_db: tuple[Path, Project], browser_page: Any
) -> None:
    db_path, project = seeded_db
    store = Store(db_path)
    before = store.facts(project.id)
    page = browser_page
    page.goto(server.url)
    settle(page)
    page.get_by_role("tab", name="问题与措施").click()
    settle(page)
    grid = page.get_by_role("tabpanel", name="问题与措施").locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    _type_into(page, grid, 0, 1, "临时任务多")
    _type_into(page, grid, 1, 1, "施工周期长")
    _type_into(page, grid, 2, 0, "绩效目标不够细")
    after = store.facts(project.id)
    problems = parse_facts(after.data).problems
    assert [(p.problem, p.cause) for p in problems] == [
        ("预算编制的精准度有待提高", "临时任务多"),
        ("部分项目支出进度偏慢", "施工周期长"),
        ("绩效目标不够细", "个别项目绩效指标以定性描述为主，可量化、可考核的指标偏少"),
    ]
    assert after.revision == before.revision + 3
