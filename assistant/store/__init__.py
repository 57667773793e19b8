"""Persistence of the app: units, accounts, report projects, facts, section versions, chat, suggestions, the
workflow state, reviewers' comments and the audit log; every read and write checked for its actor."""

from assistant.store.access import LOCAL, ROLES, STATES, AccessDenied, Actor
from assistant.store.backup import backup
from assistant.store.errors import ForeignWriteError, StaleWriteError, StoreError
from assistant.store.fields import FieldChange
from assistant.store.records import (
    Account,
    AuditEntry,
    ChatMessage,
    ExportRecord,
    FactsRecord,
    ImportRecord,
    IntakeFile,
    IntakeRecord,
    Project,
    ReportSummary,
    ReviewComment,
    ReviewRow,
    SectionState,
    SuggestionRecord,
    Version,
    Workflow,
)
from assistant.store.repository import Store

__all__ = [
    "LOCAL",
    "ROLES",
    "STATES",
    "AccessDenied",
    "Account",
    "Actor",
    "AuditEntry",
    "ChatMessage",
    "ExportRecord",
    "FactsRecord",
    "FieldChange",
    "ForeignWriteError",
    "ImportRecord",
    "IntakeFile",
    "IntakeRecord",
    "Project",
    "ReportSummary",
    "ReviewComment",
    "ReviewRow",
    "SectionState",
    "StaleWriteError",
    "Store",
    "StoreError",
    "SuggestionRecord",
    "Version",
    "Workflow",
    "backup",
]
