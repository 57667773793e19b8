"""End to end in a real browser: draft a section, accept a suggestion (all of it, and change by change),
check, and download the .docx; screenshots of each step go to docs/screenshots/."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from e2etools import ROOT, AppServer, settle, shot, sidebar

from assistant.drafting.section_text import PREAMBLE_ID, skeleton_text
from assistant.facts import load_facts
from assistant.gate import FactBasis
from assistant.profiles import load_profile
from assistant.store import Project, Store

pytestmark = pytest.mark.integration

OTHER_SECTIONS = [PREAMBLE_ID, "overview", "budget", "performance", "problems", "measures", "results"]
SLIP = "其它整改工作截止目前已全部完成。"
POLISH = (("主要职能职责是", "主要职责是"), ("年末实有在职人员35人", "年末实有在职人员35人（含借调人员）"))


def _seed_other_sections(db: Path, project: Project) -> str:
    """Every section but 资产管理情况 drafted, a slip of wording in 改进措施, and a 润色 suggestion with two
    changes open on 部门概况."""
    store = Store(db)
    facts = load_facts(ROOT / "facts" / "example.yaml")
    profile = load_profile()
    for section_id in OTHER_SECTIONS:
        store.commit(project.id, section_id, skeleton_text(FactBasis(facts, profile), section_id), "draft", 0)
    measures = store.section(project.id, "measures")
    store.commit(project.id, "measures", measures.text + "\n" + SLIP, "edit", measures.revision)
    overview = store.section(project.id, "overview")
    polished = overview.text
    for old, new in POLISH:
        polished = polished.replace(old, new)
    store.add_suggestion(overview, polished, "润色")
    store.close()
    return overview.text


def test_draft_accept_check_and_download(
    server: AppServer, seeded_db: tuple[Path, Project], browser_page: Any, tmp_path: Path
) -> None:
    db, project = seeded_db
    original_overview = _seed_other_sections(db, project)
    page = browser_page
    page.goto(server.url)
    settle(page, 1500)
    page.get_by_text("校验通过").wait_for()
    shot(page, "01-facts")

    page.goto(f"{server.url}/draft_page")
    settle(page, 1500)
    sidebar(page).get_by_role("button", name="三、资产管理情况").click()
    settle(page)
    page.get_by_role("button", name="起草", exact=True).click()
    settle(page, 1500)
    page.get_by_text("修改建议", exact=True).wait_for()
    shot(page, "02-draft-suggestion")
    page.get_by_role("button", name="全部接受").click()
    settle(page, 1000)
    page.get_by_text("已接受 1 处修改").wait_for()
    page.get_by_role("heading", name="三、资产管理情况").wait_for()
    page.get_by_text("第 1 版 · 起草").wait_for()
    shot(page, "03-draft-accepted")

    sidebar(page).get_by_role("button", name="一、部门概况").click()
    settle(page)
    shot(page, "04-suggestion-per-change")
    page.get_by_role("button", name="接受", exact=True).first.click()
    settle(page)
    page.get_by_role("button", name="拒绝", exact=True).first.click()
    settle(page, 1000)
    page.get_by_text("已接受 1 处修改").wait_for()

    store = Store(db)
    assets = store.section(project.id, "assets").text
    overview = store.section(project.id, "overview").text
    store.close()
    assert "资产总额568.30万元" in assets
    assert POLISH[0][1] in overview and POLISH[1][0] in overview and POLISH[1][1] not in overview
    assert overview != original_overview

    page.goto(f"{server.url}/check_page")
    settle(page, 1500)
    page.get_by_text("“其它”应为“其他”").wait_for()
    shot(page, "05-check")
    page.get_by_role("button", name="一键修正（2 处）").click()
    settle(page, 1000)
    page.get_by_text("没有发现问题").wait_for()
    store = Store(db)
    assert store.section(project.id, "measures").text.endswith("其他整改工作截至目前已全部完成。")
    store.close()

    page.goto(f"{server.url}/export_page")
    settle(page, 2000)
    page.get_by_text("检查未发现错误，可以导出").wait_for()
    shot(page, "06-export")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 Word（.docx）").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.name == "湘江市清河区政协机关2023年度部门整体支出绩效自评报告.docx"
    with zipfile.ZipFile(target) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "资产总额568.30万元" in body and POLISH[0][1] in body
