"""Benchmark of the local model path: build flags, thread count, the served model against raw llama.cpp.

Measures, on this machine and in one run (so the ratios are fair even when the absolute figures are not):

- build: decode tokens/s of the portable wheel (setup.sh's flags) against other builds of llama-cpp-python
  (``--build NAME=DIR``, a folder holding one, e.g. built with ``GGML_NATIVE=ON``), each in its own child
  process, since a native build may crash on this processor;
- threads: decode tokens/s with 1 and 2 generation threads, idle and beside one busy process;
- served vs raw: time to first token and decode tokens/s through the managed server (the product's path)
  against raw llama.cpp in a child process on the same prompt and threads;
- prefix: time to first token of a section's block prompts when the shared prefix is already evaluated
  (consecutive requests, or warmed ahead) against when it is not;
- first text: how long a writer waits for the first visible text (the skeleton block shown as a status)
  and for the first model token, cold and after warming.

    .venv/bin/python bench/bench_server.py [--build native=DIR ...]   # writes bench/results/server.{json,txt}
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage

from assistant.doctor import cpu_flags
from assistant.drafting import DraftEvent, draft_section, opening_messages
from assistant.drafting.blocks import split_blocks
from assistant.drafting.calls import stream_answer
from assistant.drafting.prompts import rewrite_messages, unit_names
from assistant.facts import load_facts
from assistant.gate import FactBasis
from assistant.llm import LLMSettings, get_chat_model
from assistant.llm.client import EndpointChatModel, model_status
from assistant.llm.factory import server_config
from assistant.llm.server import exit_reason, server_for
from assistant.profiles import load_profile
from assistant.skeleton import SkeletonDrafter

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
DECODE_TOKENS = 96

PROBE = r"""
import json, sys, time
import llama_cpp
path, prompt = sys.argv[1], sys.argv[4]
threads, batch_threads, count = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[5])
llama = llama_cpp.Llama(model_path=path, n_ctx=4096, n_threads=threads, n_threads_batch=batch_threads, verbose=False)
tokens = llama.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)
llama_cpp.llama_perf_context_reset(llama.ctx)
started = time.perf_counter()
first = None
n = 0
for token in llama.generate(tokens, temp=0.0):
    first = first or time.perf_counter()
    n += 1
    if n >= count:
        break
perf = llama_cpp.llama_perf_context(llama.ctx)
print(json.dumps({"prompt_tokens": len(tokens), "ttft": first - started, "decode_tokens": perf.n_eval,
                  "decode_seconds": perf.t_eval_ms / 1000, "prompt_seconds": perf.t_p_eval_ms / 1000,
                  "system_info": llama_cpp.llama_print_system_info().decode()}))
"""


def _chatml(messages: list[BaseMessage]) -> str:
    roles = {"system": "system", "human": "user", "ai": "assistant"}
    body = "".join(f"<|im_start|>{roles[m.type]}\n{m.text}<|im_end|>\n" for m in messages)
    return body + "<|im_start|>assistant\n"


def raw_probe(model: Path, threads: int, batch: int, prompt: str, site: str | None = None) -> dict[str, Any]:
    """Raw llama.cpp in a child process; a crash is a result."""
    env = dict(os.environ)
    if site:
        env["PYTHONPATH"] = site
    command = [sys.executable, "-c", PROBE, str(model), str(threads), str(batch), prompt, str(DECODE_TOKENS)]
    done = subprocess.run(command, capture_output=True, env=env, timeout=900)
    if done.returncode != 0:
        return {"crashed": exit_reason(done.returncode), "stderr": done.stderr.decode(errors="replace")[-300:]}
    report: dict[str, Any] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    report["decode_tokens_per_second"] = round(report["decode_tokens"] / report["decode_seconds"], 2)
    return report


class Busy:
    """One process spinning on a core, as another user's work would."""

    def __enter__(self) -> Busy:
        self.process = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        time.sleep(1)
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.kill()
        self.process.wait()


def served_probe(model: EndpointChatModel, messages: list[BaseMessage]) -> dict[str, Any]:
    answer = stream_answer(model, messages, DECODE_TOKENS, lambda _: None)
    s = answer.stats
    return {
        "ttft": round(s.time_to_first_token or 0.0, 3),
        "decode_tokens_per_second": round(s.decode_rate or 0.0, 2),
        "completion_tokens": s.completion_tokens,
    }


def _evict(model: EndpointChatModel) -> None:
    """Make the server evaluate an unrelated prompt, so nothing of the next prompt is cached."""
    stream_answer(model, [HumanMessage(content="随便说一个字。")], 1, lambda _: None)


def prefix_probe(model: EndpointChatModel, prompts: list[list[BaseMessage]]) -> dict[str, Any]:
    cold, warm = [], []
    for messages in prompts:
        _evict(model)
        cold.append(stream_answer(model, messages, 1, lambda _: None).stats.time_to_first_token or 0.0)
    _evict(model)
    for messages in prompts:
        warm.append(stream_answer(model, messages, 1, lambda _: None).stats.time_to_first_token or 0.0)
    return {
        "prompts": len(prompts),
        "cold_ttft_mean": round(sum(cold) / len(cold), 2),
        "consecutive_ttft_mean": round(sum(warm[1:]) / max(len(warm) - 1, 1), 2),
        "first_of_run_ttft": round(warm[0], 2),
        "saving": round(1 - (sum(warm[1:]) / max(len(warm) - 1, 1)) / (sum(cold) / len(cold)), 3),
    }


