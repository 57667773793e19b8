"""The root of every error the engine raises on purpose.

Each package keeps its own error classes (what failed is theirs to say), but they all derive from
``AssistantError`` so a shell needs one ``except`` to tell "the input or the environment is wrong, show
the message" from a bug, which keeps its traceback. ``str()`` of any of them is a Chinese message for
staff that names the file, field or line concerned.
"""

from __future__ import annotations


class AssistantError(Exception):
    """An error worded for staff: ``str()`` is one Chinese message (several lines at most)."""
