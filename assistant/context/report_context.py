"""The engine object for one report: every operation the CLI and the app perform on it, in one place.

A ``ReportContext`` is made once from (facts, profile) and never changes: the skeleton, indicators, allowed
numbers and named figures it derives (see ``FactBasis``) are made once, on first use, and shared by every
operation. The shells only choose what to call: drafting and editing a section, gating a text, assembling
the report from section texts, checking it, its mechanical and figure fixes, export, and reading last
year's report. Section texts are the editable text of ``assistant.drafting.section_text``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.checker import apply_fixes, check_report
from assistant.context.checked import CheckedReport, SectionFixes
from assistant.drafting import DraftEvent, EventHandler, ReportResult, draft_report, draft_section, opening_messages
from assistant.drafting.events import emit
from assistant.drafting.obey import Obeyed, obey
from assistant.drafting.section_edit import SectionEdit, edit_section
from assistant.drafting.section_text import (
    PREAMBLE_ID,
    Assembled,
    assemble_report,
    bare_heading,
    find_section,
    parse_body,
    report_section_text,
    section_body,
    skeleton_text,
)
from assistant.errors import AssistantError
from assistant.export import ExportResult, Layout, about_section, export_report
from assistant.export.figures import figure_problems
from assistant.gate import FactBasis, GateVerdict
from assistant.report import Paragraph, Report, Section

if TYPE_CHECKING:  # LangChain is imported where a model is called, so model-free runs never load it
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.messages import BaseMessage

Flag = tuple[int, int, str]
"""A figure no fact supports: its span in the text and why, in a sentence for the writer."""

CACHED_TEXTS = 64
"""Gate verdicts and checks kept per context: a page asks for the same few texts on every rerun."""


class SectionTextError(AssistantError):
    """A section text that cannot be put back into its report."""


@dataclass(frozen=True, eq=False)
class ReportContext(FactBasis):
    """One unit's report under one report type; see the module docstring."""

    _verdicts: dict[tuple[str, str | None], GateVerdict] = field(default_factory=dict, init=False, repr=False)
    _checks: dict[tuple[tuple[str, str], ...], CheckedReport] = field(default_factory=dict, init=False, repr=False)

    def heading(self, section_id: str) -> str:
        """The section's heading without its number (开头语 for the opening paragraphs)."""
        return bare_heading(self.profile, section_id)

    def skeleton_text(self, section_id: str) -> str:
        """The model-free draft of a section as editable text."""
        return skeleton_text(self, section_id)

    def opening_messages(self, section_id: str) -> list[BaseMessage]:
        """The first prompt a model draft of the section sends (for a local server to read ahead)."""
        return opening_messages(self, section_id)

    def draft(self, section_id: str, model: BaseChatModel | None, on_event: EventHandler | None = None) -> SectionEdit:
        """A fresh draft of a section as editable text: the model's gated rewrite of the skeleton, or without a
        model (and for the opening paragraphs) the skeleton itself, sent as one ``token`` event."""
        if model is None or section_id == PREAMBLE_ID:
            text = self.skeleton_text(section_id)
            emit(on_event, DraftEvent("token", section_id, text))
            return SectionEdit(text)
        result = draft_section(self, section_id, model, on_event)
        notes: list[str] = []
        if result.fell_back:
            notes.append("部分段落中与事实不符的内容已按事实修正，或改用按事实生成的原句")
        if result.todo:
            notes.append(f"尚有 {len(result.todo)} 项必需事实未填写，正文中以【待补充】标出")
        if result.gate_note:
            notes.append(result.gate_note)
        return SectionEdit(section_body(result.section), tuple(notes))

    def draft_report(
        self, model: BaseChatModel | None, on_event: EventHandler | None = None, section_id: str | None = None
    ) -> ReportResult:
        """The whole report (or one section), numbered, with the gate's account of every block."""
        if section_id is not None:
            self.profile.section(section_id)
        return draft_report(self, model, on_event, [section_id] if section_id else None)

    def edit(
        self,
        text: str,
        section_id: str,
        operation: str,
        instruction: str,
        model: BaseChatModel | None,
        on_event: EventHandler | None = None,
    ) -> SectionEdit:
        """One edit operation (润色, 扩写 …) over a section's text, block by block, its headings kept."""
        return edit_section(text, operation, instruction, self, section_id, model, on_event)

    def instruct(
        self,
        text: str,
        section_id: str,
        instruction: str,
        model: BaseChatModel | None,
        on_event: EventHandler | None = None,
    ) -> Obeyed:
        """A writer's free instruction over a section's text, carried out as the kind of request it is (add,
        remove, shorten, reorder, figure, restyle) or refused with the reason and the fact to change instead."""
        return obey(text, instruction, self, section_id, model, on_event)

    def verdict(self, text: str, section_id: str) -> GateVerdict:
        """The fact gate on a section's text (the opening paragraphs are judged as free text)."""
        scope = None if section_id == PREAMBLE_ID else section_id
        key = (text, scope)
        if key not in self._verdicts:
            if len(self._verdicts) >= CACHED_TEXTS:
                self._verdicts.clear()
            self._verdicts[key] = self.gate(text, scope)
        return self._verdicts[key]

    def flagged_numbers(self, text: str, section_id: str) -> list[Flag]:
        """Spans of figures no fact supports, with the reason shown when the writer points at them."""
        if not text.strip():
            return []
        return [(u.start, u.end, _flag_reason(u.text, u.reason)) for u in self.verdict(text, section_id).unsupported]

    def assemble(self, texts: Mapping[str, str], title: str | None = None) -> Assembled:
        """The whole report from section texts (see ``assemble_report``)."""
        return assemble_report(self, texts, title)

    def check(self, texts: Mapping[str, str]) -> CheckedReport:
        """The report made of ``texts`` checked: the checker's findings and the figure gate's."""
        key = tuple(sorted((sid, text) for sid, text in texts.items() if text.strip()))
        if key not in self._checks:
            if len(self._checks) >= CACHED_TEXTS:
                self._checks.clear()
            assembled = self.assemble(dict(key))
            figures = figure_problems(assembled.report, self)
            findings = check_report(assembled.report, self.profile) + [p.finding() for p in figures]
            self._checks[key] = CheckedReport(assembled, findings, tuple(figures))
        return self._checks[key]

    def fixes(self, texts: Mapping[str, str], title: str | None = None) -> SectionFixes:
        """The checker's mechanical fixes made on the assembled report and cut back into section texts: only
        the sections they change, never a line added or removed. ``title`` is a report file's own title (the
        year a "今年" stands for is read from it); the facts' title otherwise."""
        assembled = self.assemble(texts, title)
        fixed_text, changes = apply_fixes(assembled.text)
        before = assembled.split(assembled.text) or {}
        after = assembled.split(fixed_text) or {}
        return SectionFixes({sid: text for sid, text in after.items() if before.get(sid) != text}, len(changes))

    def figure_fixes(self, texts: Mapping[str, str]) -> SectionFixes:
        """Every figure the facts do not support, where its sentence names a fact, replaced by the fact's value
        (what the app's 改为 button does, for all of them at once): the sections that change."""
        checked = self.check(texts)
        out = dict(texts)
        done = 0
        for problem in checked.figures:
            section_id = problem.section_id
            if not problem.value or section_id is None or section_id not in out:
                continue
            fixed = checked.figure_fixed(section_id, out[section_id], problem)
            if fixed is not None:
                out[section_id] = fixed
                done += 1
        return SectionFixes({sid: text for sid, text in out.items() if text != texts.get(sid)}, done)

    def export(
        self,
        report: Report,
        path: Path,
        *,
        force: bool = False,
        layout: Layout | None = None,
        section_id: str | None = None,
    ) -> ExportResult:
        """Write ``report`` (.docx gated by the checker and the figure gate, .md or .txt). With ``section_id``
        only findings about that section count: the chapters a one-chapter draft leaves out are not its errors."""
        scope = None if section_id is None else about_section(report, section_id)
        return export_report(report, path, basis=self, force=force, layout=layout, scope=scope)

    def find_section(self, report: Report, section_id: str) -> Section | None:
        """The top-level section of a report read from a file that stands for ``section_id``."""
        return find_section(report, self.profile.section(section_id))

    def section_texts(self, report: Report) -> dict[str, str]:
        """The editable text of each section a report read from a file has (the opening paragraphs too)."""
        ids = [PREAMBLE_ID, *(spec.id for spec in self.profile.sections)]
        texts = {sid: report_section_text(report, self.profile, sid) for sid in ids}
        return {sid: text for sid, text in texts.items() if text and text.strip()}

    def with_sections(self, report: Report, texts: Mapping[str, str]) -> Report:
        """A copy of a report read from a file with the given sections' texts put in (headings as they were).

        Raises ``SectionTextError`` when a text no longer reads as one section (it opens a new chapter).
        """
        out = copy.deepcopy(report)
        for section_id, text in texts.items():
            if section_id == PREAMBLE_ID:
                out.preamble = [Paragraph(text=line.strip()) for line in text.splitlines() if line.strip()]
                continue
            found = self.find_section(out, section_id)
            replaced = parse_body(text, self.heading(section_id))
            if found is None:
                raise SectionTextError(f"报告中没有“{self.heading(section_id)}”一章，无法写入")
            if replaced is None:
                raise SectionTextError(f"“{self.heading(section_id)}”一章修改后不再是一章（出现了新的一级标题）")
            found.paragraphs, found.children = replaced.paragraphs, replaced.children
        return out


def _flag_reason(figure: str, reason: str) -> str:
    """A misattributed figure exists in the facts but belongs to another item, which is a different fix."""
    if reason:
        return f"“{figure}”与所在句子说的事项不对应（事实中该数值属于其他项目），请核实或删除"
    return f"事实中没有“{figure}”这个数字，请核实或删除"
