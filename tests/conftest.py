"""Shared fixtures: the repository's own facts files, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest
from databases import database, postgres_server, postgres_url

from assistant.facts import Facts, load_facts
from assistant.profiles import Profile, load_profile

ROOT = Path(__file__).resolve().parents[1]
__all__ = ["database", "postgres_server", "postgres_url"]  # fixtures of the store tests (databases.py)
FACTS_DIR = ROOT / "facts"


@pytest.fixture(scope="session")
def example_facts() -> Facts:
    return load_facts(FACTS_DIR / "example.yaml")


@pytest.fixture(scope="session")
def seed_facts() -> Facts:
    return load_facts(FACTS_DIR / "seed-2021.yaml")


@pytest.fixture(scope="session")
def profile() -> Profile:
    return load_profile()
