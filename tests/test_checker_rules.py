"""Every rule in rules.yaml with a report that must trip it and a near miss that must not.

Positive and negative cases are small edits of ``tests/data/reports/base.txt``, a complete report with
no findings, or short outlines for the numbering rules; each negative case is chosen to be close to the
mistake (a correct Chinese numeral, a URL comma, a sub-item after 其中 …) so a loose rule fails it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.checker import check_report, lexicon, rules
from assistant.importers import parse_text

BASE = (Path(__file__).parent / "data" / "reports" / "base.txt").read_text(encoding="utf-8")
BODY = "全年完成统计调查12项，数据上报及时率为100%。"
BUDGET = next(line for line in BASE.splitlines() if line.startswith("2021年度收入合计"))
NO_FIGURES = "收入和支出均按预算执行，基本支出、项目支出、人员经费、公用经费和“三公”经费均未超支。"


def swap(*pairs: str) -> str:
    text = BASE
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in text, old
        text = text.replace(old, new)
    return text


def body(sentence: str) -> str:
    return swap(BODY, sentence)


def outline(*lines: str) -> str:
    return "测试局2021年度部门整体支出绩效自评报告\n\n" + "\n".join(lines) + "\n"


def renumber_level_one(sep: str) -> str:
    return re.sub(r"^([一二三四五六七])、", rf"\g<1>{sep}", BASE, flags=re.MULTILINE)


TITLE = "测试局2021年度部门整体支出绩效自评报告"
CHAPTERS = [line for line in BASE.splitlines() if re.match(r"^[一二三四五六七]、", line)]


def with_toc(entries: list[str], heading: str = "目录") -> str:
    toc = ([heading] if heading else []) + [f"{entry}……{page}" for page, entry in enumerate(entries, start=1)]
    return BASE.replace(TITLE + "\n", TITLE + "\n\n" + "\n".join(toc) + "\n", 1)


CASES: list[tuple[str, str, str]] = [
    ("structure.gap", outline("一、甲", "正文。", "三、乙", "正文。"), outline("一、甲", "正文。", "二、乙", "正文。")),
    (
        "structure.duplicate",
        outline("一、甲", "正文。", "一、乙", "正文。"),
        outline("一、甲", "正文。", "二、乙", "正文。"),
    ),
    (
        "structure.order",
        outline("一、甲", "正文。", "二、乙", "正文。", "一、丙", "正文。"),
        outline("一、甲", "正文。", "二、乙", "正文。", "三、丙", "正文。"),
    ),
    (
        "structure.level-order",
        outline("一、甲", "1.子项。正文。", "（一）二级在后", "正文。"),
        outline("一、甲", "（一）二级在前", "正文。", "1.子项。正文。"),
    ),
    ("structure.level-skip", outline("一、甲", "（1）四级。正文。"), outline("一、甲", "1.三级。正文。")),
    (
        "structure.toc",
        with_toc([c.replace("资产管理情况", "国有资产管理情况") for c in CHAPTERS]),
        with_toc(CHAPTERS),
    ),
    ("structure.mixed-markers", swap("2.提升", "2、提升"), swap("1.完成", "1．完成", "2.提升", "2．提升")),
    (
        "required.section",
        swap("二、部门整体支出管理及使用情况", "二、收支分析"),
        swap("二、部门整体支出管理及使用情况", "二、部门预算执行情况"),
    ),
    (
        "required.recommended-section",
        swap("七、绩效自评结果拟应用和公开情况", "（二）结果应用"),
        swap("七、绩效自评结果拟应用和公开情况", "七、自评结果应用及公开情况"),
    ),
    ("required.money", swap(BUDGET, NO_FIGURES), swap(BUDGET, NO_FIGURES + "支出合计498.50万元。")),
    (
        "required.facts",
        swap("本局主要职能职责是负责全区统计工作。", "本局负责全区统计工作。"),
        swap("本局主要职能职责是负责全区统计工作。", "本局的职责是负责全区统计工作。"),
    ),
    ("required.empty", swap("截至2021年末资产总额120.00万元，其中固定资产80.00万元。", ""), BASE),
    (
        "required.measures",
        swap("原因是年中追加任务较多。", "原因是年中追加任务较多。\n\n（二）支出进度偏慢\n\n原因是施工周期长。"),
        swap(
            "原因是年中追加任务较多。",
            "原因是年中追加任务较多。\n\n（二）支出进度偏慢\n\n原因是施工周期长。",
            "减少年中调整。",
            "减少年中调整。\n\n（二）加快支出进度\n\n按月调度。",
        ),
    ),
    (
        "placeholder.marker",
        body("全年完成统计调查【待补充：项目数】项。"),
        body("全年完成统计调查12项【含专项调查】。"),
    ),
    ("placeholder.xx", body("全年完成统计调查XX项。"), body("全年完成3×4抽样方案，使用AXXB编码。")),
    ("placeholder.todo", body("TODO：补充调查数据。"), body("上线TODOLIST系统。")),
    (
        "punctuation.half-width",
        body("全年完成调查12项,数据及时上报。"),
        body("会议10:30开始，按1:1配套，网址http://a.gov.cn/a,b。"),
    ),
    ("punctuation.unpaired", body("开展“书香政协活动。"), body("开展“学党史·聚共识”和“‘七一’讲话”学习（含线上）。")),
    ("punctuation.repeated", body("全年完成调查12项。。"), body("全年完成调查、统计、上报……。")),
    ("punctuation.doc-number", body("根据湘财绩[2020]7号文件开展。"), body("根据湘财绩〔2020〕7号文件开展。")),
    ("punctuation.after-bracket-ordinal", swap("（一）", "（一）、"), BASE),
    (
        "punctuation.arabic-ordinal",
        swap("1.完成", "1、完成", "2.提升", "2、提升"),
        swap("1.完成", "1．完成", "2.提升", "2．提升"),
    ),
    ("punctuation.chinese-ordinal", renumber_level_one("．"), renumber_level_one("、")),
    ("punctuation.half-width-ordinal", swap("（一）", "(一)"), BASE),
    ("number.full-width-digit", body("全年完成统计调查１２项。"), body("全年完成统计调查12项，“十四五”开局良好。")),
    ("number.short-year", body("21年3月完成调查。"), body("从事统计工作21年，2021年3月完成调查。")),
    ("wording.lexicon", body("调查数据和其它资料。"), body("调查数据和其他资料，报名截止日期为3月1日。")),
    ("wording.relative-time", body("今年完成调查12项。"), body("以前年度结转资金已清理，2021年完成调查12项。")),
    ("consistency.rate", body("数据上报及时率为105%。"), body("数据上报及时率为100%，调查量增长率为120%。")),
    (
        "consistency.sum",
        swap("项目支出100.00万元", "项目支出200.00万元"),
        swap("项目支出100.00万元", "项目支出100.00万元（预算120.00万元）"),
    ),
    (
        "consistency.sum-short",
        swap("其中固定资产80.00万元", "其中房屋30.00万元、车辆20.00万元"),
        swap("其中固定资产80.00万元", "其中固定资产80.00万元、在用固定资产70.00万元"),
    ),
    (
        "consistency.sum-rounding",
        swap("项目支出100.00万元", "项目支出100.01万元"),
        swap("项目支出100.00万元", "项目支出100.00万元（较上年增加0.01万元）"),
    ),
    ("consistency.year", swap("现将2021年度", "现将2020年度"), body("对照2020年度绩效自评发现的问题逐项整改。")),
]


def rule_ids(text: str) -> list[str]:
    return [f.rule for f in check_report(parse_text(text))]


def test_base_report_is_clean() -> None:
    assert rule_ids(BASE) == []


def test_every_rule_has_a_case() -> None:
    assert sorted(rule for rule, _, _ in CASES) == sorted(rules())


@pytest.mark.parametrize(("rule", "positive", "negative"), CASES, ids=[c[0] for c in CASES])
def test_rule_trips_on_positive(rule: str, positive: str, negative: str) -> None:
    assert rule in rule_ids(positive)


@pytest.mark.parametrize(("rule", "positive", "negative"), CASES, ids=[c[0] for c in CASES])
def test_rule_quiet_on_negative(rule: str, positive: str, negative: str) -> None:
    assert rule not in rule_ids(negative)


@pytest.mark.parametrize("entry", lexicon(), ids=[e.wrong for e in lexicon()])
def test_lexicon_entry_flags_its_example_and_not_its_counter(entry: object) -> None:
    from assistant.checker.rules import LexiconEntry

    assert isinstance(entry, LexiconEntry)
    found = entry.regex.search(entry.example)
    assert found is not None, entry.example
    assert entry.wrong in found.group(0)
    assert not entry.regex.search(entry.counter), entry.counter


def test_fixed_expressions_with_chinese_numerals_are_left_alone() -> None:
    sentence = "召开四届六次全会和五届一次全会，学习十九届六中全会精神，编制十四五规划。2021是换届之年。"
    assert rule_ids(body(sentence)) == []


def test_quotes_pair_across_a_run_in_heading_and_its_paragraph() -> None:
    text = swap("1.完成调查任务。全年", "1.开展“调查年”活动。“调查年”期间全年")
    assert rule_ids(text) == []


def test_half_width_marks_are_one_finding_per_line_with_every_edit() -> None:
    findings = check_report(parse_text(body("完成调查,上报数据;核算GDP(地区生产总值).")))
    half = [f for f in findings if f.rule == "punctuation.half-width"]
    assert len(half) == 1
    assert "“,”" in half[0].message and "“(”" in half[0].message


def test_a_gap_resumes_counting_from_the_number_found() -> None:
    findings = check_report(
        parse_text(outline("一、甲", "正文。", "三、乙", "正文。", "四、丙", "正文。", "五、丁", "正文。"))
    )
    assert [(f.rule, f.line) for f in findings if f.category == "structure"] == [("structure.gap", 5)]


def test_going_from_level_one_to_arabic_items_is_not_a_skip() -> None:
    findings = check_report(parse_text(outline("一、甲", "1、第一条。", "2、第二条。")))
    assert "structure.level-skip" not in [f.rule for f in findings]
    assert [f.rule for f in findings if f.rule.startswith("punctuation.")] == ["punctuation.arabic-ordinal"]


def test_relative_time_has_no_fix_without_the_report_year() -> None:
    findings = check_report(parse_text("一、部门概况\n今年完成调查。\n"))
    relative = [f for f in findings if f.rule == "wording.relative-time"]
    assert relative and relative[0].fix is None


def test_sum_parts_in_yuan_are_converted_to_wan() -> None:
    text = swap("其中基本支出398.50万元，项目支出100.00万元", "其中基本支出3985000元，项目支出1000000元")
    assert "consistency.sum" not in rule_ids(text)
    assert "consistency.sum-short" not in rule_ids(text)


def test_rules_carry_source_and_category() -> None:
    for rule in rules().values():
        assert rule.source
        assert rule.id.split(".")[0] == rule.category


def test_sums_read_thousands_separators() -> None:
    text = swap(
        "2021年度收入合计500.00万元。",
        "2021年度收入合计1,234.56万元，其中：一般公共预算拨款1,200.00万元，其他收入44.56万元。",
    )
    sums = [f for f in check_report(parse_text(text)) if f.rule == "consistency.sum"]
    assert len(sums) == 1
    assert "1244.56" in sums[0].message and "1234.56" in sums[0].message


def test_finding_in_the_title_points_to_its_line() -> None:
    report = parse_text("\n2021年度部门整体支出绩效评价报告（今年）\n\n一、部门概况\n\n内容。\n")
    relative = [f for f in check_report(report) if f.rule == "wording.relative-time"]
    assert [f.line for f in relative] == [2]


# --- Real-world patterns (issue 12): each with a case that must trip and a near miss that must not.


def findings_of(text: str) -> list[tuple[str, str, int | None]]:
    return [(f.rule, f.severity, f.line) for f in check_report(parse_text(text))]


def test_toc_with_heading_is_front_matter_not_seven_empty_chapters() -> None:
    assert findings_of(with_toc(CHAPTERS)) == []


def test_toc_without_heading_is_recognised_by_the_repeated_headings() -> None:
    assert findings_of(with_toc(CHAPTERS, heading="")) == []


def test_toc_does_not_hide_a_real_gap_in_the_body() -> None:
    text = with_toc(CHAPTERS).replace("\n七、绩效自评结果拟应用和公开情况\n", "\n八、绩效自评结果拟应用和公开情况\n")
    found = findings_of(text)
    gap_line = text.splitlines().index("八、绩效自评结果拟应用和公开情况") + 1
    assert ("structure.gap", "error", gap_line) in found
    assert [r for r, _, _ in found if r.startswith("structure.") and r != "structure.toc"] == ["structure.gap"]


def test_toc_that_disagrees_with_the_body_is_a_warning_at_the_toc_line() -> None:
    entries = [c.replace("资产管理情况", "国有资产管理情况") for c in CHAPTERS]
    text = with_toc(entries)
    toc_line = next(i for i, line in enumerate(text.splitlines(), start=1) if line.startswith("三、国有资产"))
    found = findings_of(text)
    assert ("structure.toc", "warning", toc_line) in found
    assert [s for _, s, _ in found if s == "error"] == []


def test_a_real_empty_first_chapter_is_not_taken_for_a_toc() -> None:
    text = swap("本局主要职能职责是负责全区统计工作。内设办公室、综合股，核定编制20名，实有在职人员18人。\n", "")
    assert "required.empty" in [r for r, _, _ in findings_of(text)]


CHANGE_TOTAL = "支出合计603.15万元，较年初预算增加41.20万元，其中基本支出421.35万元，项目支出181.80万元。"
CHANGE_SANGONG = "“三公”经费支出4.62万元，较上年减少0.85万元，其中公务用车运行维护费3.40万元，公务接待费1.22万元。"


def budget(sentence: str) -> str:
    return swap("支出合计498.50万元，其中基本支出398.50万元，项目支出100.00万元。", sentence)


CHANGE_ONLY = "支出较上年下降1.15万元，其中人员经费减少1.00万元，公用经费减少0.15万元。"


CHANGE_DOWN = "支出合计600.00万元，较年初预算减少1.15万元，其中基本支出420.00万元，项目支出180.00万元。"


@pytest.mark.parametrize("sentence", [CHANGE_TOTAL, CHANGE_SANGONG, CHANGE_ONLY, CHANGE_DOWN])
def test_a_change_stated_before_qizhong_is_not_the_total(sentence: str) -> None:
    assert [r for r, _, _ in findings_of(budget(sentence)) if r.startswith("consistency.")] == []


def test_parts_that_miss_the_total_after_a_change_are_still_reported_with_both_numbers() -> None:
    findings = check_report(parse_text(budget(CHANGE_TOTAL.replace("181.80", "191.80"))))
    sums = [f for f in findings if f.rule.startswith("consistency.sum")]
    assert [(f.rule, f.severity) for f in sums] == [("consistency.sum", "error")]
    assert "613.15" in sums[0].message and "603.15" in sums[0].message


def run_in(item: str) -> str:
    return swap("（一）加强预算编制\n\n细化预算编制，减少年中调整。", item)


def test_run_in_list_item_with_a_whole_sentence_is_not_an_empty_heading() -> None:
    assert findings_of(run_in("（一）加强预算执行管理，按月调度项目支出进度。")) == []


def test_a_bare_heading_with_no_body_is_still_empty() -> None:
    assert "required.empty" in [r for r, _, _ in findings_of(run_in("（一）加强预算执行管理"))]


NESTED = (
    "支出1386.33万元，其中：基本支出1006.67万元；项目支出379.53万元；"
    "其中工资福利支出729.14万元，商品和服务支出152.93万元，对个人和家庭支出124.6万元。"
)


def test_nested_qizhong_reports_the_real_defect_with_its_numbers() -> None:
    findings = check_report(parse_text(budget(NESTED)))
    sums = [f for f in findings if f.rule.startswith("consistency.sum")]
    assert [(f.rule, f.severity) for f in sums] == [("consistency.sum", "error")]
    assert "1386.20" in sums[0].message and "1386.33" in sums[0].message
    assert "2392.87" not in sums[0].message


def test_nested_qizhong_that_adds_up_at_both_levels_is_clean() -> None:
    assert [r for r, _, _ in findings_of(budget(NESTED.replace("1386.33", "1386.20")))] == []


def test_nested_qizhong_whose_inner_level_is_off_is_reported_against_its_own_total() -> None:
    findings = check_report(parse_text(budget(NESTED.replace("1386.33", "1386.20").replace("124.6万元", "134.6万元"))))
    sums = [f for f in findings if f.rule.startswith("consistency.sum")]
    assert len(sums) == 1 and "1016.67" in sums[0].message and "1006.67" in sums[0].message


def test_semicolon_lists_each_break_down_their_own_total() -> None:
    sentence = (
        "收入合计500.00万元，其中财政拨款480.00万元、其他收入20.00万元；"
        "支出合计498.50万元，其中基本支出398.50万元、项目支出100.00万元。"
    )
    assert [r for r, _, _ in findings_of(budget(sentence))] == []


def test_a_rounding_cent_is_a_warning_and_more_is_an_error_with_both_numbers() -> None:
    cent = check_report(parse_text(budget("支出合计603.15万元，其中基本支出421.36万元，项目支出181.80万元。")))
    assert [(f.rule, f.severity) for f in cent if f.rule.startswith("consistency.")] == [
        ("consistency.sum-rounding", "warning")
    ]
    more = check_report(parse_text(budget("支出合计603.15万元，其中基本支出421.25万元，项目支出181.80万元。")))
    errors = [f for f in more if f.severity == "error"]
    assert [f.rule for f in errors] == ["consistency.sum"]
    assert "603.05" in errors[0].message and "603.15" in errors[0].message


@pytest.mark.parametrize(
    ("sentence", "clean"),
    [
        ("支出合计1.2亿元，其中基本支出8000.00万元，项目支出4000.00万元。", True),
        ("支出合计1.2亿元，其中基本支出8000.00万元，项目支出4100.00万元。", False),
        ("支出合计6031500.00元，其中基本支出421.35万元，项目支出1818000.00元。", True),
        ("支出合计6031500.00元，其中基本支出421.35万元，项目支出1819000.00元。", False),
    ],
)
def test_yuan_wan_and_yi_are_compared_on_one_scale(sentence: str, clean: bool) -> None:
    errors = [f for f in check_report(parse_text(budget(sentence))) if f.severity == "error"]
    assert (errors == []) is clean


def test_half_width_marks_pasted_from_a_web_page_are_one_grouped_warning() -> None:
    pasted = swap(
        "本局主要职能职责是负责全区统计工作。",
        "本局主要职能职责是:负责全区统计工作,组织普查(经济普查,人口普查).",
        "原因是年中追加任务较多。",
        "原因是年中追加任务较多,调整频繁;部分项目前期论证不足.",
        "细化预算编制，减少年中调整。",
        "细化预算编制,减少年中调整.",
    )
    findings = [f for f in check_report(parse_text(pasted)) if f.category == "punctuation"]
    assert len(findings) == 1
    assert findings[0].severity == "warning"
    assert "共" in findings[0].message and "3行" in findings[0].message
    assert findings[0].fix is not None and "一并" in findings[0].fix
    first = next(i for i, line in enumerate(pasted.splitlines(), start=1) if line.startswith("本局主要职能职责是:"))
    assert findings[0].line == first


COVER = "单位名称：测试局\n填报人：李明\n联系电话：0734-8221234\n填报日期：2022年3月15日\n\n"
FLAT_COVER = "单位名称\n测试局\n填报人\n李明\n联系电话\n0734-8221234\n\n"


@pytest.mark.parametrize("cover", [COVER, FLAT_COVER], ids=["label-value", "one-cell-a-line"])
def test_cover_table_before_the_title_is_front_matter(cover: str) -> None:
    assert findings_of(cover + BASE) == []


def test_after_a_cover_table_the_report_year_still_comes_from_the_title() -> None:
    text = COVER + swap("现将2021年度", "现将2020年度")
    assert findings_of(text) == [("consistency.year", "error", 8)]


ANNEX = (
    "\n附件1：2021年度收入支出决算总表\n单位：元\n项目\n决算数\n一、一般公共预算财政拨款收入\n4,985,000.00\n"
    "二、其他收入\n15,000.00\n三、事业收入\n0.00\n"
)


def test_annex_tables_with_numbered_rows_are_not_a_second_outline() -> None:
    assert findings_of(BASE + ANNEX) == []


def test_annex_does_not_hide_a_placeholder() -> None:
    text = BASE + ANNEX.replace("15,000.00", "XX")
    line = text.splitlines().index("XX") + 1
    assert findings_of(text) == [("placeholder.xx", "error", line)]


def test_toc_with_second_level_entries_is_checked_entry_by_entry() -> None:
    entries = [*CHAPTERS[:3], CHAPTERS[3], "（一）统计调查", *CHAPTERS[4:]]
    assert findings_of(with_toc(entries)) == []
    missing = with_toc([*CHAPTERS[:3], CHAPTERS[3], "（一）统计调查", "（二）数据质量", *CHAPTERS[4:]])
    line = next(i for i, text in enumerate(missing.splitlines(), start=1) if text.startswith("（二）数据质量"))
    assert findings_of(missing) == [("structure.toc", "warning", line)]


FLAT_DECISION_TABLE = (
    "\n表1  2021年度收入支出决算总表\n单位：万元\n项目\n决算数\n一、一般公共预算财政拨款收入\n495.00\n"
    "二、其他收入\n5.00\n本年收入合计\n500.00\n一、基本支出\n398.50\n二、项目支出\n100.00\n本年支出合计\n498.50\n"
)


def test_flattened_table_rows_numbered_like_chapters_are_table_rows() -> None:
    assert findings_of(swap(BUDGET, BUDGET + FLAT_DECISION_TABLE)) == []


def test_a_gap_after_a_flattened_table_is_still_found() -> None:
    text = swap(BUDGET, BUDGET + FLAT_DECISION_TABLE, "四、部门整体支出绩效情况", "五、部门整体支出绩效情况")
    gap_line = text.splitlines().index("五、部门整体支出绩效情况") + 1
    assert ("structure.gap", "error", gap_line) in findings_of(text)


def test_markdown_toc_heading_is_front_matter() -> None:
    toc = "\n## 目录\n\n" + "\n".join(f"{c}……{n}" for n, c in enumerate(CHAPTERS, start=1)) + "\n"
    text = "# " + BASE.replace(TITLE + "\n", TITLE + "\n" + toc, 1)
    assert findings_of(text) == []


def test_qizhong_opening_the_next_sentence_breaks_down_the_total_before_it() -> None:
    clean = "支出合计498.50万元，较上年增加12.00万元。其中，基本支出398.50万元，项目支出100.00万元。"
    assert [r for r, _, _ in findings_of(budget(clean))] == []
    off = check_report(parse_text(budget(clean.replace("项目支出100.00", "项目支出110.00"))))
    sums = [f for f in off if f.rule.startswith("consistency.")]
    assert [(f.rule, f.severity) for f in sums] == [("consistency.sum", "error")]
    assert "508.50" in sums[0].message and "498.50" in sums[0].message
