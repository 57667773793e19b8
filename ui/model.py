"""Which chat model this browser tab uses, and running a model call so it streams, times out and fails cleanly.

Settings come from ``JIXIAO_LLM_*`` as the CLI reads them, overridden by the 设置 page. The API key typed
there lives only in ``st.session_state``: it is never written to the database, a file or a log. The model
itself never runs in this process: the local backend is a managed child server (``assistant.llm.server``)
shared by every tab, so a crash of llama.cpp costs one answer, not the app.
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


class ModelTimeout(Exception):
    """The model did not finish within the app's time limit."""


@dataclass(frozen=True)
class Status:
    """A line about the answer rather than of it: the model's place in the queue or loading (``preview`` false),
    or the skeleton block being rewritten, shown at once while the model starts (``preview`` true)."""

    text: str
    preview: bool = False


@dataclass
class StreamedCall(Generic[T]):
    """A model call running in a worker thread; ``tokens()`` yields its text as it comes for ``st.write_stream``.

    The limit is on silence, not on the whole call: a long section drafted block by block may take minutes
    on a slow machine and is fine while text keeps coming; a model that stops answering is not. A request
    waiting in the model's queue reports its place regularly, which counts as not silent.
    """

    timeout: float
    events: queue.Queue[str | Status | None] = field(default_factory=queue.Queue)
    result: list[T] = field(default_factory=list)
    error: list[BaseException] = field(default_factory=list)

    def start(self, work: Callable[[Callable[[str | Status], None]], T]) -> StreamedCall[T]:
        """Run ``work(emit)`` in a worker thread; model status lines reported meanwhile reach ``tokens()``."""
        from assistant.llm.client import model_status

        def status(text: str) -> None:
            self.events.put(Status(text))

        def run() -> None:
            try:
                with model_status(status):
                    self.result.append(work(self.events.put))
            except BaseException as exc:  # handed to the page, which shows it in Chinese
                self.error.append(exc)
            finally:
                self.events.put(None)

        threading.Thread(target=run, name="model-call", daemon=True).start()
        return self

    def tokens(self, on_status: Callable[[Status], None] | None = None) -> Iterator[str]:
        """The streamed text; statuses go to ``on_status`` (a model status is cleared, as an empty one, when text
        flows again). Raises ModelTimeout after ``timeout`` seconds of silence."""
        waiting = False
        while True:
            try:
                item = self.events.get(timeout=self.timeout)
            except queue.Empty:
                raise ModelTimeout(f"模型在 {self.timeout:.0f} 秒内没有输出任何内容") from None
            if item is None:
                return
            if isinstance(item, Status):
                waiting = waiting or not item.preview
                if on_status is not None:
                    on_status(item)
                continue
            if waiting and on_status is not None:
                on_status(Status(""))
            waiting = False
            yield item

    def outcome(self) -> T:
        if self.error:
            raise self.error[0]
        return self.result[0]
