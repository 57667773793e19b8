"""The report model shared by the drafter, the checker and the exporters."""

from assistant.report.markdown import render
from assistant.report.model import Paragraph, Report, Section, Table, chinese_number, marker, renumber

__all__ = ["Paragraph", "Report", "Section", "Table", "chinese_number", "marker", "render", "renumber"]
