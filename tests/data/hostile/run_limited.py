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
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with open(os.environ["HOSTILE_PEAK_FILE"], "w", encoding="utf-8") as handle:
            handle.write(str(peak))
    sys.exit(code)


if __name__ == "__main__":
    main()
