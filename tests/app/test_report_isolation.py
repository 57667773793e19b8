"""Several reports in one browser session: no fact typed, imported or shown for one report reaches another.

The walk is the one that leaked in the browser: report 甲 imports a complete facts file, report 乙 is
created and imports another, the sidebar switches between them, a third report is created right after
viewing another, and tables are edited. After every step each report's facts are compared with what was
put into that report, and the revision of every report not on screen must not move.
"""

from __future__ import annotations

from typing import Any

from apptools import ROOT, AppFactory, edit_table, editor_key, no_exceptions
from streamlit.testing.v1 import AppTest

from assistant.facts import facts_to_data, load_facts
from assistant.store import Store

EXAMPLE = ROOT / "facts" / "example.yaml"
SEED = ROOT / "facts" / "seed-2021.yaml"


class Ledger:
    """What each report must hold, by unit name, and the check run after every step."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.expected: dict[str, dict[str, Any]] = {}
        self.revisions: dict[str, int] = {}

    def ids(self) -> dict[str, int]:
        return {p.unit_name: p.id for p in self.store.projects()}

    def check(self, on_screen: str | None) -> None:
        ids = self.ids()
        assert set(ids) == set(self.expected)
        for name, pid in ids.items():
            record = self.store.facts(pid)
            assert record.data == self.expected[name], f"{name} holds facts it was never given"
            if name != on_screen and name in self.revisions:
                assert record.revision == self.revisions[name], f"{name} was written while not on screen"
            self.revisions[name] = record.revision


def _create(at: AppTest, ledger: Ledger, name: str, year: int) -> None:
    at.sidebar.text_input(key="new_unit").input(name)
    at.sidebar.number_input(key="new_year").set_value(year)
    at.sidebar.button(key="create_project").click().run()
    no_exceptions(at)
    ledger.expected[name] = {"单位": {"名称": name, "年度": year}}
    ledger.check(name)
    at.run()
    ledger.check(name)


def _import(at: AppTest, ledger: Ledger, name: str, path: Any) -> None:
    at.file_uploader(key="facts_file").set_value((path.name, path.read_bytes(), "application/x-yaml")).run()
    at.button(key="facts_file_apply").click().run()
    no_exceptions(at)
    ledger.expected[name] = facts_to_data(load_facts(path))
    ledger.check(name)
    at.run()
    ledger.check(name)


def _switch(at: AppTest, ledger: Ledger, name: str) -> None:
    at.sidebar.selectbox(key="project_pick").set_value(ledger.ids()[name]).run()
    no_exceptions(at)
    at.run()
    no_exceptions(at)
    ledger.check(name)
    assert at.sidebar.selectbox(key="project_pick").value == ledger.ids()[name]


def test_walking_several_reports_never_writes_to_a_report_not_on_screen(open_app: AppFactory, store: Store) -> None:
    ledger = Ledger(store)
    at = open_app()
    _create(at, ledger, "甲县政协机关", 2023)
    _import(at, ledger, "甲县政协机关", EXAMPLE)
    _create(at, ledger, "乙区政协机关", 2021)
    _import(at, ledger, "乙区政协机关", SEED)
    for name in ["甲县政协机关", "乙区政协机关", "甲县政协机关"]:
        _switch(at, ledger, name)
    _create(at, ledger, "丙镇人民政府", 2024)
    _switch(at, ledger, "乙区政协机关")
    _switch(at, ledger, "丙镇人民政府")

    edit_table(at, editor_key(at, "存在问题"), {"added_rows": [{"问题": "丙的问题", "原因": "丙的原因"}]})
    no_exceptions(at)
    ledger.expected["丙镇人民政府"]["存在问题"] = [{"问题": "丙的问题", "原因": "丙的原因"}]
    ledger.check("丙镇人民政府")

    _switch(at, ledger, "甲县政协机关")
    edit_table(at, editor_key(at, "改进措施"), {"deleted_rows": [0]})
    no_exceptions(at)
    ledger.expected["甲县政协机关"]["改进措施"] = ledger.expected["甲县政协机关"]["改进措施"][1:]
    ledger.check("甲县政协机关")
    for name in ["丙镇人民政府", "乙区政协机关", "甲县政协机关", "丙镇人民政府"]:
        _switch(at, ledger, name)
    shown = at.data_editor(key=editor_key(at, "存在问题")).value
    assert shown["问题"].tolist() == ["丙的问题"]
