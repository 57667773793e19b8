"""Which model drafts the report, read from ``JIXIAO_LLM_*`` environment variables (or a ``.env`` file).

One settings object decides the backend so the CLI, the app and the benchmark can never disagree; the API
key is a ``SecretStr`` so it cannot leak into logs, reprs or files.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

Backend = Literal["local", "openai", "template"]


def default_cache_dir() -> Path:
    """Where the bundled model is assembled: ``$XDG_CACHE_HOME/jixiao-assistant`` or ``~/.cache/…``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jixiao-assistant"


class LLMSettings(BaseSettings):
    """Model backend settings; every field can be set as ``JIXIAO_LLM_<FIELD>`` (e.g. JIXIAO_LLM_BACKEND)."""

    model_config = SettingsConfigDict(env_prefix="JIXIAO_LLM_", env_file=".env", extra="ignore")

    backend: Backend = Field(
        "local", description="local: llama.cpp 本地模型; openai: OpenAI 兼容接口; template: 无模型"
    )
    model_path: Path | None = Field(
        None, description="GGUF model file for the local backend; empty means the bundled Qwen2.5-Coder-1.5B model"
    )
    cache_dir: Path = Field(default_factory=default_cache_dir, description="where the bundled model is assembled")
    n_ctx: int = Field(8192, ge=512, description="context window of the local model, in tokens")
    n_threads: int | None = Field(
        None, ge=1, description="CPU threads generating tokens; empty means the measured default (decode_threads)"
    )
    n_batch: int = Field(512, ge=8, description="prompt-evaluation batch size of the local model")
    base_url: str | None = Field(
        None, description="OpenAI-compatible endpoint, e.g. https://api.deepseek.com/v1 or http://127.0.0.1:8000/v1"
    )
    api_key: SecretStr | None = Field(None, description="API key of the endpoint; never logged or written")
    model: str = Field("gpt-4o-mini", description="model name at the endpoint (openai backend)")
    temperature: float = Field(0.3, ge=0, le=2, description="sampling temperature; low keeps figures stable")
    max_tokens: int = Field(1536, ge=16, description="most tokens one answer may have before it counts as truncated")
    timeout: float = Field(120.0, gt=0, description="seconds to wait for one answer from the endpoint")
    seed: int | None = Field(42, description="sampling seed for reproducible local drafts; empty means random")
    startup_timeout: float = Field(180.0, gt=0, description="seconds the local model server may take to load")


def decode_threads(settings: LLMSettings) -> int:
    """Threads for generating tokens: one fewer than the cores (on 2 cores, one).

    Generation waits for its slowest thread at every token, so a thread that shares a core with another
    busy process stalls all of them. Measured on 2 cores (bench/bench_server.py): on an idle machine 2
    threads decode about twice as fast as 1, but beside one busy process they fall to a fifth of 1 thread's
    speed. An app server also runs the app, the browser and other users' work, so the default gives up the
    best case to avoid the worst; a dedicated machine can set JIXIAO_LLM_N_THREADS.
    """
    return settings.n_threads or max((os.cpu_count() or 1) - 1, 1)


def batch_threads(settings: LLMSettings) -> int:
    """Threads for evaluating the prompt: every core (large batches use them all well)."""
    return settings.n_threads or os.cpu_count() or 1
