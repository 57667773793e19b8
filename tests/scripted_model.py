"""A chat model that answers from a script, so the drafting tests need no real model or server.

Unlike langchain's ``FakeListChatModel`` it streams in small chunks (splitting text the way a tokenizer
would, never inside a character), reports a finish reason ("length" to simulate truncation) and keeps
every prompt it received, so tests can check what the model was shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

from assistant.drafting.prompts import DATA_CLOSE, DATA_OPEN


class ScriptedChatModel(BaseChatModel):
    """Answers with ``replies`` in order; a reply is text, or (text, finish_reason).

    With ``echo`` set, once the replies are used up it answers with the draft it was shown (the text of
    the last 【原稿】 block without its 小标题 line), which passes any gate: a stand-in for a perfect model.
    """

    replies: list[str | tuple[str, str]] = Field(default_factory=list)
    echo: bool = False
    chunk_chars: int = 3
    received: list[list[BaseMessage]] = Field(default_factory=list)
    max_tokens: int | None = None

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _next(self, messages: list[BaseMessage]) -> tuple[str, str]:
        self.received.append(list(messages))
        if not self.replies and self.echo:
            return _echo(messages[-1].text), "stop"
        if not self.replies:
            raise AssertionError("ScriptedChatModel ran out of replies")
        reply = self.replies.pop(0)
        return (reply, "stop") if isinstance(reply, str) else reply

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text, finish = self._next(messages)
        message = AIMessage(content=text, response_metadata={"finish_reason": finish})
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        text, finish = self._next(messages)
        pieces = [text[i : i + self.chunk_chars] for i in range(0, len(text), self.chunk_chars)]
        for piece in pieces:
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=piece))
            if run_manager:
                run_manager.on_llm_new_token(piece, chunk=chunk)
            yield chunk
        usage = {"input_tokens": 0, "output_tokens": len(pieces), "total_tokens": len(pieces)}
        yield ChatGenerationChunk(
            message=AIMessageChunk(content="", usage_metadata=usage, chunk_position="last"),
            generation_info={"finish_reason": finish},
        )


def _echo(prompt: str) -> str:
    start = prompt.rfind(DATA_OPEN)
    end = prompt.rfind(DATA_CLOSE)
    if start == -1 or end < start:
        return prompt
    lines = prompt[start + len(DATA_OPEN) : end].strip().split("\n")
    return "\n".join(line for line in lines if not line.startswith("小标题："))
