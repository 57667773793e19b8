"""What the store hands out: plain immutable records, so the UI can never change stored data by accident."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

VersionSource = Literal["draft", "accept", "edit", "undo", "fix", "restore", "import"]
"""Why a section version exists: a whole model suggestion accepted (draft/accept), direct typing (edit),
mechanical fixes of the checker (fix), an old version brought back (restore) or text from a file (import)."""

SuggestionStatus = Literal["open", "applied", "rejected", "superseded"]
ChatRole = Literal["user", "assistant", "error"]


@dataclass(frozen=True)
class Unit:
    id: int
    name: str


@dataclass(frozen=True)
class Project:
    """One report: a unit's report for one year, written to one profile."""

    id: int
    unit_id: int
    unit_name: str
    year: int
    profile: str
    updated_at: str

    @property
    def label(self) -> str:
        return f"{self.unit_name} · {self.year}年度"


@dataclass(frozen=True)
class FactsRecord:
    """The facts as last saved (possibly not yet valid: staff save half-typed forms too) and their revision."""

    data: dict[str, Any]
    revision: int


@dataclass(frozen=True)
class Version:
    id: int
    section_id: str
    seq: int
    parent_id: int | None
    text: str
    source: VersionSource
    note: str
    created_at: str


@dataclass(frozen=True)
class SectionState:
    """A section's current text (its head version) and the revision a write must name to replace it."""

    project_id: int
    section_id: str
    revision: int
    head: Version | None

    @property
    def text(self) -> str:
        return self.head.text if self.head else ""

    @property
    def can_undo(self) -> bool:
        return self.head is not None


@dataclass(frozen=True)
class ChatMessage:
    id: int
    section_id: str
    role: ChatRole
    content: str
    created_at: str


@dataclass(frozen=True)
class SuggestionRecord:
    """A model answer kept as a proposal against the text it was made for, with per-change decisions."""

    id: int
    project_id: int
    section_id: str
    base_version_id: int | None
    base_text: str
    proposed_text: str
    operation: str
    instruction: str
    status: SuggestionStatus
    decisions: dict[int, bool]
    created_at: str


@dataclass(frozen=True)
class ImportRecord:
    id: int
    file_name: str
    text: str
    created_at: str


@dataclass(frozen=True)
class ReportSummary:
    """One line of a year's overview: the report, its facts revision, how many sections have text, open suggestions."""

    project: Project
    facts_revision: int
    sections_written: int
    open_suggestions: int


@dataclass(frozen=True)
class Account:
    """A sign-in account; ``password_hash`` is an argon2 hash (assistant.accounts makes and checks it)."""

    id: int
    username: str
    display_name: str
    role: str
    unit_id: int | None
    unit_name: str
    password_hash: str
    active: bool


@dataclass(frozen=True)
class Workflow:
    """A report's workflow state and, from its last submission, the checker's counts and key figures."""

    project_id: int
    state: str
    errors: int | None
    warnings: int | None
    summary: dict[str, Any]
    submitted_at: str | None
    updated_at: str | None


@dataclass(frozen=True)
class ReviewComment:
    """A reviewer's comment on one section of a submitted report."""

    id: int
    project_id: int
    section_id: str
    author: str
    text: str
    created_at: str


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: who did (or was refused) what, when, from which version to which."""

    id: int
    created_at: str
    actor: str
    role: str
    project_id: int | None
    section_id: str | None
    action: str
    detail: str
    from_version: str | None
    to_version: str | None
    outcome: str


@dataclass(frozen=True)
class ReviewRow:
    """One unit's report of a year on the bureau's dashboard."""

    project: Project
    workflow: Workflow


@dataclass(frozen=True)
class IntakeRecord:
    """A report that arrived as a file (not through the app), with what the checker found in it."""

    id: int
    year: int
    file_name: str
    unit_name: str
    errors: int
    warnings: int
    summary: dict[str, Any]
    created_at: str


@dataclass(frozen=True)
class IntakeFile:
    """A received report file to keep: its name and bytes as they arrived, the unit it names, what the checker found."""

    file_name: str
    unit_name: str
    content: bytes
    errors: int
    warnings: int
    summary: dict[str, Any]


@dataclass(frozen=True)
class ExportRecord:
    """A .docx handed out; ``forced`` when errors were overridden after confirmation, which ``errors`` lists."""

    id: int
    file_name: str
    forced: bool
    errors: tuple[str, ...]
    created_at: str
