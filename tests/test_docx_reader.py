""".docx reading straight from the XML gives the same report as python-docx's object model, on every kind of
Word file the tests make: exported reports of every layout, reports typed into Word, hand-built documents with
merged cells, hyperlinks, breaks, styles and list numbering, packages without styles or numbering, and the
hostile corpus (which both must refuse, with the same Chinese line)."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.table import Table as DocxTable

from assistant.export import export_report
from assistant.importers import ReportReadError, read_report, report_of_bytes
from assistant.importers.builder import OutlineBuilder, looks_like_title
from assistant.importers.docx_numbering import Numbering, ParagraphStyles
from assistant.importers.docx_package import open_package
from assistant.importers.docx_reader import _HEADING_STYLE, _TITLE_STYLES
from assistant.importers.markers import match_marker
from assistant.report.model import Report, Table

HERE = Path(__file__).resolve().parent
TEXTS = sorted([*(HERE / "data" / "realistic").glob("*.txt"), *(HERE / "data" / "realistic").glob("*.md")])
TEXTS += sorted((HERE / "data" / "reports").glob("*.txt"))

_spec = importlib.util.spec_from_file_location("hostile_generate", HERE / "data" / "hostile" / "generate.py")
assert _spec is not None and _spec.loader is not None
hostile = importlib.util.module_from_spec(_spec)
sys.modules["hostile_generate"] = hostile
_spec.loader.exec_module(hostile)


def reference(path: Path) -> Report:
    """The report as the reader built it through python-docx (before reading the XML itself)."""
    open_package(path, path.name)
    try:
        return _reference_build(docx.Document(str(path)), path.name)
    except ReportReadError as exc:
        raise ReportReadError(f"{path.name}：{exc}") from None


def _reference_build(document: Any, name: str) -> Report:
    try:
        numbering = Numbering(document.part.part_related_by(RT.NUMBERING).element)
    except KeyError:
        # python-docx cannot make the empty numbering part it offers (NotImplementedError), which made the
        # former reader refuse every Word file without lists; no numbering part simply means no lists.
        numbering = Numbering(None)
    styles = ParagraphStyles(document.part.styles.element)
    out = OutlineBuilder()
    number = 0
    for block in document.iter_inner_content():
        if isinstance(block, DocxTable):
            rows = [[cell.text.strip() for cell in row.cells] for row in block.rows]
            out.table(Table(caption=out.take_caption(number), rows=rows))
            continue
        number += 1
        numbered = styles.numbering(block._p)
        label = numbering.label(*numbered) if numbered else ""
        text = (label + block.text.replace("\n", "")).strip()
        if not text:
            continue
        style = styles.name(block._p)
        found = match_marker(text)
        heading_style = _HEADING_STYLE.search(style)
        if not out.started and found is None and (style.lower() in _TITLE_STYLES or looks_like_title(text)):
            out.set_title(text, number)
        elif found is not None:
            marker, start = found
            out.heading(marker.level, marker, text[start:], number)
        elif heading_style:
            out.heading(int(heading_style.group(1)), None, text, number)
        else:
            out.paragraph(text, number)
    report = out.report()
    if not report.title and not report.preamble and not report.sections:
        raise ReportReadError("文件中没有文字")
    return report


def outcome(read: Callable[[Path], Report], path: Path) -> Report | str:
    try:
        return read(path)
    except ReportReadError as exc:
        return str(exc)
    except Exception:
        return f"{path.name}：Word 文档内容无法解析，文件可能已损坏，请用 Word 打开后重新保存"


def assert_same(path: Path) -> Report | str:
    ours, theirs = outcome(read_report, path), outcome(reference, path)
    assert ours == theirs
    return ours


@pytest.mark.parametrize("text", TEXTS, ids=[p.name for p in TEXTS])
def test_exported_and_typed_reports(text: Path, tmp_path: Path) -> None:
    exported = tmp_path / "exported.docx"
    export_report(read_report(text), exported, force=True)
    report = assert_same(exported)
    assert isinstance(report, Report) and report.sections
    assert report_of_bytes("收到的报告.docx", exported.read_bytes()) == report
    typed = docx.Document()
    for line in text.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            cells = line.split("\t")
            table = typed.add_table(rows=1, cols=len(cells))
            for cell, value in zip(table.rows[0].cells, cells, strict=True):
                cell.text = value
        else:
            typed.add_paragraph(line)
    typed.save(str(tmp_path / "typed.docx"))
    assert isinstance(assert_same(tmp_path / "typed.docx"), Report)


LIST = f"""<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>"""


def _hand_built(path: Path) -> Path:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(LIST))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    document.add_heading("某县民政局2022年度部门整体支出绩效自评报告", level=0)
    document.add_paragraph()
    intro = document.add_paragraph("根据要求，")
    intro.add_run("现将").add_break()
    intro.add_run("情况\t报告如下：")
    link = (
        f'<w:hyperlink {nsdecls("w", "r")} r:id="rId99"><w:r><w:t>（链接）</w:t></w:r><w:r><w:tab/></w:r></w:hyperlink>'
    )
    intro._p.append(parse_xml(link))
    for text, level in (("部门概况", 0), ("主要职能", 1), ("人员情况", 1), ("绩效目标", 0)):
        paragraph = document.add_paragraph(text)
        num = f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
        paragraph._p.get_or_add_pPr().append(parse_xml(num))
        document.add_paragraph("民政局负责社会救助。")
    page = document.add_paragraph("分页前")
    page.add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    page.add_run("分页后 -")
    document.add_heading("收支情况", level=2)
    document.add_paragraph("单位：万元")
    table = document.add_table(rows=4, cols=4)
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            cell.text = f"格{i}{j}"
    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(1, 2).merge(table.cell(3, 2))
    table.cell(2, 0).merge(table.cell(3, 1))
    table.cell(1, 3).add_paragraph("第二段")
    table.cell(1, 3).add_table(rows=1, cols=1).cell(0, 0).text = "嵌套"
    document.add_heading("绩效评价结论", level=1)
    document.add_paragraph("自评得分95分，等级为“优”。", style="List Number")
    document.add_paragraph("   ")
    document.save(str(path))
    return path


def test_hand_built_document_with_merges_links_breaks_and_lists(tmp_path: Path) -> None:
    report = assert_same(_hand_built(tmp_path / "hand.docx"))
    assert isinstance(report, Report)
    assert report.title.startswith("某县民政局")
    [table] = [t for s in report.walk() for t in s.tables]
    assert table.caption == "单位：万元"
    assert table.rows[0][:2] == ["格00\n格01", "格00\n格01"]
    assert table.rows[3][2] == table.rows[1][2]
    assert [s.number for s in report.sections][:2] == ["三、", "四、"]


def _bare(path: Path, body: str, styles: bool) -> Path:
    """A package as small as Word accepts: no numbering part, and python-docx's default styles unless ``styles``."""
    if not styles:
        return hostile.write_docx(path, hostile.document_xml(body))
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", hostile.CONTENT_TYPES.replace("numbering", "styles"))
        archive.writestr("_rels/.rels", hostile.ROOT_RELS)
        archive.writestr("word/document.xml", hostile.document_xml(body))
        archive.writestr("word/_rels/document.xml.rels", hostile.DOC_RELS.replace("numbering", "styles"))
        archive.writestr(
            "word/styles.xml",
            f'<w:styles {hostile.W}><w:style w:type="paragraph" w:styleId="T"><w:name w:val="Title"/></w:style>'
            "</w:styles>",
        )
    return path


