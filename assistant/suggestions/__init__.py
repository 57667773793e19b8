"""Suggestions: a model's proposed text as readable change hunks, each accepted or rejected on its own."""

from assistant.suggestions.diff import Hunk, Segment, apply_hunks, compute_hunks, segments
from assistant.suggestions.model import Suggestion

__all__ = ["Hunk", "Segment", "Suggestion", "apply_hunks", "compute_hunks", "segments"]
