"""Word reports: literal and auto-numbered headings, heading styles, tables, paragraph numbers."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from assistant.checker import check_file
from assistant.importers import read_report
from assistant.importers.docx_numbering import format_number

LIST_ID = "90"
ABSTRACT = f"""<w:abstractNum {nsdecls("w")} w:abstractNumId="{LIST_ID}">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""


def _auto_numbered(path: Path) -> Path:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(ABSTRACT))
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{LIST_ID}"><w:abstractNumId w:val="{LIST_ID}"/></w:num>')
    )

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        num_pr = f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{LIST_ID}"/></w:numPr>'
        paragraph._p.get_or_add_pPr().append(parse_xml(num_pr))

    document.add_paragraph("测试局2021年度部门整体支出绩效自评报告").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("现将2021年度部门整体支出绩效自评情况报告如下：")
    numbered("部门概况", 0)
    numbered("主要职能", 1)
    document.add_paragraph("负责全区统计工作。")
    numbered("机构设置", 1)
    numbered("内设机构。内设2个股室。", 2)
    numbered("编制。核定编制10名。", 2)
    numbered("部门整体支出管理及使用情况", 0)
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["项目", "金额（万元）", "支出合计", "100.00"], strict=True):
        cell.text = text
    document.add_paragraph("")
    document.add_paragraph("1、手写序号。正文。")
    document.save(str(path))
    return path


def test_auto_numbered_headings_get_their_markers(tmp_path: Path) -> None:
    report = read_report(_auto_numbered(tmp_path / "auto.docx"))
    assert report.title == "测试局2021年度部门整体支出绩效自评报告"
    assert [(p.text, p.line) for p in report.preamble] == [("现将2021年度部门整体支出绩效自评情况报告如下：", 2)]
    outline = [(s.level, s.number, s.title, s.line) for s in report.walk()]
    assert outline == [
        (1, "一、", "部门概况", 3),
        (2, "（一）", "主要职能", 4),
        (2, "（二）", "机构设置", 6),
        (3, "1.", "内设机构", 7),
        (3, "2.", "编制", 8),
        (1, "二、", "部门整体支出管理及使用情况", 9),
        (3, "1、", "手写序号", 11),
    ]
    budget = report.sections[1]
    assert budget.tables[0].rows == [["项目", "金额（万元）"], ["支出合计", "100.00"]]


def test_heading_styles_without_markers(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("某局报告", level=0)
    document.add_heading("部门概况", level=1)
    document.add_paragraph("正文。")
    path = tmp_path / "styled.docx"
    document.save(str(path))
    report = read_report(path)
    assert report.title == "某局报告"
    assert [(s.level, s.number, s.title, s.line) for s in report.sections] == [(1, "", "部门概况", 2)]


def test_findings_in_a_docx_point_to_paragraph_numbers(tmp_path: Path) -> None:
    findings = check_file(_auto_numbered(tmp_path / "auto.docx")).findings
    ordinals = [f for f in findings if f.rule in ("punctuation.arabic-ordinal", "structure.mixed-markers")]
    assert [(f.rule, f.line) for f in ordinals] == [("structure.mixed-markers", 11)]


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (3, "chineseCounting", "三"),
        (12, "chineseCountingThousand", "十二"),
        (2, "decimalFullWidth", "２"),
        (4, "decimalEnclosedCircle", "④"),
        (4, "lowerRoman", "iv"),
        (2, "upperLetter", "B"),
        (7, "decimal", "7"),
        (1, "bullet", ""),
    ],
)
def test_number_formats(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected
