"""The engine object for one report (``ReportContext``): what the CLI and the app do to a report, in one place."""

from assistant.context.checked import CheckedReport, SectionFixes
from assistant.context.last_year import LastYear, read_last_year
from assistant.context.report_context import Flag, ReportContext

__all__ = ["CheckedReport", "Flag", "LastYear", "ReportContext", "SectionFixes", "read_last_year"]
