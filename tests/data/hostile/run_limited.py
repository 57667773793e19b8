"""Runs the ``assistant`` command under an address-space limit and reports its peak memory.

Used by ``tests/test_hostile_corpus.py`` as the child process: the limit (``HOSTILE_AS_BYTES``) makes a
memory regression fail one test instead of the machine, and the peak resident size is written to
``HOSTILE_PEAK_FILE`` in kilobytes whatever way the command ends.
"""

from __future__ import annotations

import os
import resource
import sys


def main() -> None:
    limit = int(os.environ["HOSTILE_AS_BYTES"])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    code: int | str | None = 0
    try:
        from assistant.cli import app

        app(args=sys.argv[1:], prog_name="assistant")
    except SystemExit as exc:
        code = exc.code
    finally:
        with open(os.environ["HOSTILE_PEAK_FILE"], "w", encoding="utf-8") as handle:
            handle.write(str(_peak_kb()))
    sys.exit(code)


def _peak_kb() -> int:
    """This process image's peak resident size: VmHWM, since ru_maxrss keeps the parent's peak across exec."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main()
