"""Hostile or malformed facts files: each is refused with one short Chinese line, never a hang or a traceback.

These run in-process on files small enough to be safe; the corpus under tests/data/hostile/ runs the
same kinds of file through the CLI in a child process with a memory limit.
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

import pytest

from assistant.facts import FactsError, load_facts
from assistant.limits import limits

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "facts" / "example.yaml"
_LATIN_WORD = re.compile(r"[A-Za-z]{4,}")


def _problems(path: Path) -> list[str]:
    with pytest.raises(FactsError) as info:
        load_facts(path)
    problems = info.value.problems
    for line in problems:
        assert len(line) < 300, line
        assert not _LATIN_WORD.search(line.replace("YAML", "").replace("JSON", "").replace("UTF", "")), line
    return problems


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    lines.append("单位: *i")
    problems = _problems(_write(tmp_path, "bomb.yaml", "\n".join(lines)))
    assert any("别名" in p for p in problems), problems


def test_alias_heavy_but_valid_file_is_refused_by_expanded_size(tmp_path: Path) -> None:
    item = "{标题: t, 内容: c, 数据: [{名称: 立案, 数值: 1, 单位: 件}]}"
    lines = [f"_: &x [{', '.join([item] * 2000)}]", "履职成效:"]
    lines += [f"  - {{主题: t{i}, 事项: *x}}" for i in range(19)]
    problems = _problems(_write(tmp_path, "heavy.yaml", "\n".join(lines)))
    assert any("展开" in p for p in problems), problems


def test_few_aliases_still_load(tmp_path: Path) -> None:
    text = "单位: &u {名称: 测试局, 年度: 2023}\n总体评价: 好\n"
    assert load_facts(_write(tmp_path, "ok.yaml", text)).unit.name == "测试局"


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deep_nesting_is_refused(tmp_path: Path, suffix: str) -> None:
    depth = 5000
    text = "[" * depth + "]" * depth if suffix == ".json" else "a: " + "[" * depth + "]" * depth
    problems = _problems(_write(tmp_path, "deep" + suffix, text))
    assert any("嵌套" in p for p in problems), problems


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_huge_integer_is_refused(tmp_path: Path, suffix: str) -> None:
    digits = "9" * 5000
    text = f'{{"人员编制": {{"编制数": {digits}}}}}' if suffix == ".json" else f"人员编制:\n  编制数: {digits}\n"
    problems = _problems(_write(tmp_path, "big" + suffix, text))
    assert any("位数" in p for p in problems), problems


@pytest.mark.parametrize("value", ["1E+1000000", "1E+999999", "1e40"])
def test_huge_quantity_is_refused_by_validate(tmp_path: Path, value: str) -> None:
    item = f'{{名称: 立案, 数值: "{value}", 单位: 件}}'
    text = f"履职成效:\n  - 主题: t\n    事项:\n      - 标题: x\n        数据: [{item}]\n"
    problems = _problems(_write(tmp_path, "q.yaml", text))
    assert any("数值" in p for p in problems), problems


def test_duplicate_yaml_key_names_both_lines(tmp_path: Path) -> None:
    text = "单位:\n  名称: 甲局\n  年度: 2023\n  层级: 区县级\n预算: {}\n单位:\n  名称: 乙局\n"
    problems = _problems(_write(tmp_path, "dup.yaml", text))
    assert any("单位" in p and "第 1 行" in p and "第 6 行" in p for p in problems), problems


def test_duplicate_nested_yaml_key(tmp_path: Path) -> None:
    text = "单位:\n  名称: 甲局\n  名称: 乙局\n"
    problems = _problems(_write(tmp_path, "dup.yaml", text))
    assert any("名称" in p and "第 2 行" in p and "第 3 行" in p for p in problems), problems


def test_duplicate_json_key_names_both_lines(tmp_path: Path) -> None:
    text = '{\n "单位": {"名称": "甲局", "年度": 2023},\n "预算": {},\n "单位": {"名称": "乙局"}\n}\n'
    problems = _problems(_write(tmp_path, "dup.json", text))
    assert any("单位" in p and "第 2 行" in p and "第 4 行" in p for p in problems), problems


def test_same_key_in_different_objects_is_fine(tmp_path: Path) -> None:
    data = {"单位": {"名称": "甲局"}, "机构设置": {"内设机构": [{"名称": "办公室"}, {"名称": "财务科"}]}}
    assert load_facts(_write(tmp_path, "ok.json", json.dumps(data, ensure_ascii=False))).unit.name == "甲局"


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_json_amount_is_chinese(tmp_path: Path, value: str) -> None:
    problems = _problems(_write(tmp_path, "nan.json", f'{{"预算": {{"结转结余": {value}}}}}'))
    assert any(p.startswith("结转结余：") for p in problems), problems


@pytest.mark.parametrize("value", [".nan", ".inf"])
def test_non_finite_yaml_amount_is_chinese(tmp_path: Path, value: str) -> None:
    problems = _problems(_write(tmp_path, "nan.yaml", f"预算:\n  结转结余: {value}\n"))
    assert any(p.startswith("结转结余：") for p in problems), problems


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_utf16_facts_file_loads(tmp_path: Path, bom: bytes) -> None:
    encoding = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    path = tmp_path / "u16.yaml"
    path.write_bytes(bom + EXAMPLE.read_text(encoding="utf-8").encode(encoding))
    assert load_facts(path).unit.name == load_facts(EXAMPLE).unit.name


def test_huge_wrong_typed_value_is_not_echoed(tmp_path: Path) -> None:
    path = _write(tmp_path, "long.yaml", "人员编制:\n  编制数: " + "多" * 1_000_000 + "\n")
    problems = _problems(path)
    assert any(p.startswith("编制数：") for p in problems), problems
    assert sum(len(p) for p in problems) < 300


def test_symlink_loop_is_named(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.symlink_to(b)
    b.symlink_to(a)
    problems = _problems(a)
    assert any("循环" in p for p in problems), problems


@pytest.mark.skipif(__import__("os").geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_chinese(tmp_path: Path) -> None:
    path = _write(tmp_path, "secret.yaml", "单位: {}\n")
    path.chmod(0)
    problems = _problems(path)
    assert any("权限" in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("单位:\n  名称: a\n 年度: 2023\n", "第 3 行"),
        ("单位:\n\t名称: a\n", "制表符"),
        ('单位: {名称: "a}\n', "引号"),
        ("单位: *nope\n", "别名"),
    ],
)
def test_yaml_syntax_errors_are_chinese(tmp_path: Path, text: str, expected: str) -> None:
    problems = _problems(_write(tmp_path, "bad.yaml", text))
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [('{"单位": {"名称": "a",}}', "第 1 行"), ('{"单位" {"名称": "a"}}', "冒号"), ('{"单位": "a', "引号")],
)
def test_json_syntax_errors_are_chinese(tmp_path: Path, text: str, expected: str) -> None:
    problems = _problems(_write(tmp_path, "bad.json", text))
    assert any(expected in p for p in problems), problems


def _with_summary(tmp_path: Path, summary: str) -> Path:
    text = re.sub(r"(?m)^总体评价:.*$", f"总体评价: {summary}", EXAMPLE.read_text(encoding="utf-8"))
    return _write(tmp_path, "summary.yaml", text)


def test_false_amount_in_fact_text_is_an_error(tmp_path: Path) -> None:
    problems = _problems(_with_summary(tmp_path, "全年财政拨款收入9999.99万元，各项工作顺利完成"))
    assert any("总体评价" in p and "9999.99" in p and "1256.40" in p for p in problems), problems


@pytest.mark.parametrize(
    "summary",
    [
        "全年一般公共预算财政拨款收入1256.40万元，各项工作顺利完成",
        "财政拨款收入较上年增加100.00万元",
        "其他收入为30万元",
        "全年收入同比增长12.5%",
    ],
)
def test_true_or_unrelated_amount_in_fact_text_is_fine(tmp_path: Path, summary: str) -> None:
    assert load_facts(_with_summary(tmp_path, summary)).summary == summary


def test_limits_have_documented_defaults() -> None:
    fields = type(limits()).model_fields
    assert all(info.description for info in fields.values())
