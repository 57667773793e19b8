"""Chat instructions with the bundled model, for real, on five kinds of unit: each class of request does what
was asked (the length within ±15%, the paragraph gone or moved, the addition from the facts, the figure put in
or refused) or says why it cannot, and every model answer passes the number and claims gates.

The pieces edited are short (one paragraph, or a section of four or five) and the answers capped, so the
whole module stays within minutes on two cores; the tests of one class run one after another, so the local
server reuses the evaluation of that class's common prompt. Remove, reorder and figure never call the model.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from model_processes import BUNDLED_MODEL

from assistant.context import ReportContext
from assistant.drafting.obey import Obeyed
from assistant.drafting.paragraphs import Para, count_chars, paragraphs
from assistant.facts import load_facts
from assistant.gate import figures
from assistant.llm import LLMSettings, get_chat_model
from assistant.llm.server import ModelServer
from assistant.profiles import load_profile

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = LLMSettings(backend="local", n_ctx=4096, max_tokens=256)
SECTION = "performance"
UNITS = {
    # unit file: (the item a writer asks to add back, after it was removed; the figure the report must keep)
    "renda-2022": ("代表联络站", "预算执行率"),
    "education-2023": ("教师培训", "预算执行率"),
    "health-2023": ("老年人健康管理", "预算执行率"),
    "township-2023": ("基层治理", "预算执行率"),
    "zhengxie-2022": ("委员学习培训", "预算执行率"),
}
TIMES: dict[str, float] = {}

pytestmark = [
    pytest.mark.integration,
    BUNDLED_MODEL,
]


@pytest.fixture(scope="module", autouse=True)
def _report_times() -> Iterator[None]:
    """Prints the model time per class after the module, for the README's test-time figure."""
    yield
    print("\nmodel time per class (s):", {k: round(v, 1) for k, v in TIMES.items()})


def _context(unit: str) -> ReportContext:
    return ReportContext(load_facts(ROOT / "facts" / "units" / f"{unit}.yaml"), load_profile())


def _paras(context: ReportContext, text: str) -> list[Para]:
    return paragraphs(text, context.heading(SECTION))


def _gated(context: ReportContext, before: str, after: Obeyed) -> None:
    """The answer passes both gates and keeps every figure the text had."""
    verdict = context.gate(after.text, SECTION)
    assert verdict.unsupported == [], verdict
    claims = context.claims(after.text, SECTION)
    assert claims.names == [] and claims.evaluations == [], claims
    kept = {f.text for f in figures(after.text)}
    assert {f.text for f in figures(before) if not f.mention.chinese} <= kept, after.text


def _timed(kind: str, run: object) -> Obeyed:
    start = time.monotonic()
    assert callable(run)
    done = run()
    TIMES[kind] = TIMES.get(kind, 0.0) + time.monotonic() - start
    assert isinstance(done, Obeyed)
    return done


@pytest.mark.parametrize("unit", UNITS)
def test_shorten_to_n_characters(served: ModelServer, unit: str) -> None:
    model = get_chat_model(SETTINGS)
    context = _context(unit)
    longest = max(_paras(context, context.skeleton_text(SECTION)), key=lambda p: count_chars(p.body))
    text = longest.text
    target = round(count_chars(longest.body) * 0.7)
    done = _timed("shorten", lambda: context.instruct(text, SECTION, f"把这一段压缩到{target}字", model))
    if done.refusal:  # the figures and details alone do not fit: said before any model call
        assert "最短可压缩到约" in done.refusal and done.stats.calls == 0, done.refusal
        return
    got = count_chars(_paras(context, done.text)[0].body)
    assert target * 0.85 <= got <= target * 1.15, (got, target, done.text, done.notes)
    _gated(context, text, done)


@pytest.mark.parametrize("unit", UNITS)
def test_add_a_sentence_about_a_topic_from_the_facts(served: ModelServer, unit: str) -> None:
    model = get_chat_model(SETTINGS)
    context = _context(unit)
    topic = UNITS[unit][0]
    full = context.skeleton_text(SECTION)
    item = next(p for p in _paras(context, full) if topic in p.head)
    number = _paras(context, full).index(item) + 1
    without = context.instruct(full, SECTION, f"删除第{number}段", None).text
    assert topic not in without
    done = _timed("add", lambda: context.instruct(without, SECTION, f"补充一句关于{topic}的内容", model))
    assert not done.refusal, done.refusal
    added = [line for line in done.text.split("\n") if line not in without.split("\n")]
    assert len(added) == 1, done.text
    stated = {f.text for f in figures(item.body)}
    assert stated <= {f.text for f in figures(added[0])}, (added, item.body)
    _gated(context, without, done)
    assert len(context.gate(done.text, SECTION).missing) < len(context.gate(without, SECTION).missing)


@pytest.mark.parametrize("unit", UNITS)
def test_restyle_on_the_writers_words(served: ModelServer, unit: str) -> None:
    model = get_chat_model(SETTINGS)
    context = _context(unit)
    counted = [p for p in _paras(context, context.skeleton_text(SECTION)) if p.head and figures(p.body)]
    para = min(counted, key=lambda p: count_chars(p.body))
    text = para.text
    done = _timed("restyle", lambda: context.instruct(text, SECTION, "把这段话写得更连贯一些", model))
    assert done.kind == "restyle" and not done.refusal
    assert done.text.startswith(para.head)
    _gated(context, text, done)


@pytest.mark.parametrize("unit", UNITS)
def test_remove_reorder_and_figure_need_no_model(served: ModelServer, unit: str) -> None:
    model = get_chat_model(SETTINGS)
    context = _context(unit)
    full = context.skeleton_text(SECTION)
    paras = _paras(context, full)
    removed = context.instruct(full, SECTION, "删除第二段", model)
    assert paras[1].text not in removed.text and removed.stats.calls == 0
    assert [p.text for p in _paras(context, removed.text)] == [p.text for p in paras if p is not paras[1]]
    swapped = context.instruct(full, SECTION, "第二段和第三段对调", model)
    if paras[1].group == paras[2].group:
        assert _paras(context, swapped.text)[1].body == paras[2].body
    else:
        assert "只能在同一个小标题下调整段落顺序" in swapped.refusal
    budget = context.skeleton_text("budget")
    rate = context.indicators["budget_execution"]
    refused = context.instruct(budget, "budget", "预算执行率写成100.01%", model)
    assert refused.refusal.startswith(f"事实中预算执行率为{rate.value:.2f}%，报告中的数字必须来自事实")
    assert refused.fact is not None and refused.fact.path.startswith("预算.支出.")
    wrong = budget.replace(f"预算执行率为{rate.value:.2f}%", "预算执行率为99.99%")
    assert wrong != budget
    fixed = context.instruct(wrong, "budget", f"预算执行率写成{rate.value:.2f}%", model)
    assert fixed.text == budget and fixed.stats.calls == 0
