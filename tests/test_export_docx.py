"""The layout figures of GB/T 9704, asserted in the exported document's XML."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from assistant.export.docx_writer import write_docx
from assistant.export.layout import Layout
from assistant.facts import Facts
from assistant.profiles import Profile
from assistant.report import Paragraph, Report, Section
from assistant.skeleton import SkeletonDrafter

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {
    "w": W_NS,
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


class Docx:
    """The parts of a written .docx, parsed, with the lookups the assertions need."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as z:
            self.names = z.namelist()
            self.raw = {name: z.read(name) for name in self.names}
        self.document = self.xml("word/document.xml")
        self.styles = self.xml("word/styles.xml")
        self.settings = self.xml("word/settings.xml")
        self.core = self.xml("docProps/core.xml")
        rels = self.xml("word/_rels/document.xml.rels")
        self.footer_targets = {
            rel.get("Id"): "word/" + rel.get("Target") for rel in rels if rel.get("Type", "").endswith("/footer")
        }

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.raw[name])

    def style(self, name: str) -> etree._Element:
        found = self.styles.xpath("w:style[w:name/@w:val=$n]", namespaces=NS, n=name)
        assert found, f"style {name} missing"
        return found[0]

    def footer(self, kind: str) -> etree._Element:
        ref = self.document.xpath("//w:sectPr/w:footerReference[@w:type=$k]", namespaces=NS, k=kind)[0]
        return self.xml(self.footer_targets[ref.get(f"{{{R_NS}}}id")])

    def paragraphs(self) -> list[etree._Element]:
        return self.document.xpath("/w:document/w:body/w:p", namespaces=NS)


def text_of(p: etree._Element) -> str:
    return "".join(p.xpath(".//w:t/text()", namespaces=NS))


def val(el: etree._Element, path: str, attr: str = "val") -> str:
    found = el.xpath(path, namespaces=NS)
    assert found, f"{path} missing"
    return str(found[0].get(w(attr)))


@pytest.fixture(scope="module")
def example_report(example_facts: Facts, profile: Profile) -> Report:
    report, _ = SkeletonDrafter(example_facts, profile).report()
    return report


@pytest.fixture(scope="module")
def docx(example_report: Report, tmp_path_factory: pytest.TempPathFactory) -> Docx:
    path = tmp_path_factory.mktemp("docx") / "r.docx"
    write_docx(example_report, path, Layout(), author="湘江市清河区政协机关")
    return Docx(path)


def small_report() -> Report:
    return Report(
        title="某单位2023年度部门整体支出绩效自评报告",
        preamble=[Paragraph(text="现将自评情况报告如下：")],
        sections=[
            Section(
                level=1,
                number="一、",
                title="部门概况",
                children=[
                    Section(
                        level=2,
                        number="（一）",
                        title="职能",
                        children=[
                            Section(
                                level=3,
                                number="1.",
                                title="组织协商",
                                paragraphs=[Paragraph(text="召开全会2次。"), Paragraph(text="另起一段。")],
                                children=[
                                    Section(
                                        level=4, number="（1）", title="细项", paragraphs=[Paragraph(text="说明。")]
                                    )
                                ],
                            )
                        ],
                    )
                ],
            )
        ],
    )


def test_page_is_a4_with_the_standard_margins(docx: Docx) -> None:
    sect = docx.document.xpath("/w:document/w:body/w:sectPr", namespaces=NS)[0]
    assert (val(sect, "w:pgSz", "w"), val(sect, "w:pgSz", "h")) == ("11906", "16838")
    margins = {side: int(val(sect, "w:pgMar", side)) for side in ("top", "bottom", "left", "right")}
    mm = {side: round(twips * 25.4 / 1440) for side, twips in margins.items()}
    assert mm == {"top": 37, "bottom": 35, "left": 28, "right": 26}


def test_body_line_spacing_fits_exactly_22_lines(docx: Docx) -> None:
    sect = docx.document.xpath("/w:document/w:body/w:sectPr", namespaces=NS)[0]
    height = int(val(sect, "w:pgSz", "h")) - int(val(sect, "w:pgMar", "top")) - int(val(sect, "w:pgMar", "bottom"))
    normal = docx.style("Normal")
    line = int(val(normal, "w:pPr/w:spacing", "line"))
    assert val(normal, "w:pPr/w:spacing", "lineRule") == "exact"
    assert height // line == 22
    assert val(sect, "w:docGrid", "linePitch") == str(line)
    assert val(sect, "w:docGrid", "type") == "lines"