@pytest.mark.parametrize("styles", [False, True], ids=["no-styles-part", "own-styles-part"])
def test_packages_without_styles_or_numbering(tmp_path: Path, styles: bool) -> None:
    body = (
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>概况</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="T"/></w:pPr><w:r><w:t>某局报告。</w:t></w:r></w:p>'
        + hostile.paragraph("一、部门概况")
        + "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr>"
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl>'
    )
    assert_same(_bare(tmp_path / "bare.docx", body, styles))


BROKEN_MERGE = (
    hostile.paragraph("一、概况")
    + "<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
)


@pytest.mark.parametrize(
    "body",
    [
        BROKEN_MERGE,
        "<w:p><w:r><w:t>无标题</w:t></w:r></w:p>",
        "<w:p/>",
        "<w:p><w:pPr><w:numPr><w:ilvl w:val='x'/><w:numId w:val='1'/></w:numPr></w:pPr></w:p>",
    ],
    ids=["merge-without-top", "one-line", "empty", "bad-level"],
)
def test_odd_bodies(tmp_path: Path, body: str) -> None:
    assert_same(_bare(tmp_path / "odd.docx", body, styles=False))


WORD_CASES = [c for c in hostile.CASES if c.name.startswith("docx-")]


@pytest.mark.parametrize("case", WORD_CASES, ids=[c.name for c in WORD_CASES])
def test_hostile_word_files_are_refused_alike(case: Any, tmp_path: Path) -> None:
    [path] = [Path(a) for a in case.make(tmp_path) if a.endswith(".docx") and Path(a).exists()]
    refusal = assert_same(path)
    assert isinstance(refusal, str) and case.words in refusal
