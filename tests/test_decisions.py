"""Deciding a suggestion change by change, on a real store: nothing is written while a change is pending, the
accepted changes become one version, rejecting all leaves the text, and a stale revision is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.context.decisions import decide
from assistant.store import StaleWriteError, Store
from assistant.suggestions import Suggestion

BASE = "召开全会2次。\n办结提案53件。\n整改问题12个。"
PROPOSED = "召开全体会议2次。\n办结提案53件。\n完成整改问题12个。"


@pytest.fixture
def opened(tmp_path: Path) -> tuple[Store, int, int]:
    store = Store(tmp_path / "app.db")
    project = store.create_project("湘江市清河区政协机关", 2023, "hunan-department")
    base = store.commit(project.id, "performance", BASE, "draft", 0)
    record = store.add_suggestion(base, PROPOSED, "润色")
    return store, project.id, record.id


def test_a_version_is_made_only_when_every_change_is_decided(opened: tuple[Store, int, int]) -> None:
    store, project_id, suggestion_id = opened
    hunks = Suggestion.between(BASE, PROPOSED).hunks
    assert len(hunks) == 2
    revision = store.section(project_id, "performance").revision
    first = decide(store, suggestion_id, {hunks[0].index: True}, revision, "本章节")
    assert first.pending and store.section(project_id, "performance").text == BASE
    second = decide(store, suggestion_id, {hunks[1].index: False}, revision, "本章节")
    assert not second.pending and second.accepted == 1
    text = store.section(project_id, "performance").text
    assert "召开全体会议2次" in text and "完成整改" not in text


def test_rejecting_every_change_keeps_the_text(opened: tuple[Store, int, int]) -> None:
    store, project_id, suggestion_id = opened
    revision = store.section(project_id, "performance").revision
    everything = {h.index: False for h in Suggestion.between(BASE, PROPOSED).hunks}
    decided = decide(store, suggestion_id, everything, revision, "本章节")
    assert decided == decided.__class__(pending=False, accepted=0)
    assert store.section(project_id, "performance").text == BASE
    assert store.section(project_id, "performance").revision == revision


def test_a_decision_against_text_changed_meanwhile_is_refused(opened: tuple[Store, int, int]) -> None:
    store, project_id, suggestion_id = opened
    revision = store.section(project_id, "performance").revision
    store.commit(project_id, "performance", BASE + "\n另一处改动。", "manual", revision)
    everything = {h.index: True for h in Suggestion.between(BASE, PROPOSED).hunks}
    with pytest.raises(StaleWriteError):
        decide(store, suggestion_id, everything, revision, "本章节")
    assert store.section(project_id, "performance").text.endswith("另一处改动。")
