"""Load test of a bureau's deployment: 20 users at once for 2 minutes on one PostgreSQL, then on one model server.

    .venv/bin/python bench/bench_load.py [--postgres URL] [--users 20] [--seconds 120] [--model-seconds 120]
                                         [--max-tokens 8] [--skip-model] [--skip-editing]
                                         [--out bench/results/load.txt]

1. Editing (``bench_store.concurrency`` on a seeded bureau of 200 units × 3 years): ``--users`` processes,
   each its own connection pool as an app process would have, save the same 40 sections for ``--seconds``:
   once without pausing (a stress test: every save is queued behind the others), once pausing 1–3 s between
   saves (closer to people). Lost writes (a saved line missing from the final text, or versions not forming
   one chain) and errors other than refused stale writes must both be 0; the save latency is reported.
2. Model requests: the bundled model behind its managed server (``server_for``), one short question per
   request (``--max-tokens`` tokens of answer), ``--users`` users each asking again 0–3 s after an answer,
   for ``--model-seconds``:
   a. through one app process's request line (``JIXIAO_LLM_BACKEND=local``), which tells each waiting user
      its place ("前面还有 N 个"); the line's length is sampled every 0.5 s;
   b. straight to the server's OpenAI-compatible endpoint (``JIXIAO_LLM_BACKEND=openai``), as several app
      processes sharing one server would: the server queues them itself and nobody is told a place.
   For each: answers, errors, time to the first token (waiting included), the places users were told.

Without ``--postgres`` a throwaway cluster is started with scripts/pg_cluster.sh.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import HOT_PROJECTS, HOT_SECTIONS, _percentile, _throwaway_postgres, concurrency, seed
from langchain_core.messages import HumanMessage

from assistant.llm import LLMSettings, get_chat_model
from assistant.llm.client import model_status
from assistant.llm.factory import server_config
from assistant.llm.server import server_for
from assistant.store import Store

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ("预算执行率是什么意思？", "三公经费包括哪些？", "结转结余率怎么算？", "绩效自评报告写给谁看？")
_PLACE = re.compile(r"前面还有 (\d+) 个")


def editing(url: str, users: int, seconds: float) -> list[str]:
    store = Store(url)
    seeded = seed(store, 200, [2021, 2022, 2023])
    store.close()
    lines = [f"PostgreSQL seeded: {seeded['reports']:.0f} reports, {seeded['versions']:.0f} section versions"]
    for label, pause in (("no pause", (0.0, 0.0)), ("1–3 s between saves", (1.0, 3.0))):
        load = os.getloadavg()[0]
        found = concurrency(url, users, seconds, pause)
        lines.append(
            f"{users} users × {seconds:.0f} s, {label}, on {HOT_PROJECTS * len(HOT_SECTIONS)} sections: "
            f"{found['saved']} saved, {found['refused_stale']} refused as stale, lost {found['lost']}, "
            f"other errors {len(found['other_errors'])}; save median {found['save_p50'] * 1000:.1f} ms, "
            f"p95 {found['save_p95'] * 1000:.1f} ms, max {found['save_max'] * 1000:.0f} ms "
            f"(load average {load:.1f} before)"
        )
        lines += [f"  error: {e}" for e in found["other_errors"][:10]]
        print(*lines[-1:], flush=True)
    return lines


@dataclass
class _Tally:
    first_token: list[float] = field(default_factory=list)
    total: list[float] = field(default_factory=list)
    places: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _user(model: Any, user: int, deadline: float, max_tokens: int, tally: _Tally) -> None:
    rng = random.Random(user)
    while time.monotonic() < deadline:
        told: list[int] = []

        def hear(line: str, told: list[int] = told) -> None:
            found = _PLACE.search(line)
            if found:
                told.append(int(found.group(1)))

        start = time.monotonic()
        first = None
        try:
            with model_status(hear):
                # llama_cpp.server reads max_tokens only, not the max_completion_tokens ChatOpenAI sends.
                limit = {"max_tokens": max_tokens, "extra_body": {"max_tokens": max_tokens}}
                for chunk in model.stream([HumanMessage(rng.choice(QUESTIONS))], **limit):
                    if first is None and chunk.text:
                        first = time.monotonic() - start
        except Exception as exc:  # counted, not raised: the bench reports every error
            with tally.lock:
                tally.errors.append(f"{type(exc).__name__}: {exc}"[:200])
            continue
        with tally.lock:
            tally.total.append(time.monotonic() - start)
            tally.first_token.append(first if first is not None else time.monotonic() - start)
            tally.places.extend(told[:1])
        time.sleep(rng.uniform(0, 3))


def _crowd(model: Any, users: int, seconds: float, max_tokens: int, line: Any = None) -> tuple[_Tally, list[int]]:
    tally, lengths = _Tally(), []
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=_user, args=(model, i, deadline, max_tokens, tally)) for i in range(users)]
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        if line is not None:
            lengths.append(len(line))
        time.sleep(0.5)
    return tally, lengths


def _summary(label: str, tally: _Tally, seconds: float) -> str:
    if not tally.total:
        return f"{label}: no answer, {len(tally.errors)} errors"
    waits = tally.first_token
    return (
        f"{label}: {len(tally.total)} answers in {seconds:.0f} s ({len(tally.total) / seconds * 60:.1f}/min), "
        f"{len(tally.errors)} errors; time to first token median {statistics.median(waits):.1f} s, "
        f"p95 {_percentile(waits, 0.95):.1f} s, max {max(waits):.1f} s; whole answer median "
        f"{statistics.median(tally.total):.1f} s"
    )


def model_queue(users: int, seconds: float, max_tokens: int) -> list[str]:
    settings = LLMSettings(backend="local", n_ctx=2048, max_tokens=max(16, max_tokens), timeout=900)
    server = server_for(server_config(settings))
    start = time.monotonic()
    base_url = server.ensure()
    lines = [f"bundled model server ready in {time.monotonic() - start:.0f} s ({server.config.model_path.name})"]
    alone, _ = _crowd(get_chat_model(settings), 1, 20, max_tokens)
    lines.append(_summary("1 user alone, 20 s", alone, 20))
    print(*lines, sep="\n", flush=True)

    load = os.getloadavg()[0]
    began = time.monotonic()
    tally, lengths = _crowd(get_chat_model(settings), users, seconds, max_tokens, server.line)
    lines.append(_summary(f"{users} users, one app process's line (load {load:.1f})", tally, time.monotonic() - began))
    if lengths:
        lines.append(
            f"  line length every 0.5 s: median {statistics.median(lengths):.0f}, max {max(lengths)}; "
            f"places users were told on arrival: median {statistics.median(tally.places or [0]):.0f}, "
            f"max {max(tally.places or [0])}"
        )
    lines += [f"  error: {e}" for e in tally.errors[:5]]
    print(*lines[-2:], sep="\n", flush=True)

    shared = LLMSettings(
        backend="openai",
        base_url=base_url,
        api_key="local",
        model=server.config.model_path.name,
        max_tokens=max(16, max_tokens),
        timeout=900,
    )
    load = os.getloadavg()[0]
    began = time.monotonic()
    tally, _ = _crowd(get_chat_model(shared), users, seconds, max_tokens)
    lines.append(_summary(f"{users} users straight to the server (load {load:.1f})", tally, time.monotonic() - began))
    lines += [f"  error: {e}" for e in tally.errors[:5]]
    print(*lines[-1:], flush=True)
    server.stop()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="postgresql://… of an empty database (default: a throwaway cluster)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--model-seconds", type=float, default=120)
    parser.add_argument("--max-tokens", type=int, default=8)
    parser.add_argument("--skip-model", action="store_true")
    parser.add_argument("--skip-editing", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "load.txt")
    args = parser.parse_args()
    lines = [f"bench_load  {time.strftime('%Y-%m-%d %H:%M')}  {platform.machine()}, {os.cpu_count()} cores"]
    if args.postgres and not args.skip_editing:
        lines += editing(args.postgres, args.users, args.seconds)
    elif not args.skip_editing:
        with _throwaway_postgres() as url:
            lines += editing(url, args.users, args.seconds)
    if not args.skip_model:
        lines += model_queue(args.users, args.model_seconds, args.max_tokens)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
