"""The ``local`` backend: a GGUF model run in-process by llama.cpp, as a LangChain chat model.

Written against ``llama_cpp.Llama.generate`` rather than ``create_chat_completion`` for three reasons the
drafting pipeline depends on: every token is decoded through an incremental UTF-8 decoder, so a Chinese
character split across tokens never reaches a chunk half-formed; the finish reason ("stop" or "length")
is always reported on the last chunk; and decoding stays at llama.cpp speed (the stock streaming path
re-detokenizes the whole answer after every token).

A ``Llama`` object is not thread-safe and loading one takes seconds and a gigabyte, so each model file is
loaded once per process and every generation holds that model's lock. Between calls llama.cpp keeps its
KV cache; a new prompt that starts with the previous one's system prompt and facts only evaluates the rest.
"""

from __future__ import annotations

import codecs
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

from assistant.llm.errors import LLMError, missing_dependency

CHATML = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
"""Used only when a GGUF file carries no chat template of its own."""

ROLES = {"system": "system", "human": "user", "ai": "assistant"}


@dataclass
class _Engine:
    """One loaded model, its lock, its chat template and its end-of-generation test."""

    llama: Any
    lock: threading.Lock
    formatter: Any
    is_eog: Callable[[int], bool]


_ENGINES: dict[tuple[str, int, int | None, int], _Engine] = {}
_ENGINES_LOCK = threading.Lock()


def _load(model_path: str, n_ctx: int, n_threads: int | None, n_batch: int) -> _Engine:
    key = (model_path, n_ctx, n_threads, n_batch)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is not None:
            return engine
        try:
            import llama_cpp
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter
        except ImportError:
            raise missing_dependency("llama-cpp-python", "llm") from None
        if not Path(model_path).is_file():
            raise LLMError(f"找不到模型文件 {model_path}，请检查 JIXIAO_LLM_MODEL_PATH")
        try:
            llama = llama_cpp.Llama(
                model_path=model_path,
                n_ctx=n_ctx,
                n_threads=n_threads,
                n_threads_batch=n_threads,
                n_batch=n_batch,
                verbose=False,
            )
        except ValueError as exc:
            raise LLMError(f"无法加载模型文件 {model_path}：{exc}") from None
        template = llama.metadata.get("tokenizer.chat_template") or CHATML
        eos = llama.token_eos()
        bos = llama.token_bos()
        formatter = Jinja2ChatFormatter(
            template=template,
            eos_token=llama._model.token_get_text(eos) if eos != -1 else "",
            bos_token=llama._model.token_get_text(bos) if bos != -1 else "",
        )
        vocab = llama._model.vocab
        engine = _Engine(
            llama, threading.Lock(), formatter, lambda token: bool(llama_cpp.llama_vocab_is_eog(vocab, token))
        )
        _ENGINES[key] = engine
        return engine


class _StopFilter:
    """Holds back the tail of the text that could still turn into a stop string."""

    def __init__(self, stops: list[str]) -> None:
        self.stops = [s for s in stops if s]
        self.hold = max((len(s) for s in self.stops), default=1) - 1
        self.pending = ""

    def feed(self, text: str) -> tuple[str, bool]:
        """Text safe to emit now, and whether a stop string was reached."""
        self.pending += text
        hits = [self.pending.find(s) for s in self.stops if s in self.pending]
        if hits:
            out, self.pending = self.pending[: min(hits)], ""
            return out, True
        cut = max(len(self.pending) - self.hold, 0)
        out, self.pending = self.pending[:cut], self.pending[cut:]
        return out, False

    def flush(self) -> str:
        out, self.pending = self.pending, ""
        return out


