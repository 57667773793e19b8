"""A suggestion drawn inline as HTML: deletions struck through in red, insertions in green, numbered hunks.

Numbers the fact gate could not find in the facts are marked wherever they sit in the proposed text, with
the reason as a tooltip, so a writer sees an unsupported figure before accepting the change that adds it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from assistant.suggestions import Suggestion

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

STYLE = """
<style>
.jx-diff{font-family:"FangSong","仿宋","STFangsong","Noto Serif CJK SC",serif;font-size:1.05rem;line-height:2;
 white-space:pre-wrap;border:1px solid #e6e6e6;border-radius:6px;padding:.8rem 1rem;background:#fffefb}
.jx-diff del{color:#b42318;background:#fde8e7;text-decoration:line-through}
.jx-diff ins{color:#146c2e;background:#e3f5e8;text-decoration:none}
.jx-diff .jx-ok del,.jx-diff .jx-no ins{display:none}
.jx-diff .jx-ok ins{background:none;color:inherit;border-bottom:2px solid #9bd3ad}
.jx-diff .jx-no del{background:none;color:inherit;text-decoration:none;border-bottom:2px dotted #bbb}
.jx-diff sup{color:#555;font-size:.7rem;margin:0 1px;font-family:sans-serif}
.jx-diff mark{background:#fff3bf;border-bottom:2px solid #e8590c;padding:0 1px}
</style>
"""


def hunk_label(index: int) -> str:
    return CIRCLED[index] if index < len(CIRCLED) else f"({index + 1})"


def _marked(text: str, start: int, spans: Sequence[tuple[int, int, str]]) -> str:
    """``text`` (at ``start`` in the proposed text) escaped, with unsupported-number spans highlighted."""
    end = start + len(text)
    out: list[str] = []
    at = 0
    for s, e, reason in sorted(spans):
        if e <= start or s >= end:
            continue
        a, b = max(s, start) - start, min(e, end) - start
        if a < at:
            continue
        out.append(html.escape(text[at:a]))
        out.append(f'<mark title="{html.escape(reason)}">{html.escape(text[a:b])}</mark>')
        at = b
    out.append(html.escape(text[at:]))
    return "".join(out)


def diff_html(
    suggestion: Suggestion,
    decisions: Mapping[int, bool] | None = None,
    flagged: Sequence[tuple[int, int, str]] = (),
) -> str:
    """The suggestion as one HTML block; ``flagged`` spans are (start, end, reason) in the proposed text.

    Decided hunks are drawn as they will read: an accepted one shows only its new text, a rejected one
    only its old text.
    """
    decisions = decisions or {}
    parts: list[str] = []
    base_at = 0
    shift = 0
    for segment in suggestion.segments():
        hunk = segment.hunk
        if hunk is None:
            parts.append(_marked(segment.text, base_at + shift, flagged))
            base_at += len(segment.text)
            continue
        decided = decisions.get(hunk.index)
        state = "" if decided is None else ("jx-ok" if decided else "jx-no")
        inner = f"<del>{html.escape(hunk.old)}</del>" if hunk.old else ""
        if hunk.new:
            inner += f"<ins>{_marked(hunk.new, hunk.new_start, flagged)}</ins>"
        parts.append(f'<span class="{state}"><sup>{hunk_label(hunk.index)}</sup>{inner}</span>')
        base_at = hunk.end
        shift = hunk.new_end - hunk.end
    return STYLE + f'<div class="jx-diff">{"".join(parts)}</div>'


def text_html(text: str, flagged: Sequence[tuple[int, int, str]] = ()) -> str:
    """A section's current text in the same reading style, with flagged spans marked."""
    return STYLE + f'<div class="jx-diff">{_marked(text, 0, flagged)}</div>'
