"""Which chat model this browser tab uses, and running a model call so it streams, times out and fails cleanly.

Settings come from ``JIXIAO_LLM_*`` as the CLI reads them, overridden by the 设置 page. The API key typed
there lives only in ``st.session_state``: it is never written to the database, a file or a log. The model
object itself comes from ``assistant.llm.get_chat_model``, which loads a local model once per process and
holds its lock during every generation (a llama.cpp model is not thread-safe).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import streamlit as st
from langchain_core.language_models.chat_models import BaseChatModel
from pydantic import SecretStr

from assistant.llm.settings import LLMSettings

T = TypeVar("T")

BACKEND_LABELS = {"local": "本地模型（内置，离线）", "openai": "OpenAI 兼容接口", "template": "模板（不用模型）"}
INJECTED = "chat_model"
"""Session key of a chat model object placed by a test (a fake model) or by an embedding application."""


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
    return "injected" if INJECTED in st.session_state else llm_settings().backend


def chat_model() -> BaseChatModel | None:
    """The model to draft with, or None for the template backend (the skeleton drafter, no model)."""
    injected = st.session_state.get(INJECTED)
    if injected is not None:
        return injected  # type: ignore[no-any-return]
    from assistant.llm import get_chat_model

    return get_chat_model(llm_settings())


@dataclass
class WarmUp:
    """Loading the local model in the background when the server starts, so the first 起草 does not wait."""

    state: str = "loading"
    error: str = ""


@st.cache_resource(show_spinner=False)
def warm_up() -> WarmUp:
    """Start loading the configured local model once per process; a failure is kept to show, not raised."""
    status = WarmUp()
    settings = _env_settings()
    if settings.backend != "local":
        status.state = "not-local"
        return status

    def load() -> None:
        try:
            from assistant.llm import get_chat_model

            chat = get_chat_model(settings)
            loader = getattr(chat, "load", None)
            if callable(loader):
                loader()
            status.state = "ready"
        except Exception as exc:  # shown on the 设置 page; drafting reports it again when asked
            status.state, status.error = "failed", str(exc) or type(exc).__name__

    threading.Thread(target=load, name="model-warm-up", daemon=True).start()
    return status


class ModelTimeout(Exception):
    """The model did not finish within the app's time limit."""


@dataclass
class StreamedCall(Generic[T]):
    """A model call running in a worker thread; ``tokens()`` yields its text as it comes for ``st.write_stream``.

    The limit is on silence, not on the whole call: a long section drafted block by block may take minutes
    on a slow machine and is fine while text keeps coming; a model that stops answering is not.
    """

    timeout: float
    events: queue.Queue[str | None] = field(default_factory=queue.Queue)
    result: list[T] = field(default_factory=list)
    error: list[BaseException] = field(default_factory=list)

    def start(self, work: Callable[[Callable[[str], None]], T]) -> StreamedCall[T]:
        def run() -> None:
            try:
                self.result.append(work(self.events.put))
            except BaseException as exc:  # handed to the page, which shows it in Chinese
                self.error.append(exc)
            finally:
                self.events.put(None)

        threading.Thread(target=run, name="model-call", daemon=True).start()
        return self

    def tokens(self) -> Iterator[str]:
        """The streamed text; raises ModelTimeout after ``timeout`` seconds without any new text."""
        while True:
            try:
                item = self.events.get(timeout=self.timeout)
            except queue.Empty:
                raise ModelTimeout(f"模型在 {self.timeout:.0f} 秒内没有输出任何内容") from None
            if item is None:
                return
            yield item

    def outcome(self) -> T:
        if self.error:
            raise self.error[0]
        return self.result[0]
