"""Errors of the store, worded for staff."""

from __future__ import annotations


class StoreError(Exception):
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