class LocalChatModel(BaseChatModel):
    """llama.cpp in-process; ``response_metadata`` of the last chunk carries finish_reason and timings."""

    model_path: str = Field(description="GGUF file")
    n_ctx: int = 8192
    n_threads: int | None = None
    n_batch: int = 512
    temperature: float = 0.3
    top_p: float = 0.9
    top_k: int = 40
    repeat_penalty: float = 1.05
    max_tokens: int = 1536
    seed: int | None = 42
    reuse_prefix: bool = Field(True, description="keep the KV cache of a shared prompt prefix between calls")

    @property
    def _llm_type(self) -> str:
        return "llama-cpp-local"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "n_ctx": self.n_ctx, "temperature": self.temperature}

    def load(self) -> None:
        """Load the model now (it is otherwise loaded by the first call), e.g. before timing a draft."""
        _load(self.model_path, self.n_ctx, self.n_threads, self.n_batch)

    def prompt_tokens(self, messages: list[BaseMessage]) -> list[int]:
        """The exact tokens this model evaluates for ``messages`` (the benchmark replays them raw)."""
        engine = _load(self.model_path, self.n_ctx, self.n_threads, self.n_batch)
        with engine.lock:
            return self._tokens(engine, messages)

    def _tokens(self, engine: _Engine, messages: list[BaseMessage]) -> list[int]:
        chat = [{"role": ROLES.get(m.type, m.type), "content": m.text} for m in messages]
        prompt = engine.formatter(messages=chat).prompt
        tokens: list[int] = engine.llama.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)
        return tokens

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
            meta.update(chunk.generation_info or {})
            if isinstance(chunk.message, AIMessageChunk) and chunk.message.usage_metadata:
                usage = chunk.message.usage_metadata
        message = AIMessage(content="".join(text), response_metadata=meta, usage_metadata=usage)
        return ChatResult(generations=[ChatGeneration(message=message, generation_info=meta)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        engine = _load(self.model_path, self.n_ctx, self.n_threads, self.n_batch)
        llama = engine.llama
        max_tokens = int(kwargs.get("max_tokens") or self.max_tokens)
        temperature = float(kwargs.get("temperature", self.temperature))
        with engine.lock:
            tokens = self._tokens(engine, messages)
            room = self.n_ctx - len(tokens)
            if room < 16:
                raise LLMError(f"提示共 {len(tokens)} 个词元，超出模型上下文 {self.n_ctx}，请调大 JIXIAO_LLM_N_CTX")
            budget = min(max_tokens, room)
            if not self.reuse_prefix:
                llama.reset()
            reused = _common_prefix(llama, tokens)
            if self.seed is not None:
                llama.set_seed(self.seed)
            decoder = codecs.getincrementaldecoder("utf-8")(errors="ignore")
            stops = _StopFilter(list(stop or []))
            finish = "length"
            stopped = False
            produced = 0
            started = time.perf_counter()
            first: float | None = None
            for token in llama.generate(
                tokens,
                temp=temperature,
                top_p=self.top_p,
                top_k=self.top_k,
                repeat_penalty=self.repeat_penalty,
            ):
                if first is None:
                    first = time.perf_counter()
                if engine.is_eog(token):
                    finish = "stop"
                    break
                produced += 1
                piece, stopped = stops.feed(decoder.decode(llama.detokenize([token])))
                if piece:
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=piece))
                    if run_manager:
                        run_manager.on_llm_new_token(piece, chunk=chunk)
                    yield chunk
                if stopped:
                    finish = "stop"
                    break
                if produced >= budget:
                    break
            ended = time.perf_counter()
            tail = "" if stopped else stops.feed(decoder.decode(b"", final=True))[0] + stops.flush()
        info = {
            "finish_reason": finish,
            "model_name": Path(self.model_path).name,
            "prompt_tokens": len(tokens),
            "reused_prompt_tokens": reused,
            "completion_tokens": produced,
            "time_to_first_token": (first or ended) - started,
            "decode_seconds": ended - (first or ended),
        }
        usage = {"input_tokens": len(tokens), "output_tokens": produced, "total_tokens": len(tokens) + produced}
        yield ChatGenerationChunk(
            message=AIMessageChunk(content=tail, usage_metadata=usage, chunk_position="last"), generation_info=info
        )


def _common_prefix(llama: Any, tokens: list[int]) -> int:
    """How many prompt tokens llama.cpp will take from its KV cache instead of evaluating them."""
    cached = llama._input_ids.tolist()
    n = 0
    for a, b in zip(cached, tokens, strict=False):
        if a != b:
            break
        n += 1
    return n
