"""The hostile corpus (tests/data/hostile/generate.py) through the real CLI, each case in a child process.

Every case must end on its own with the expected exit code, a Chinese message and no traceback, within
its time bound and memory bound; the child runs under an address-space limit, so a regression fails
the case instead of exhausting the machine.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOSTILE = HERE / "data" / "hostile"
ADDRESS_SPACE = 1536 * 1024 * 1024
TIMEOUT_FACTOR = 3
"""A case may take this many times its bound before the child is killed (the bound itself is asserted)."""

_spec = importlib.util.spec_from_file_location("hostile_generate", HOSTILE / "generate.py")
assert _spec is not None and _spec.loader is not None
generate = importlib.util.module_from_spec(_spec)
sys.modules["hostile_generate"] = generate
_spec.loader.exec_module(generate)


@pytest.mark.parametrize("case", generate.CASES, ids=lambda c: c.name)
def test_hostile_case(case: generate.Case, tmp_path: Path) -> None:
    args = case.make(tmp_path)
    peak_file = tmp_path / "peak.txt"
    env = {
        **os.environ,
        "HOSTILE_AS_BYTES": str(ADDRESS_SPACE),
        "HOSTILE_PEAK_FILE": str(peak_file),
        "PYTHONPATH": str(ROOT),
        "COLUMNS": "200",
    }
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, str(HOSTILE / "run_limited.py"), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=case.seconds * TIMEOUT_FACTOR,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case.name}: still running after {case.seconds * TIMEOUT_FACTOR:.0f} s")
    elapsed = time.monotonic() - started
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output[-3000:]
    assert done.returncode in case.exit_codes, (done.returncode, output[-3000:])
    assert case.words in output, output[-3000:]
    assert len(output) <= case.max_output, len(output)
    assert elapsed <= case.seconds, f"{elapsed:.1f} s"
    peak_mb = int(peak_file.read_text(encoding="utf-8")) / 1024
    assert peak_mb <= case.megabytes, f"peak {peak_mb:.0f} MB"
