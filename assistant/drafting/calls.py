"""One model answer, streamed: tokens go to the event handler as they arrive, truncation is never hidden.

An answer that stops for length is continued once; if the continuation is cut off too, the answer is
marked truncated and the caller falls back to the skeleton rather than pass half a paragraph as done.
The stream is always closed, even when an event handler fails, so a local model's lock is released.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.drafting.prompts import continue_messages

if TYPE_CHECKING:  # LangChain is imported where a model is called, so model-free runs never load it
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.messages import BaseMessage

MIN_OVERLAP = 4


@dataclass
class CallStats:
    """Token counts and timings summed over model calls (time to first token of the first call only)."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    decode_tokens: int = 0
    decode_seconds: float = 0.0
    wall_seconds: float = 0.0
    time_to_first_token: float | None = None

    def add(self, other: CallStats) -> None:
        self.calls += other.calls
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.decode_tokens += other.decode_tokens
        self.decode_seconds += other.decode_seconds
        self.wall_seconds += other.wall_seconds
        if self.time_to_first_token is None:
            self.time_to_first_token = other.time_to_first_token

    @property
    def decode_rate(self) -> float | None:
        """Tokens per second between first and last token, as the caller saw them arrive."""
        return self.decode_tokens / self.decode_seconds if self.decode_seconds > 0 else None


@dataclass
class Answer:
    text: str
    finish_reason: str | None
    stats: CallStats
    continued: bool = False

    @property
    def truncated(self) -> bool:
        return self.finish_reason == "length"


def _one_call(
    model: BaseChatModel, messages: list[BaseMessage], max_tokens: int, on_token: Callable[[str], None]
) -> Answer:
    parts: list[str] = []
    finish: str | None = None
    chunks = 0
    usage_in = usage_out = 0
    started = time.perf_counter()
    first = last = None
    stream = model.stream(messages, max_tokens=max_tokens)
    try:
        for chunk in stream:
            text = chunk.text
            meta = chunk.response_metadata or {}
            finish = meta.get("finish_reason") or finish
            if chunk.usage_metadata:
                usage_in = chunk.usage_metadata.get("input_tokens", usage_in)
                usage_out = chunk.usage_metadata.get("output_tokens", usage_out)
            if text:
                now = time.perf_counter()
                first = first if first is not None else now
                last = now
                chunks += 1
                parts.append(text)
                on_token(text)
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()
    ended = time.perf_counter()
    produced = usage_out or chunks
    stats = CallStats(
        calls=1,
        prompt_tokens=usage_in,
        completion_tokens=produced,
        decode_tokens=max(produced - 1, 0) if first is not None and last is not None and last > first else 0,
        decode_seconds=(last - first) if first is not None and last is not None and last > first else 0.0,
        wall_seconds=ended - started,
        time_to_first_token=(first - started) if first is not None else None,
    )
    return Answer("".join(parts), finish, stats)


def _join(partial: str, continuation: str) -> str:
    """Glue a continuation on, dropping text the model repeated from the end of the partial answer."""
    for size in range(min(len(partial), len(continuation)), MIN_OVERLAP - 1, -1):
        if partial.endswith(continuation[:size]):
            return partial + continuation[size:]
    start = continuation.find(partial[-MIN_OVERLAP:]) if len(partial) >= MIN_OVERLAP else -1
    return partial + (continuation[start + MIN_OVERLAP :] if start != -1 else continuation)


def stream_answer(
    model: BaseChatModel, messages: list[BaseMessage], max_tokens: int, on_token: Callable[[str], None]
) -> Answer:
    """Stream one answer; continue it once if it was cut off for length."""
    answer = _one_call(model, messages, max_tokens, on_token)
    if not answer.truncated:
        return answer
    more = _one_call(model, continue_messages(messages, answer.text), max_tokens, on_token)
    answer.stats.add(more.stats)
    return Answer(_join(answer.text, more.text), more.finish_reason, answer.stats, continued=True)
