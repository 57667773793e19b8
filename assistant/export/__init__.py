"""Export of a report: the .docx in the GB/T 9704 layout (gated by the checker), Markdown and plain text."""

from assistant.export.errors import ExportError
from assistant.export.gate import (
    FORCED_STATUS,
    FORMATS,
    ExportBlocked,
    ExportResult,
    about_section,
    describe,
    export_report,
    unit_of,
)
from assistant.export.layout import Layout
from assistant.export.readback import ReadBackMismatch

__all__ = [
    "FORCED_STATUS",
    "FORMATS",
    "ExportBlocked",
    "ExportError",
    "ExportResult",
    "Layout",
    "ReadBackMismatch",
    "about_section",
    "describe",
    "export_report",
    "unit_of",
]
