"""Property tests: any input gives a result or one clear Chinese error, within a time bound, never a traceback.

Hypothesis writes the inputs: arbitrary text and bytes, and text built from the pieces hostile inputs
are made of (digit runs, heading markers, YAML anchors, brackets, '#', line breaks). Each example has
a deadline, so a regular expression or loop that turns quadratic fails here before it hangs a user.
"""

from __future__ import annotations

import json
import re
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assistant.checker import check_file, check_report
from assistant.export import ExportBlocked, ReadBackMismatch, export_report
from assistant.facts import Facts, FactsError, load_facts
from assistant.gate import FactBasis
from assistant.importers import ReportReadError, parse_text, read_report
from assistant.numbers import find_numerals, parse_chinese_number
from assistant.profiles import Profile, load_profile
from assistant.skeleton import SkeletonDrafter

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_TEXT = (ROOT / "facts" / "example.yaml").read_text(encoding="utf-8")
FAST = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

PIECES = [
    "1",
    "9" * 40,
    "1,234",
    "1.5",
    "%",
    "万元",
    "其中",
    "一、",
    "（一）",
    "1.",
    "（1）",
    "#",
    "## ",
    "\n",
    "率",
    "。",
    "，",
    ",",
    "【待补充",
    "】",
    "X",
    "2023年",
    "截至2020年末",
    "百分之",
    "五十三",
    "十四五",
    "其它",
    "今年",
    "“",
    "（",
    "|",
    "\t",
    "**",
    "\\",
    "\x00",
    "\ufeff",
]
hostile_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=60).map("".join)
any_text = st.text(max_size=400) | hostile_text


def _load(text: str | bytes, suffix: str) -> Facts | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"facts{suffix}"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            return load_facts(path)
        except FactsError as exc:
            assert exc.problems
            assert all(isinstance(p, str) and p and len(p) < 2000 for p in exc.problems)
            return None


YAML_PIECES = [
    "&a ",
    "*a",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "\n  ",
    "单位",
    "名称",
    "年度",
    "预算",
    '"',
    "'",
    "1e9",
    "9" * 30,
]
yaml_text = st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=4), max_size=80).map("".join)


@FAST
@given(text=any_text | yaml_text)
def test_any_yaml_text_loads_or_gives_chinese_lines(text: str) -> None:
    _load(text, ".yaml")


@FAST
@given(text=any_text | yaml_text)
def test_any_json_text_loads_or_gives_chinese_lines(text: str) -> None:
    _load(text, ".json")


@FAST
@given(data=st.binary(max_size=400))
def test_any_bytes_as_facts(data: bytes) -> None:
    _load(data, ".yaml")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["单位", "名称", "年度", "预算", "收入", "合计", "履职成效"]) | st.text(max_size=6),
            inner,
            max_size=4,
        )
    ),
    max_leaves=30,
)


@FAST
@given(data=json_values)
def test_any_json_document_loads_or_gives_chinese_lines(data: object) -> None:
    _load(json.dumps(data, ensure_ascii=False), ".json")


@FAST
@given(position=st.integers(min_value=0, max_value=len(EXAMPLE_TEXT)), insert=hostile_text | yaml_text)
def test_example_facts_with_anything_inserted(position: int, insert: str) -> None:
    _load(EXAMPLE_TEXT[:position] + insert + EXAMPLE_TEXT[position:], ".yaml")


@FAST
@given(text=any_text)
def test_number_finder_on_any_text(text: str) -> None:
    mentions = find_numerals(text)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
    for run in re.findall(r"[零〇一二两三四五六七八九十百千万亿]+", text):
        value = parse_chinese_number(run)
        assert value is None or value >= 0


@FAST
@given(digits=st.integers(min_value=1, max_value=200_000), unit=st.sampled_from(["", "%", "万元", ",", "."]))
def test_number_finder_is_linear_on_digit_runs(digits: int, unit: str) -> None:
    find_numerals("共" + "1" * digits + unit)


@FAST
@given(text=any_text)
def test_checker_on_any_text(text: str) -> None:
    findings = check_report(parse_text(text))
    assert all(f.message for f in findings)


@FAST
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".md", ".docx"]))
def test_importers_on_any_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report{suffix}"
        path.write_bytes(data)
        try:
            read_report(path)
        except ReportReadError as exc:
            assert str(exc) and "\n" not in str(exc)


@pytest.fixture(scope="module")
def department() -> Profile:
    return load_profile()


fact_text = st.lists(
    st.sampled_from(["一、", "（一）", "1.", "#", "## ", "\n", "八、附件", "，", "。", "12篇", "2023年", "学习"])
    | st.text(alphabet="协商监督提案委员工作成效明显按计划推进", min_size=1, max_size=6),
    min_size=1,
    max_size=12,
).map("".join)


@SLOW
@given(summary=fact_text, content=fact_text, title=fact_text)
def test_round_trip_export_check_implies_clean_check(
    example_facts: Facts, department: Profile, summary: str, content: str, title: str
) -> None:
    """For facts that validate: a .docx that passes the export check has no errors when checked again.

    An export may also be refused because the file would not read back as the report (an item titled "。");
    refusing is the gate doing its work, a file written anyway must check clean."""
    data = example_facts.model_copy(deep=True)
    data.summary = summary
    data.themes[0].items[0].text = content
    data.themes[0].items[0].title = title
    try:
        facts = Facts.model_validate(data.model_dump(by_alias=True))
    except ValueError:
        assume(False)
        return
    report, _ = SkeletonDrafter(facts, department).report()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "x.docx"
        try:
            export_report(report, target, basis=FactBasis(facts, department))
        except (ExportBlocked, ReadBackMismatch):
            assume(False)
            return
        errors = [f for f in check_file(target).findings if f.severity == "error"]
        assert not errors, [(f.rule, f.message, f.excerpt) for f in errors]


def test_quantities_beyond_the_digit_bound_never_reach_the_drafter(example_facts: Facts) -> None:
    data = example_facts.model_dump(by_alias=True, mode="json")
    data["履职成效"][0]["事项"][0]["数据"][0]["数值"] = str(Decimal("1E+100"))
    with pytest.raises(ValueError):
        Facts.model_validate(data)