def test_a_line_holds_28_body_characters(docx: Docx) -> None:
    sect = docx.document.xpath("/w:document/w:body/w:sectPr", namespaces=NS)[0]
    width = int(val(sect, "w:pgSz", "w")) - int(val(sect, "w:pgMar", "left")) - int(val(sect, "w:pgMar", "right"))
    normal = docx.style("Normal")
    pitch = int(val(normal, "w:rPr/w:sz")) * 10 + int(val(normal, "w:rPr/w:spacing"))
    assert width // pitch == 28


def test_body_is_sanhao_fangsong_indented_two_characters(docx: Docx) -> None:
    normal = docx.style("Normal")
    assert val(normal, "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert val(normal, "w:rPr/w:rFonts", "ascii") == "仿宋_GB2312"
    assert val(normal, "w:rPr/w:sz") == "32"
    assert val(normal, "w:pPr/w:ind", "firstLineChars") == "200"
    assert val(normal, "w:pPr/w:ind", "firstLine") == "640"
    assert val(normal, "w:pPr/w:jc") == "both"


def test_title_is_erhao_xiaobiaosong_centred(docx: Docx, example_report: Report) -> None:
    title = docx.style("Title")
    assert val(title, "w:rPr/w:rFonts", "eastAsia") == "方正小标宋简体"
    assert val(title, "w:rPr/w:sz") == "44"
    assert val(title, "w:pPr/w:jc") == "center"
    first = docx.paragraphs()[0]
    assert val(first, "w:pPr/w:pStyle") == "Title"
    assert text_of(first) == example_report.title
    assert val(first, "w:r/w:rPr/w:rFonts", "eastAsia") == "方正小标宋简体"


def test_headings_fonts_and_outline_levels(docx: Docx) -> None:
    h1, h2 = docx.style("heading 1"), docx.style("heading 2")
    assert val(h1, "w:rPr/w:rFonts", "eastAsia") == "黑体"
    assert val(h2, "w:rPr/w:rFonts", "eastAsia") == "楷体_GB2312"
    assert (val(h1, "w:pPr/w:outlineLvl"), val(h2, "w:pPr/w:outlineLvl")) == ("0", "1")
    assert val(h1, "w:rPr/w:sz") == val(h2, "w:rPr/w:sz") == "32"
    assert val(h1, "w:rPr/w:b") == "0"
    assert val(h1, "w:rPr/w:color") == "000000"
    headings = [p for p in docx.paragraphs() if p.xpath("w:pPr/w:pStyle[@w:val='Heading1']", namespaces=NS)]
    assert [text_of(p)[:2] for p in headings] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]
    assert val(headings[0], "w:r/w:rPr/w:rFonts", "eastAsia") == "黑体"


def test_numbering_is_literal_text_never_a_word_list(docx: Docx) -> None:
    assert not docx.document.xpath("//w:numPr", namespaces=NS)
    assert not docx.styles.xpath(
        "//w:style[w:name/@w:val='heading 1' or w:name/@w:val='Normal']//w:numPr", namespaces=NS
    )


