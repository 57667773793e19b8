"""Model work that outlives the page that asked for it: a process-wide registry of running generations.

A browser tab is not a good home for a generation: a reload ends the tab's session while the model keeps
writing, and the answer used to run on unseen while the chat kept a question nobody answered. So a
generation runs in its own thread, registered under a key the shell chooses (its database, report and
section), and keeps every item it produced in order. Whoever opens that report and section — the same tab
after a reload, another tab — follows the run from its first item and sees it live to the end; a cancel
from any of them stops it.

A run ends exactly once (done, failed or cancelled) and its ``finish`` callback runs then, under the run's
lock, so what the shell records (the suggestion, or "已取消") never races a late cancel: a cancelled run
never writes its answer afterwards. Work learns of a cancel the next time it emits an item (every token
and every queue heartbeat), which raises ``Cancelled`` in it; closing the model's stream there is what
stops the request at the model's end.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

from assistant.errors import AssistantError

T = TypeVar("T")
RunState = Literal["running", "done", "failed", "cancelled"]

POLL = 0.5
"""Seconds a follower waits for a new item before it yields a heartbeat (None), so a UI stays responsive."""

KEEP_ENDED = 600.0
"""Seconds an ended run stays listed, so a page reloaded just after the end still sees how it ended."""


class Cancelled(AssistantError):
    """The writer cancelled the generation (or the app gave up on it); nothing was changed."""


class RunTimeout(AssistantError):
    """The work produced nothing for longer than its silence limit."""


@dataclass(eq=False)
class Run(Generic[T]):
    """One generation in its own thread: its items so far, its state and, once ended, its result or error."""

    key: Hashable
    silence: float
    """Seconds without a new item after which the run fails with RunTimeout (0: no limit)."""
    finish: Callable[[Run[T]], None] | None = None
    items: list[object] = field(default_factory=list)
    state: RunState = "running"
    result: T | None = None
    error: BaseException | None = None
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    _cond: threading.Condition = field(default_factory=threading.Condition, repr=False)
    _last: float = field(default_factory=time.monotonic, repr=False)

    @property
    def running(self) -> bool:
        return self.state == "running"

    def emit(self, item: object) -> None:
        """Add an item for the followers; raises Cancelled in the work once the run has ended (so it stops)."""
        with self._cond:
            if self.state != "running":
                raise Cancelled("已取消")
            self.items.append(item)
            self._last = time.monotonic()
            self._cond.notify_all()

    def check(self) -> None:
        """Raise Cancelled if the run has ended; work calls this between steps that emit nothing."""
        with self._cond:
            if self.state != "running":
                raise Cancelled("已取消")

    def while_running(self, action: Callable[[], None]) -> None:
        """Do ``action`` (a record of work done so far) only while the run is running, with no cancel able to end
        it meanwhile; raises Cancelled instead once it has ended, so nothing is recorded after a cancel."""
        with self._cond:
            if self.state != "running":
                raise Cancelled("已取消")
            action()

    def cancel(self, reason: str = "已取消") -> bool:
        """End the run as cancelled; False when it had already ended."""
        return self._end("cancelled", error=Cancelled(reason))

    def follow(self, start: int = 0, poll: float = POLL) -> Iterator[object | None]:
        """Every item from ``start`` on, as produced, until the run ends; None when ``poll`` seconds pass idle."""
        index = start
        while True:
            with self._cond:
                if index >= len(self.items) and self.state == "running":
                    self._cond.wait(timeout=poll)
                fresh = self.items[index:]
                ended = self.state != "running"
            index += len(fresh)
            yield from fresh
            if ended and index >= len(self.items):
                return
            if not fresh:
                yield None

    def _end(self, state: RunState, result: T | None = None, error: BaseException | None = None) -> bool:
        with self._cond:
            if self.state != "running":
                return False
            self.state, self.result, self.error, self.ended = state, result, error, time.monotonic()
            try:
                if self.finish is not None:
                    self.finish(self)
            finally:
                self._cond.notify_all()
        return True

    def _silent_for(self) -> float:
        with self._cond:
            return time.monotonic() - self._last

    def _watch(self) -> None:
        """Fail the run when its work has been silent too long: a hung model must not hold the section."""
        while self.running:
            if self.silence and self._silent_for() > self.silence:
                self._end("failed", error=RunTimeout(f"模型响应超时：{self.silence:.0f} 秒内没有输出任何内容"))
                return
            time.sleep(min(POLL, self.silence or POLL))


class RunRegistry:
    """The process's runs by key; at most one running run per key."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs: dict[Hashable, Run[object]] = {}

    def get(self, key: Hashable) -> Run[object] | None:
        """The run under ``key``: running, or ended within KEEP_ENDED seconds."""
        with self._lock:
            run = self._runs.get(key)
            if run is not None and run.ended is not None and time.monotonic() - run.ended > KEEP_ENDED:
                del self._runs[key]
                return None
            return run

    def running(self, keys: Callable[[Hashable], bool]) -> list[Run[object]]:
        """The running runs whose key satisfies ``keys``."""
        with self._lock:
            return [r for k, r in self._runs.items() if r.running and keys(k)]

    def start(
        self,
        key: Hashable,
        work: Callable[[Run[object]], object],
        silence: float = 0.0,
        finish: Callable[[Run[object]], None] | None = None,
        before: Callable[[], object] | None = None,
    ) -> Run[object]:
        """Start ``work(run)`` in a thread under ``key``, or return the run already running there.

        ``before`` runs once, only when this call starts the run and before its thread does (the shell records
        the request there, so a page that sees the run also sees what was asked).
        """
        with self._lock:
            existing = self._runs.get(key)
            if existing is not None and existing.running:
                return existing
            run: Run[object] = Run(key, silence, finish)
            if before is not None:
                before()
            self._runs[key] = run

        def body() -> None:
            try:
                result = work(run)
            except Cancelled as exc:
                run._end("cancelled", error=exc)
            except BaseException as exc:  # handed to ``finish``, which words it for the writer
                run._end("failed", error=exc)
            else:
                run._end("done", result=result)

        threading.Thread(target=body, name=f"run-{key}", daemon=True).start()
        if silence:
            threading.Thread(target=run._watch, name=f"watch-{key}", daemon=True).start()
        return run


RUNS = RunRegistry()
"""The one registry of the process: every tab and session of an app shares it."""
