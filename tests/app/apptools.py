"""Shared by the AppTest tests: where the repository is, the seeded unit, and the checks every step makes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
UNIT = "湘江市清河区政协机关"

AppFactory = Callable[..., AppTest]


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def fkey(project_id: int, path: str, generation: int = 0) -> str:
    """The key of a facts widget: scoped by report and by how often the form was reloaded from the store."""
    return f"f{project_id}.{generation}:{path}"


def editor_key(at: AppTest, path: str) -> str:
    """The key of the data editor for the facts table at ``path`` (keys carry the report and a generation)."""
    [key] = [e.key for e in at.data_editor if e.key and e.key.endswith(f":{path}")]
    return key


def edit_table(at: AppTest, key: str, delta: dict[str, Any]) -> AppTest:
    """Commit a data-editor edit as the browser does: the widget's new state, which fires its on_change.

    AppTest cannot edit a data editor (``set_value`` raises) and a value put in ``at.session_state`` fires no
    callback, so the edit is sent as the widget state of the next run, exactly what the frontend sends.
    """
    editor = at.data_editor(key=key)
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = editor.proto.id
    state.string_value = json.dumps(delta, ensure_ascii=False)
    return at._run(states)
