"""Progress of a draft as a stream of small events, so the CLI can draw a bar and the app can stream text.

The engine never imports a UI: it calls ``on_event`` with these, in order. Per block: ``block_started``
(its ``details`` hold the skeleton text being rewritten, for a UI to show while the model starts),
``token`` … (the model's text as it arrives), then ``repairing`` + more ``token`` events if the gate
asked for a repair (a UI should clear the block's text), ``fell_back`` if skeleton sentences were used,
``block_finished`` with the final text. ``section_started`` / ``section_finished`` frame each section.
An edit of a whole section sends ``part_started`` (``text`` the block's heading, ``block`` its place among
``blocks`` edited blocks) before each block's own events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

EventKind = Literal[
    "section_started",
    "part_started",
    "block_started",
    "token",
    "truncated",
    "restyling",
    "repairing",
    "fell_back",
    "block_finished",
    "section_finished",
]


@dataclass(frozen=True)
class DraftEvent:
    """One step of a draft. ``text`` is the token, the heading, or the block's final text by kind."""

    kind: EventKind
    section_id: str
    text: str = ""
    block: int | None = None
    blocks: int = 0
    details: tuple[str, ...] = field(default_factory=tuple)


EventHandler = Callable[[DraftEvent], None]


def emit(handler: EventHandler | None, event: DraftEvent) -> None:
    if handler is not None:
        handler(event)
