"""The store at a finance bureau's scale, on SQLite and on PostgreSQL.

    .venv/bin/python bench/bench_store.py [--postgres URL] [--units 200] [--years 3] [--saves 200]
                                          [--writers 20] [--seconds 120] [--no-concurrency]
                                          [--out bench/results/store.txt]

1. Seeds a bureau: ``--units`` units × ``--years`` years of reports of realistic size (the example facts,
   every section of the template draft with 1–4 versions, chat messages, open suggestions on some).
2. The overview of one year (``Store.reports_of_year``: every unit's report with its progress), as a
   dashboard would load it. Goal: under 1 s for 200 units.
3. A section save (``Store.commit`` on a report of the seeded database). Goal: p95 under 50 ms.
4. The bureau's dashboard (``assistant.workflow.dashboard`` as a 财政局审核人: one query over every unit's
   report with its workflow state and the figures recorded at submission). Goal: under 1 s for 200 units.
5. PostgreSQL only: ``--writers`` processes save for ``--seconds`` seconds against the same 40 sections,
   each save appending a line to the text it read. Counts lost writes (a saved line missing from the
   final text, or versions that do not form one chain; must be 0), errors other than refused stale
   writes (must be 0), and the save latency.

Without ``--postgres`` a throwaway cluster is started with scripts/pg_cluster.sh (Debian's server).
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import platform
import random
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from assistant.accounts import actor_of
from assistant.drafting.section_text import skeleton_text
from assistant.facts import facts_to_data, load_facts
from assistant.gate import FactBasis
from assistant.profiles import load_profile
from assistant.store import StaleWriteError, Store
from assistant.store.tables import (
    chat_messages,
    projects,
    report_states,
    section_versions,
    sections,
    suggestions,
    units,
)
from assistant.workflow import dashboard

ROOT = Path(__file__).resolve().parents[1]
OVERVIEW_GOAL = 1.0
SAVE_GOAL = 0.050
HOT_PROJECTS = 20
HOT_SECTIONS = ("overview", "assets")
STATES = (("起草中", 0.3), ("待单位审核", 0.1), ("已报送", 0.3), ("已退回", 0.1), ("已受理", 0.2))
CATEGORIES = ("structure", "required", "placeholder", "punctuation", "number", "wording", "consistency")


def _workflow_row(rng: random.Random, project_id: int) -> dict[str, Any]:
    """A workflow row as a submission records it: state, checker counts and the key figures."""
    state = rng.choices([s for s, _ in STATES], [w for _, w in STATES])[0]
    row: dict[str, Any] = {"project_id": project_id, "state": state, "updated_at": _now(), "updated_by": "bench"}
    if state != "起草中":
        score = round(rng.uniform(70, 99), 1)
        summary = {
            "预算执行率": round(rng.gauss(94, 5), 2),
            "三公经费控制率": round(rng.uniform(50, 100), 2),
            "结转结余率": round(rng.uniform(0, 10), 2),
            "自评得分": score,
            "自评等级": "优" if score >= 90 else "良" if score >= 80 else "中",
            "数字与事实不符": int(rng.random() < 0.05),
            "问题分类": {c: rng.randint(0, 4) for c in rng.sample(CATEGORIES, 3)},
        }
        row.update(errors=0, warnings=rng.randint(0, 8), summary_json=json.dumps(summary, ensure_ascii=False))
        row["submitted_at"] = _now()
    return row


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


def _template() -> tuple[dict[str, Any], dict[str, str]]:
    facts = load_facts(ROOT / "facts" / "example.yaml")
    profile = load_profile()
    texts = {spec.id: skeleton_text(FactBasis(facts, profile), spec.id) for spec in profile.sections}
    return facts_to_data(facts), texts


def seed(store: Store, n_units: int, years: list[int]) -> dict[str, float]:
    """Bulk-insert a bureau in one transaction per unit (the generator; the app writes one change at a time)."""
    rng = random.Random(15)
    facts, texts = _template()
    started = time.perf_counter()
    counts = {"reports": 0, "versions": 0}
    with store.engine.begin() as db:
        next_version = int(db.execute(sa.select(sa.func.coalesce(sa.func.max(section_versions.c.id), 0))).scalar_one())
    for u in range(n_units):
        name = f"北塘县第{u + 1:03d}预算单位"
        with store.engine.begin() as db:
            unit_id = db.execute(sa.insert(units).values(name=name, created_at=_now())).inserted_primary_key[0]
            for year in years:
                data = json.loads(json.dumps(facts, ensure_ascii=False).replace("湘江市清河区政协机关", name))
                data["单位"]["年度"] = year
                project_id = db.execute(
                    sa.insert(projects).values(
                        unit_id=unit_id,
                        year=year,
                        profile="hunan-department",
                        facts_json=json.dumps(data, ensure_ascii=False),
                        facts_revision=rng.randint(5, 60),
                        created_at=_now(),
                        updated_at=_now(),
                    )
                ).inserted_primary_key[0]
                counts["reports"] += 1
                version_rows, section_rows = [], []
                for section_id, text in texts.items():
                    if rng.random() < 0.15:  # some sections not written yet
                        continue
                    parent = None
                    for seq in range(1, rng.randint(1, 4) + 1):
                        next_version += 1
                        version_rows.append(
                            {
                                "id": next_version,
                                "project_id": project_id,
                                "section_id": section_id,
                                "seq": seq,
                                "parent_id": parent,
                                "text": text + "\n修改" * (seq - 1),
                                "source": "draft" if seq == 1 else "edit",
                                "note": "",
                                "created_at": _now(),
                            }
                        )
                        parent = next_version
                    section_rows.append(
                        {"project_id": project_id, "section_id": section_id, "head_id": parent, "revision": seq}
                    )
                db.execute(sa.insert(report_states).values(**_workflow_row(rng, project_id)))
                counts["versions"] += len(version_rows)
                db.execute(sa.insert(section_versions), version_rows)
                db.execute(sa.insert(sections), section_rows)
                db.execute(
                    sa.insert(chat_messages),
                    [
                        {
                            "project_id": project_id,
                            "section_id": "overview",
                            "role": role,
                            "content": content,
                            "created_at": _now(),
                        }
                        for role, content in (("user", "请润色本章"), ("assistant", "已给出修改建议"))
                    ],
                )
                if rng.random() < 0.3:
                    db.execute(
                        sa.insert(suggestions).values(
                            project_id=project_id,
                            section_id="problems",
                            base_text=texts["problems"],
                            proposed_text=texts["problems"] + "\n建议补充原因分析。",
                            operation="扩写",
                            created_at=_now(),
                        )
                    )
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
            # PostgreSQL's id sequences did not see the explicit ids, and fresh tables need statistics.
            db.exec_driver_sql("SELECT setval('section_versions_id_seq', (SELECT max(id) FROM section_versions))")
            db.exec_driver_sql("ANALYZE")
    return {"seconds": time.perf_counter() - started, **counts}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def overview(store: Store, year: int, runs: int = 20) -> dict[str, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        rows = store.reports_of_year(year)
        times.append(time.perf_counter() - start)
    return {"rows": len(rows), "median": statistics.median(times), "p95": _percentile(times, 0.95)}


def bureau_dashboard(store: Store, year: int, runs: int = 20) -> dict[str, float]:
    """The 审核 page's table as the bureau's reviewer loads it (the store's role filter included)."""
    account = store.account("bench-reviewer") or store.add_account("bench-reviewer", "财政局审核人", None, "unused")
    reviewer = store.acting_as(actor_of(account))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        rows = dashboard(reviewer, year)
        times.append(time.perf_counter() - start)
    marked = sum(1 for r in rows if r["异常"])
    return {"rows": len(rows), "marked": marked, "median": statistics.median(times), "p95": _percentile(times, 0.95)}


def saves(store: Store, year: int, n: int) -> dict[str, float]:
    rng = random.Random(7)
    reports = [r.project.id for r in store.review_rows(year) if r.workflow.state in ("起草中", "已退回")]
    times = []
    for i in range(n):
        project_id = rng.choice(reports)
        state = store.section(project_id, "budget")
        start = time.perf_counter()
        store.commit(project_id, "budget", state.text + f"\n第{i}次保存。", "edit", state.revision)
        times.append(time.perf_counter() - start)
    return {"median": statistics.median(times), "p95": _percentile(times, 0.95), "max": max(times)}


def _writer(
    url: str, writer: int, project_ids: list[int], seconds: float, pause: tuple[float, float], out: Any
) -> None:
    store = Store(url)
    rng = random.Random(writer)
    saved, refused, errors, latencies = [], 0, [], []
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        time.sleep(rng.uniform(*pause))
        project_id, section_id = rng.choice(project_ids), rng.choice(HOT_SECTIONS)
        line = f"写入者{writer}第{n}次"
        n += 1
        try:
            state = store.section(project_id, section_id)
            start = time.perf_counter()
            store.commit(project_id, section_id, f"{state.text}\n{line}", "edit", state.revision)
            latencies.append(time.perf_counter() - start)
            saved.append((project_id, section_id, line))
        except StaleWriteError:
            latencies.append(time.perf_counter() - start)
            refused += 1
        except Exception as exc:  # counted, not raised: the bench reports every other error
            errors.append(f"{type(exc).__name__}: {exc}".replace("\n", " ")[:200])
    store.close()
    out.put({"saved": saved, "refused": refused, "errors": errors, "latencies": latencies})


def concurrency(url: str, n_writers: int, seconds: float, pause: tuple[float, float] = (0, 0)) -> dict[str, Any]:
    """``n_writers`` processes saving for ``seconds``, each waiting ``pause`` (a range, seconds) before a save:
    none is a stress test, a few seconds is closer to people reading and typing between saves."""
    store = Store(url)
    first_year = min(p.year for p in store.projects())
    editable = [r.project.id for r in store.review_rows(first_year) if r.workflow.state in ("起草中", "已退回")]
    project_ids = editable[:HOT_PROJECTS]
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    writers = [
        context.Process(target=_writer, args=(url, i, project_ids, seconds, pause, queue)) for i in range(n_writers)
    ]
    for w in writers:
        w.start()
    results = [queue.get(timeout=seconds + pause[1] + 120) for _ in writers]
    for w in writers:
        w.join(timeout=30)
    saved = [s for r in results for s in r["saved"]]
    latencies = [t for r in results for t in r["latencies"]]
    lost = 0
    for project_id in project_ids:
        for section_id in HOT_SECTIONS:
            final = store.section(project_id, section_id).text
            lines = set(final.splitlines())
            lost += sum(1 for p, s, line in saved if (p, s) == (project_id, section_id) and line not in lines)
            chain = store.history(project_id, section_id)
            lost += sum(1 for newer, older in itertools.pairwise(chain) if newer.parent_id != older.id)
    store.close()
    return {
        "writers": n_writers,
        "seconds": seconds,
        "saved": len(saved),
        "refused_stale": sum(r["refused"] for r in results),
        "lost": lost,
        "other_errors": [e for r in results for e in r["errors"]],
        "save_p50": statistics.median(latencies),
        "save_p95": _percentile(latencies, 0.95),
        "save_max": max(latencies),
    }


@contextmanager
def _throwaway_postgres() -> Iterator[str]:
    cluster = tempfile.mkdtemp(prefix="jixiao-bench-pg-")
    script = ROOT / "scripts" / "pg_cluster.sh"
    url = subprocess.run(["bash", str(script), "start", cluster], check=True, capture_output=True, text=True)
    try:
        yield url.stdout.strip()
    finally:
        subprocess.run(["bash", str(script), "stop", cluster], check=False)


def run(args: argparse.Namespace, postgres: str) -> list[str]:
    years = list(range(2021, 2021 + args.years))
    lines = [
        f"bench_store  {time.strftime('%Y-%m-%d %H:%M')}  {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores; {args.units} units × {args.years} years",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for name, target in (("SQLite", str(Path(tmp) / "bureau.db")), ("PostgreSQL", postgres)):
            store = Store(target)
            seeded = seed(store, args.units, years)
            view = overview(store, years[-1])
            board = bureau_dashboard(store, years[-1])
            save = saves(store, years[-1], args.saves)
            lines += [
                f"{name}: seeded {seeded['reports']:.0f} reports, {seeded['versions']:.0f} section versions "
                f"in {seeded['seconds']:.1f} s",
                f"{name}: overview of {years[-1]} ({view['rows']:.0f} reports) median {view['median'] * 1000:.1f} ms, "
                f"p95 {view['p95'] * 1000:.1f} ms (goal < {OVERVIEW_GOAL * 1000:.0f} ms)",
                f"{name}: dashboard of {years[-1]} as 财政局审核人 ({board['rows']:.0f} units, "
                f"{board['marked']:.0f} marked) median {board['median'] * 1000:.1f} ms, "
                f"p95 {board['p95'] * 1000:.1f} ms (goal < {OVERVIEW_GOAL * 1000:.0f} ms)",
                f"{name}: section save median {save['median'] * 1000:.1f} ms, p95 {save['p95'] * 1000:.1f} ms, "
                f"max {save['max'] * 1000:.1f} ms over {args.saves} saves (goal p95 < {SAVE_GOAL * 1000:.0f} ms)",
            ]
            store.close()
            print(*lines[-4:], sep="\n", flush=True)
    if args.no_concurrency:
        return lines
    load = concurrency(postgres, args.writers, args.seconds)
    lines.append(
        f"PostgreSQL, {load['writers']} writers × {load['seconds']:.0f} s on {HOT_PROJECTS * len(HOT_SECTIONS)} "
        f"sections: {load['saved']} saved, {load['refused_stale']} refused as stale, lost {load['lost']}, "
        f"other errors {len(load['other_errors'])}; save median {load['save_p50'] * 1000:.1f} ms, "
        f"p95 {load['save_p95'] * 1000:.1f} ms"
    )
    lines += [f"  error: {e}" for e in load["other_errors"][:10]]
    print(lines[-1], flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="postgresql://… of an empty database (default: a throwaway cluster)")
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--no-concurrency", action="store_true", help="skip the writers' load test")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "store.txt")
    args = parser.parse_args()
    if args.postgres:
        lines = run(args, args.postgres)
    else:
        with _throwaway_postgres() as url:
            lines = run(args, url)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
