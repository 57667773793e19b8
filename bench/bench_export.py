"""How long exporting the whole example report takes: the gate (checker) and the Word file, as a user waits for it.

    .venv/bin/python bench/bench_export.py [--runs 20] [--out bench/results/export.txt]

The first export of a process also pays for importing python-docx and loading its template; it is
reported apart from the median of the warm runs. Target: under 0.5 s for the .docx.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assistant.export import export_report
from assistant.facts import load_facts
from assistant.profiles import load_profile
from assistant.report import Report, render
from assistant.skeleton import SkeletonDrafter

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 0.5


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _example() -> Report:
    facts = load_facts(ROOT / "facts" / "example.yaml")
    report, _ = SkeletonDrafter(facts, load_profile()).report()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "export.txt")
    args = parser.parse_args()

    report = _example()
    paragraphs = sum(len(s.paragraphs) for s in report.walk()) + len(report.preamble)
    chars = len(render(report, markdown=False))
    lines = [
        "export_report() of the example report (facts/example.yaml, template draft): checker gate + writer",
        f"example report: {len(list(report.walk()))} sections, {paragraphs} paragraphs, {chars} characters",
        f"machine: {os.cpu_count()} cores {platform.machine()}, load average {os.getloadavg()[0]:.1f}, "
        f"Python {platform.python_version()}",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in (".docx", ".md", ".txt"):
            path = Path(tmp) / f"r{suffix}"
            first = _timed(lambda p=path: export_report(report, p))
            runs = [_timed(lambda p=path: export_report(report, p)) for _ in range(args.runs)]
            size = path.stat().st_size
            lines.append(
                f"{suffix:<5} first {first * 1000:6.1f} ms, median {statistics.median(runs) * 1000:6.1f} ms, "
                f"max {max(runs) * 1000:6.1f} ms over {args.runs} runs ({size} bytes)"
            )
            if suffix == ".docx":
                worst = max(first, *runs)
                verdict = "PASS" if worst < TARGET_SECONDS else "FAIL"
                lines.append(f"      target < {TARGET_SECONDS} s for every .docx run: {verdict}")
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
