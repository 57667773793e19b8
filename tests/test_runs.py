"""The process-wide registry of generations: a run outlives whoever started it, is followed from its first
item by anyone, ends exactly once, and a cancel stops its work and is never overwritten by a late answer."""

from __future__ import annotations

import threading
import time

import pytest

from assistant.drafting.runs import Cancelled, Run, RunRegistry, RunTimeout


def _wait(run: Run[object], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while run.running and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not run.running


def test_a_follower_that_joins_late_sees_every_item_from_the_first() -> None:
    registry = RunRegistry()
    gate = threading.Event()

    def work(run: Run[object]) -> str:
        run.emit("甲")
        run.emit("乙")
        gate.wait(5)
        run.emit("丙")
        return "甲乙丙"

    run = registry.start(("db", 1, "budget"), work)
    while len(run.items) < 2:
        time.sleep(0.01)
    assert registry.get(("db", 1, "budget")) is run
    seen: list[object] = []
    follower = threading.Thread(target=lambda: seen.extend(i for i in run.follow(poll=0.05) if i is not None))
    follower.start()
    gate.set()
    follower.join(5)
    assert seen == ["甲", "乙", "丙"]
    assert (run.state, run.result) == ("done", "甲乙丙")


def test_a_second_start_under_the_same_key_joins_the_running_one() -> None:
    registry = RunRegistry()
    gate = threading.Event()
    asked: list[str] = []
    first = registry.start("k", lambda run: gate.wait(5), before=lambda: asked.append("first"))
    second = registry.start("k", lambda run: "never", before=lambda: asked.append("second"))
    assert second is first and asked == ["first"]
    gate.set()
    _wait(first)
    third = registry.start("k", lambda run: "again", before=lambda: asked.append("third"))
    assert third is not first
    _wait(third)
    assert third.result == "again" and asked == ["first", "third"]


def test_cancel_stops_the_work_at_its_next_item_and_the_answer_is_never_recorded() -> None:
    registry = RunRegistry()
    finished: list[tuple[str, object]] = []
    produced: list[int] = []
    started = threading.Event()

    def work(run: Run[object]) -> str:
        for i in range(1000):
            run.emit(i)
            produced.append(i)
            started.set()
            time.sleep(0.01)
        return "whole answer"

    run = registry.start("k", work, finish=lambda r: finished.append((r.state, r.result)))
    started.wait(5)
    assert run.cancel()
    assert not run.cancel(), "a run ends once"
    time.sleep(0.2)
    assert finished == [("cancelled", None)]
    assert isinstance(run.error, Cancelled)
    count = len(produced)
    time.sleep(0.1)
    assert len(produced) == count < 1000, "the work stopped"
    with pytest.raises(Cancelled):
        run.emit("late")


def test_a_failure_in_the_work_ends_the_run_as_failed() -> None:
    registry = RunRegistry()

    def work(run: Run[object]) -> str:
        raise ValueError("boom")

    run = registry.start("k", work)
    _wait(run)
    assert run.state == "failed" and isinstance(run.error, ValueError)


def test_a_silent_run_fails_after_its_silence_limit() -> None:
    registry = RunRegistry()
    release = threading.Event()
    states: list[str] = []
    run = registry.start("k", lambda run: release.wait(10), silence=0.3, finish=lambda r: states.append(r.state))
    _wait(run, 5)
    release.set()
    assert run.state == "failed" and isinstance(run.error, RunTimeout) and states == ["failed"]
    assert "0 秒内没有输出" in str(run.error) or "秒内没有输出" in str(run.error)


def test_only_running_runs_are_listed_as_running() -> None:
    registry = RunRegistry()
    gate = threading.Event()
    busy = registry.start(("db", 1, "a"), lambda run: gate.wait(5))
    done = registry.start(("db", 2, "b"), lambda run: "x")
    _wait(done)
    assert registry.running(lambda key: True) == [busy]
    assert registry.running(lambda key: isinstance(key, tuple) and key[1] == 2) == []
    gate.set()
    _wait(busy)


def test_a_request_cancelled_while_waiting_for_the_model_leaves_the_line_at_once() -> None:
    """The writer sees their place in the line; 取消 takes them out of it within a heartbeat, and the request
    in front is not disturbed."""
    from assistant.llm.client import model_status, report_status, waiting_line
    from assistant.llm.server import HEARTBEAT, RequestLine

    line = RequestLine()
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with line.turn():
            holding.set()
            release.wait(20)

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    holding.wait(5)

    def work(run: Run[object]) -> str:
        with model_status(run.emit), line.turn(lambda ahead, warming: report_status(waiting_line(ahead, warming))):
            return "answered"

    run = RunRegistry().start("queued", work)
    _deadline = time.monotonic() + 5
    while not run.items and time.monotonic() < _deadline:
        time.sleep(0.01)
    assert run.items == ["模型正忙，排队中（前面还有 1 个）"]
    cancelled_at = time.monotonic()
    assert run.cancel()
    while len(line) > 1 and time.monotonic() - cancelled_at < 10:
        time.sleep(0.01)
    assert len(line) == 1 and time.monotonic() - cancelled_at <= HEARTBEAT + 0.5
    assert holder.is_alive(), "the request in front is untouched"
    release.set()
    holder.join(5)
    assert run.result is None and run.state == "cancelled"
