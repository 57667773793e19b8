"""Batch intake: a .zip or folder of .docx/.txt reports from units not using the app, through the same
checker, kept as they arrived, listed in the bureau's table; only the bureau may take them in."""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from pathlib import Path

import pytest

from assistant.accounts import actor_of
from assistant.export import export_report
from assistant.importers import read_report
from assistant.store import AccessDenied, Store
from assistant.workflow import dashboard
from assistant.workflow.intake import IntakeError, files_in_zip, files_of, stated_figures, take_in

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("hostile_generate", ROOT / "tests" / "data" / "hostile" / "generate.py")
assert _spec is not None and _spec.loader is not None
hostile = sys.modules.setdefault("hostile_generate", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(hostile)
SEED = Path("/work/shared/seeds/000_af78986763f59c3a.txt")


def _reports(tmp_path: Path) -> dict[str, bytes]:
    text = (ROOT / "tests" / "data" / "reports").glob("*.txt")
    sample = next(iter(sorted(text)), SEED)
    docx = tmp_path / "docx.docx"
    export_report(read_report(sample), docx, force=True)
    return {
        "县林业局2023年度部门整体支出绩效自评报告.txt": sample.read_bytes(),
        "县水利局自评报告.docx": docx.read_bytes(),
        "坏文件.docx": b"not a zip at all",
    }


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"报送/{name}", data)
        archive.writestr("__MACOSX/报送/._县水利局自评报告.docx", b"resource fork")
        archive.writestr("报送/说明.png", b"\x89PNG")
    return buffer.getvalue()


def test_zip_intake_checked_kept_and_listed(database: str, tmp_path: Path) -> None:
    store = Store(database)
    files = _reports(tmp_path)
    outcomes = take_in(store, 2023, files_in_zip(_zip(files), "报送.zip"))
    assert [o.file_name for o in outcomes] == list(files)
    kept = {o.file_name: o.record for o in outcomes if o.record is not None}
    assert set(kept) == {"县林业局2023年度部门整体支出绩效自评报告.txt", "县水利局自评报告.docx"}
    [bad] = [o for o in outcomes if o.record is None]
    assert "坏文件.docx" in bad.problem
    for name, record in kept.items():
        assert record is not None
        assert store.intake_file(record.id) == (name, files[name])
        assert record.errors + record.warnings >= 0 and isinstance(record.summary["问题分类"], dict)
    rows = [r for r in dashboard(store, 2023) if r["状态"] == "文件报送"]
    assert sorted(r["来源"] for r in rows) == sorted(kept)
    store.close()


def test_folder_intake_skips_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "notes.png").write_bytes(b"\x89PNG")
    assert [name for name, _ in files_of(folder)] == ["a.txt"]
    with pytest.raises(IntakeError, match=r"应为文件夹或 \.zip"):
        list(files_of(folder / "notes.png"))
    with pytest.raises(IntakeError, match=r"不是有效的 \.zip"):
        list(files_in_zip(b"garbage", "x.zip"))


def test_only_the_bureau_takes_files_in(tmp_path: Path) -> None:
    store = Store(tmp_path / "app.db")
    drafter = actor_of(store.add_account("lin", "填报人", "县林业局", "$argon2id$unused"))
    with pytest.raises(AccessDenied, match="只有财政局审核人可以收取"):
        take_in(store.acting_as(drafter), 2023, [("a.txt", SEED.read_bytes())])
    with pytest.raises(AccessDenied):
        store.acting_as(drafter).intakes(2023)
    assert dashboard(store.acting_as(drafter), 2023) == []


def test_stated_figures() -> None:
    text = "预算执行率为97.93%，结转结余率2.07%。经自评，综合得分94.5分，评价等级为“优”。"
    assert stated_figures(text) == {
        "预算执行率": 97.93,
        "三公经费控制率": None,
        "结转结余率": 2.07,
        "自评得分": 94.5,
        "自评等级": "优",
    }


def test_hostile_files_in_a_batch_are_refused_one_by_one(tmp_path: Path) -> None:
    """A zip bomb, a DTD and a broken package inside the .zip each get their Chinese line; the rest is kept."""
    bomb = hostile.write_docx(tmp_path / "bomb.docx", hostile.document_xml(hostile.paragraph("标题")), filler_mb=120)
    entity = hostile.document_xml(hostile.paragraph("标题"), '<!DOCTYPE w:document [<!ENTITY e "其它">]>')
    files = {
        "炸弹.docx": bomb.read_bytes(),
        "实体.docx": hostile.write_docx(tmp_path / "entity.docx", entity).read_bytes(),
        "截断.docx": bomb.read_bytes()[:5000],
        "空.txt": b"",
        "正常.txt": SEED.read_bytes(),
    }
    store = Store(tmp_path / "app.db")
    outcomes = {o.file_name: o for o in take_in(store, 2023, files_in_zip(_zip(files), "报送.zip"))}
    assert "异常庞大" in outcomes["炸弹.docx"].problem
    assert "DTD" in outcomes["实体.docx"].problem
    assert "不是有效的 Word 文档" in outcomes["截断.docx"].problem
    assert "文件为空" in outcomes["空.txt"].problem
    assert outcomes["正常.txt"].record is not None
    assert [r.file_name for r in store.intakes(2023)] == ["正常.txt"]
