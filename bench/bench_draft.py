"""Benchmark of model drafting with the bundled model: the gated pipeline against a naive one-prompt baseline.

For each facts file it measures, for the pipeline (block-by-block rewrite behind the fact gate) and for a
naive baseline (one prompt asking for the whole report from the facts): wall time, time to first token,
decode tokens/s, figures no fact supports, and coverage of the numeric facts. The model is the product's:
the bundled model behind its managed server. Decode speed against raw llama.cpp and the prefix-reuse
saving are measured by bench/bench_server.py.

    .venv/bin/python bench/bench_draft.py            # both facts files, writes bench/results/draft.{json,txt}

Runs on the machine's cores for 20–40 minutes; the numbers depend on whatever else the machine does.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import yaml
from langchain_core.language_models.chat_models import BaseChatModel

from assistant.drafting import DraftEvent, draft_report
from assistant.drafting.calls import stream_answer
from assistant.drafting.prompts import baseline_messages, unit_names
from assistant.facts import facts_to_data, load_facts
from assistant.facts.model import Facts
from assistant.gate import FactBasis
from assistant.gate.coverage import fact_coverage
from assistant.llm import LLMSettings, get_chat_model
from assistant.llm.factory import server_config
from assistant.profiles import Profile, load_profile
from assistant.report import Report, render

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
FACTS = ("facts/seed-2021.yaml", "facts/example.yaml")
BASELINE_MAX_TOKENS = 3000


def _prose(report: Report) -> str:
    bare = report.model_copy(deep=True)
    for section in bare.walk():
        section.tables = []
    return render(bare, markdown=False)


def run_pipeline(model: BaseChatModel, facts: Facts, profile: Profile) -> dict[str, Any]:
    started = time.perf_counter()
    first: list[float] = []

    def on_event(event: DraftEvent) -> None:
        if event.kind == "token" and not first:
            first.append(time.perf_counter())

    result = draft_report(FactBasis(facts, profile), model, on_event)
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
        "completion_tokens": result.stats.completion_tokens,
        "decode_tokens_per_second": round(result.stats.decode_rate or 0.0, 2),
        "blocks": {k: sum(b.status == k for b in blocks) for k in ("model", "repaired", "fixed", "fallback", "kept")},
        "unsupported_before_gate": sum(len(s.unsupported_before) for s in result.sections),
        "unsupported_before_list": [u.describe() for s in result.sections for u in s.unsupported_before],
        "missing_before_gate": sum(len(s.missing_before) for s in result.sections),
        "unsupported_after_gate": len(FactBasis(facts, profile).gate(text).unsupported),
        "coverage": {"present": coverage.present, "total": coverage.total, "share": round(coverage.share, 4)},
        "coverage_missing": coverage.missing,
        "fallback_reasons": [f"{b.heading}：{b.reason}" for b in blocks if b.status == "fallback"],
    }


def run_baseline(model: BaseChatModel, facts: Facts, profile: Profile) -> dict[str, Any]:
    data = yaml.safe_dump(facts_to_data(facts), allow_unicode=True, sort_keys=False)
    messages = baseline_messages(data, unit_names(facts))
    answer = stream_answer(model, messages, BASELINE_MAX_TOKENS, lambda _: None)
    coverage = fact_coverage(answer.text, facts)
    unsupported = FactBasis(facts, profile).gate(answer.text).unsupported
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
            f"blocks: {p['blocks']}; model calls {p['calls']}",
            "",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", nargs="*", default=list(FACTS))
    args = parser.parse_args()
    settings = LLMSettings(backend="local")
    model = get_chat_model(settings)
    assert model is not None
    config = server_config(settings)
    profile = load_profile()
    results: dict[str, Any] = {
        "model": config.model_path.name,
        "threads": config.n_threads,
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
