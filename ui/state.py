"""What every page shares: the settings, the store, the open report project and its facts.

The store is one per process (``st.cache_resource``); the open project and the revisions this browser tab
has seen live in ``st.session_state``, so each tab notices when another tab saved first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from assistant.accounts import session_actor
from assistant.app_settings import AppSettings
from assistant.facts.model import Facts
from assistant.facts.schema import path_words
from assistant.profiles import Profile, load_profile
from assistant.store import (
    AccessDenied,
    FactsRecord,
    FieldChange,
    ForeignWriteError,
    Project,
    StaleWriteError,
    Store,
    StoreError,
)
from assistant.store.fields import same_value, value_at
from ui.facts_form import Validation, partial_facts, validate


@st.cache_resource(show_spinner=False)
def app_settings() -> AppSettings:
    return AppSettings()


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    return Store(path)


def shared_store() -> Store:
    """The process's store acting for nobody in particular: only for the sign-in itself."""
    return _store(st.session_state.get("db_path") or app_settings().database)


def store() -> Store:
    """The store acting for this session: the signed-in account, or the single user when there are none."""
    shared = shared_store()
    actor = session_actor(shared, st.session_state.get("actor"))
    if actor is None:
        st.stop()  # the sign-in form in app.py comes first; never read or write for nobody
    return shared.acting_as(actor)


def flash(message: str, kind: str = "warning") -> None:
    """A message shown once at the top of the next page run (callbacks cannot draw on the page)."""
    st.session_state.setdefault("flash", []).append((kind, message))


def show_flash() -> None:
    for kind, message in st.session_state.pop("flash", []):
        {"warning": st.warning, "error": st.error, "success": st.success}.get(kind, st.info)(message)


def _create_project() -> None:
    name = str(st.session_state.get("new_unit") or "").strip()
    year = int(st.session_state.get("new_year") or dt.date.today().year - 1)
    try:
        project = store().create_project(name, year, app_settings().profile)
    except StoreError as exc:
        flash(str(exc), "error")
        return
    store().save_facts(project.id, {"单位": {"名称": name, "年度": year}}, 0)
    st.session_state["project_id"] = project.id
    flash(f"已新建“{project.label}”报告", "success")


def _pick_project() -> None:
    st.session_state["project_id"] = st.session_state["project_pick"]


CHINESE_STYLE = (
    "<style>"
    '[data-testid="stSkipToContent"]{font-size:0 !important}'
    '[data-testid="stSkipToContent"]::after{content:"跳到正文";font-size:1rem}'
    "</style>"
)
"""Streamlit's own words that a keyboard user meets on every page ("Skip to main content"), in Chinese."""


def sidebar() -> Project | None:
    """The project picker and the 新建报告 form; returns the open project, remembered in the URL too."""
    st.html(CHINESE_STYLE)
    projects = store().projects()
    by_id = {p.id: p for p in projects}
    chosen = st.session_state.get("project_id")
    if chosen not in by_id:
        from_url = st.query_params.get("p")
        chosen = int(from_url) if from_url and from_url.isdigit() and int(from_url) in by_id else None
        chosen = chosen or (projects[0].id if projects else None)
        st.session_state["project_id"] = chosen
    with st.sidebar:
        st.markdown("### 绩效报告助手")
        if projects:
            st.session_state["project_pick"] = chosen
            st.selectbox(
                "当前报告",
                list(by_id),
                format_func=lambda pid: by_id[pid].label,
                key="project_pick",
                on_change=_pick_project,
            )
        with st.expander("新建报告", expanded=not projects):
            st.text_input("单位名称", key="new_unit", placeholder="如 衡阳市蒸湘区政协机关")
            st.number_input("年度", min_value=2000, max_value=2100, value=dt.date.today().year - 1, key="new_year")
            st.button("新建", on_click=_create_project, key="create_project", width="stretch")
    if chosen is None:
        return None
    if st.query_params.get("p") != str(chosen):
        st.query_params["p"] = str(chosen)
    return by_id[chosen]


def require_project() -> Project:
    project = sidebar()
    show_flash()
    if project is None:
        st.info("请先在左侧“新建报告”：填写单位名称和年度。")
        st.stop()
    return project


def profile_of(project: Project) -> Profile:
    return load_profile(project.profile)


@dataclass
class FactsView:
    """The facts this tab shows: the saved data, its revision and its validation."""

    project_id: int
    data: dict[str, Any]
    revision: int
    generation: int
    validation: Validation

    @property
    def facts(self) -> Facts | None:
        return self.validation.facts


def _facts_key(project_id: int) -> str:
    return f"facts:{project_id}"


def widget_key(view: FactsView, name: str) -> str:
    """A facts widget's key: scoped by report and generation, so no widget state or table snapshot made for
    one report is ever shown, or saved, as another report's."""
    return f"f{view.project_id}.{view.generation}:{name}"


def facts_view(project: Project) -> FactsView:
    """The facts as stored; when another tab saved since this tab last looked, say so and show theirs."""
    record = store().facts(project.id)
    key = _facts_key(project.id)
    seen = st.session_state.get(key)
    generation = 0
    if seen is not None:
        generation = seen["generation"]
        if seen["revision"] != record.revision:
            generation += 1
            st.info("事实已在另一个窗口或标签页中修改，这里已载入最新内容。")
    st.session_state[key] = {"revision": record.revision, "generation": generation, "data": record.data}
    return FactsView(project.id, record.data, record.revision, generation, validate(record.data))


