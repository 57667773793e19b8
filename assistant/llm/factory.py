"""The one place that turns settings into a chat model, so every caller drafts with the same backend.

Both model backends go through ``EndpointChatModel``: ``openai`` to the configured endpoint, ``local`` to the
bundled (or configured) GGUF model served by a managed child process. Nothing here loads llama.cpp.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit

from langchain_core.language_models.chat_models import BaseChatModel
from pydantic import SecretStr

from assistant.llm.bundled import bundled_model_path
from assistant.llm.client import EndpointChatModel
from assistant.llm.remote import openai_chat_model
from assistant.llm.server import ServerConfig, server_for
from assistant.llm.settings import LLMSettings, batch_threads, decode_threads

_CLIENTS: dict[tuple[object, ...], tuple[str | None, BaseChatModel]] = {}
"""One client per configuration, with the base URL it was made for: a restarted local server listens on a
new port, and its client replaces the old one instead of piling up beside it."""
_CLIENTS_LOCK = threading.Lock()


def server_config(settings: LLMSettings) -> ServerConfig:
    """The local server these settings ask for (assembling the bundled model first if needed)."""
    return ServerConfig(
        model_path=settings.model_path or bundled_model_path(settings.cache_dir),
        n_ctx=settings.n_ctx,
        n_threads=decode_threads(settings),
        n_threads_batch=batch_threads(settings),
        n_batch=settings.n_batch,
        startup_timeout=settings.startup_timeout,
    )


def _secret(settings: LLMSettings) -> str | None:
    return settings.api_key.get_secret_value() if isinstance(settings.api_key, SecretStr) else None


def _client_factory(settings: LLMSettings, model_name: str) -> Callable[[str | None], BaseChatModel]:
    # The dump masks the API key, so the key itself is part of the cache key: a key changed on the 设置 page
    # must get a new client at once.
    key = (settings.model_dump_json(), _secret(settings), model_name)

    def make(base_url: str | None) -> BaseChatModel:
        with _CLIENTS_LOCK:
            cached = _CLIENTS.get(key)
            if cached is None or cached[0] != base_url:
                update = {"base_url": base_url, "api_key": None, "model": model_name} if base_url else {}
                client = openai_chat_model(settings.model_copy(update=update), retries=0 if base_url else 1)
                cached = _CLIENTS[key] = (base_url, client)
            return cached[1]

    return make


def local_chat_model(settings: LLMSettings) -> BaseChatModel:
    """The local GGUF model behind its managed server (started on the first request, not here)."""
    config = server_config(settings)
    return EndpointChatModel(
        make_client=_client_factory(settings, config.model_path.name),
        server=server_for(config),
        timeout=settings.timeout,
        label="本地模型",
        legacy_max_tokens=settings.max_tokens,
    )


def remote_chat_model(settings: LLMSettings) -> BaseChatModel:
    make = _client_factory(settings, settings.model)
    make(None)  # fails now, with the setting to fix, rather than at the first request
    secret = _secret(settings)
    return EndpointChatModel(
        make_client=make,
        timeout=settings.timeout,
        label="模型接口",
        secrets=(secret,) if secret else (),
        legacy_max_tokens=None if _official_openai(settings.base_url) else settings.max_tokens,
    )


OFFICIAL_OPENAI_HOSTS = frozenset({"api.openai.com"})
"""Endpoints that refuse ``max_tokens`` for some models (reasoning models take only ``max_completion_tokens``).

Every other OpenAI-compatible server a bureau runs (vLLM, llama.cpp's servers, Ollama, a provider's
compatible mode) is sent both: llama_cpp.server, for one, ignores ``max_completion_tokens``, so an answer
from it would otherwise run on until the context is full instead of stopping at the answer limit.
"""


def _official_openai(base_url: str | None) -> bool:
    if not base_url:
        return True  # no address: the OpenAI client's own default, api.openai.com
    return (urlsplit(base_url).hostname or "").lower() in OFFICIAL_OPENAI_HOSTS


def get_chat_model(settings: LLMSettings | None = None) -> BaseChatModel | None:
    """The configured chat model, or None for the ``template`` backend (the skeleton, no model).

    Raises ``LLMError`` with a Chinese message naming what to install or set when the backend cannot run.
    """
    settings = settings or LLMSettings()
    if settings.backend == "template":
        return None
    if settings.backend == "openai":
        return remote_chat_model(settings)
    return local_chat_model(settings)
