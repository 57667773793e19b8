"""Word's automatic list numbering, turned back into the literal markers a reader sees.

python-docx gives a paragraph's text without its auto-number, so a report whose 一、/（一）/1. come from
Word's list feature would look unnumbered. This replays numbering.xml the way Word counts: one counter
per list instance and level, deeper levels restarting when a shallower one advances.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.importers.errors import ReportReadError
from assistant.limits import excerpt, limits
from assistant.report.model import chinese_number

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
NS = {"w": W_NS}
LEVELS = 9
_CHINESE_FORMATS = {
    "chineseCounting",
    "chineseCountingThousand",
    "japaneseCounting",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",
    "ideographDigital",
}
_LEGAL = "壹贰叁肆伍陆柒捌玖"


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str


@dataclass
class _Instance:
    levels: dict[int, _Level]
    counters: list[int | None] = field(default_factory=lambda: [None] * LEVELS)


def _val(element: Any, path: str, default: str = "") -> str:
    found = element.find(path, NS)
    if found is None:
        return default
    return str(found.get(f"{W}val", default))


ROMAN_MAX = 3999
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"))
_ROMAN_SMALL = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    """1 → I, 1994 → MCMXCIV; one step per symbol, for 0 < n ≤ ROMAN_MAX (larger numbers are written in digits)."""
    out = []
    for value, digits in (*_ROMAN, *_ROMAN_SMALL):
        count, n = divmod(n, value)
        out.append(digits * count)
    return "".join(out)


def list_start(text: str, default: int = 1) -> int:
    """A list's start value as Word bounds it (0 to 32767 by default); anything else is a damaged document."""
    bound = limits().list_start
    if not text:
        return default
    if not text.isdigit() or len(text) > len(str(bound)) or int(text) > bound:
        raise ReportReadError(f"列表编号的起始值“{excerpt(text, 20)}”超出 Word 的范围（0–{bound}），文档疑似损坏")
    return int(text)


def format_number(n: int, fmt: str) -> str:
    """One counter value in one of Word's number formats (the ones Chinese reports use, decimal otherwise)."""
    if fmt in _CHINESE_FORMATS and 0 < n < 100:
        return chinese_number(n)
    if fmt == "chineseLegalSimplified" and 0 < n < 10:
        return _LEGAL[n - 1]
    if fmt.startswith("decimalFullWidth"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt.startswith("decimalEnclosedCircle") and 0 < n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter") and 0 < n <= 26:
        letter = chr(ord("a") + n - 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < n <= ROMAN_MAX:
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class Numbering:
    """The list definitions of one document and the running counters of its list instances."""

    def __init__(self, numbering: Any | None) -> None:
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._instances: dict[str, _Instance] = {}
        if numbering is None:
            return
        for abstract in numbering.findall("w:abstractNum", NS):
            levels: dict[int, _Level] = {}
            for lvl in abstract.findall("w:lvl", NS):
                ilvl = int(lvl.get(f"{W}ilvl", "0"))
                levels[ilvl] = _Level(
                    start=list_start(_val(lvl, "w:start", "1")),
                    fmt=_val(lvl, "w:numFmt", "decimal"),
                    text=_val(lvl, "w:lvlText", ""),
                )
            self._abstract[str(abstract.get(f"{W}abstractNumId"))] = levels
        for num in numbering.findall("w:num", NS):
            levels = dict(self._abstract.get(_val(num, "w:abstractNumId"), {}))
            for override in num.findall("w:lvlOverride", NS):
                ilvl = int(override.get(f"{W}ilvl", "0"))
                start = _val(override, "w:startOverride")
                if start and ilvl in levels:
                    base = levels[ilvl]
                    levels[ilvl] = _Level(list_start(start), base.fmt, base.text)
            self._instances[str(num.get(f"{W}numId"))] = _Instance(levels)

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the list ``num_id`` at level ``ilvl`` and return the marker Word shows there ("" if none)."""
        instance = self._instances.get(num_id)
        if instance is None or ilvl not in instance.levels or not 0 <= ilvl < LEVELS:
            return ""
        level = instance.levels[ilvl]
        current = instance.counters[ilvl]
        instance.counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, LEVELS):
            instance.counters[deeper] = None
        if level.fmt in ("bullet", "none"):
            return ""
        text = level.text
        for k in range(LEVELS, 0, -1):
            placeholder = f"%{k}"
            if placeholder in text:
                ref = instance.levels.get(k - 1)
                value = instance.counters[k - 1]
                if value is None:
                    value = ref.start if ref else 1
                text = text.replace(placeholder, format_number(value, ref.fmt if ref else "decimal"))
        return text


def num_pr(element: Any) -> tuple[str, str] | None:
    """The (numId, ilvl) written in an element's ``w:pPr/w:numPr``; ilvl may be "" (not given)."""
    found = element.find("w:pPr/w:numPr", NS)
    if found is None:
        return None
    return _val(found, "w:numId"), _val(found, "w:ilvl")


class ParagraphStyles:
    """Paragraph styles by id, read once: python-docx resolves a paragraph's style by scanning every style."""

    def __init__(self, styles: Any | None) -> None:
        self._by_id: dict[str, Any] = {}
        self._default: str | None = None
        if styles is None:
            return
        for style in styles.findall("w:style", NS):
            if style.get(f"{W}type") != "paragraph":
                continue
            style_id = str(style.get(f"{W}styleId", ""))
            self._by_id[style_id] = style
            if style.get(f"{W}default") in ("1", "true", "on"):
                self._default = style_id

    def _chain(self, paragraph: Any) -> list[Any]:
        style_id = _val(paragraph, "w:pPr/w:pStyle") or self._default
        chain: list[Any] = []
        while style_id and style_id in self._by_id and len(chain) < 10:
            style = self._by_id[style_id]
            chain.append(style)
            style_id = _val(style, "w:basedOn")
        return chain

    def name(self, paragraph: Any) -> str:
        chain = self._chain(paragraph)
        return _val(chain[0], "w:name") if chain else ""

    def numbering(self, paragraph: Any) -> tuple[str, int] | None:
        """The list a paragraph is numbered with, directly or through its style chain; numId 0 means none."""
        direct = num_pr(paragraph)
        if direct is not None and direct[0]:
            return None if direct[0] == "0" else (direct[0], int(direct[1] or 0))
        for style in self._chain(paragraph):
            inherited = num_pr(style)
            if inherited is not None and inherited[0]:
                if inherited[0] == "0":
                    return None
                ilvl = (direct[1] if direct else "") or inherited[1]
                return inherited[0], int(ilvl or 0)
        return None
