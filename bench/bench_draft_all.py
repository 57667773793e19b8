"""Benchmark of 起草全文 with the bundled model, the way the app runs it: one run in the process-wide registry
(assistant.drafting.runs) over assistant.context.whole.draft_sections, the model behind its managed server.

Per section it records when the section started, when the writer first saw something of it (the skeleton
block shown as 原稿 while the model reads its prompt), when the model's first word arrived, and how long the
section took; for the run, the time to the first visible text and the total.

    .venv/bin/python bench/bench_draft_all.py [--facts facts/seed-2021.yaml]   # writes bench/results/draft_all.txt

Runs on the machine's cores for a few minutes; the numbers depend on whatever else the machine does.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from assistant.context import ReportContext
from assistant.context.whole import draft_sections
from assistant.drafting import DraftEvent
from assistant.drafting.runs import RUNS, Run
from assistant.facts import load_facts
from assistant.llm import LLMSettings, get_chat_model
from assistant.llm.factory import server_config
from assistant.llm.server import server_for
from assistant.profiles import load_profile

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facts", default="facts/seed-2021.yaml")
    args = parser.parse_args()
    facts, profile = load_facts(ROOT / args.facts), load_profile()
    settings = LLMSettings(backend="local")
    server_for(server_config(settings)).ensure()
    model = get_chat_model(settings)
    rows: list[dict[str, float | str]] = []
    started = time.monotonic()
    first_seen: list[float] = []

    def work(run: Run[object]) -> int:
        def on_event(event: DraftEvent) -> None:
            now = time.monotonic() - started
            if event.kind == "block_started" and not first_seen:
                first_seen.append(now)
            if event.kind == "block_started" and rows and "seen" not in rows[-1]:
                rows[-1]["seen"] = now
            if event.kind == "token" and rows and "token" not in rows[-1]:
                rows[-1]["token"] = now
            run.emit(event.kind)

        done = 0
        for step in draft_sections(ReportContext(facts, profile), model, on_event=on_event):
            now = time.monotonic() - started
            if step.kind == "started":
                rows.append({"section": step.heading, "start": now})
            else:
                rows[-1]["end"] = now
                done += 1
        return done

    run = RUNS.start(("bench", 0, "*"), work)
    for _ in run.follow(poll=1.0):
        pass
    total = time.monotonic() - started
    lines = [f"起草全文 {args.facts}（内置模型，经模型服务；{time.strftime('%Y-%m-%d %H:%M')}）", ""]
    lines.append("章节 | 开始 s | 先见原稿 s | 首个模型词 s | 用时 s")
    for row in rows:
        seen = f"{float(row['seen']):.2f}" if "seen" in row else "—"
        token = f"{float(row['token']):.2f}" if "token" in row else "—"
        took = float(row["end"]) - float(row["start"])
        lines.append(f"{row['section']} | {float(row['start']):.2f} | {seen} | {token} | {took:.1f}")
    lines += ["", f"先见文字 {first_seen[0] if first_seen else float('nan'):.2f} s；全文 {total:.1f} s；{run.state}"]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "draft_all.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
