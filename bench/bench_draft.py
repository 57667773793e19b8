"""Benchmark of model drafting with the bundled model: the gated pipeline against a naive one-prompt baseline.

For each facts file it measures, for the pipeline (block-by-block rewrite behind the fact gate) and for a
naive baseline (one prompt asking for the whole report from the facts): wall time, time to first token,
decode tokens/s, figures no fact supports, and coverage of the numeric facts. It then replays some of the
pipeline's prompts straight through llama.cpp (``Llama.create_completion``, timed by llama.cpp's own perf
counters) to compare decode speed on the same model and prompt, and measures what reusing the shared
prompt prefix (llama.cpp's KV cache) saves in time to first token.

    .venv/bin/python bench/bench_draft.py            # both facts files, writes bench/results/draft.{json,txt}

Runs on the machine's cores for 20–40 minutes; the numbers depend on whatever else the machine does.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

import llama_cpp
import yaml
from assistant.llm.local import LocalChatModel, _load

from assistant.drafting import DraftEvent, draft_report
from assistant.drafting.blocks import split_blocks
from assistant.drafting.calls import stream_answer
from assistant.drafting.prompts import baseline_messages, rewrite_messages, unit_names
from assistant.facts import facts_to_data, load_facts
from assistant.facts.model import Facts
from assistant.gate import gate_text
from assistant.gate.coverage import fact_coverage
from assistant.llm import LLMSettings
from assistant.llm.factory import local_chat_model
from assistant.profiles import Profile, load_profile
from assistant.report import Report, render
from assistant.skeleton import SkeletonDrafter

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
FACTS = ("facts/seed-2021.yaml", "facts/example.yaml")
BASELINE_MAX_TOKENS = 3000


def _prose(report: Report) -> str:
    bare = report.model_copy(deep=True)
    for section in bare.walk():
        section.tables = []
    return render(bare, markdown=False)


def run_pipeline(model: LocalChatModel, facts: Facts, profile: Profile) -> dict[str, Any]:
    started = time.perf_counter()
    first: list[float] = []

    def on_event(event: DraftEvent) -> None:
        if event.kind == "token" and not first:
            first.append(time.perf_counter())

    result = draft_report(facts, profile, model, on_event)
    wall = time.perf_counter() - started
    blocks = [b for s in result.sections for b in s.blocks]
    text = render(result.report)
    prose = _prose(result.report)
    coverage = fact_coverage(prose, facts)
    return {
        "text": text,
        "wall_seconds": round(wall, 1),
        "time_to_first_token": round(first[0] - started, 2) if first else None,
        "calls": result.stats.calls,
        "prompt_tokens": result.stats.prompt_tokens,
        "reused_prompt_tokens": result.stats.reused_prompt_tokens,
        "completion_tokens": result.stats.completion_tokens,
        "decode_tokens_per_second": round(result.stats.decode_rate or 0.0, 2),
        "blocks": {k: sum(b.status == k for b in blocks) for k in ("model", "repaired", "fixed", "fallback", "kept")},
        "unsupported_before_gate": sum(len(s.unsupported_before) for s in result.sections),
        "unsupported_before_list": [u.describe() for s in result.sections for u in s.unsupported_before],
        "missing_before_gate": sum(len(s.missing_before) for s in result.sections),
        "unsupported_after_gate": len(gate_text(text, facts, profile).unsupported),
        "coverage": {"present": coverage.present, "total": coverage.total, "share": round(coverage.share, 4)},
        "coverage_missing": coverage.missing,
        "fallback_reasons": [f"{b.heading}：{b.reason}" for b in blocks if b.status == "fallback"],
    }


def run_baseline(model: LocalChatModel, facts: Facts, profile: Profile) -> dict[str, Any]:
    data = yaml.safe_dump(facts_to_data(facts), allow_unicode=True, sort_keys=False)
    messages = baseline_messages(data, unit_names(facts))
    answer = stream_answer(model, messages, BASELINE_MAX_TOKENS, lambda _: None)
    coverage = fact_coverage(answer.text, facts)
    unsupported = gate_text(answer.text, facts, profile).unsupported
    return {
        "text": answer.text,
        "wall_seconds": round(answer.stats.wall_seconds, 1),
        "time_to_first_token": round(answer.stats.time_to_first_token or 0.0, 2),
        "prompt_tokens": answer.stats.prompt_tokens,
        "completion_tokens": answer.stats.completion_tokens,
        "finish_reason": answer.finish_reason,
        "decode_tokens_per_second": round(answer.stats.decode_rate or 0.0, 2),
        "unsupported": len(unsupported),
        "unsupported_list": [u.describe() for u in unsupported],
        "coverage": {"present": coverage.present, "total": coverage.total, "share": round(coverage.share, 4)},
    }


def _block_prompts(facts: Facts, profile: Profile, limit: int) -> list[list[Any]]:
    drafter = SkeletonDrafter(facts, profile)
    prompts = []
    for spec in profile.sections:
        for block in split_blocks(drafter.section(spec).section):
            if not block.has_todo:
                prompts.append(rewrite_messages(spec.prompt, block.heading, block.text, unit_names(facts)))
    return prompts[:limit]


def _raw_replay(llama: Any, model: LocalChatModel, tokens: list[int], count: int) -> tuple[int, float]:
    """The same prompt straight through ``Llama.create_completion``: llama.cpp's own decode count and time."""
    llama.reset()
    llama_cpp.llama_perf_context_reset(llama.ctx)
    llama.create_completion(
        tokens,
        max_tokens=count,
        temperature=model.temperature,
        top_p=model.top_p,
        top_k=model.top_k,
        repeat_penalty=model.repeat_penalty,
        seed=model.seed,
    )
    perf = llama_cpp.llama_perf_context(llama.ctx)
    return int(perf.n_eval), perf.t_eval_ms / 1000