def _seen(project_id: int) -> dict[str, Any]:
    return st.session_state.get(_facts_key(project_id)) or {"revision": 0, "generation": 0, "data": {}}


def seen_data(project_id: int) -> dict[str, Any]:
    """The facts as this tab last saved or loaded them: what an edit inside a nested field applies to."""
    return dict(_seen(project_id)["data"])


def _shown_project() -> int | None:
    shown = st.session_state.get("project_id")
    return int(shown) if shown is not None else None


def _refusable(key: str, seen: dict[str, Any], write: Callable[[], FactsRecord]) -> FactsRecord | None:
    """Run a facts write; a refusal is said on the page instead (a stale one also makes the tab reload)."""
    try:
        return write()
    except StaleWriteError as exc:
        flash(str(exc), "error")
        st.session_state[key] = {**seen, "revision": -1}
    except (ForeignWriteError, AccessDenied) as exc:
        flash(str(exc), "error")
    return None


def save_facts(project_id: int, data: dict[str, Any], reload: bool = False) -> FactsRecord | None:
    """Save the facts this tab has seen; a stale write is refused and reported, and the tab reloads them.

    ``reload`` redraws every field from the saved data: needed when the save did not come from the form's
    own widgets (an imported file, confirmed proposals), whose tables would otherwise show the old rows.
    """
    key = _facts_key(project_id)
    seen = _seen(project_id)
    shown = _shown_project()
    record = _refusable(
        key, seen, lambda: store().save_facts(project_id, data, seen["revision"], shown_project_id=shown)
    )
    if record is None:
        return None
    st.session_state[key] = {
        "revision": record.revision,
        "generation": seen["generation"] + int(reload),
        "data": record.data,
    }
    return record


def save_field(project_id: int, path: str, value: Any, label: str = "", reload: bool = False) -> FactsRecord | None:
    """Save one field as typed over the facts as stored now: another tab's saves to other fields are kept.

    Only when that tab changed this same field since this tab looked is the save refused (and said so). A
    merge redraws the form, so the other tab's values show up here too. An edit that changes nothing (an
    empty row added to a table) writes nothing, so it cannot clash with another tab. ``reload`` redraws the
    form after an edit that moves fields (a theme or item added or removed renumbers the ones after it).
    """
    key = _facts_key(project_id)
    seen = _seen(project_id)
    change = FieldChange(path, value_at(seen["data"], path), value, label)
    if same_value(change.before, change.after):
        return None
    shown = _shown_project()
    record = _refusable(
        key, seen, lambda: store().update_facts(project_id, [change], seen["revision"], shown_project_id=shown)
    )
    if record is None:
        return None
    merged = record.revision != seen["revision"] + 1
    if merged:
        flash("另一个窗口或标签页刚修改了其他事实，已与您的修改一并保存，这里已载入最新内容。", "info")
    st.session_state[key] = {
        "revision": record.revision,
        "generation": seen["generation"] + int(merged or reload),
        "data": record.data,
    }
    return record


@dataclass(frozen=True)
class Usable:
    """The facts drafting works from: all of them, or the valid part with what was left out and where it counts."""

    facts: Facts
    dropped: list[str]
    sections: list[str]

    @property
    def notice(self) -> str:
        """What the writer is told when a field is left out: which fields, which sections, what still works."""
        if not self.dropped:
            return ""
        affects = f"影响的章节：{'、'.join(self.sections)}。" if self.sections else ""
        fields = "；".join(path_words(p) for p in self.dropped)
        return (
            f"事实中有 {len(self.dropped)} 处填写有误，暂按未填写处理：{fields}。"
            f"{affects}其余内容照常起草、检查和导出；改正后这些内容即可写入报告。"
        )


def usable(project: Project, view: FactsView) -> Usable:
    """The valid facts, or the part of them that is valid, with the invalid fields and the sections they feed."""
    if view.facts is not None:
        return Usable(view.facts, [], [])
    facts, dropped = partial_facts(view.data)
    sections = [
        spec.heading
        for spec in profile_of(project).sections
        if any(overlaps(path, wanted) for path in dropped for wanted in spec.facts)
    ]
    return Usable(facts, dropped, sections)


def usable_facts(project: Project) -> Facts:
    """The validated facts; when some fields are invalid, the rest of them, with those fields named.

    One mistyped field must not stop the whole report: it is left out (drafted as 【待补充】, flagged by
    the check) and the page says which fields and which sections that affects.
    """
    found = usable(project, facts_view(project))
    if found.dropped:
        st.warning(found.notice)
        st.page_link("ui/facts_page.py", label="去改正事实", icon=":material/edit_note:")
    return found.facts


def overlaps(dropped: str, wanted: str) -> bool:
    """A dropped field affects a section that needs it, a field inside it, or the group it is in."""
    bare = re.sub(r"\[第\d+项\]", "", dropped)
    return bare == wanted or bare.startswith(wanted + ".") or wanted.startswith(bare + ".")
