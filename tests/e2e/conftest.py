"""Fixtures of the browser tests: a seeded database, the app server and a chromium page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2etools import CHROMIUM, CHROMIUM_ARGS, ROOT, AppServer

from assistant.facts import facts_to_data, load_facts
from assistant.store import Project, Store

UNIT = "湘江市清河区政协机关"


@pytest.fixture
def seeded_db(tmp_path: Path) -> tuple[Path, Project]:
    path = tmp_path / "app.db"
    store = Store(path)
    project = store.create_project(UNIT, 2023, "hunan-department")
    store.save_facts(project.id, facts_to_data(load_facts(ROOT / "facts" / "example.yaml")), 0)
    store.close()
    return path, project


@pytest.fixture
def server(seeded_db: tuple[Path, Project], tmp_path: Path) -> Iterator[AppServer]:
    app = AppServer(seeded_db[0], tmp_path / "server.log").start()
    yield app
    app.stop()


@pytest.fixture
def browser_page() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(30_000)
        yield page
        context.close()
        browser.close()
