"""Errors of the model layer, worded for staff: what is wrong and what to install or set."""

from __future__ import annotations


class LLMError(Exception):
    """A backend that cannot be used as configured (missing package, model file or endpoint setting)."""


def missing_dependency(package: str, extra: str) -> LLMError:
    """The one message for an optional dependency that is not installed."""
    return LLMError(f"缺少可选依赖 {package}，请运行 pip install -e '.[{extra}]'")
