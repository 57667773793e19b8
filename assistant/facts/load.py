"""Reading facts files (YAML or JSON) and turning every problem into a Chinese message with its field path.

Staff edit these files by hand, so a mistake must say where it is ("预算.支出.基本支出：…") and what is
wrong in words they use; a Python traceback or an English pydantic message helps nobody.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from assistant.facts.model import Facts

MAX_FACTS_BYTES = 5 * 1024 * 1024


class FactsError(Exception):
    """A facts file that cannot be used; ``problems`` holds one Chinese line per problem."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}：" + "；".join(problems))


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
}


def describe_error(err: ErrorDetails) -> str:
    """One Chinese line for one pydantic error: the field path, a colon, what is wrong."""
    path = format_path(err["loc"])
    ctx = err.get("ctx") or {}
    kind = err["type"]
    if kind == "value_error":
        message = str(ctx.get("error", err["msg"]))
    elif kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        message = "不能为负数" if str(bound) == "0" else f"不能小于 {bound}（填写的是 {err['input']}）"
    elif kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        message = f"不能大于 {bound}（填写的是 {err['input']}）"
    elif kind == "decimal_max_places":
        message = f"最多保留 {ctx.get('decimal_places')} 位小数（填写的是 {err['input']}）"
    elif kind == "decimal_max_digits":
        message = f"数字位数过多（填写的是 {err['input']}）"
    elif kind == "literal_error":
        message = f"只能是 {ctx.get('expected', '')} 之一（填写的是 {err['input']}）"
    elif kind == "extra_forbidden":
        message = _MESSAGES[kind] + _suggestion(err["loc"])
    else:
        message = _MESSAGES.get(kind, err["msg"])
    if kind in ("int_parsing", "decimal_parsing", "float_parsing", "string_type", "int_from_float"):
        message = f"{message}（填写的是“{err['input']}”）"
    return f"{path}：{message}" if path else message


def _suggestion(loc: Sequence[int | str]) -> str:
    """For a misspelt key, the closest key the model knows at that place: 年份 → 年度."""
    model: type[BaseModel] = Facts
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = next((f for k, f in model.model_fields.items() if f.alias == part or k == part), None)
        inner = _model_of(info.annotation) if info is not None else None
        if inner is None:
            return ""
        model = inner
    names = [f.alias or k for k, f in model.model_fields.items()]
    close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.3)
    return f"，是否应为“{close[0]}”？" if close else f"，此处可填写：{'、'.join(names)}"


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as ``Unit`` or ``list[Theme]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def format_path(loc: Sequence[int | str]) -> str:
    """("预算", "支出", "项目支出", "项目", 2, "支出数") → "预算.支出.项目支出.项目[第3项].支出数"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[第{part + 1}项]"
        else:
            out += ("." if out else "") + part
    return out


def parse_facts(data: Any, source: str = "事实") -> Facts:
    """Validate already-parsed data; raise FactsError listing every problem at once."""
    if data is None:
        raise FactsError(source, ["文件是空的，没有任何事实"])
    if not isinstance(data, dict):
        raise FactsError(source, ["顶层应为一组字段（如 单位:、预算:），而不是列表或单个值"])
    try:
        return Facts.model_validate(data)
    except ValidationError as exc:
        raise FactsError(source, [describe_error(e) for e in exc.errors()]) from None


def load_facts(path: str | Path) -> Facts:
    """Read a .yaml/.yml/.json facts file; any failure becomes a FactsError, never a traceback."""
    p = Path(path)
    name = p.name
    if not p.exists():
        raise FactsError(name, ["文件不存在"])
    if not p.is_file():
        raise FactsError(name, ["不是文件"])
    if p.stat().st_size > MAX_FACTS_BYTES:
        raise FactsError(name, [f"文件过大（超过 {MAX_FACTS_BYTES // 1024 // 1024} MB），不像是事实文件"])
    raw = p.read_bytes()
    if b"\x00" in raw:
        raise FactsError(name, ["不是文本文件（含二进制内容），请使用 .yaml 或 .json 事实文件"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise FactsError(name, ["无法识别文件编码，请保存为 UTF-8"]) from None
    suffix = p.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FactsError(name, [f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}"]) from None
    elif suffix in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列，" if mark is not None else ""
            problem = getattr(exc, "problem", None) or "无法解析"
            raise FactsError(name, [f"YAML 格式错误：{where}{problem}"]) from None
    else:
        raise FactsError(name, [f"不支持的文件类型“{p.suffix or '无扩展名'}”，请使用 .yaml 或 .json"])
    return parse_facts(data, name)


def facts_to_data(facts: Facts) -> dict[str, Any]:
    """Facts as plain data with the Chinese keys of a facts file, leaving out what was never entered."""
    return facts.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