def first_text_probe(model: EndpointChatModel, section_id: str, warm_first: bool) -> dict[str, Any]:
    facts = load_facts(ROOT / "facts" / "example.yaml")
    profile = load_profile()
    _evict(model)
    if warm_first:
        model.warm(opening_messages(FactBasis(facts, profile), section_id))
        time.sleep(0.2)
        while len(model.server.line) if model.server else 0:
            time.sleep(0.2)
    marks: dict[str, float] = {}
    started = time.perf_counter()

    def on_event(event: DraftEvent) -> None:
        now = time.perf_counter() - started
        if event.kind == "block_started" and event.details:
            marks.setdefault("first_visible_text", now)
        elif event.kind == "token":
            marks.setdefault("first_model_token", now)
            raise StopDrafting

    def on_status(line: str) -> None:
        marks.setdefault("first_status", time.perf_counter() - started)

    with model_status(on_status), contextlib.suppress(StopDrafting):
        draft_section(FactBasis(facts, profile), section_id, model, on_event)
    return {k: round(v, 2) for k, v in marks.items()}


class StopDrafting(Exception):
    """Ends a draft at its first token: the probe has what it came for."""


def summary(r: dict[str, Any]) -> str:
    lines = [f"绩效报告助手 · 本地模型运行方式基准（{r['date']}，{r['cpu']}，{r['model']}）", ""]
    b = r["build"]
    lines.append("build (raw llama.cpp in a child, 1 generation thread, 2 prompt threads):")
    for name, x in b.items():
        shown = f"crashed: {x['crashed']}" if "crashed" in x else f"{x['decode_tokens_per_second']} tok/s decode"
        ratio = f"  (portable / {name} = {x['portable_ratio']})" if "portable_ratio" in x else ""
        lines.append(f"  {name:10} {shown}{ratio}")
    lines += ["", "generation threads (raw, portable build), decode tok/s:"]
    for k, v in r["threads"].items():
        lines.append(f"  {k:28} {v}")
    s = r["served"]
    lines += [
        "",
        "served (managed llama_cpp.server, through the app's client) vs raw llama.cpp, same prompt and threads:",
        f"  time to first token  served {s['served']['ttft']} s, raw {s['raw']['ttft']:.2f} s",
        f"  decode tok/s         served {s['served']['decode_tokens_per_second']}, "
        f"raw {s['raw']['decode_tokens_per_second']} → ratio {s['decode_ratio']}",
    ]
    p = r["prefix"]
    lines += [
        "",
        f"shared prompt prefix ({p['prompts']} block prompts of one section): time to first token "
        f"{p['cold_ttft_mean']} s cold, {p['consecutive_ttft_mean']} s when the prefix is reused "
        f"→ saves {p['saving']:.0%}",
    ]
    f = r["first_text"]
    lines += [
        "",
        "first text a writer sees when drafting 五、存在的主要问题 (server already running):",
        f"  cold prefix:   first visible text {f['cold'].get('first_visible_text')} s, "
        f"first model token {f['cold'].get('first_model_token')} s",
        f"  warmed prefix: first visible text {f['warm'].get('first_visible_text')} s, "
        f"first model token {f['warm'].get('first_model_token')} s",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument(
        "--build", action="append", default=[], help="NAME=DIR: another llama-cpp-python build to compare"
    )
    args = parser.parse_args()
    settings = LLMSettings(backend="local", n_ctx=4096, n_threads=None)
    config = server_config(settings)
    facts = load_facts(ROOT / "facts" / "example.yaml")
    profile = load_profile()
    spec = profile.section("problems")
    blocks = [b for b in split_blocks(SkeletonDrafter(facts, profile).section(spec).section) if not b.has_todo]
    prompts = [rewrite_messages(spec.prompt, b.heading, b.text, unit_names(facts)) for b in blocks]
    text_prompt = _chatml(prompts[0])
    cpu = cpu_flags()[0]
    results: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M"), "cpu": cpu, "model": config.model_path.name}

    build: dict[str, Any] = {"portable": raw_probe(config.model_path, 1, 2, text_prompt)}
    for spec in args.build:
        name, _, site = spec.partition("=")
        build[name] = raw_probe(config.model_path, 1, 2, text_prompt, site)
        if "crashed" not in build[name]:
            rate = build["portable"]["decode_tokens_per_second"] / build[name]["decode_tokens_per_second"]
            build[name]["portable_ratio"] = round(rate, 3)
    results["build"] = build

    threads: dict[str, Any] = {}
    for n in (1, 2):
        threads[f"{n} thread(s), idle"] = raw_probe(config.model_path, n, 2, text_prompt)["decode_tokens_per_second"]
        with Busy():
            threads[f"{n} thread(s), one busy process"] = raw_probe(config.model_path, n, 2, text_prompt)[
                "decode_tokens_per_second"
            ]
    results["threads"] = threads

    model = get_chat_model(settings)
    assert isinstance(model, EndpointChatModel)
    server = server_for(config)
    server.ensure()
    _evict(model)
    served = served_probe(model, prompts[0])
    raw = raw_probe(config.model_path, config.n_threads, config.n_threads_batch, text_prompt)
    results["served"] = {
        "served": served,
        "raw": raw,
        "decode_ratio": round(served["decode_tokens_per_second"] / raw["decode_tokens_per_second"], 3),
    }
    results["prefix"] = prefix_probe(model, prompts)
    results["first_text"] = {
        "cold": first_text_probe(model, "problems", warm_first=False),
        "warm": first_text_probe(model, "problems", warm_first=True),
    }
    server.stop()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "server.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    text = summary(results)
    (RESULTS / "server.txt").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
