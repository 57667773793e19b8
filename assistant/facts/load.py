"""Reading facts files (YAML or JSON) and turning every problem into a Chinese message with its field path.

Staff edit these files by hand, so a mistake must say where it is ("预算.支出.基本支出：…") and what is
wrong in words they use; a Python traceback or an English pydantic message helps nobody.
"""

from __future__ import annotations

import codecs
import difflib
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from assistant.facts import schema
from assistant.facts.errors import FactsError
from assistant.facts.model import Facts
from assistant.facts.parse import parse_json, parse_yaml
from assistant.facts.schema import format_path
from assistant.facts.text_figures import text_figure_conflicts
from assistant.limits import MIB, excerpt, limits
from assistant.os_reasons import os_reason

_MESSAGES: dict[str, str] = {
    "missing": "必须填写",
    "extra_forbidden": "不是可识别的字段",
    "int_parsing": "应为整数，请用阿拉伯数字",
    "int_from_float": "应为整数，不能有小数",
    "int_type": "应为整数",
    "decimal_parsing": "应为数字，请用阿拉伯数字，不带单位",
    "decimal_type": "应为数字",
    "float_parsing": "应为数字",
    "string_type": "应为文字",
    "bool_parsing": "应为 是/否（true/false）",
    "bool_type": "应为 是/否（true/false）",
    "list_type": "应为列表（每项以“- ”开头）",
    "model_type": "应为一组字段（键: 值）",
    "dict_type": "应为一组字段（键: 值）",
    "model_attributes_type": "应为一组字段（键: 值）",
    "finite_number": "应为有限的数字（不能是 NaN 或无穷大）",
    "float_type": "应为数字",
    "decimal_whole_digits": "整数部分位数过多",
    "int_too_big": "数字过大",
    "string_too_long": "文字过长",
    "too_long": "项数过多",
    "recursion_loop": "内容引用了自身",
}


def describe_error(err: ErrorDetails) -> str:
    """One Chinese line for one pydantic error: the field in words (``schema.path_words``), a colon, what is wrong.

    A field that must be filled is named after its place: "第2个主题的第2项，第1个数据：缺少名称".
    """
    path = format_path(err["loc"])
    ctx = err.get("ctx") or {}
    kind = err["type"]
    given = excerpt(err.get("input"))
    if kind == "value_error":
        message = excerpt(str(ctx.get("error", "取值无效")), 200)
    elif kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        message = "不能为负数" if str(bound) == "0" else f"不能小于 {bound}（填写的是 {given}）"
    elif kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        message = f"不能大于 {bound}（填写的是 {given}）"
    elif kind == "decimal_max_places":
        message = f"最多保留 {ctx.get('decimal_places')} 位小数（填写的是 {given}）"
    elif kind == "decimal_max_digits":
        message = f"数字位数过多，最多 {ctx.get('max_digits')} 位（填写的是 {given}）"
    elif kind == "literal_error":
        message = f"只能是 {excerpt(ctx.get('expected', ''), 200)} 之一（填写的是 {given}）"
    elif kind == "extra_forbidden":
        message = _MESSAGES[kind] + _suggestion(err["loc"])
    elif kind == "missing" and "." in path:
        parent, _, leaf = path.rpartition(".")
        return f"{schema.path_words(parent)}：缺少{leaf}"
    else:
        message = _MESSAGES.get(kind, f"填写有误（填写的是 {given}）")
    if kind in ("int_parsing", "decimal_parsing", "float_parsing", "string_type", "int_from_float", "finite_number"):
        message = f"{message}（填写的是“{given}”）"
    return f"{schema.path_words(path)}：{message}" if path else message


def _suggestion(loc: Sequence[int | str]) -> str:
    """For a misspelt key, the closest key the model knows at that place: 年份 → 年度."""
    parent = format_path(loc[:-1])
    try:
        model = schema.field_at(parent).model if parent else Facts
    except schema.UnknownFactPath:
        return ""
    if model is None:
        return ""
    names = [f.alias or k for k, f in model.model_fields.items()]
    close = difflib.get_close_matches(excerpt(loc[-1]), names, n=1, cutoff=0.3)
    return f"，是否应为“{close[0]}”？" if close else f"，此处可填写：{'、'.join(names)}"


def parse_facts(data: Any, source: str = "事实") -> Facts:
    """Validate already-parsed data; raise FactsError listing every problem at once."""
    if data is None:
        raise FactsError(source, ["文件是空的，没有任何事实"])
    if not isinstance(data, dict):
        raise FactsError(source, ["顶层应为一组字段（如 单位:、预算:），而不是列表或单个值"])
    try:
        facts = Facts.model_validate(data)
    except ValidationError as exc:
        problems = [describe_error(e) for e in exc.errors(include_url=False)]
        shown = limits().findings_per_rule
        if len(problems) > shown:
            problems = [*problems[:shown], f"……另有 {len(problems) - shown} 处问题未列出"]
        raise FactsError(source, problems) from None
    conflicts = text_figure_conflicts(facts)
    if conflicts:
        raise FactsError(source, conflicts)
    return facts


def load_facts(path: str | Path) -> Facts:
    """Read a .yaml/.yml/.json facts file; any failure becomes a FactsError, never a traceback.

    The file is bounded before it is parsed (size), while it is parsed (nesting, aliases, digits,
    duplicate keys) and before it is validated (values with every alias expanded): see ``assistant.limits``.
    """
    p = Path(path)
    name = p.name
    suffix = p.suffix.lower()
    if suffix not in (".json", ".yaml", ".yml"):
        raise FactsError(name, [f"不支持的文件类型“{excerpt(p.suffix or '无扩展名')}”，请使用 .yaml 或 .json"])
    text = decode_facts(read_bounded(p, limits().facts_bytes, "事实文件"), name)
    data = parse_json(text, name) if suffix == ".json" else parse_yaml(text, name)
    return parse_facts(data, name)


def read_bounded(path: Path, max_bytes: int, kind: str) -> bytes:
    """The bytes of ``path`` after the checks every reader needs, each with its own Chinese reason."""
    name = path.name
    try:
        info = path.stat()
    except OSError as exc:
        raise FactsError(name, [os_reason(exc)]) from None
    if not stat.S_ISREG(info.st_mode):
        raise FactsError(name, ["不是文件"])
    if info.st_size > max_bytes:
        raise FactsError(name, [f"文件过大（{info.st_size / MIB:.1f} MB），{kind}不能超过 {max_bytes / MIB:g} MB"])
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise FactsError(name, [os_reason(exc)]) from None
    if len(raw) > max_bytes:
        raise FactsError(name, [f"文件过大，{kind}不能超过 {max_bytes / MIB:g} MB"])
    return raw


def decode_facts(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030; anything else is refused."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise FactsError(name, ["UTF-16 编码有误，请另存为 UTF-8"]) from None
    if b"\x00" in raw:
        raise FactsError(name, ["不是文本文件（含二进制内容），请使用 .yaml 或 .json 事实文件"])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            raise FactsError(name, ["无法识别文件编码，请保存为 UTF-8"]) from None


def facts_to_data(facts: Facts) -> dict[str, Any]:
    """Facts as plain data with the Chinese keys of a facts file, leaving out what was never entered."""
    return facts.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
