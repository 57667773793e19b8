"""Last year's report read for this year's: the unit its title names and the one figure that carries over."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.context.last_year import read_last_year
from assistant.importers import ReportReadError


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        ("衡阳市蒸湘区政协机关2022年度部门整体支出绩效自评报告", "衡阳市蒸湘区政协机关"),
        ("部门整体支出绩效自评报告", ""),
    ],
)
def test_last_year_gives_its_unit_and_the_carried_over_figure(tmp_path: Path, title: str, unit: str) -> None:
    path = tmp_path / "last.md"
    body = "一、部门整体支出管理及使用情况\n2022年“三公”经费支出12.50万元，比上年减少2.00万元。人员经费300.00万元。\n"
    path.write_text(f"{title}\n{body}", encoding="utf-8")
    last = read_last_year(path)
    assert last.unit_name == unit
    assert [(p.path, p.value) for p in last.proposals] == [("预算.三公经费.上年支出数", Decimal("12.5"))]
    assert "人员经费300.00万元" in last.text


def test_an_unreadable_report_says_why(tmp_path: Path) -> None:
    path = tmp_path / "last.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ReportReadError):
        read_last_year(path)
