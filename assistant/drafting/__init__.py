"""Drafting with a model behind the fact gate: sections, whole reports and the chat's edit operations."""

from assistant.drafting.calls import CallStats
from assistant.drafting.edit import DraftingError, EditResult, edit_text
from assistant.drafting.events import DraftEvent, EventHandler
from assistant.drafting.operations import Operation, OperationError, operations
from assistant.drafting.pipeline import (
    BlockOutcome,
    ReportResult,
    SectionResult,
    draft_report,
    draft_section,
    opening_messages,
)
from assistant.drafting.prompts import PromptError
from assistant.gate import GateVerdict, UnsupportedNumber

EDIT_OPERATIONS: tuple[str, ...] = tuple(operations())

__all__ = [
    "EDIT_OPERATIONS",
    "BlockOutcome",
    "CallStats",
    "DraftEvent",
    "DraftingError",
    "EditResult",
    "EventHandler",
    "GateVerdict",
    "Operation",
    "OperationError",
    "PromptError",
    "ReportResult",
    "SectionResult",
    "UnsupportedNumber",
    "draft_report",
    "draft_section",
    "edit_text",
    "opening_messages",
    "operations",
]
