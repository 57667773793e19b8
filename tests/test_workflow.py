"""Submission through the export gate, the dashboard's rows and outliers, and the accepted reports' .zip."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.accounts import actor_of
from assistant.drafting.section_text import PREAMBLE_ID, skeleton_text
from assistant.facts import facts_to_data, load_facts
from assistant.gate import FactBasis
from assistant.profiles import load_profile
from assistant.store import Project, Store
from assistant.workflow import SubmissionBlocked, accepted_docx_zip, advance, dashboard, findings_by_category, outliers

ROOT = Path(__file__).resolve().parents[1]


def _drafted(
    store: Store, unit: str, facts_file: str, profile_id: str = "hunan-department", budget: str | None = None
) -> Project:
    project = store.create_project(unit, 2023, profile_id)
    facts = load_facts(ROOT / "facts" / facts_file)
    data = facts_to_data(facts)
    data["单位"]["名称"] = unit
    if budget is not None:
        data["预算"]["支出"]["全年预算数"] = budget
    store.save_facts(project.id, data, 0)
    facts = load_facts(ROOT / "facts" / facts_file).model_validate(data)
    profile = load_profile(profile_id)
    for sid in [PREAMBLE_ID, *(s.id for s in profile.sections)]:
        store.commit(project.id, sid, skeleton_text(FactBasis(facts, profile), sid), "draft", 0)
    return project


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "app.db")
    yield opened
    opened.close()


def test_a_report_with_checker_errors_cannot_be_submitted(store: Store) -> None:
    project = _drafted(store, "县林业局", "example.yaml")
    overview = load_profile("hunan-department").sections[0].id
    text = store.section(project.id, overview)
    store.commit(project.id, overview, text.text + "\n预算执行率为12345.67万元【待补充】", "edit", text.revision)
    store.transition(project.id, "待单位审核", expected="起草中")
    with pytest.raises(SubmissionBlocked, match="改正后才能报送"):
        advance(store, project, "已报送", expected="待单位审核")
    assert store.workflow(project.id).state == "待单位审核"
    store.transition(project.id, "起草中", expected="待单位审核")
    store.commit(project.id, overview, text.text, "edit", text.revision + 1)
    store.transition(project.id, "待单位审核", expected="起草中")
    done = advance(store, project, "已报送", expected="待单位审核")
    assert (done.state, done.errors) == ("已报送", 0)
    assert done.summary["预算执行率"] is not None


def test_dashboard_rows_outliers_and_zip(store: Store) -> None:
    good = _drafted(store, "县林业局", "example.yaml")
    seed = _drafted(store, "县政协机关", "example.yaml", budget="1800.00")
    store.create_project("县水利局", 2023, "hunan-department")
    for project in (good, seed):
        store.transition(project.id, "待单位审核", expected="起草中")
        advance(store, project, "已报送", expected="待单位审核")
    store.transition(good.id, "已受理", expected="已报送")
    rows = {r["单位"]: r for r in dashboard(store, 2023)}
    assert rows["县水利局"]["状态"] == "起草中" and rows["县水利局"]["错误"] is None
    assert rows["县林业局"]["状态"] == "已受理" and rows["县林业局"]["错误"] == 0
    assert rows["县政协机关"]["预算执行率"] < 90
    assert "预算执行率" in rows["县政协机关"]["异常"] and rows["县林业局"]["异常"] == ""
    data, count = accepted_docx_zip(store, 2023)
    assert count == 1
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["县林业局-2023年度绩效自评报告.docx"]
        assert archive.read(archive.namelist()[0])[:2] == b"PK"
    assert isinstance(findings_by_category(store, 2023), dict)


def test_outliers_named_in_chinese() -> None:
    assert outliers({"预算执行率": 85.5}) == ["预算执行率 85.5% 低于 90%"]
    assert outliers({"自评得分": 78, "自评等级": "良"}) == ["得分 78 与等级“良”不符"]
    assert outliers({"数字与事实不符": 2}) == ["2 处数字与事实不符"]
    assert outliers({"预算执行率": 96.0, "自评得分": 92, "自评等级": "优", "数字与事实不符": 0}) == []


def test_reviewer_dashboard_hides_figures_of_reports_not_submitted(store: Store) -> None:
    project = _drafted(store, "县林业局", "example.yaml")
    reviewer = actor_of(store.add_account("shen", "财政局审核人", None, "$argon2id$unused"))
    store.transition(project.id, "待单位审核", expected="起草中")
    [row] = dashboard(store.acting_as(reviewer), 2023)
    assert row["状态"] == "待单位审核" and row["预算执行率"] is None
