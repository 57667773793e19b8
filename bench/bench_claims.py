"""Benchmark of the claims gate and the prose rules with the bundled model, on the five unit types' facts files.

For each facts file and each measured section, three texts are judged the same way: the skeleton (no
model), the gated pipeline (block by block, behind the number and claims gates) and a naive baseline (one
prompt asking for the section from the facts, no gate). Measured: unsupported numbers, unsupported names,
evaluative sentences without support, text details kept, numeric facts kept, opening variety (the
commonest opening's share of paragraphs), characters changed against the skeleton, and wall time.

    .venv/bin/python bench/bench_claims.py                       # 部门整体支出绩效情况 of all five files
    .venv/bin/python bench/bench_claims.py --sections performance problems --facts facts/units/renda-2022.yaml
    JIXIAO_PROMPTS_DIR=old/ .venv/bin/python bench/bench_claims.py --no-baseline --name claims-oldprompts
    .venv/bin/python bench/bench_claims.py --reuse-baseline bench/results/claims-2026-11-30.json

Writes bench/results/claims.{json,txt} and the drafted texts. One file of each unit type (HELD_OUT) was kept
out of prompt tuning (the unit types' examples and the prompt files); its rows form a table of their own.
``--reuse-baseline`` takes the baseline's text and time from an earlier run for the files it has (the
baseline's prompt is this script's own, so a change to the drafting prompts does not change it) and measures
them again with today's measures.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import statistics
import time
from pathlib import Path
from typing import Any

import yaml
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage

from assistant.drafting import draft_section
from assistant.drafting.calls import stream_answer
from assistant.drafting.section_text import section_body
from assistant.drafting.variety import most_common_share
from assistant.facts import facts_to_data, load_facts
from assistant.facts.model import Facts
from assistant.gate import FactBasis, check, required_facts
from assistant.gate.claims import details_of
from assistant.importers.markers import match_marker
from assistant.llm import LLMSettings, get_chat_model
from assistant.llm.factory import server_config
from assistant.profiles import Profile, load_profile

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
UNITS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "facts" / "units").glob("*.yaml"))
HELD_OUT = frozenset(
    f"facts/units/{name}.yaml" for name in ("zhengxie-2022", "renda-2024", "jiaoti-2024", "weijian-2022", "jiedao-2023")
)
BASELINE_MAX_TOKENS = 700
HEADING_CHARS = 20
BASELINE_PROMPT = (
    "请根据下面的事实，撰写{unit}{year}年度部门整体支出绩效自评报告中“{heading}”一节的正文，"
    "用公文语言，分段写出，不写标题。\n【事实】\n{facts}\n【事实结束】"
)


def paragraphs(text: str) -> list[str]:
    """Body paragraphs of a section text: headings skipped, a run-in heading ("1.标题。正文") and markdown
    list marks and bold labels removed, so openings are compared on what the paragraph says."""
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("-*• ").strip()
        if not line or line.startswith("#"):
            continue
        if len(line) <= HEADING_CHARS and not re.search(r"[。！？；：:]", line):
            continue  # a heading of the skeleton's body (the pipeline's carry outline numbers, skipped below)
        line = re.sub(r"^\*\*[^*]{1,30}\*\*[：:]?", "", line).strip()
        found = match_marker(line)
        if found is not None:
            line = line[found[1] :]
            title, dot, rest = line.partition("。")
            if not dot or not rest.strip():
                continue
            if len(title) <= 20:
                line = rest.strip()
        if line:
            out.append(line)
    return out


def judge(text: str, skeleton: str, facts: Facts, profile: Profile, section_id: str) -> dict[str, Any]:
    """The same measures for any text of one section: numbers against all the facts (a baseline does not know
    the section's scope), names, evaluations, details and the section's numeric facts as the pipeline's gates."""
    me = facts.unit.short_name or "本单位"
    basis = FactBasis(facts, profile)
    allowed = basis.numbers.scoped([skeleton])
    unsupported = basis.gate(text).unsupported
    missing = check(text, allowed, required_facts(skeleton, allowed)).missing
    claims = basis.claims(text, section_id)
    details = details_of(skeleton)
    key, same, total = most_common_share(paragraphs(text), me)
    required = len(required_facts(skeleton, allowed))
    return {
        "unsupported_numbers": sum(not u.reason for u in unsupported),
        "misattributed_numbers": sum(bool(u.reason) for u in unsupported),
        "unsupported_numbers_list": [u.describe() for u in unsupported],
        "unsupported_names": len(claims.names),
        "unsupported_names_list": [c.describe() for c in claims.names],
        "unsupported_evaluations": len(claims.evaluations),
        "unsupported_evaluations_list": [c.describe() for c in claims.evaluations],
        "details_kept": [len(details) - len(claims.dropped), len(details)],
        "details_dropped": [d.text for d in claims.dropped],
        "numeric_facts_kept": [required - len(missing), required],
        "commonest_opening": [key, same, total],
        "chars_changed": changed(skeleton, text),
        "sentence_chars": sentence_lengths(unnumbered(text).splitlines()),
    }


def unnumbered(text: str) -> str:
    """The text without outline numbers (（一）, 1.): the pipeline's section is numbered, the skeleton's body
    is not, and numbers are not the model's writing."""
    lines = []
    for line in text.splitlines():
        found = match_marker(line.strip())
        lines.append(line.strip()[found[1] :] if found is not None else line)
    return "\n".join(lines)


def changed(skeleton: str, text: str) -> float:
    """Share of characters that differ from the skeleton, outline numbers aside."""
    ratio = difflib.SequenceMatcher(None, unnumbered(skeleton), unnumbered(text), autojunk=False).ratio()
    return round(1 - ratio, 4)


def sentence_lengths(lines: list[str]) -> list[float]:
    """Mean and standard deviation of the sentences' lengths in characters: the style guide asks for long and
    short sentences in turn, so a flat rhythm shows as a small deviation."""
    sentences = [s.strip() for line in lines for s in re.split(r"(?<=[。！？；])", line.strip().lstrip("-*#• "))]
    lengths = [len(s) for s in sentences if len(s) > 1 and re.search(r"[。！？；]$", s)]
    if not lengths:
        return [0.0, 0.0]
    return [round(statistics.mean(lengths), 1), round(statistics.pstdev(lengths), 1)]


def rejudge(results: dict[str, Any], profile: Profile) -> None:
    """Measure stored texts again (after a change to a measure) without running the model."""
    for name, sections in results["files"].items():
        facts = load_facts(ROOT / name)
        for section_id, r in sections.items():
            skeleton = r["texts"]["skeleton"]
            for kind in ("skeleton", "pipeline", "baseline"):
                kept = {k: v for k, v in r[kind].items() if k in ("seconds", "blocks", "stopped", "restyled")}
                r[kind] = {**judge(r["texts"][kind], skeleton, facts, profile, section_id), **kept}


def baseline(model: BaseChatModel, facts: Facts, profile: Profile, section_id: str) -> tuple[str, float]:
    data = yaml.safe_dump(facts_to_data(facts), allow_unicode=True, sort_keys=False)
    unit = facts.unit
    prompt = BASELINE_PROMPT.format(
        unit=unit.name, year=unit.year, heading=profile.section(section_id).heading, facts=data
    )
    answer = stream_answer(model, [HumanMessage(content=prompt)], BASELINE_MAX_TOKENS, lambda _: None)
    return answer.text, answer.stats.wall_seconds


def run_file(
    model: BaseChatModel,
    name: str,
    profile: Profile,
    sections: list[str],
    with_baseline: bool = True,
    earlier: dict[str, Any] | None = None,
) -> dict[str, Any]:
    facts = load_facts(ROOT / name)
    basis = FactBasis(facts, profile)
    out: dict[str, Any] = {}
    for section_id in sections:
        skeleton = section_body(basis.section_skeleton(section_id))
        started = time.perf_counter()
        result = draft_section(basis, section_id, model)
        wall = time.perf_counter() - started
        drafted = section_body(result.section)
        stored = (earlier or {}).get(section_id)
        if stored and stored["texts"]["baseline"]:
            naive, naive_wall = stored["texts"]["baseline"], stored["baseline"]["seconds"]
        elif with_baseline:
            naive, naive_wall = baseline(model, facts, profile, section_id)
        else:
            naive, naive_wall = "", 0.0
        blocks = [b.status for b in result.blocks]
        out[section_id] = {
            "skeleton": {**judge(skeleton, skeleton, facts, profile, section_id), "seconds": 0.0},
            "pipeline": {
                **judge(drafted, skeleton, facts, profile, section_id),
                "seconds": round(wall, 1),
                "blocks": {k: blocks.count(k) for k in ("model", "repaired", "fixed", "fallback", "kept")},
                "stopped": {
                    "numbers": len(result.unsupported_before),
                    "names": len(result.names_before),
                    "evaluations": len(result.evaluations_before),
                    "details": len(result.dropped_before),
                },
                "restyled": sum(b.restyled for b in result.blocks),
            },
            "baseline": {**judge(naive, skeleton, facts, profile, section_id), "seconds": round(naive_wall, 1)},
            "texts": {"skeleton": skeleton, "pipeline": drafted, "baseline": naive},
        }
        print(f"{name} {section_id}: pipeline {wall:.0f} s, baseline {naive_wall:.0f} s", flush=True)
    return out


def _ratio(pair: list[int]) -> str:
    return f"{pair[0]}/{pair[1]}"


def _spread(measures: dict[str, Any]) -> str:
    mean, deviation = measures.get("sentence_chars", [0.0, 0.0])
    return f"{mean:.0f}±{deviation:.0f}"


def table(results: dict[str, Any]) -> str:
    """Files used in prompt tuning first, then the held-out ones in a table of their own."""
    tuned = {n: s for n, s in results["files"].items() if n not in HELD_OUT}
    held = {n: s for n, s in results["files"].items() if n in HELD_OUT}
    parts = [_rows(tuned)] if tuned else []
    if held:
        parts.append("未参与提示词调试的文件：\n\n" + _rows(held))
    return "\n".join(parts)


def _rows(files: dict[str, Any]) -> str:
    columns = ("文件", "章节", "稿件", "无依据数字+归属不符", "无依据名称", "无依据评价", "细节保留", "数字事实")
    head = "| " + " | ".join((*columns, "最常见开头", "句长 均值±标准差", "改动字符", "用时 s")) + " |"
    lines = [head, "|" + "---|" * 12]
    for name, sections in files.items():
        label = Path(name).stem
        for section_id, r in sections.items():
            for kind in ("skeleton", "pipeline", "baseline"):
                if not r["texts"][kind] and kind != "skeleton":
                    continue
                m = r[kind]
                key, same, total = m["commonest_opening"]
                lines.append(
                    f"| {label} | {section_id} | {kind} | {m['unsupported_numbers']}+{m['misattributed_numbers']} | "
                    f"{m['unsupported_names']} | "
                    f"{m['unsupported_evaluations']} | {_ratio(m['details_kept'])} | "
                    f"{_ratio(m['numeric_facts_kept'])} | "
                    f"{key} {same}/{total} | {_spread(m)} | {m['chars_changed']:.0%} | {m['seconds']} |"
                )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", nargs="*", default=UNITS)
    parser.add_argument("--sections", nargs="*", default=["performance"])
    parser.add_argument("--rejudge", action="store_true", help="measure the stored texts again, no model")
    parser.add_argument("--no-baseline", action="store_true", help="only the skeleton and the pipeline")
    parser.add_argument("--name", default="claims", help="results file stem (bench/results/<name>.json)")
    parser.add_argument(
        "--reuse-baseline", type=Path, nargs="*", default=[], help="earlier results files whose baseline texts to reuse"
    )
    args = parser.parse_args()
    if args.rejudge:
        stored = json.loads((RESULTS / f"{args.name}.json").read_text(encoding="utf-8"))
        rejudge(stored, load_profile())
        (RESULTS / f"{args.name}.json").write_text(json.dumps(stored, ensure_ascii=False, indent=2), encoding="utf-8")
        (RESULTS / f"{args.name}.txt").write_text(table(stored), encoding="utf-8")
        print(table(stored))
        return
    settings = LLMSettings(backend="local")
    model = get_chat_model(settings)
    assert model is not None
    config = server_config(settings)
    profile = load_profile()
    results: dict[str, Any] = {
        "model": config.model_path.name,
        "threads": config.n_threads,
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "sections": args.sections,
        "files": {},
    }
    earlier: dict[str, Any] = {}
    for path in args.reuse_baseline:
        earlier.update(json.loads(path.read_text(encoding="utf-8"))["files"])
    results["reused_baseline"] = sorted(earlier) if earlier else []
    for name in args.facts:
        results["files"][name] = run_file(model, name, profile, args.sections, not args.no_baseline, earlier.get(name))
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"{args.name}.json"
        out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    text = table(results)
    (RESULTS / f"{args.name}.txt").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
