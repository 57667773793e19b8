"""起草全文 in the engine: every section in outline order, a step before and after each, each draft equal
to what a single-section draft gives, and a consumer that stops iterating stops the drafting."""

from __future__ import annotations

from pathlib import Path

import pytest
from scripted_model import ScriptedChatModel

from assistant.context import ReportContext
from assistant.context.whole import draft_sections, outline
from assistant.drafting.section_text import PREAMBLE_ID
from assistant.facts import load_facts
from assistant.profiles import load_profile

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("profile_id", ["hunan-department", "hubei-department", "yunnan-department"])
def test_the_template_drafts_every_section_in_outline_order(profile_id: str) -> None:
    profile = load_profile(profile_id)
    facts = load_facts(ROOT / "facts" / "seed-2021.yaml")
    context = ReportContext(facts, profile)
    steps = list(draft_sections(context, None))
    ids = [sid for sid, _ in outline(profile)]
    assert ids[0] == PREAMBLE_ID and ids[1:] == [s.id for s in profile.sections]
    assert [(s.kind, s.section_id) for s in steps] == [(k, sid) for sid in ids for k in ("started", "drafted")]
    assert {s.total for s in steps} == {len(ids)}
    assert [s.index for s in steps if s.kind == "drafted"] == list(range(len(ids)))
    for step in steps:
        if step.kind == "drafted":
            assert step.draft is not None
            assert step.draft.text == context.skeleton_text(step.section_id)


def test_a_perfect_model_drafts_each_section_as_a_single_draft_would() -> None:
    profile = load_profile()
    facts = load_facts(ROOT / "facts" / "example.yaml")
    events: list[str] = []
    context = ReportContext(facts, profile)
    drafted = {
        s.section_id: s.draft
        for s in draft_sections(context, ScriptedChatModel(echo=True), on_event=lambda e: events.append(e.kind))
        if s.kind == "drafted"
    }
    assert "token" in events and events.count("section_started") == len(profile.sections)
    for sid, draft in drafted.items():
        assert draft is not None
        assert draft == context.draft(sid, ScriptedChatModel(echo=True))


def test_only_the_listed_sections_are_drafted() -> None:
    profile = load_profile()
    facts = load_facts(ROOT / "facts" / "example.yaml")
    steps = list(draft_sections(ReportContext(facts, profile), None, section_ids=["problems", "budget"]))
    assert [s.section_id for s in steps if s.kind == "drafted"] == ["budget", "problems"], "outline order"
    assert {s.total for s in steps} == {2}


def test_stopping_the_iteration_stops_the_drafting() -> None:
    profile = load_profile()
    facts = load_facts(ROOT / "facts" / "example.yaml")
    model = ScriptedChatModel(echo=True)
    context = ReportContext(facts, profile)
    steps = draft_sections(context, model)
    for step in steps:
        if step.kind == "drafted" and step.index == 2:
            break
    steps.close()
    alone = ScriptedChatModel(echo=True)
    for section_id in ("overview", "budget"):
        context.draft(section_id, alone)
    assert len(model.received) == len(alone.received) > 0, "nothing after the third section was asked"


def test_missing_facts_are_named_in_the_notes() -> None:
    profile = load_profile()
    facts = load_facts(ROOT / "facts" / "seed-2021.yaml")
    draft = ReportContext(facts, profile).draft("budget", ScriptedChatModel(echo=True))
    assert "【待补充" in draft.text
    assert any("必需事实未填写" in n for n in draft.notes)
