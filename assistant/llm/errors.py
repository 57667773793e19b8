"""Errors of the model layer, worded for staff: what is wrong, that nothing was lost, and what to do.

Backends turn their own exceptions (httpx, openai, a dead child process) into these at the boundary, so a
shell never has to guess from a class or module name whether the network, the model or the input failed.
"""

from __future__ import annotations

from assistant.errors import AssistantError


class LLMError(AssistantError):
    """A backend that cannot be used as configured (missing package, model file or endpoint setting)."""


class ModelUnavailable(LLMError):
    """The model could not answer: its server crashed, could not start, or the endpoint cannot be reached."""


class ModelTimeout(ModelUnavailable):
    """The model went silent for longer than the configured timeout."""


class ModelRejected(LLMError):
    """The endpoint answered but refused the request (bad key, unknown model, prompt too long)."""


def missing_dependency(package: str, extra: str) -> LLMError:
    """The one message for an optional dependency that is not installed."""
    return LLMError(f"缺少可选依赖 {package}，请运行 pip install -e '.[{extra}]'")
