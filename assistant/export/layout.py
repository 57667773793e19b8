"""The GB/T 9704-2012 page layout: fixed figures of the standard, and the font names users may change.

The page geometry is the standard's and is not a setting. Font names are, because the official faces
(方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) are not installed everywhere: a user without them sets e.g.
``JIXIAO_FONT_BODY=仿宋`` rather than letting Word substitute a face of its own choosing.
"""

from __future__ import annotations

import math

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_PT = 20

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = 26
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
PAGE_NUMBER_GAP_MM = 7
"""The dashes around the page number sit this far below the text block."""

SIZE_ER_HAO = 22.0
SIZE_SAN_HAO = 16.0
SIZE_SI_HAO = 14.0
TITLE_SIZE = SIZE_ER_HAO
BODY_SIZE = SIZE_SAN_HAO
PAGE_NUMBER_SIZE = SIZE_SI_HAO
TABLE_SIZE = SIZE_SI_HAO
FOOTER_LINE_PT = 20.0
"""Exact height of the page-number line, so its position does not depend on the substitute font's metrics."""


def mm_to_twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


PAGE_WIDTH = mm_to_twips(PAGE_WIDTH_MM)
PAGE_HEIGHT = mm_to_twips(PAGE_HEIGHT_MM)
MARGIN_TOP = mm_to_twips(MARGIN_TOP_MM)
MARGIN_BOTTOM = mm_to_twips(MARGIN_BOTTOM_MM)
MARGIN_LEFT = mm_to_twips(MARGIN_LEFT_MM)
MARGIN_RIGHT = mm_to_twips(MARGIN_RIGHT_MM)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

LINE_PITCH = TEXT_HEIGHT // LINES_PER_PAGE
"""Exact line spacing in twips (579 = 28.95 pt): rounded down, or the 22nd line would not fit."""

CHAR_SPACING = math.floor(TEXT_WIDTH / CHARS_PER_LINE - BODY_SIZE * TWIPS_PER_PT)
"""Character spacing of 三号 text in twips (−5 = condensed by 0.25 pt): 28 characters at 16 pt are a little
wider than the 156 mm line. Word's character grid would do the same in Word, but LibreOffice lays a 16 pt
character on a 15.8 pt grid over two cells, so the spacing is set on the text itself."""

FOOTER_DISTANCE = MARGIN_BOTTOM - mm_to_twips(PAGE_NUMBER_GAP_MM) - round(FOOTER_LINE_PT * TWIPS_PER_PT / 2)
"""From the page's bottom edge to the bottom of the page-number line, so the dashes sit 7 mm below the text."""


class Layout(BaseSettings):
    """Font choices of the exported document; each can be set as ``JIXIAO_<FIELD>`` (e.g. JIXIAO_FONT_BODY=仿宋)."""

    model_config = SettingsConfigDict(env_prefix="JIXIAO_", env_file=".env", extra="ignore")

    font_title: str = Field("方正小标宋简体", min_length=1, description="标题字体（二号，居中）；没有时可用 宋体")
    font_body: str = Field("仿宋_GB2312", min_length=1, description="正文和表格字体（三号）；没有时可用 仿宋")
    font_heading1: str = Field("黑体", min_length=1, description="一级标题“一、”的字体，也用于表头")
    font_heading2: str = Field("楷体_GB2312", min_length=1, description="二级标题“（一）”的字体；没有时可用 楷体")
    font_heading3: str = Field(
        "仿宋_GB2312", min_length=1, description="三、四级标题“1.”“（1）”的字体；没有时可用 仿宋"
    )
    font_page_number: str = Field("宋体", min_length=1, description="页码“— 1 —”的字体（四号）")
    level3_bold: bool = Field(True, description="三级标题“1.标题。”是否加粗")
