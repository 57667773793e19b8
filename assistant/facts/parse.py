"""YAML and JSON text to plain data, bounded: a hostile file is refused while it is parsed, never after.

``yaml.safe_load`` and ``json.loads`` trust their input: a few hundred bytes of nested aliases expand to
gigabytes when validated, a thousand brackets overflow the stack, a five-thousand-digit integer raises
``ValueError`` and a repeated key silently replaces the first. Here the YAML composer counts aliases and
nesting as it goes, the composed document is measured with every alias expanded before anything is built
from it, numbers are bounded by their digits, and a key given twice is refused with both lines. Every
refusal is one Chinese line with a line number (see ``assistant.limits`` for the bounds).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assistant.facts.errors import FactsError
from assistant.limits import excerpt, limits

_MERGE_TAG = "tag:yaml.org,2002:merge"
_DIGIT_RUN = re.compile(r"\d+")


class _Refused(Exception):
    """A bound was crossed while parsing; the message is the Chinese line shown to the user."""


def _too_many_digits(count: int) -> str:
    return f"数字位数过多（{count} 位），事实文件中的数字最多 {limits().number_digits} 位"


def _digits(text: str) -> int:
    return sum(len(run) for run in _DIGIT_RUN.findall(text))


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with a bound on aliases, nesting, digits, and no silent duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        line = self.peek_event().start_mark.line + 1  # type: ignore[no-untyped-call]
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > limits().yaml_aliases:
                raise _Refused(
                    f"第 {line} 行：别名（*引用）超过 {limits().yaml_aliases} 处；事实文件不需要这么多引用，"
                    "请直接写出各项内容"
                )
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > limits().nesting_depth:
            raise _Refused(f"第 {line} 行：嵌套超过 {limits().nesting_depth} 层，不像是事实文件")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _MERGE_TAG:
                continue
            line = key_node.start_mark.line + 1
            if key_node.value in seen:
                first = seen[key_node.value]
                raise _Refused(
                    f"第 {first} 行和第 {line} 行重复填写了“{excerpt(key_node.value)}”："
                    "后一处会整个替换前一处，请合并为一处"
                )
            seen[key_node.value] = line
        return super().construct_mapping(node, deep=deep)

    def bounded_number(self, node: ScalarNode) -> Any:
        count = _digits(str(node.value))
        if count > limits().number_digits:
            raise _Refused(f"第 {node.start_mark.line + 1} 行：{_too_many_digits(count)}")
        constructor = yaml.SafeLoader.yaml_constructors[node.tag]
        return constructor(self, node)


_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _BoundedLoader.bounded_number)
_BoundedLoader.add_constructor("tag:yaml.org,2002:float", _BoundedLoader.bounded_number)


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _check_expanded(root: Node) -> None:
    """Refuse a document whose values, with every alias expanded, exceed ``facts_nodes`` (or that refers to itself).

    Each distinct node is measured once, so this is linear in the file even when the expansion is not.
    """
    cap = limits().facts_nodes
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            size = 1 + sum(sizes[id(child)] for child in _children(node))
            if size > cap:
                raise _Refused(f"第 {node.start_mark.line + 1} 行起：别名展开后超过 {cap} 项内容，不像是事实文件")
            sizes[key] = size
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise _Refused(f"第 {node.start_mark.line + 1} 行：别名引用了包含它自己的内容，无法展开")
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "此处不能出现“键: 值”（冒号后缺空格、缩进不对，或文字中的冒号未加引号）"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的引号没有闭合"),
    ("cannot start any token", "含有不能出现在此处的字符（如制表符 Tab，请改用空格缩进）"),
    ("found unexpected end of stream", "文件在引号或括号闭合之前就结束了（引号没有闭合？）"),
    ("found unknown escape character", "双引号中有无法识别的转义符“\\”"),
    ("did not find expected key", "缩进不一致，或列表项缺少“- ”"),
    ("did not find expected node content", "缺少应有的值"),
    ("did not find expected ',' or ']'", "方括号 [ ] 中缺少逗号或右括号"),
    ("did not find expected ',' or '}'", "花括号 { } 中缺少逗号或右括号"),
    ("expected <block end>", "缩进不一致"),
    ("found undefined alias", "使用了未定义的别名（*引用）"),
    ("found duplicate anchor", "同一个锚点（&名称）定义了两次"),
    ("could not determine a constructor", "使用了不支持的标记（!标记），事实文件只能包含文字、数字和列表"),
    ("found unhashable key", "字段名不能是列表或一组字段"),
    ("expected a single document", "文件中有多个文档（“---”分隔），事实文件只能有一个"),
    ("found character '\\t'", "含有制表符（Tab），请改用空格缩进"),
)


def _yaml_reason(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列，" if mark is not None else ""
    problem = str(getattr(exc, "problem", None) or "")
    if isinstance(exc, yaml.reader.ReaderError):
        return f"YAML 格式错误：第 {exc.position + 1} 个字符处含有不允许的控制字符"
    if "'\\t'" in problem or "\\t" in problem:
        return f"YAML 格式错误：{where}含有制表符（Tab），请改用空格缩进"
    for english, chinese in _YAML_PROBLEMS:
        if english in problem:
            return f"YAML 格式错误：{where}{chinese}"
    return f"YAML 格式错误：{where}无法解析（请检查缩进、冒号和引号）"


def parse_yaml(text: str, name: str) -> Any:
    """The data of a YAML facts file, or FactsError with one Chinese line."""
    try:
        loader = _BoundedLoader(text)
    except yaml.YAMLError as exc:
        raise FactsError(name, [_yaml_reason(exc)]) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expanded(node)
        return loader.construct_document(node)
    except _Refused as exc:
        raise FactsError(name, [f"YAML 内容被拒绝：{exc}"]) from None
    except yaml.YAMLError as exc:
        raise FactsError(name, [_yaml_reason(exc)]) from None
    except (ValueError, TypeError, OverflowError):
        # PyYAML builds dates and numbers with Python's constructors; a 2023-02-30 ends here.
        raise FactsError(name, ["YAML 格式错误：有无法读取的值（如不存在的日期），请加引号写成文字"]) from None
    finally:
        loader.dispose()


_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:]')


def _scan_json(text: str) -> list[str]:
    """Nesting and repeated keys of a JSON text, found in one linear pass before ``json.loads`` recurses."""
    stack: list[dict[str, int] | None] = []
    duplicates: list[str] = []
    line, last = 1, 0
    previous: re.Match[str] | None = None
    for token in _JSON_TOKEN.finditer(text):
        kind = token.group(0)
        if kind in "{[":
            line += text.count("\n", last, token.start())
            last = token.start()
            if len(stack) >= limits().nesting_depth:
                raise _Refused(f"第 {line} 行：嵌套超过 {limits().nesting_depth} 层，不像是事实文件")
            stack.append({} if kind == "{" else None)
        elif kind in "}]":
            if stack:
                stack.pop()
        elif kind == ":" and previous is not None and previous.group(0).startswith('"') and stack:
            keys = stack[-1]
            if keys is not None:
                line += text.count("\n", last, previous.start())
                last = previous.start()
                key = previous.group(0)[1:-1]
                if key in keys:
                    first = keys[key]
                    duplicates.append(
                        f"第 {first} 行和第 {line} 行重复填写了“{excerpt(key)}”：后一处会整个替换前一处，请合并为一处"
                    )
                keys.setdefault(key, line)
        previous = token
    return duplicates


_JSON_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("Expecting property name", "应为用双引号括起的字段名（最后一项后不能有逗号）"),
    ("Expecting ':' delimiter", "字段名后缺少冒号“:”"),
    ("Expecting ',' delimiter", "缺少逗号“,”"),
    ("Expecting value", "缺少值，或值的写法不对（文字要用双引号）"),
    ("Unterminated string", "引号没有闭合"),
    ("Invalid control character", "引号中有换行或控制字符"),
    ("Invalid \\escape", "引号中有无法识别的转义符“\\”"),
    ("Invalid \\uXXXX escape", "引号中有无法识别的 \\u 转义"),
    ("Extra data", "内容结束后还有多余的文字"),
)


def _json_reason(exc: json.JSONDecodeError) -> str:
    reason = next((chinese for english, chinese in _JSON_PROBLEMS if exc.msg.startswith(english)), "无法解析")
    return f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列，{reason}"


def _bounded(convert: Callable[[str], Any], text: str) -> Callable[[str], Any]:
    def parse(literal: str) -> Any:
        count = _digits(literal)
        if count > limits().number_digits:
            found = re.search(rf"\d{{{limits().number_digits + 1},}}", text)
            line = text.count("\n", 0, found.start()) + 1 if found else None
            where = f"第 {line} 行：" if line else ""
            raise _Refused(f"{where}{_too_many_digits(count)}")
        return convert(literal)

    return parse


def parse_json(text: str, name: str) -> Any:
    """The data of a JSON facts file, or FactsError with one Chinese line per problem."""
    try:
        duplicates = _scan_json(text)
        data = json.loads(text, parse_int=_bounded(int, text), parse_float=_bounded(float, text))
    except _Refused as exc:
        raise FactsError(name, [f"JSON 内容被拒绝：{exc}"]) from None
    except json.JSONDecodeError as exc:
        raise FactsError(name, [_json_reason(exc)]) from None
    except RecursionError:
        raise FactsError(name, [f"JSON 内容被拒绝：嵌套超过 {limits().nesting_depth} 层，不像是事实文件"]) from None
    if duplicates:
        raise FactsError(name, duplicates)
    return data
