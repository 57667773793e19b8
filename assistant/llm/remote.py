"""The ``openai`` backend: any OpenAI-compatible endpoint through langchain-openai's ``ChatOpenAI``.

OpenAI, DeepSeek, DashScope (Qwen), vLLM, Ollama and llama-cpp-python's own server all speak this API;
only the base URL, key and model name differ, and they come from settings.
"""

from __future__ import annotations

from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from pydantic import SecretStr

from assistant.llm.errors import LLMError, missing_dependency
from assistant.llm.settings import LLMSettings

LOCAL_KEY = "not-needed"
"""Local servers (llama.cpp, vLLM, Ollama) ignore the key, but the client insists on one."""


def openai_chat_model(settings: LLMSettings, http_client: Any = None, retries: int = 1) -> BaseChatModel:
    """``http_client`` lets tests put an ``httpx.MockTransport`` in front of the client.

    ``retries``: a remote endpoint may drop one request; the local server is ours, and a retry after a
    timeout would only double the wait, so it gets none.
    """
    try:
        from langchain_openai import ChatOpenAI
    except ImportError:
        raise missing_dependency("langchain-openai", "llm") from None
    if not settings.base_url and settings.api_key is None:
        raise LLMError("openai 方式需要设置 JIXIAO_LLM_BASE_URL（接口地址）或 JIXIAO_LLM_API_KEY（密钥）")
    return ChatOpenAI(
        model=settings.model,
        base_url=settings.base_url,
        api_key=settings.api_key or SecretStr(LOCAL_KEY),
        temperature=settings.temperature,
        max_tokens=settings.max_tokens,
        timeout=settings.timeout,
        max_retries=retries,
        seed=settings.seed,
        stream_usage=True,
        http_client=http_client,
    )
