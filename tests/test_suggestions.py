"""Suggestions: readable character-level hunks for Chinese text, and any subset of them applied exactly."""

from __future__ import annotations

import itertools
import random

import pytest

from assistant.suggestions import Suggestion, compute_hunks
from assistant.suggestions.diff import MERGE_GAP

BASE = "区政协全年共召开全会2次，常委会4次。\n提案办理成效明显，办复率达100%。\n加强委员培训。\n"
PROPOSED = "2023年，区政协共召开全体会议2次、常委会会议4次。\n提案办理成效明显，办复率达100.00%。\n新增一段。\n"


def test_equal_texts_have_no_hunks() -> None:
    assert Suggestion.between(BASE, BASE).hunks == ()


def test_hunks_are_few_and_readable() -> None:
    sugg = Suggestion.between(BASE, PROPOSED)
    assert 3 <= len(sugg.hunks) <= 5
    assert all(h.old or h.new for h in sugg.hunks)
    assert any(h.new == ".00" and h.kind == "insert" for h in sugg.hunks)
    assert any(h.old == "加强委员培训。\n" or "加强委员培训" in h.old for h in sugg.hunks)


def test_every_subset_of_hunks_gives_a_consistent_text() -> None:
    sugg = Suggestion.between(BASE, PROPOSED)
    indices = [h.index for h in sugg.hunks]
    assert sugg.result({h.index: True for h in sugg.hunks}) == PROPOSED
    assert sugg.result({h.index: False for h in sugg.hunks}) == BASE
    assert sugg.result({}) == BASE
    for n in range(len(indices) + 1):
        for chosen in itertools.combinations(indices, n):
            text = sugg.result({i: True for i in chosen})
            rest = Suggestion.between(text, PROPOSED)
            assert len(rest.hunks) <= len(indices) - n + 1


def test_accept_one_reject_another() -> None:
    base = "召开全会2次，常委会4次，圆满完成任务。"
    sugg = Suggestion.between(base, "召开全会2次，常委会5次，圆满完成任务。会风良好。")
    assert [h.kind for h in sugg.hunks] == ["replace", "insert"]
    assert sugg.result({0: True, 1: False}) == "召开全会2次，常委会5次，圆满完成任务。"
    assert sugg.result({0: False, 1: True}) == base + "会风良好。"
    assert sugg.pending({0: True}) == [1]


def test_nearby_changes_are_merged_into_one_hunk() -> None:
    hunks = compute_hunks("甲乙丙丁戊己庚", "甲X丙Y戊己庚")
    assert len(hunks) == 1 and hunks[0].old == "乙丙丁" and hunks[0].new == "X丙Y"
    far = "甲" + "中" * MERGE_GAP + "乙"
    assert len(compute_hunks(far, "丙" + "中" * MERGE_GAP + "丁")) == 2


def test_a_rewritten_paragraph_is_one_hunk_not_confetti() -> None:
    base = "第一段不变。\n本单位严格执行预算管理制度，资金使用规范。\n第三段不变。\n"
    new = "第一段不变。\n全年预算执行平稳有序，各项经费按规定用途使用，未发现违规情形。\n第三段不变。\n"
    hunks = compute_hunks(base, new)
    assert len(hunks) == 1
    assert hunks[0].old.startswith("本单位") and hunks[0].new.startswith("全年")


def test_from_and_to_empty_text() -> None:
    assert [h.kind for h in compute_hunks("", "初稿。")] == ["insert"]
    assert [h.kind for h in compute_hunks("旧稿。", "")] == ["delete"]


def test_segments_rebuild_the_base_text() -> None:
    sugg = Suggestion.between(BASE, PROPOSED)
    rebuilt = "".join(seg.hunk.old if seg.hunk else seg.text for seg in sugg.segments())
    assert rebuilt == BASE


@pytest.mark.parametrize("seed", range(20))
def test_random_edits_round_trip(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = "区政协召开会议提案办理，。\n0123456789万元%"
    base = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200)))
    chars = list(base)
    for _ in range(rng.randint(1, 15)):
        at = rng.randint(0, len(chars))
        if chars and rng.random() < 0.5:
            del chars[min(at, len(chars) - 1)]
        else:
            chars.insert(at, rng.choice(alphabet))
    proposed = "".join(chars)
    sugg = Suggestion.between(base, proposed)
    assert sugg.result({h.index: True for h in sugg.hunks}) == proposed
    assert sugg.result({h.index: False for h in sugg.hunks}) == base
    assert all(base[h.start : h.end] == h.old and proposed[h.new_start : h.new_end] == h.new for h in sugg.hunks)