def test_level_3_runs_in_with_a_bold_heading(docx: Docx, example_report: Report) -> None:
    item = next(s for s in example_report.walk() if s.level == 3)
    head_text = f"{item.number}{item.title}。"
    para = next(p for p in docx.paragraphs() if text_of(p).startswith(head_text))
    head, body = para.xpath("w:r", namespaces=NS)[:2]
    assert text_of(head) == head_text
    assert head.xpath("w:rPr/w:b", namespaces=NS)[0].get(w("val")) is None
    assert val(head, "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert text_of(body) == item.paragraphs[0].text
    assert not body.xpath("w:rPr/w:b[not(@w:val='0')]", namespaces=NS)


def test_level_3_bold_is_a_setting_and_level_4_is_never_bold(tmp_path: Path) -> None:
    path = tmp_path / "s.docx"
    write_docx(small_report(), path, Layout(level3_bold=False))
    paras = Docx(path).paragraphs()
    texts = [text_of(p) for p in paras]
    assert texts[2:] == ["一、部门概况", "（一）职能", "1.组织协商。召开全会2次。", "另起一段。", "（1）细项。说明。"]
    for para in (paras[4], paras[6]):
        assert val(para, "w:r[1]/w:rPr/w:b") == "0"


def test_east_asian_font_on_every_run_and_no_theme_fonts(docx: Docx) -> None:
    runs = docx.document.xpath("//w:r[w:t]", namespaces=NS)
    assert runs
    assert all(r.xpath("w:rPr/w:rFonts/@w:eastAsia", namespaces=NS) for r in runs)
    for name, blob in docx.raw.items():
        if name.endswith(".xml") and not name.startswith("word/theme/"):
            assert b"Theme=" not in blob.replace(b"themeFontLang", b""), name
    assert "word/stylesWithEffects.xml" not in docx.names


def test_language_is_zh_cn(docx: Docx) -> None:
    default = docx.styles.xpath("w:docDefaults/w:rPrDefault/w:rPr", namespaces=NS)[0]
    assert val(default, "w:lang", "eastAsia") == "zh-CN"
    assert val(default, "w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert val(docx.settings, "w:themeFontLang", "eastAsia") == "zh-CN"
    assert docx.core.findtext("dc:language", namespaces=NS) == "zh-CN"


def test_page_numbers_are_a_page_field_odd_right_even_left(docx: Docx) -> None:
    assert docx.settings.xpath("w:evenAndOddHeaders", namespaces=NS)
    for kind, side in (("default", "right"), ("even", "left")):
        footer = docx.footer(kind)
        para = footer.xpath("w:p", namespaces=NS)[0]
        assert val(para, "w:pPr/w:jc") == side
        assert int(val(para, "w:pPr/w:ind", side)) == 280
        assert text_of(para) == "— 1 —"
        assert para.xpath("w:r/w:instrText", namespaces=NS)[0].text.strip() == "PAGE"
        assert [f.get(w("fldCharType")) for f in para.xpath("w:r/w:fldChar", namespaces=NS)] == [
            "begin",
            "separate",
            "end",
        ]
        fonts = para.xpath("w:r/w:rPr/w:rFonts/@w:eastAsia", namespaces=NS)
        sizes = para.xpath("w:r/w:rPr/w:sz/@w:val", namespaces=NS)
        assert set(fonts) == {"宋体"}
        assert set(sizes) == {"28"}


def test_budget_table_is_a_word_table_with_single_spacing(docx: Docx, example_report: Report) -> None:
    tables = docx.document.xpath("/w:document/w:body/w:tbl", namespaces=NS)
    assert len(tables) == 1
    table = tables[0]
    rows = [[text_of(c) for c in tr.xpath("w:tc", namespaces=NS)] for tr in table.xpath("w:tr", namespaces=NS)]
    budget = next(s for s in example_report.sections if s.tables)
    assert rows == budget.tables[0].rows
    assert rows[0] == ["项目", "预算数", "实际数", "执行率（控制率）"]
    assert {r[0] for r in rows} >= {"收入合计", "支出合计", "其中：基本支出", "项目支出", "“三公”经费"}
    cell_style = docx.style("Table Text")
    assert val(cell_style, "w:pPr/w:spacing", "lineRule") == "auto"
    assert val(cell_style, "w:pPr/w:spacing", "line") == "240"
    assert val(cell_style, "w:pPr/w:snapToGrid") == "0"
    assert val(cell_style, "w:pPr/w:ind", "firstLine") == "0"
    styles = set(table.xpath(".//w:p/w:pPr/w:pStyle/@w:val", namespaces=NS))
    assert styles == {"TableText"}
    assert table.xpath("w:tr[1]/w:trPr/w:tblHeader", namespaces=NS)
    caption = table.getprevious()
    assert text_of(caption) == "单位：万元"


def test_document_properties_name_title_and_unit(docx: Docx, example_report: Report) -> None:
    assert docx.core.findtext("dc:title", namespaces=NS) == example_report.title
    assert docx.core.findtext("dc:creator", namespaces=NS) == "湘江市清河区政协机关"
    assert docx.core.findtext("cp:lastModifiedBy", namespaces=NS) == "湘江市清河区政协机关"
    assert "python-docx" not in (docx.core.findtext("dc:description", namespaces=NS) or "")
    assert "docProps/thumbnail.jpeg" not in docx.names


def test_font_names_are_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_FONT_BODY", "仿宋")
    monkeypatch.setenv("JIXIAO_FONT_HEADING2", "楷体")
    monkeypatch.setenv("JIXIAO_FONT_TITLE", "宋体")
    path = tmp_path / "s.docx"
    write_docx(small_report(), path, Layout())
    out = Docx(path)
    assert val(out.style("Normal"), "w:rPr/w:rFonts", "eastAsia") == "仿宋"
    assert val(out.style("heading 2"), "w:rPr/w:rFonts", "eastAsia") == "楷体"
    assert val(out.style("Title"), "w:rPr/w:rFonts", "eastAsia") == "宋体"
    preamble = out.paragraphs()[1]
    assert val(preamble, "w:r/w:rPr/w:rFonts", "eastAsia") == "仿宋"