def decode_probe(model: LocalChatModel, facts: Facts, profile: Profile, count: int) -> dict[str, Any]:
    """Decode speed of the pipeline's model against raw llama.cpp on the same prompts.

    Two comparisons: within the very same call (llama.cpp's perf counters time its decode while the
    pipeline times the chunks it receives, so machine load cancels out), and against a separate raw
    ``create_completion`` of the same prompt and length, run alternately before or after the pipeline.
    """
    llama = _load(model.model_path, model.n_ctx, model.n_threads, model.n_batch).llama
    pairs: list[dict[str, float]] = []
    for i, messages in enumerate(_block_prompts(facts, profile, count)):
        tokens = model.prompt_tokens(messages)
        raw_first = i % 2 == 1
        if raw_first:
            raw = _raw_replay(llama, model, tokens, 400)
        llama.reset()
        llama_cpp.llama_perf_context_reset(llama.ctx)
        answer = stream_answer(model, messages, 400, lambda _: None)
        perf = llama_cpp.llama_perf_context(llama.ctx)
        same_call = (int(perf.n_eval), perf.t_eval_ms / 1000)
        if not raw_first:
            raw = _raw_replay(llama, model, tokens, answer.stats.completion_tokens)
        pairs.append(
            {
                "pipeline_tokens": answer.stats.decode_tokens,
                "pipeline_seconds": answer.stats.decode_seconds,
                "llama_cpp_same_call_tokens": same_call[0],
                "llama_cpp_same_call_seconds": same_call[1],
                "raw_tokens": raw[0],
                "raw_seconds": raw[1],
            }
        )

    def rate(tokens: str, seconds: str) -> float:
        return float(sum(p[tokens] for p in pairs) / sum(p[seconds] for p in pairs))

    pipeline = rate("pipeline_tokens", "pipeline_seconds")
    same = rate("llama_cpp_same_call_tokens", "llama_cpp_same_call_seconds")
    replay = rate("raw_tokens", "raw_seconds")
    return {
        "prompts": len(pairs),
        "pipeline_tokens_per_second": round(pipeline, 2),
        "llama_cpp_same_call_tokens_per_second": round(same, 2),
        "same_call_ratio": round(pipeline / same, 3),
        "raw_llama_cpp_tokens_per_second": round(replay, 2),
        "raw_ratio": round(pipeline / replay, 3),
        "pairs": pairs,
    }


def prefix_probe(settings: LLMSettings, facts: Facts, profile: Profile, count: int) -> dict[str, Any]:
    """Time to first token of consecutive block prompts with and without reusing the shared prefix."""
    out: dict[str, Any] = {}
    prompts = _block_prompts(facts, profile, count)
    for reuse in (False, True):
        model = local_chat_model(settings.model_copy(update={"prompt_cache": reuse}))
        assert isinstance(model, LocalChatModel)
        ttft, reused, total = [], 0, 0
        for messages in prompts:
            answer = stream_answer(model, messages, 1, lambda _: None)
            ttft.append(answer.stats.time_to_first_token or 0.0)
            reused += answer.stats.reused_prompt_tokens
            total += answer.stats.prompt_tokens
        out["with_prefix_reuse" if reuse else "without_prefix_reuse"] = {
            "prompts": len(prompts),
            "prompt_tokens": total,
            "reused_prompt_tokens": reused,
            "time_to_first_token_total": round(sum(ttft), 2),
            "time_to_first_token_mean": round(statistics.mean(ttft), 2),
        }
    off = out["without_prefix_reuse"]["time_to_first_token_total"]
    on = out["with_prefix_reuse"]["time_to_first_token_total"]
    out["saving"] = round(1 - on / off, 3) if off else None
    return out


