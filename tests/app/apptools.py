"""Shared by the AppTest tests: where the repository is, the seeded unit, and the checks every step makes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
UNIT = "湘江市清河区政协机关"

AppFactory = Callable[..., AppTest]


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
