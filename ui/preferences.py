"""Choices made on the 设置 page that are not secret (backend, endpoint, model name, fonts), kept in the store.

They survive a restart. The API key is deliberately not among them: it stays in this tab's session only.
"""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from assistant.export import Layout
from ui import state

LLM_KEY = "llm"
LAYOUT_KEY = "layout"
LLM_FIELDS = ("backend", "base_url", "model")


def load(key: str) -> dict[str, Any]:
    raw = state.store().setting(key)
    return dict(json.loads(raw)) if raw else {}


def save(key: str, values: dict[str, Any]) -> None:
    state.store().set_setting(key, json.dumps(values, ensure_ascii=False, sort_keys=True))


def init_session() -> None:
    """Put the saved model choices into this tab's session once, where ``ui.model`` reads them."""
    if "llm_overrides" not in st.session_state:
        stored = load(LLM_KEY)
        st.session_state["llm_overrides"] = {k: v for k, v in stored.items() if k in LLM_FIELDS and v}


def layout() -> Layout:
    """The export layout: environment defaults with the fonts chosen on the 设置 page."""
    return Layout(**{k: v for k, v in load(LAYOUT_KEY).items() if k in Layout.model_fields})
