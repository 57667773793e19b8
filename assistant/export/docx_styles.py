"""The paragraph styles and document defaults of the exported Word file.

python-docx's template is an English Word 2010 document: its styles take their faces from the theme
(``w:asciiTheme``…), its East Asian language is ``en-US`` and its headings are blue. Left as they are,
Word shows Chinese text in 等线 or MS Mincho whatever ``font.name`` says. So every style used here is
rewritten in full, with the East Asian face set through ``w:eastAsia``, and no theme font is left anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from assistant.export.layout import (
    BODY_SIZE,
    CHAR_SPACING,
    FOOTER_LINE_PT,
    LINE_PITCH,
    PAGE_NUMBER_SIZE,
    TABLE_SIZE,
    TITLE_SIZE,
    TWIPS_PER_PT,
    Layout,
)

LANG = "zh-CN"
LATIN_LANG = "en-US"
"""Language of Latin text and digits, as Chinese Word writes it: tagged zh-CN, LibreOffice breaks lines
inside numbers ("202" / "3年")."""
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
SINGLE = 240
"""Auto line spacing of one line, in 240ths."""


@dataclass(frozen=True)
class StyleRef:
    """A paragraph style by its UI name (what Word shows) and its id (what paragraphs refer to).

    Paragraphs are given the id directly: python-docx resolves a name by scanning every style of the
    template, which made that lookup most of the export's time.
    """

    name: str
    style_id: str


STYLE_NORMAL = StyleRef("Normal", "Normal")
STYLE_TITLE = StyleRef("Title", "Title")
STYLE_HEADING = {1: StyleRef("heading 1", "Heading1"), 2: StyleRef("heading 2", "Heading2")}
STYLE_TABLE_TEXT = StyleRef("Table Text", "TableText")
STYLE_TABLE_CAPTION = StyleRef("Table Caption", "TableCaption")
STYLE_FOOTER = StyleRef("Footer", "Footer")


def rpr_xml(font: str, size: float, *, bold: bool | None = None) -> str:
    """Run properties naming ``font`` for all four scripts, so Word never falls back to a theme face.

    三号 text is condensed slightly so that a line holds 28 characters.
    """
    half_points = round(size * 2)
    spacing = CHAR_SPACING if size == BODY_SIZE else 0
    weight = "" if bold is None else ("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    return (
        f"<w:rPr {nsdecls('w')}>"
        f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        f'{weight}<w:color w:val="000000"/><w:spacing w:val="{spacing}"/>'
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
        f'<w:lang w:val="{LATIN_LANG}" w:eastAsia="{LANG}" w:bidi="ar-SA"/>'
        "</w:rPr>"
    )


def ppr_xml(
    *,
    jc: str = "both",
    indent_chars: int = 2,
    size: float = BODY_SIZE,
    line: int | None = LINE_PITCH,
    grid: bool = True,
    keep_next: bool = False,
    outline_level: int | None = None,
    side_indent: tuple[int, int] = (0, 0),
    space_after: int = 0,
) -> str:
    """Paragraph properties in schema order; ``line`` None means single spacing, ``grid`` False leaves the grid.

    The first-line indent is written both in characters (what Word uses) and in twips (what older readers use).
    """
    left, right = side_indent
    spacing = (
        f'<w:spacing w:before="0" w:after="{space_after}" w:line="{line}" w:lineRule="exact"/>'
        if line is not None
        else f'<w:spacing w:before="0" w:after="{space_after}" w:line="{SINGLE}" w:lineRule="auto"/>'
    )
    first = round(indent_chars * size * TWIPS_PER_PT)
    indent = (
        f'<w:ind w:left="{left}" w:right="{right}" w:firstLineChars="{indent_chars * 100}" w:firstLine="{first}"/>'
        if indent_chars
        else f'<w:ind w:left="{left}" w:right="{right}" w:firstLineChars="0" w:firstLine="0"/>'
    )
    return (
        f"<w:pPr {nsdecls('w')}>"
        + ("<w:keepNext/>" if keep_next else "")
        + '<w:widowControl w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
        + ("" if grid else '<w:snapToGrid w:val="0"/>')
        + spacing
        + indent
        + f'<w:jc w:val="{jc}"/>'
        + ("" if outline_level is None else f'<w:outlineLvl w:val="{outline_level}"/>')
        + "</w:pPr>"
    )


def _set_props(element: Any, ppr: str | None, rpr: str) -> None:
    """Replace an element's pPr/rPr wholesale: a kept template attribute is how theme fonts sneak back."""
    for tag in ("w:pPr", "w:rPr"):
        for old in element.findall(qn(tag)):
            element.remove(old)
    if ppr is not None:
        element.append(parse_xml(ppr))
    element.append(parse_xml(rpr))


