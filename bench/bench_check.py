"""Benchmark: checking a folder of 200 reports, as a finance bureau reviewer would (target ≥ 150 reports/s).

Not a test: run it by hand on an idle machine.

    .venv/bin/python bench/bench_check.py            # 200 reports, 10% of them .docx
    PYTHONPATH=. .venv/bin/python bench/bench_check.py   # from a git worktree: measure its code, not the installed one
    .venv/bin/python bench/bench_check.py --count 500 --docx-share 0

The folder is generated in a temporary directory from the seed report and from skeleton drafts of both
facts files, with variation so no two files are alike: unit names and years, encodings (UTF-8, BOM, GBK),
mistakes (其它, 截止目前, half-width commas, 1、 markers, a dropped section, a left-over placeholder).
"""

from __future__ import annotations

import argparse
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx

from assistant.checker import check_folder
from assistant.facts import load_facts
from assistant.profiles import load_profile
from assistant.report import render
from assistant.skeleton import SkeletonDrafter

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "reports" / "seed-2021.txt"
RESULTS = ROOT / "bench" / "results" / "check.txt"
UNITS = ["区政协机关", "区财政局", "区教育局", "区统计局", "区卫健局", "区文旅局", "区民政局", "区司法局"]
MISTAKES = [
    ("其他", "其它"),
    ("截至", "截止"),
    ("，", ","),
    ("1.", "1、"),
    ("2021年", "今年"),
    ("万元", "万元【待补充：核实】"),
]


def _sources() -> list[str]:
    profile = load_profile()
    texts = [SEED.read_text(encoding="utf-8")]
    for name in ("example.yaml", "seed-2021.yaml"):
        report, _ = SkeletonDrafter(load_facts(ROOT / "facts" / name), profile).report()
        texts += [render(report, markdown=True), render(report, markdown=False)]
    return texts


def _vary(text: str, rng: random.Random, index: int) -> str:
    unit = rng.choice(UNITS)
    text = text.replace("区政协", unit.removesuffix("机关"), 3)
    for right, wrong in rng.sample(MISTAKES, k=rng.randint(0, 3)):
        text = text.replace(right, wrong, rng.randint(1, 3))
    if rng.random() < 0.2:
        lines = text.splitlines()
        cut = rng.randrange(len(lines) // 2, len(lines))
        text = "\n".join(lines[:cut] + lines[cut + rng.randint(1, 6) :])
    return text + f"\n（第{index}号）\n"


def _write(folder: Path, index: int, text: str, rng: random.Random, docx_share: float) -> None:
    stem = folder / f"{index:03d}"
    if rng.random() < docx_share:
        document = docx.Document()
        for line in text.splitlines():
            document.add_paragraph(line.lstrip("# "))
        document.save(str(stem.with_suffix(".docx")))
        return
    encoding = rng.choice(["utf-8", "utf-8-sig", "gbk"])
    suffix = rng.choice([".txt", ".md"])
    stem.with_suffix(suffix).write_bytes(text.encode(encoding, errors="replace"))


def generate(folder: Path, count: int, docx_share: float, seed: int = 2021) -> None:
    rng = random.Random(seed)
    sources = _sources()
    for index in range(count):
        _write(folder, index, _vary(rng.choice(sources), rng, index), rng, docx_share)


def _in_process(folder: Path, repeat: int) -> tuple[float, float, int, int]:
    """Best wall-clock and best CPU seconds of ``repeat`` runs (CPU time is what other load on a shared
    machine disturbs least), the number of files and how many failed."""
    best = best_cpu = float("inf")
    files = errors = 0
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        results = check_folder(folder)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        files = len(results)
        errors = sum(1 for r in results if r.error is not None or r.has_errors)
    return best, best_cpu, files, errors


def _cli(folder: Path) -> float:
    start = time.perf_counter()
    command = [sys.executable, "-m", "assistant", "check", str(folder), "--format", "json"]
    subprocess.run(command, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--docx-share", type=float, default=0.1, help="share of the reports written as .docx")
    parser.add_argument("--repeat", type=int, default=3, help="in-process runs; the best is reported")
    parser.add_argument("--no-save", action="store_true", help=f"do not write {RESULTS.relative_to(ROOT)}")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        folder, text_only = Path(tmp) / "all", Path(tmp) / "text-only"
        folder.mkdir()
        text_only.mkdir()
        generate(folder, args.count, args.docx_share)
        for path in folder.iterdir():
            if path.suffix != ".docx":
                (text_only / path.name).write_bytes(path.read_bytes())
        n_docx = len(list(folder.glob("*.docx")))
        check_folder(text_only)  # warm caches (rules, profile, imports), as a long-lived app would
        seconds, cpu_seconds, files, failing = _in_process(folder, args.repeat)
        text_seconds, _, text_files, _ = _in_process(text_only, args.repeat)
        cli_seconds = _cli(folder)
    lines = [
        f"assistant check: folder of {files} reports ({files - n_docx} .txt/.md, {n_docx} .docx), "
        f"{failing} of them with errors or unreadable",
        f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"2 cores shared",
        f"in process, all files:    {seconds:.2f} s = {files / seconds:.0f} reports/s (best of {args.repeat})",
        f"in process, all files, CPU time: {cpu_seconds:.2f} s = {files / cpu_seconds:.0f} reports/s",
        f"in process, .txt/.md only: {text_seconds:.2f} s = {text_files / text_seconds:.0f} reports/s",
        f"CLI end to end (--format json, incl. start-up): {cli_seconds:.2f} s = {files / cli_seconds:.0f} reports/s",
        "target: >= 150 reports/s",
    ]
    report = "\n".join(lines) + "\n"
    sys.stdout.write(report)
    if not args.no_save:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
