"""``--fix``: only the mechanical fixes, exactly the ones the findings offered, listed one by one."""

from __future__ import annotations

from pathlib import Path

import docx

from assistant.checker import apply_fixes, check_report, fix_docx
from assistant.importers import parse_text, read_report

DATA = Path(__file__).parent / "data" / "reports"
SEED = (DATA / "seed-2021.txt").read_text(encoding="utf-8")


def test_seed_fixes_are_the_mechanical_ones() -> None:
    fixed, changes = apply_fixes(SEED)
    assert {(c.rule, c.before, c.after) for c in changes} == {
        ("structure.mixed-markers", "1．", "1."),
        ("structure.mixed-markers", "2．", "2."),
        ("structure.mixed-markers", "3．", "3."),
        ("structure.mixed-markers", "4．", "4."),
        ("structure.mixed-markers", "1、", "1."),
        ("structure.mixed-markers", "2、", "2."),
        ("wording.lexicon", "其它", "其他"),
        ("wording.lexicon", "截止", "截至"),
        ("wording.relative-time", "今年", "2021年"),
    }
    assert "2021年共立案53件提案" in fixed and "截至目前" in fixed
    remaining = sorted(f.rule for f in check_report(parse_text(fixed)))
    assert remaining == ["required.facts", "required.recommended-section", "required.section", "structure.gap"]
    assert len(fixed.splitlines()) == len(SEED.splitlines())


def test_fixing_twice_changes_nothing_more() -> None:
    once, _ = apply_fixes(SEED)
    twice, changes = apply_fixes(once)
    assert twice == once
    assert changes == []


def test_every_fixable_finding_is_fixed_and_nothing_else_changes() -> None:
    text = (
        "某局2021年度报告\n\n一、概况\n\n"
        "全年完成调查１２项,根据湘财绩[2020]7号文件。。其它事项今年完成。\n\n（一）、甲\n\n正文。\n"
    )
    offered = [f for f in check_report(parse_text(text)) if f.fix]
    fixed, changes = apply_fixes(text)
    assert fixed == (
        "某局2021年度报告\n\n一、概况\n\n"
        "全年完成调查12项，根据湘财绩〔2020〕7号文件。其他事项2021年完成。\n\n（一）甲\n\n正文。\n"
    )
    assert {f.rule for f in offered} == {c.rule for c in changes}
    assert [f for f in check_report(parse_text(fixed)) if f.fix] == []


def test_gap_is_never_fixed() -> None:
    text = "某局2021年度报告\n一、甲\n正文。\n三、乙\n正文。\n"
    assert apply_fixes(text) == (text, [])


def test_docx_fix_keeps_run_formatting(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某局2021年度部门整体支出绩效自评报告")
    paragraph = document.add_paragraph()
    paragraph.add_run("今年").bold = True
    paragraph.add_run("完成调查和其它工作。")
    split = document.add_paragraph()
    split.add_run("其")
    split.add_run("它事项。")
    source, target = tmp_path / "in.docx", tmp_path / "out.docx"
    document.save(str(source))
    changes = fix_docx(source, target)
    assert [(c.line, c.before, c.after, c.applied) for c in changes] == [
        (2, "今年", "2021年", True),
        (2, "其它", "其他", True),
        (3, "其它", "其他", False),
    ]
    runs = docx.Document(str(target)).paragraphs[1].runs
    assert (runs[0].text, runs[0].bold) == ("2021年", True)
    assert runs[1].text == "完成调查和其他工作。"
    assert read_report(target).preamble[1].text == "其它事项。"
