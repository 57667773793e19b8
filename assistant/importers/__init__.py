"""Reading reports written elsewhere (.txt, .md, .docx) into the report model the checker reads."""

from assistant.importers.errors import ReportReadError
from assistant.importers.read import (
    REPORT_SUFFIXES,
    read_report,
    read_text_file,
    read_text_with_encoding,
    report_of_bytes,
)
from assistant.importers.text import parse_text

__all__ = [
    "REPORT_SUFFIXES",
    "ReportReadError",
    "parse_text",
    "read_report",
    "read_text_file",
    "read_text_with_encoding",
    "report_of_bytes",
]
