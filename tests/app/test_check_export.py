"""检查 and 导出 pages: findings by severity and section, one-click mechanical fixes, export blocked then allowed."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from apptools import AppFactory, no_exceptions

from assistant.drafting.section_text import PREAMBLE_ID, skeleton_text
from assistant.export import FORCED_STATUS, gate
from assistant.facts import load_facts
from assistant.gate import FactBasis
from assistant.profiles import load_profile
from assistant.store import Project, Store

SECTIONS = [PREAMBLE_ID, "overview", "budget", "assets", "performance", "problems", "measures", "results"]


def _draft_all(store: Store, project: Project, skip: tuple[str, ...] = ()) -> None:
    from apptools import ROOT

    facts = load_facts(ROOT / "facts" / "example.yaml")
    profile = load_profile()
    for section_id in SECTIONS:
        if section_id not in skip:
            store.commit(project.id, section_id, skeleton_text(FactBasis(facts, profile), section_id), "draft", 0)


def test_findings_are_grouped_and_linked_to_their_section(open_app: AppFactory, project: Project, store: Store) -> None:
    _draft_all(store, project, skip=("problems",))
    assets = store.section(project.id, "assets")
    store.commit(project.id, "assets", assets.text + "\n其它资产截止目前运行良好。", "edit", assets.revision)
    at = open_app("ui/check_page.py")
    no_exceptions(at)
    assert [m.value for m in at.metric] == ["1", "2", "0"]
    headers = [m.value for m in at.markdown if m.value.startswith("#####")]
    assert headers == ["##### :red[■ 错误（1）]", "##### :orange[■ 警告（2）]"]
    lines = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert any("三、资产管理情况" in line and "其它" in line for line in lines)
    assert any("缺少必备章节“存在的主要问题及原因分析”" in line for line in lines)
    at.button(key="goto:error:0").click().run()
    no_exceptions(at)
    assert at.session_state["section"] == "problems"


def test_mechanical_fixes_in_one_click(open_app: AppFactory, project: Project, store: Store) -> None:
    _draft_all(store, project)
    assets = store.section(project.id, "assets")
    store.commit(project.id, "assets", assets.text + "\n其它资产截止目前运行良好。", "edit", assets.revision)
    at = open_app("ui/check_page.py")
    button = at.button(key="apply_fixes")
    assert button.label == "一键修正（2 处）"
    button.click().run()
    no_exceptions(at)
    fixed = store.section(project.id, "assets")
    assert fixed.text.endswith("其他资产截至目前运行良好。") and fixed.head is not None and fixed.head.source == "fix"
    assert store.section(project.id, "overview").revision == 1
    assert [m.value for m in at.metric] == ["0", "0", "0"]


def test_export_is_blocked_while_errors_remain_then_allowed(
    open_app: AppFactory, project: Project, store: Store
) -> None:
    _draft_all(store, project, skip=("problems",))
    at = open_app("ui/export_page.py")
    no_exceptions(at)
    assert "检查发现 1 处错误，改正后才能导出" in at.error[0].value
    assert not at.get("download_button")
    assert any("缺少必备章节" in m.value for m in at.markdown)

    at.switch_page("ui/draft_page.py").run()
    at.sidebar.button(key="outline:problems").click().run()
    at.button(key="act:起草").click().run()
    at.button(key="accept_all").click().run()
    no_exceptions(at)

    at.switch_page("ui/export_page.py").run()
    no_exceptions(at)
    assert "检查未发现错误，可以导出" in at.success[0].value
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["下载 Word（.docx）", "下载 Markdown（.md）"]


def test_a_hand_typed_figure_blocks_export_and_is_fixed_in_one_click(
    open_app: AppFactory, project: Project, store: Store
) -> None:
    _draft_all(store, project)
    budget = store.section(project.id, "budget")
    assert "预算执行率为97.93%" in budget.text
    at = open_app("ui/draft_page.py")
    at.sidebar.button(key="outline:budget").click().run()
    typed = budget.text.replace("预算执行率为97.93%", "预算执行率为99.00%", 1)
    at.text_area(key=f"edit:budget:{budget.revision}").input(typed).run()
    no_exceptions(at)
    assert store.section(project.id, "budget").text == typed

    at.switch_page("ui/check_page.py").run()
    no_exceptions(at)
    assert at.metric[0].value == "1"
    lines = " ".join(m.value for m in at.markdown if m.value.startswith("- "))
    assert "99.00%" in lines and "97.93%" in lines

    at.switch_page("ui/export_page.py").run()
    no_exceptions(at)
    assert "检查发现 1 处错误" in at.error[0].value
    assert not at.get("download_button")
    fix = next(b for b in at.button if b.key and b.key.startswith("figfix:"))
    assert fix.label == "改为“97.93%”"
    fix.click().run()
    no_exceptions(at)
    fixed = store.section(project.id, "budget")
    assert fixed.text == budget.text and fixed.head is not None and fixed.head.source == "fix"
    assert "检查未发现错误，可以导出" in at.success[-1].value or any("检查未发现错误" in s.value for s in at.success)
    assert at.get("download_button")[0].proto.label == "下载 Word（.docx）"


def test_export_can_be_forced_after_confirming_and_the_override_is_recorded(
    open_app: AppFactory, project: Project, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[dict[str, Any]] = []

    def writer(report: Any, path: Path, layout: Any, **properties: Any) -> None:
        written.append(properties)
        path.write_bytes(b"docx")

    monkeypatch.setattr(gate, "_docx_writer", lambda: writer)
    _draft_all(store, project)
    budget = store.section(project.id, "budget")
    store.commit(project.id, "budget", budget.text.replace("97.93%", "99.00%", 1), "edit", budget.revision)
    at = open_app("ui/export_page.py")
    no_exceptions(at)
    assert not at.get("download_button") and not written
    at.checkbox(key="force_export").check().run()
    no_exceptions(at)
    assert not at.get("download_button") and not store.exports(project.id), "ticking alone does not export"
    at.button(key="confirm_force").click().run()
    no_exceptions(at)
    [record] = store.exports(project.id)
    assert record.forced and len(record.errors) == 1 and "99.00%" in record.errors[0]
    assert any("强制导出" in w.value for w in at.warning)
    assert any("强制导出" in m.value and "1 处错误未改正" in m.value for m in at.markdown), "导出记录 shows it"
    assert at.get("download_button")[0].proto.label == "下载 Word（.docx）"
    [properties] = written
    assert properties["status"] == FORCED_STATUS and "consistency.fact-figure" in properties["note"]


def test_the_preview_without_libreoffice_is_the_html_view(
    open_app: AppFactory, project: Project, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.export import preview

    monkeypatch.setattr(preview.shutil, "which", lambda name: None)
    _draft_all(store, project)
    at = open_app("ui/export_page.py")
    no_exceptions(at)
    assert any("本机未安装 LibreOffice" in c.value for c in at.caption)
    shown = " ".join(h.proto.body for h in at.get("html"))
    assert "湘江市清河区政协机关" in shown and "三、资产管理情况" in shown


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None, reason="needs LibreOffice")
def test_the_preview_shows_the_first_pages_as_libreoffice_lays_them_out(
    open_app: AppFactory, project: Project, store: Store
) -> None:
    _draft_all(store, project)
    at = open_app("ui/export_page.py")
    at.button(key="preview_pages").click().run(timeout=180)
    no_exceptions(at)
    [images] = at.get("image")
    assert len(images.proto.imgs) == 2
    assert any("由 LibreOffice 排版" in c.value for c in at.caption)
