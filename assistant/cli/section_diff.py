"""A section's text before and after a change, printed as a unified diff: how ``edit`` and ``fix`` show what
they would write."""

from __future__ import annotations

import difflib

import typer


def echo_diff(section_id: str, before: str, after: str, change: str) -> None:
    """The diff of one section, headed by its id and the ``change`` made to it (润色后, 修正后 …)."""
    diff = difflib.unified_diff(
        before.splitlines(), after.splitlines(), f"{section_id}（原文）", f"{section_id}（{change}）", lineterm=""
    )
    typer.echo("\n".join(diff))
