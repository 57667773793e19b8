"""GB/T 15834 punctuation inside the text: half-width marks in Chinese, unpaired brackets and quotes,
doubled marks, and the 六角括号 of a document number (GB/T 9704).

Half-width marks are reported once per line with every fix attached: a pasted paragraph can hold dozens,
and one finding a line is what a reviewer can read.
"""

from __future__ import annotations

import re

from assistant.checker.hits import Edit, Hit

_CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e“”‘’…—]")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_URL = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+")
_DOC_NUMBER = re.compile(r"[\[【(（［]((?:19|20)[0-9]{2})[\]】)）］]([0-9]{1,4}号)")
_ISSUER = re.compile(r"[\u4e00-\u9fff]{1,8}$")
_REPEATED = re.compile(r"([，。；：、！？])\1+|[，；：、][。；：]|。[，；：、]")

_HALF_MARKS = re.compile(r"[,;:?!]")
_PARENS = re.compile(r"[()]")
_BRACKETS = re.compile(r"[（(《“‘【〔）)》”’】〕]")
_OPEN = {"（": "paren", "(": "paren", "《": "book", "“": "quote", "‘": "squote", "【": "lent", "〔": "tort"}
_CLOSE = {"）": "paren", ")": "paren", "》": "book", "”": "quote", "’": "squote", "】": "lent", "〕": "tort"}


def _chinese_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and _CHINESE.match(text[i]) is not None


def _in_context(text: str, i: int) -> bool:
    return _chinese_at(text, i - 1) or _chinese_at(text, i + 1)


def _skipped(text: str) -> list[tuple[int, int]]:
    """URLs, and document numbers (which ``doc_number`` reports and fixes as a whole)."""
    return [m.span() for m in _URL.finditer(text)] + [(h.start, h.end) for h in doc_number(text, None)]


def _paren_edits(text: str, skip: list[tuple[int, int]]) -> list[Edit]:
    """Half-width ( ) in Chinese text, converted as pairs so a fix never leaves a mixed pair behind."""
    edits: list[Edit] = []
    stack: list[int] = []
    for m in _PARENS.finditer(text):
        i, ch = m.start(), m.group(0)
        if any(a <= i < b for a, b in skip):
            continue
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            start = stack.pop() if stack else None
            inner = text[start + 1 : i] if start is not None else ""
            chinese = (
                _in_context(text, i) or (start is not None and _in_context(text, start)) or bool(_CHINESE.search(inner))
            )
            if chinese:
                edits.append(Edit(i, i + 1, "）"))
                if start is not None:
                    edits.append(Edit(start, start + 1, "（"))
    edits.extend(Edit(i, i + 1, "（") for i in stack if _in_context(text, i))
    return edits


def _quote_edits(text: str, mark: str, left: str, right: str) -> list[Edit]:
    if mark not in text:
        return []
    places = [i for i, ch in enumerate(text) if ch == mark]
    if not places or len(places) % 2 or not any(_in_context(text, i) for i in places):
        return []
    return [Edit(i, i + 1, left if n % 2 == 0 else right) for n, i in enumerate(places)]


def half_width(text: str, year: int | None) -> list[Hit]:
    skip = _skipped(text)
    edits = [
        Edit(m.start(), m.end(), _HALF_TO_FULL[m.group(0)])
        for m in _HALF_MARKS.finditer(text)
        if _in_context(text, m.start()) and not any(a <= m.start() < b for a, b in skip)
    ]
    edits += _paren_edits(text, skip)
    edits += _quote_edits(text, '"', "“", "”") + _quote_edits(text, "'", "‘", "’")
    stripped = text.rstrip()
    if stripped.endswith(".") and _chinese_at(stripped, len(stripped) - 2):
        edits.append(Edit(len(stripped) - 1, len(stripped), "。"))
    if not edits:
        return []
    edits.sort(key=lambda e: e.start)
    chars = "".join(dict.fromkeys(f"“{text[e.start]}”" for e in edits))
    return [Hit("punctuation.half-width", edits[0].start, edits[-1].end, {"chars": chars}, tuple(edits))]


def unpaired(text: str, year: int | None) -> list[Hit]:
    """The first bracket or quote of the line that has no partner (one finding a line is enough to look)."""
    stack: list[tuple[str, int]] = []
    for m in _BRACKETS.finditer(text):
        i, ch = m.start(), m.group(0)
        if ch in _OPEN:
            stack.append((_OPEN[ch], i))
        elif ch in _CLOSE:
            family = _CLOSE[ch]
            if stack and stack[-1][0] == family:
                stack.pop()
            elif any(f == family for f, _ in stack):
                _, at = stack[-1]
                return [Hit("punctuation.unpaired", at, at + 1, {"char": text[at]})]
            else:
                return [Hit("punctuation.unpaired", i, i + 1, {"char": ch})]
    if stack:
        _, at = stack[0]
        return [Hit("punctuation.unpaired", at, at + 1, {"char": text[at]})]
    quotes = [i for i, ch in enumerate(text) if ch == '"'] if '"' in text else []
    if len(quotes) % 2:
        return [Hit("punctuation.unpaired", quotes[-1], quotes[-1] + 1, {"char": '"'})]
    return []


def repeated(text: str, year: int | None) -> list[Hit]:
    hits: list[Hit] = []
    for m in _REPEATED.finditer(text):
        same = m.group(1) is not None
        right = m.group(1) if same else ""
        edits = (Edit(m.start(), m.end(), right),) if same else ()
        hits.append(Hit("punctuation.repeated", m.start(), m.end(), {"text": m.group(0), "right": right}, edits))
    return hits


def doc_number(text: str, year: int | None) -> list[Hit]:
    """A year in brackets right after an issuer's abbreviation ("湘财绩[2020]7号"): a document number."""
    hits: list[Hit] = []
    for m in _DOC_NUMBER.finditer(text):
        issuer = _ISSUER.search(text, max(0, m.start() - 8), m.start())
        if issuer is None:
            continue
        right = f"〔{m.group(1)}〕{m.group(2)}"
        params = {"text": issuer.group(0) + m.group(0), "right": issuer.group(0) + right}
        hits.append(Hit("punctuation.doc-number", m.start(), m.end(), params, (Edit(m.start(), m.end(), right),)))
    return hits
