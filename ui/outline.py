"""The outline as the draft page lists it: every section with its state in a word and a mark."""

from __future__ import annotations

from assistant.drafting.section_text import PREAMBLE_ID
from assistant.profiles import Profile
from assistant.report import marker
from assistant.store import SectionState

STATUS_LABELS = {"empty": "未起草", "drafted": "已起草", "edited": "已修改"}
STATUS_MARKS = {"empty": "○", "drafted": "●", "edited": "✎"}
SOURCE_LABELS = {
    "draft": "起草",
    "accept": "接受建议",
    "edit": "直接修改",
    "undo": "撤销",
    "fix": "自动修正",
    "restore": "恢复旧版",
    "import": "导入",
}


def headings(profile: Profile) -> dict[str, str]:
    """Section id → numbered heading ("一、部门概况"), the opening paragraphs first, in outline order."""
    numbered = {spec.id: f"{marker(spec.level, i)}{spec.heading}" for i, spec in enumerate(profile.sections, start=1)}
    return {PREAMBLE_ID: "开头语", **numbered}


def section_title(profile: Profile, section_id: str) -> str:
    """A section's heading without its number: what the engine reads a section's text under.

    The numbered heading ("四、部门整体支出绩效情况") would itself read as a section, so the text could not be
    parsed into its sub-headings and an edit would reach the "（一）" and "1." markers.
    """
    return headings(profile)[PREAMBLE_ID] if section_id == PREAMBLE_ID else profile.section(section_id).heading


def status(state: SectionState | None) -> str:
    """empty (no text), drafted (a model or template draft taken as it came) or edited (anything since)."""
    if state is None or state.head is None or not state.text.strip():
        return "empty"
    return "drafted" if state.head.source == "draft" else "edited"


def outline_label(heading: str, state: SectionState | None, findings: int, suggestion: bool) -> str:
    key = status(state)
    extra = f" · ⚠{findings}" if findings else ""
    extra += " · 有待处理建议" if suggestion else ""
    return f"{STATUS_MARKS[key]} {heading}（{STATUS_LABELS[key]}{extra}）"