def _paragraph_style(document: Any, ref: StyleRef) -> Any:
    """The style element of ``ref``, added (based on Normal) when the template lacks it."""
    root = document.styles.element
    found = root.xpath(f"w:style[@w:styleId='{ref.style_id}']")
    if found:
        return found[0]
    style = document.styles.add_style(ref.name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), ref.style_id)
    style.base_style = document.styles["Normal"]
    return style.element


def _strip_theme_fonts(root: Any) -> None:
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in THEME_FONT_ATTRS:
            rfonts.attrib.pop(qn(attr), None)
        if not rfonts.attrib:
            rfonts.getparent().remove(rfonts)


def _drop_template_leftovers(document: Any) -> None:
    """Word 2010's second copy of the styles (theme fonts again) and the template's thumbnail picture."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            part.drop_rel(rid)
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]


def _document_settings(document: Any) -> None:
    settings = document.settings
    settings.odd_and_even_pages_header_footer = True
    for lang in settings.element.findall(qn("w:themeFontLang")):
        lang.set(qn("w:val"), LATIN_LANG)
        lang.set(qn("w:eastAsia"), LANG)


def apply_styles(document: Any, layout: Layout) -> None:
    """Set defaults, the styles the writer uses, the page grid's language and odd/even footers."""
    styles_root = document.styles.element
    _strip_theme_fonts(styles_root)
    defaults = styles_root.find(qn("w:docDefaults"))
    _set_props(defaults.find(qn("w:rPrDefault")), None, rpr_xml(layout.font_body, BODY_SIZE))
    ppr_default = defaults.find(qn("w:pPrDefault"))
    for old in list(ppr_default):
        ppr_default.remove(old)
    ppr_default.append(parse_xml(ppr_xml()))

    body = ppr_xml()
    specs: list[tuple[StyleRef, str, str]] = [
        (STYLE_NORMAL, body, rpr_xml(layout.font_body, BODY_SIZE, bold=False)),
        (
            STYLE_TITLE,
            ppr_xml(jc="center", indent_chars=0, size=TITLE_SIZE, grid=False, space_after=LINE_PITCH, keep_next=True),
            rpr_xml(layout.font_title, TITLE_SIZE, bold=False),
        ),
        (
            STYLE_HEADING[1],
            ppr_xml(keep_next=True, outline_level=0),
            rpr_xml(layout.font_heading1, BODY_SIZE, bold=False),
        ),
        (
            STYLE_HEADING[2],
            ppr_xml(keep_next=True, outline_level=1),
            rpr_xml(layout.font_heading2, BODY_SIZE, bold=False),
        ),
        (
            STYLE_TABLE_TEXT,
            ppr_xml(jc="center", indent_chars=0, size=TABLE_SIZE, line=None, grid=False),
            rpr_xml(layout.font_body, TABLE_SIZE, bold=False),
        ),
        (
            STYLE_TABLE_CAPTION,
            ppr_xml(jc="right", indent_chars=0, keep_next=True),
            rpr_xml(layout.font_body, TABLE_SIZE, bold=False),
        ),
        (
            STYLE_FOOTER,
            ppr_xml(jc="right", indent_chars=0, line=round(FOOTER_LINE_PT * TWIPS_PER_PT), grid=False),
            rpr_xml(layout.font_page_number, PAGE_NUMBER_SIZE, bold=False),
        ),
    ]
    for ref, ppr, rpr in specs:
        _set_props(_paragraph_style(document, ref), ppr, rpr)
    _drop_template_leftovers(document)
    _document_settings(document)


def grid_xml() -> str:
    """The page's line grid: 22 lines a page."""
    return f'<w:docGrid {nsdecls("w")} w:type="lines" w:linePitch="{LINE_PITCH}"/>'
