"""One client path for every backend: an OpenAI-compatible endpoint, guarded.

The ``local`` backend is the bundled model behind a managed child server (``assistant.llm.server``), the
``openai`` backend any remote endpoint; both are reached through langchain-openai's ``ChatOpenAI``. This
wrapper adds what a shell needs and ChatOpenAI does not give: a request waits its turn for a local server
(and says where it stands in line), the server is started or restarted when needed, and every transport
failure becomes one of our errors with a Chinese message — the caller never sees httpx or openai classes.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import openai
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict

from assistant.llm.errors import LLMError, ModelRejected, ModelTimeout, ModelUnavailable
from assistant.llm.server import ModelServer

StatusListener = Callable[[str], None]

_listener: contextvars.ContextVar[StatusListener | None] = contextvars.ContextVar("model_status", default=None)


@contextmanager
def model_status(listener: StatusListener) -> Iterator[None]:
    """Send this thread's model status lines (queue position, model loading) to ``listener`` meanwhile."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def report_status(text: str) -> None:
    """A status line for whoever listens on this thread (see ``model_status``); dropped when nobody does."""
    listener = _listener.get()
    if listener is not None:
        listener(text)


def waiting_line(ahead: int, warming: int) -> str:
    """What a waiting writer reads: a warm-up ahead is the model getting ready, not someone else's request."""
    if ahead == warming:
        return "模型正在读取本节的写作要求，马上开始……"
    return f"模型正忙，排队中（前面还有 {ahead - warming} 个）"


class EndpointChatModel(BaseChatModel):
    """A ChatOpenAI client made for the endpoint at call time, optionally in front of a managed server."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    make_client: Callable[[str | None], BaseChatModel]
    """Builds the ChatOpenAI client for a base URL (None: the configured remote endpoint)."""
    server: ModelServer | None = None
    timeout: float = 120.0
    label: str = "模型接口"
    secrets: tuple[str, ...] = ()
    """Strings never to repeat in a message (the API key)."""
    legacy_max_tokens: int | None = None
    """Default answer limit, also sent as ``max_tokens``: ChatOpenAI sends only ``max_completion_tokens``,
    which llama_cpp.server ignores, so without this no answer from it would ever be cut off for length."""

    @property
    def _llm_type(self) -> str:
        return "jixiao-endpoint"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text: list[str] = []
        meta: dict[str, Any] = {}
        usage = None
        for chunk in self._stream(messages, stop, run_manager, **kwargs):
            text.append(chunk.text)
            meta.update(chunk.message.response_metadata or {})
            if isinstance(chunk.message, AIMessageChunk) and chunk.message.usage_metadata:
                usage = chunk.message.usage_metadata
        message = AIMessage(content="".join(text), response_metadata=meta, usage_metadata=usage)
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        if self.server is None:
            yield from self._relay(None, messages, stop, run_manager, kwargs)
            return
        server = self.server
        warm = bool(kwargs.pop("warm", False))
        with server.line.turn(lambda ahead, warming: report_status(waiting_line(ahead, warming)), warm=warm):
            base_url = server.ensure(report_status)
            yield from self._relay(base_url, messages, stop, run_manager, kwargs)

    def warm(self, messages: list[BaseMessage]) -> None:
        """Have the local server evaluate a prompt prefix now, in the background, so a request that starts with
        it later skips that work (llama.cpp keeps the last prompt's evaluation). Only when nobody is waiting:
        warming must never delay a real request. A failure is left for the real request to report."""
        if self.server is None or len(self.server.line):
            return

        def run() -> None:
            try:
                for _ in self._stream(messages, max_tokens=1, warm=True):
                    pass
            except LLMError:
                return

        threading.Thread(target=run, name="model-warm", daemon=True).start()

    def _relay(
        self,
        base_url: str | None,
        messages: list[BaseMessage],
        stop: list[str] | None,
        run_manager: CallbackManagerForLLMRun | None,
        kwargs: dict[str, Any],
    ) -> Iterator[ChatGenerationChunk]:
        if self.legacy_max_tokens is not None:
            limit = kwargs.get("max_tokens") or self.legacy_max_tokens
            kwargs = {**kwargs, "extra_body": {**(kwargs.get("extra_body") or {}), "max_tokens": limit}}
        stream = self.make_client(base_url).stream(messages, stop=stop, **kwargs)
        midway = False
        try:
            while True:
                try:
                    message = next(stream)
                except StopIteration:
                    return
                except (httpx.HTTPError, openai.APIError) as exc:
                    raise self._translate(exc, midway) from exc
                midway = True
                chunk = ChatGenerationChunk(message=message)
                if run_manager is not None and message.text:
                    run_manager.on_llm_new_token(message.text, chunk=chunk)
                yield chunk
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()

    def _translate(self, exc: httpx.HTTPError | openai.APIError, midway: bool) -> LLMError:
        """The failure in the user's words; a local server is also made ready for the next request."""
        timed_out = isinstance(exc, (httpx.TimeoutException, openai.APITimeoutError))
        if self.server is not None:
            return self.server.failure(type(exc).__name__, timed_out, self.timeout)
        detail = str(exc)
        for secret in self.secrets:
            detail = detail.replace(secret, "***")
        detail = detail[:200].rstrip("。.")
        if timed_out:
            return ModelTimeout(f"{self.label}在 {self.timeout:.0f} 秒内没有回答，请稍后重试或检查接口地址")
        if isinstance(exc, openai.APIStatusError):
            return ModelRejected(
                f"{self.label}拒绝了请求（HTTP {exc.status_code}）：{detail}。请检查密钥、模型名和接口地址"
            )
        if midway:
            return ModelUnavailable(f"{self.label}的回答中途中断（{type(exc).__name__}），本次回答没有完成，请重试")
        return ModelUnavailable(
            f"无法连接{self.label}（{type(exc).__name__}）：{detail}。请检查 JIXIAO_LLM_BASE_URL 和网络"
        )
