"""去填写: from a 【待补充】 finding to the fact it stands for, and back to drafting once it is filled.

The finding's button remembers which fact to fill (``assistant.drafting.todo`` reads it off the marker) and
opens the 事实 page; there the form opens on that field's tab, outlines the field and puts the cursor in it,
and a line above the form says what to fill and where it will appear. Once the field holds a value the line
offers to draft the section again, which opens it on the 起草 page with a fresh draft as a suggestion.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from assistant.checker import Finding
from assistant.drafting.todo import fact_of_marker, markers
from assistant.facts.paths import is_missing
from assistant.profiles import Profile
from assistant.store import Project
from ui.facts_form import partial_facts

FOCUS = "fact_focus"
FACT_LINE = "可修改的事实："
"""The line of a refused chat instruction naming the fact to change instead (its button's target)."""
THEMES_PATH = "履职成效"
"""Where a fact that is no field of its own is entered (a quantity or an item of the achievements)."""
FACTS_PAGE = "ui/facts_page.py"
DRAFT_PAGE = "ui/draft_page.py"


def marker_fact(finding: Finding, profile: Profile, section_id: str | None) -> tuple[str, str] | None:
    """(marker label, fact path) when the finding is a 【待补充：…】 marker that names a fact."""
    if finding.rule != "placeholder.marker":
        return None
    for label in markers(f"{finding.message}{finding.excerpt or ''}"):
        path = fact_of_marker(label, profile, section_id)
        if path is not None:
            return label, path
    return None


def linked_fact(message: str, profile: Profile, section_id: str) -> tuple[str, str] | None:
    """(label, fact path) of the fact a refused chat instruction offers to change (its ``FACT_LINE``)."""
    line = next((ln for ln in message.splitlines() if ln.startswith(FACT_LINE)), None)
    if line is None:
        return None
    label = line.removeprefix(FACT_LINE).strip()
    path = fact_of_marker(label, profile, section_id) or THEMES_PATH
    return label, path.split("[", 1)[0]


def go_fill(project_id: int, label: str, path: str, section_id: str, heading: str, change: bool = False) -> None:
    """Open the 事实 page on the fact behind a marker, or (``change``) on a fact the writer asked the report to
    state otherwise (a button's action: it switches page at once)."""
    st.session_state[FOCUS] = {
        "project": project_id,
        "label": label,
        "path": path,
        "section": section_id,
        "heading": heading,
        "opened": False,
        "change": change,
    }
    st.switch_page(FACTS_PAGE)


def _tab_of(path: str, tabs: list[tuple[str, list[str]]]) -> str | None:
    for name, paths in tabs:
        if any(path == p or path.startswith(p + ".") or p.startswith(path + ".") for p in paths):
            return name
    return None


def show(
    project: Project,
    data: dict[str, object],
    tabs: list[tuple[str, list[str]]],
    tab_key: str,
    labels: Callable[[str], list[str]],
) -> None:
    """Above the form: what to fill and, once filled, the offer to draft again; opens the field's tab the first
    time and outlines (and focuses) the field. ``labels`` gives the labels the form shows the field under."""
    focus = st.session_state.get(FOCUS)
    if not focus or focus.get("project") != project.id:
        return
    path, label, heading = str(focus["path"]), str(focus["label"]), str(focus["heading"])
    tab = _tab_of(path, tabs)
    if tab is not None and not focus["opened"]:
        st.session_state[tab_key] = tab
        focus["opened"] = True
    facts, _ = partial_facts(dict(data))
    where = f"（在“{tab}”页，已用黄框标出）" if tab else ""
    box = st.container(border=True)
    if focus.get("change"):
        box.info(f"请在这里修改“{label}”{where}。报告中的数字只来自事实：修改后重新起草“{heading}”即可。")
        _redraft(box, focus, heading)
        _outline(labels(path))
        return
    if is_missing(facts, path):
        box.warning(f"请填写“{label}”{where}：“{heading}”中这里还是【待补充：{label}】。填写后即可重新起草该章。")
        box.button("不填了", key="focus_close", on_click=_close)
        _outline(labels(path))
        return
    box.success(f"“{label}”已填写。现在重新起草“{heading}”，新稿会作为修改建议，与现有正文逐处对比。")
    _redraft(box, focus, heading)


def _redraft(box: DeltaGenerator, focus: dict[str, object], heading: str) -> None:
    """The offer to draft the section again from the facts, or to leave it for later."""
    left, right = box.columns([2, 1])
    if left.button(f"重新起草“{heading}”", key="focus_redraft", type="primary", width="stretch"):
        section_id = str(focus["section"])
        st.session_state.pop(FOCUS, None)
        st.session_state["section"] = section_id
        st.session_state["pending_request"] = (section_id, "起草", "")
        st.switch_page(DRAFT_PAGE)
    right.button("以后再说", key="focus_close", on_click=_close, width="stretch")


def _close() -> None:
    st.session_state.pop(FOCUS, None)


def _outline(labels: list[str]) -> None:
    """A yellow frame around the field (found by the label the browser reads out for it) and the cursor in it."""
    if not labels:
        return
    quoted = [json.dumps(text, ensure_ascii=False) for text in labels]
    selectors = ",".join(f".stElementContainer:has([aria-label={q}])" for q in quoted)
    targets = json.dumps([f"[aria-label={q}]" for q in quoted], ensure_ascii=False)
    # The fields are drawn after this element: look for the field a few times before giving up.
    st.html(
        f"<style>{selectors}{{outline:3px solid #f5b301;outline-offset:4px;border-radius:6px}}</style>"
        f"<script>(function find(tries) {{ for (const s of {targets}) {{ const el = document.querySelector(s);"
        " if (el) { el.scrollIntoView({block: 'center'}); el.focus(); return; } }"
        " if (tries > 0) setTimeout(() => find(tries - 1), 200); })(25);</script>",
        unsafe_allow_javascript=True,
    )
