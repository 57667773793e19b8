"""Last year's report read for this year's: its text and the facts that carry over, nothing else."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.context.last_year import read_last_year
from assistant.importers import ReportReadError
from assistant.profiles import Profile


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        ("衡阳市蒸湘区政协机关2022年度部门整体支出绩效自评报告", "衡阳市蒸湘区政协机关"),
        ("部门整体支出绩效自评报告", None),
    ],
)
def test_last_year_gives_its_unit_and_the_carried_over_figure(
    tmp_path: Path, profile: Profile, title: str, unit: str | None
) -> None:
    path = tmp_path / "last.md"
    body = "一、部门整体支出管理及使用情况\n2022年“三公”经费支出12.50万元，比上年减少2.00万元。人员经费300.00万元。\n"
    path.write_text(f"{title}\n{body}", encoding="utf-8")
    last = read_last_year(path, profile)
    carried = {c.path: c.value for c in last.carried}
    assert carried.get("单位.名称") == unit
    assert Decimal(str(carried["预算.三公经费.上年支出数"])) == Decimal("12.5")
    assert not any("人员经费" in path for path in carried)
    assert "人员经费300.00万元" in last.text


def test_an_unreadable_report_says_why(tmp_path: Path, profile: Profile) -> None:
    path = tmp_path / "last.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ReportReadError):
        read_last_year(path, profile)
