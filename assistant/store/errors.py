"""Errors of the store, worded for staff."""

from __future__ import annotations

from assistant.errors import AssistantError


class StoreError(AssistantError):
    """The database cannot be opened or used, or a record does not exist."""


class StaleWriteError(StoreError):
    """A write based on an older revision than the stored one: another tab or window changed it first.

    The write is refused, never merged or applied over the newer text, so nothing is lost silently.
    """

    def __init__(self, what: str, expected: int, actual: int) -> None:
        self.what = what
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"{what}已在另一个窗口或标签页中被修改（您看到的是第 {expected} 次保存，现在已是第 {actual} 次），"
            "本次修改没有保存，以免覆盖对方的内容。页面已载入最新内容，请在此基础上重新修改。"
        )


class ForeignWriteError(StoreError):
    """A facts write for another report than the one the page shows: never applied.

    One unit's facts in another unit's report is the worst failure the app can have, so the store itself
    checks that the report written is the report on screen, whatever code path produced the write.
    """

    def __init__(self, target: str, shown: str) -> None:
        self.target = target
        self.shown = shown
        super().__init__(
            f"页面显示的是“{shown}”，这次修改却要写入“{target}”，已拒绝保存，以免把一个单位的事实写进另一份报告。"
            "请刷新页面后在当前报告中重新填写。"
        )
