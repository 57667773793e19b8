"""Persistence of the app: units, report projects, facts, section versions, chat history and suggestions."""

from assistant.store.backup import backup
from assistant.store.errors import ForeignWriteError, StaleWriteError, StoreError
from assistant.store.fields import FieldChange
from assistant.store.records import (
    ChatMessage,
    ExportRecord,
    FactsRecord,
    ImportRecord,
    Project,
    ReportSummary,
    SectionState,
    SuggestionRecord,
    Version,
)
from assistant.store.repository import Store

__all__ = [
    "ChatMessage",
    "ExportRecord",
    "FactsRecord",
    "FieldChange",
    "ForeignWriteError",
    "ImportRecord",
    "Project",
    "ReportSummary",
    "SectionState",
    "StaleWriteError",
    "Store",
    "StoreError",
    "SuggestionRecord",
    "Version",
    "backup",
]