def _share(coverage: dict[str, Any]) -> str:
    return f"{coverage['present']}/{coverage['total']} ({coverage['share']:.0%})"


def summary(results: dict[str, Any]) -> str:
    lines = [f"绩效报告助手 · 模型起草基准（{results['model']}，{results['threads']} 线程，{results['date']}）", ""]
    for name, r in results["files"].items():
        p, b = r["pipeline"], r["baseline"]
        cov_p, cov_b = p["coverage"], b["coverage"]
        lines += [
            f"## {name}",
            f"{'':24}{'pipeline':>14}{'naive baseline':>18}",
            f"{'wall time (s)':24}{p['wall_seconds']:>14}{b['wall_seconds']:>18}",
            f"{'time to first token (s)':24}{p['time_to_first_token']!s:>14}{b['time_to_first_token']!s:>18}",
            f"{'decode tokens/s':24}{p['decode_tokens_per_second']:>14}{b['decode_tokens_per_second']:>18}",
            f"{'completion tokens':24}{p['completion_tokens']:>14}{b['completion_tokens']:>18}",
            f"{'unsupported before gate':24}{p['unsupported_before_gate']:>14}{b['unsupported']:>18}",
            f"{'unsupported after gate':24}{p['unsupported_after_gate']:>14}{'(no gate)':>18}",
            f"{'numeric facts present':24}{_share(cov_p):>14}{_share(cov_b):>18}",
            f"blocks: {p['blocks']}; model calls {p['calls']}; prompt tokens {p['prompt_tokens']}, "
            f"of which reused from the KV cache {p['reused_prompt_tokens']}",
            "",
        ]
    d = results["decode_probe"]
    lines += [
        f"decode speed on the same prompts ({d['prompts']} block prompts of facts/example.yaml):",
        f"  pipeline {d['pipeline_tokens_per_second']} tok/s vs llama.cpp's own timing of the same calls "
        f"{d['llama_cpp_same_call_tokens_per_second']} tok/s → ratio {d['same_call_ratio']}",
        f"  pipeline vs a separate raw llama.cpp run of each prompt (alternating) "
        f"{d['raw_llama_cpp_tokens_per_second']} tok/s → ratio {d['raw_ratio']}",
    ]
    c = results["prefix_probe"]
    on, off = c["with_prefix_reuse"], c["without_prefix_reuse"]
    lines += [
        f"shared prompt prefix ({on['prompts']} consecutive block prompts):",
        f"  without reuse: time to first token {off['time_to_first_token_total']} s in total "
        f"({off['time_to_first_token_mean']} s each)",
        f"  with reuse:    {on['time_to_first_token_total']} s ({on['time_to_first_token_mean']} s each), "
        f"{on['reused_prompt_tokens']}/{on['prompt_tokens']} prompt tokens from the cache → saves {c['saving']:.0%}",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", nargs="*", default=list(FACTS))
    parser.add_argument("--probe", type=int, default=12, help="block prompts for the decode and prefix probes")
    args = parser.parse_args()
    settings = LLMSettings(backend="local")
    model = local_chat_model(settings)
    assert isinstance(model, LocalChatModel)
    model.load()
    profile = load_profile()
    results: dict[str, Any] = {
        "model": Path(model.model_path).name,
        "threads": model.n_threads,
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "files": {},
    }
    for name in args.facts:
        facts = load_facts(ROOT / name)
        print(f"{name}: pipeline …", flush=True)
        pipeline = run_pipeline(model, facts, profile)
        print(f"{name}: naive baseline …", flush=True)
        baseline = run_baseline(model, facts, profile)
        results["files"][name] = {"pipeline": pipeline, "baseline": baseline}
    example = load_facts(ROOT / FACTS[-1])
    print("decode probe …", flush=True)
    results["decode_probe"] = decode_probe(model, example, profile, args.probe)
    print("prefix probe …", flush=True)
    results["prefix_probe"] = prefix_probe(settings, example, profile, args.probe)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "draft.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    text = summary(results)
    (RESULTS / "draft.txt").write_text(text, encoding="utf-8")
    for name, r in results["files"].items():
        stem = Path(name).stem
        (RESULTS / f"draft-{stem}-pipeline.txt").write_text(r["pipeline"]["text"], encoding="utf-8")
        (RESULTS / f"draft-{stem}-baseline.txt").write_text(r["baseline"]["text"], encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
