"""Which chat model this browser tab uses, and the status lines a running model call shows.

Settings come from ``JIXIAO_LLM_*`` as the CLI reads them, overridden by the 设置 page. The API key typed
there lives only in ``st.session_state``: it is never written to the database, a file or a log. The model
itself never runs in this process: the local backend is a managed child server (``assistant.llm.server``)
shared by every tab, so a crash of llama.cpp costs one answer, not the app.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import streamlit as st
from langchain_core.language_models.chat_models import BaseChatModel
from pydantic import SecretStr

from assistant.llm.settings import LLMSettings

BACKEND_LABELS = {"local": "本地模型（内置，离线）", "openai": "OpenAI 兼容接口", "template": "模板（不用模型）"}


@st.cache_resource(show_spinner=False)
def _env_settings() -> LLMSettings:
    return LLMSettings()


def llm_settings() -> LLMSettings:
    """The environment's settings with this tab's choices from the 设置 page applied."""
    chosen: dict[str, Any] = dict(st.session_state.get("llm_overrides") or {})
    key = st.session_state.get("llm_api_key")
    if key:
        chosen["api_key"] = SecretStr(key)
    return _env_settings().model_copy(update=chosen)


def backend() -> str:
    return llm_settings().backend


def chat_model() -> BaseChatModel | None:
    """The model to draft with, or None for the template backend (the skeleton drafter, no model)."""
    from assistant.llm import get_chat_model

    return get_chat_model(llm_settings())


@dataclass
class WarmUp:
    """Starting the local model's server in the background when the app starts, so the first 起草 does not wait."""

    state: str = "loading"
    error: str = ""


@st.cache_resource(show_spinner=False)
def warm_up() -> WarmUp:
    """Start the configured local model's server once per app process; a failure is kept to show, not raised."""
    status = WarmUp()
    settings = _env_settings()
    if settings.backend != "local":
        status.state = "not-local"
        return status

    def start() -> None:
        from assistant.llm import LLMError
        from assistant.llm.factory import server_config
        from assistant.llm.server import server_for

        try:
            server_for(server_config(settings)).ensure()
            status.state = "ready"
        except LLMError as exc:  # shown on the 设置 page; drafting reports it again when asked
            status.state, status.error = "failed", str(exc)

    threading.Thread(target=start, name="model-warm-up", daemon=True).start()
    return status


@dataclass(frozen=True)
class Status:
    """A line about the answer rather than of it: the model's place in the queue or loading (``preview`` false),
    or the skeleton block being rewritten, shown at once while the model starts (``preview`` true)."""

    text: str
    preview: bool = False
