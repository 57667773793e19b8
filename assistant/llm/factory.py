"""The one place that turns settings into a chat model, so every caller drafts with the same backend."""

from __future__ import annotations

import os
import threading

from langchain_core.language_models.chat_models import BaseChatModel

from assistant.llm.bundled import bundled_model_path
from assistant.llm.settings import LLMSettings

_LOCAL: dict[tuple[object, ...], BaseChatModel] = {}
_LOCAL_LOCK = threading.Lock()


def local_chat_model(settings: LLMSettings) -> BaseChatModel:
    """The in-process llama.cpp model; one per configuration and process (the weights load once)."""
    from assistant.llm.local import LocalChatModel

    path = settings.model_path or bundled_model_path(settings.cache_dir)
    threads = settings.n_threads or os.cpu_count() or 1
    key = (
        str(path),
        settings.n_ctx,
        threads,
        settings.n_batch,
        settings.prompt_cache,
        settings.temperature,
        settings.max_tokens,
        settings.seed,
    )
    with _LOCAL_LOCK:
        model = _LOCAL.get(key)
        if model is None:
            model = LocalChatModel(
                model_path=str(path),
                n_ctx=settings.n_ctx,
                n_threads=threads,
                n_batch=settings.n_batch,
                temperature=settings.temperature,
                max_tokens=settings.max_tokens,
                seed=settings.seed,
                reuse_prefix=settings.prompt_cache,
            )
            _LOCAL[key] = model
        return model


def get_chat_model(settings: LLMSettings | None = None) -> BaseChatModel | None:
    """The configured chat model, or None for the ``template`` backend (the skeleton, no model).

    Raises ``LLMError`` with a Chinese message naming what to install or set when the backend cannot run.
    """
    settings = settings or LLMSettings()
    if settings.backend == "template":
        return None
    if settings.backend == "openai":
        from assistant.llm.remote import openai_chat_model

        return openai_chat_model(settings)
    return local_chat_model(settings)
