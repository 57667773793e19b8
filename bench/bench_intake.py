"""Batch intake at a bureau's scale: 200 .docx reports in one .zip, checked and kept, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_intake.py [--postgres URL] [--reports 200] [--rounds 3]
        [--out bench/results/intake.txt]

The reports are the example facts' template draft exported as .docx, each with its own unit name (so each
file differs, at the size of a real report). Goal: at least 50 reports/s. Without ``--postgres`` a
throwaway cluster is started with scripts/pg_cluster.sh.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import _throwaway_postgres

from assistant.checker import check_report
from assistant.drafting.section_text import assemble_report, skeleton_text
from assistant.export import export_report
from assistant.facts import facts_to_data, load_facts
from assistant.facts.model import Facts
from assistant.gate import FactBasis
from assistant.importers import report_of_bytes
from assistant.profiles import load_profile
from assistant.store import Store
from assistant.workflow.intake import files_in_zip, take_in

ROOT = Path(__file__).resolve().parents[1]
GOAL = 50.0


def batch(n: int, folder: Path) -> bytes:
    """A .zip of ``n`` different .docx reports."""
    base = facts_to_data(load_facts(ROOT / "facts" / "example.yaml"))
    profile = load_profile()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(n):
            unit = f"北塘县第{i + 1:03d}预算单位"
            data = {**base, "单位": {**base["单位"], "名称": unit}}
            facts = Facts.model_validate(data)
            basis = FactBasis(facts, profile)
            texts = {s.id: skeleton_text(basis, s.id) for s in profile.sections}
            path = folder / f"{i}.docx"
            export_report(assemble_report(basis, texts).report, path, force=True)
            archive.write(path, f"{unit}2023年度部门整体支出绩效自评报告.docx")
    return buffer.getvalue()


def stages(data: bytes) -> str:
    """Where a report's time goes outside the database: reading the .docx and checking it (milliseconds each)."""
    files = list(files_in_zip(data, "batch.zip"))
    start = time.perf_counter()
    reports = [report_of_bytes(name, content) for name, content in files]
    read = time.perf_counter() - start
    start = time.perf_counter()
    for report in reports:
        check_report(report)
    checked = time.perf_counter() - start
    n = len(files)
    return f"per report: read .docx {read / n * 1000:.1f} ms, check {checked / n * 1000:.1f} ms"


def run(n: int, postgres: str, rounds: int) -> list[str]:
    lines = [f"bench_intake  {time.strftime('%Y-%m-%d %H:%M')}  {platform.machine()}, {os.cpu_count()} cores"]
    with tempfile.TemporaryDirectory() as tmp:
        data = batch(n, Path(tmp))
        size = len(data) / 1e6
        lines.append(f"batch: {n} .docx in one .zip of {size:.1f} MB; {rounds} rounds, databases alternating")
        lines.append(stages(data))
        rates: dict[str, list[float]] = {"SQLite": [], "PostgreSQL": []}
        for round_ in range(rounds):
            for name, target in (("SQLite", str(Path(tmp) / f"bureau{round_}.db")), ("PostgreSQL", postgres)):
                store = Store(target)
                load = os.getloadavg()[0]
                start = time.perf_counter()
                outcomes = take_in(store, 2023 + round_, files_in_zip(data, "batch.zip"))
                seconds = time.perf_counter() - start
                kept = sum(1 for o in outcomes if o.record is not None)
                rates[name].append(kept / seconds)
                lines.append(
                    f"{name} round {round_ + 1}: {kept}/{n} reports read, checked and kept in {seconds:.1f} s = "
                    f"{kept / seconds:.1f} reports/s (load average {load:.1f})"
                )
                print(lines[-1], flush=True)
                store.close()
        for name, found in rates.items():
            lines.append(f"{name}: median {statistics.median(found):.1f} reports/s (goal >= {GOAL:.0f})")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres")
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "intake.txt")
    args = parser.parse_args()
    if args.postgres:
        lines = run(args.reports, args.postgres, args.rounds)
    else:
        with _throwaway_postgres() as url:
            lines = run(args.reports, url, args.rounds)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
