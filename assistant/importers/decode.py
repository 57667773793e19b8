"""Bytes of a text report to str: UTF-8 (with or without BOM), GBK/GB18030, or whatever charset-normalizer finds.

Reports written on Chinese Windows are often GBK; a wrong guess would turn every character into noise
and every rule into a false alarm, so a file that decodes to control characters is refused instead.
"""

from __future__ import annotations

import codecs
import re

from assistant.importers.errors import ReportReadError

CONTROL_SHARE_LIMIT = 0.01
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _looks_like_text(text: str) -> bool:
    controls = len(_CONTROLS.findall(text))
    return "\x00" not in text and controls <= CONTROL_SHARE_LIMIT * max(len(text), 1)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return None if best is None else (str(best), best.encoding)


def decode_text(data: bytes, name: str) -> str:
    """The text of a report file; ``ReportReadError`` when it is not text in any encoding we know."""
    return decode_with_encoding(data, name)[0]


def decode_with_encoding(data: bytes, name: str) -> tuple[str, str]:
    """The text of a report file and the encoding to write it back in (``--fix`` keeps a GBK file GBK)."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = [(_strict(data[len(codecs.BOM_UTF8) :], "utf-8"), "utf-8-sig")]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [(_strict(data, "utf-16"), "utf-16")]
    elif b"\x00" in data:
        raise ReportReadError(f"{name}：不是文本文件（含二进制内容），请提供 .txt、.md 或 .docx 报告")
    else:
        candidates = [(_strict(data, "utf-8"), "utf-8"), (_strict(data, "gb18030"), "gb18030")]
    for text, encoding in candidates:
        if text is not None and _looks_like_text(text):
            return text, encoding
    guessed = _guess(data)
    if guessed is not None and _looks_like_text(guessed[0]):
        return guessed
    raise ReportReadError(f"{name}：无法识别文件编码，请另存为 UTF-8 编码的文本文件")
