"""The child process that serves a GGUF model: llama-cpp-python's own ``llama_cpp.server``, tied to its parent.

Run as ``python -m assistant.llm.serve [llama_cpp.server options]``. llama.cpp is native code that can crash
on a processor it was not built for, so it never runs inside the app or the CLI: it runs here, and a crash
costs one answer. The only addition to the stock server is a lifeline: the parent holds the write end of
this process's stdin, so when the parent exits, even by ``kill -9``, stdin reaches end of file and this
process exits too. No orphaned server keeps a gigabyte of memory and two cores after the app is gone.
"""

from __future__ import annotations

import os
import runpy
import sys
import threading


def _exit_with_parent() -> None:
    """Block on stdin; end of file means the parent is gone."""
    while sys.stdin.buffer.read(4096):
        pass
    os._exit(0)


def main() -> None:
    threading.Thread(target=_exit_with_parent, name="parent-lifeline", daemon=True).start()
    sys.argv = ["llama_cpp.server", *sys.argv[1:]]
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
