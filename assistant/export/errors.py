"""Why an export was not done; the UI and the CLI show the message as it is."""

from __future__ import annotations

from assistant.errors import AssistantError


class ExportError(AssistantError):
    """An export that cannot be done as asked: an unknown format, Word support not installed, or a file that
    would not read back as the report that was checked."""
