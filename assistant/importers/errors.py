"""The one error a reader raises: a file that is not a report we can read."""

from assistant.errors import AssistantError


class ReportReadError(AssistantError):
    """A report file that cannot be read; ``str()`` is one Chinese line naming the file and the reason."""
