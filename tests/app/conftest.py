"""AppTest fixtures: the real app script on a fresh database, the template backend, and a seeded project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from apptools import ROOT, UNIT, AppFactory
from scripted_endpoint import ScriptedEndpoint
from streamlit.testing.v1 import AppTest

from assistant.facts import facts_to_data, load_facts
from assistant.store import Project, Store


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "app.db"
    monkeypatch.setenv("JIXIAO_DB_PATH", str(path))
    monkeypatch.setenv("JIXIAO_LLM_BACKEND", "template")
    monkeypatch.setenv("JIXIAO_MODEL_TIMEOUT", "20")
    st.cache_resource.clear()
    return path


@pytest.fixture
def store(db_path: Path) -> Store:
    return Store(db_path)


@pytest.fixture
def project(store: Store) -> Project:
    """A 2023 project whose facts are the complete example facts file."""
    project = store.create_project(UNIT, 2023, "hunan-department")
    store.save_facts(project.id, facts_to_data(load_facts(ROOT / "facts" / "example.yaml")), 0)
    return project


@pytest.fixture
def open_app(db_path: Path) -> AppFactory:
    """Start a browser session (an AppTest) on a page; each call is a separate tab."""

    def start(page: str | None = None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.session_state["db_path"] = str(db_path)
        if page:
            at.switch_page(page)
        return at.run()

    return start


@pytest.fixture
def endpoint() -> Iterator[ScriptedEndpoint]:
    """A scripted OpenAI-compatible model on 127.0.0.1; ``endpoint.use(at)`` chooses it in a tab's settings."""
    server = ScriptedEndpoint().start()
    yield server
    server.stop()
