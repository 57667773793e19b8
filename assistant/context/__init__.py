"""The engine object for one report (``ReportContext``): what the CLI and the app do to a report, in one place.

Reading last year's report is ``assistant.context.last_year`` (not imported here: it reads with the notes
extractor, whose model path loads LangChain, which a model-free draft or check never needs).
"""

from assistant.context.checked import CheckedReport, SectionFixes
from assistant.context.report_context import Flag, ReportContext

__all__ = ["CheckedReport", "Flag", "ReportContext", "SectionFixes"]
