"""Each kind of chat instruction carried out, or refused with the reason, on varied units' facts (scripted model)."""

from __future__ import annotations

from pathlib import Path

import pytest
from scripted_model import ScriptedChatModel

from assistant.context import ReportContext
from assistant.drafting.edit import DraftingError
from assistant.drafting.obey import THEMES_PATH, needs_model
from assistant.drafting.paragraphs import count_chars, paragraphs
from assistant.facts import load_facts
from assistant.profiles import load_profile

ROOT = Path(__file__).resolve().parents[1]


def _context(unit: str) -> ReportContext:
    return ReportContext(load_facts(ROOT / "facts" / "units" / f"{unit}.yaml"), load_profile())


@pytest.fixture(scope="module")
def zhengxie() -> ReportContext:
    return _context("zhengxie-2022")


@pytest.fixture(scope="module")
def township() -> ReportContext:
    return _context("township-2023")


def _lines(text: str) -> list[str]:
    return text.split("\n")


# --- counting paragraphs --------------------------------------------------------------------------------


def test_paragraphs_are_counted_without_sub_headings_and_a_run_in_item_is_one(zhengxie: ReportContext) -> None:
    text = zhengxie.skeleton_text("performance")
    paras = paragraphs(text, zhengxie.heading("performance"))
    assert len(paras) == 5
    assert paras[0].text.startswith("2022年，县政协机关预算执行总体平稳")
    assert (paras[1].number, paras[1].head) == ("1.", "1.全会常委会协商。")
    assert not any(p.text.startswith("（") for p in paras)


# --- remove ---------------------------------------------------------------------------------------------


def test_removing_a_paragraph_keeps_the_headings_and_names_the_facts_it_held(zhengxie: ReportContext) -> None:
    text = zhengxie.skeleton_text("performance")
    done = zhengxie.instruct(text, "performance", "删除第二段", None)
    assert done.kind == "remove" and not done.refusal
    assert "全会常委会协商" not in done.text
    assert "（一）协商议政" in done.text and "（二）委员服务" in done.text
    assert len(_lines(done.text)) == len(_lines(text)) - 1
    lost = " ".join(done.notes)
    assert "召开全体会议1次" in lost and "1月中旬" in lost


def test_a_paragraph_beyond_the_last_is_refused_in_words(zhengxie: ReportContext) -> None:
    text = "\n".join(zhengxie.skeleton_text("assets").split("\n"))
    done = zhengxie.instruct(text, "assets", "删除第十二段", None)
    assert done.refusal == "本节正文共2段（不计小标题），没有第12段，无法删除"
    assert done.text == text


def test_sentences_about_a_topic_are_removed_and_an_absent_topic_is_said(township: ReportContext) -> None:
    text = township.skeleton_text("performance")
    done = township.instruct(text, "performance", "删掉关于屋场会的句子", None)
    assert "屋场会" not in done.text and not done.refusal
    assert "2.基层治理。" not in done.text and "1.特色产业发展。" in done.text
    assert done.notes[0].startswith("已删除关于“屋场会”的2句")
    assert "召开屋场会96场" in done.notes[1]
    absent = township.instruct(text, "performance", "删掉关于航天发射的句子", None)
    assert absent.refusal == "本节没有关于“航天发射”的句子，没有删除任何内容"


# --- reorder --------------------------------------------------------------------------------------------


def test_run_in_items_swap_under_their_heading_and_keep_their_numbers(zhengxie: ReportContext) -> None:
    text = zhengxie.skeleton_text("performance")
    done = zhengxie.instruct(text, "performance", "第四段和第五段对调", None)
    lines = _lines(done.text)
    service = lines.index("（二）委员服务")
    assert lines[service + 1].startswith("1.文史资料征编。编印《青山文史》")
    assert lines[service + 2].startswith("2.委员学习培训。在井冈山干部学院")
    assert sorted(lines) == sorted(_lines(text.replace("1.委员学习", "2.委员学习").replace("2.文史", "1.文史")))


def test_paragraphs_under_different_headings_are_not_moved(zhengxie: ReportContext) -> None:
    text = zhengxie.skeleton_text("performance")
    done = zhengxie.instruct(text, "performance", "第二段和第四段对调", None)
    assert "只能在同一个小标题下调整段落顺序" in done.refusal and done.text == text


def test_a_paragraph_moves_to_the_front_of_a_section_without_headings(zhengxie: ReportContext) -> None:
    text = zhengxie.skeleton_text("results")
    done = zhengxie.instruct(text, "results", "把第二段移到最前", None)
    assert _lines(done.text) == list(reversed(_lines(text)))
    out_of_range = zhengxie.instruct(text, "results", "把第三段移到最前", None)
    assert out_of_range.refusal.startswith("本节正文共2段（不计小标题），没有第3段")


# --- figure ---------------------------------------------------------------------------------------------


def test_a_figure_outside_the_facts_is_refused_with_the_fact_to_change(zhengxie: ReportContext) -> None:
    text = zhengxie.skeleton_text("budget")
    done = zhengxie.instruct(text, "budget", "预算执行率写成99%", None)
    assert done.text == text
    assert done.refusal.startswith("事实中预算执行率为97.84%，报告中的数字必须来自事实，不能写成99%")
    assert done.fact is not None and done.fact.path == "预算.支出.全年预算数"
    money = zhengxie.instruct(text, "budget", "基本支出改为500万元", None)
    assert "事实中基本支出合计为498.86万元" in money.refusal
    assert money.fact is not None and money.fact.path == "预算.支出.基本支出.合计"


def test_a_counted_quantity_outside_the_facts_points_to_the_achievements(zhengxie: ReportContext) -> None:
    text = zhengxie.skeleton_text("performance")
    done = zhengxie.instruct(text, "performance", "把办结提案数改为55件", None)
    assert done.refusal.startswith("事实中办结提案为126件")
    assert done.fact is not None and done.fact.path == THEMES_PATH


def test_a_figure_that_is_the_facts_value_is_put_in_without_a_model(zhengxie: ReportContext) -> None:
    right = zhengxie.skeleton_text("performance")
    wrong = right.replace("办结提案126件", "办结提案120件")
    done = zhengxie.instruct(wrong, "performance", "办结提案改成一百二十六件", None)
    assert done.text == right and not done.refusal
    already = zhengxie.instruct(right, "performance", "办结提案改成126件", None)
    assert "已是126件" in already.refusal


def test_only_the_figure_of_the_named_quantity_is_changed() -> None:
    renda = _context("renda-2022")
    right = renda.skeleton_text("budget")
    assert "预算执行率为97.80%" in right and "执行率99.00%" in right
    wrong = right.replace("预算执行率为97.80%", "预算执行率为90.00%")
    done = renda.instruct(wrong, "budget", "预算执行率写成97.80%", None)
    assert done.text == right, done.notes
    assert done.notes == ("已按事实把1处预算执行率改为97.80%",)


def test_a_quantity_the_facts_do_not_have_is_refused(zhengxie: ReportContext) -> None:
    done = zhengxie.instruct(zhengxie.skeleton_text("performance"), "performance", "新增学位数写成300个", None)
    assert done.refusal.startswith("事实中没有“新增学位数”这项数字")


# --- the model classes ------------------------------------------------------------------------------------


def test_only_add_shorten_and_restyle_need_a_model(zhengxie: ReportContext) -> None:
    assert [needs_model(s) for s in ("删除第二段", "第一段和第二段对调", "预算执行率写成99%")] == [False] * 3
    assert [needs_model(s) for s in ("补充一句关于培训的内容", "压缩到100字", "润色")] == [True] * 3
    with pytest.raises(DraftingError, match="template 方式不能压缩"):
        zhengxie.instruct(zhengxie.skeleton_text("results"), "results", "压缩到30字", None)


def test_a_shortened_paragraph_within_the_target_is_taken(zhengxie: ReportContext) -> None:
    text = zhengxie.skeleton_text("performance")
    short = "1月中旬召开县政协十一届二次全会，围绕县域经济高质量发展开展协商，召开全体会议1次，召开常委会会议4次。"
    model = ScriptedChatModel(replies=[short])
    done = zhengxie.instruct(text, "performance", f"把第二段压缩到{count_chars(short)}字", model)
    assert _lines(done.text)[2] == "1.全会常委会协商。" + short
    assert "由63字压缩为" in done.notes[0]
    assert "约" + str(count_chars(short)) + "字" in model.received[0][-1].text


def test_a_shorten_that_drops_a_figure_is_caught_by_the_gate(zhengxie: ReportContext) -> None:
    text = zhengxie.skeleton_text("performance")
    dropped = "1月中旬召开县政协十一届二次全会，围绕县域经济高质量发展开展协商，形成的建议报县委参阅。召开全体会议1次。"
    model = ScriptedChatModel(replies=[dropped, dropped, dropped, dropped])
    done = zhengxie.instruct(text, "performance", "把第二段压缩到55字", model)
    assert "召开常委会会议4次" in done.text


def test_a_target_below_what_the_figures_need_is_refused_with_the_shortest_length(zhengxie: ReportContext) -> None:
    text = zhengxie.skeleton_text("performance")
    model = ScriptedChatModel()
    done = zhengxie.instruct(text, "performance", "把第三段压缩到10字", model)
    assert "无法压缩到10字" in done.refusal and "最短可压缩到约" in done.refusal
    assert model.received == []


def test_a_text_already_short_enough_is_said(zhengxie: ReportContext) -> None:
    done = zhengxie.instruct(zhengxie.skeleton_text("results"), "results", "压缩到500字", ScriptedChatModel())
    assert "已不超过500字，无需压缩" in done.refusal


def test_clauses_without_figures_are_trimmed_when_the_model_stays_too_long(zhengxie: ReportContext) -> None:
    text = zhengxie.skeleton_text("performance")
    body = paragraphs(text, zhengxie.heading("performance"))[1].body
    model = ScriptedChatModel(replies=[body] * 4)
    done = zhengxie.instruct(text, "performance", "把第二段压缩到50字", model)
    got = count_chars(paragraphs(done.text, zhengxie.heading("performance"))[1].body)
    assert 50 * 0.85 <= got <= 50 * 1.15, done.text
    assert "召开全体会议1次" in done.text and "1月中旬" in done.text


def test_an_addition_comes_from_the_facts_after_the_most_related_paragraph(zhengxie: ReportContext) -> None:
    text = "\n".join(_lines(zhengxie.skeleton_text("performance"))[:4])
    model = ScriptedChatModel(echo=True)
    done = zhengxie.instruct(text, "performance", "补充一句关于委员培训的内容", model)
    assert not done.refusal
    lines = _lines(done.text)
    added = next(line for line in lines if "培训委员142人次" in line)
    assert "井冈山干部学院" in added and added not in text
    assert lines[: lines.index(added)] + lines[lines.index(added) + 1 :] == _lines(text)
    assert "补充的内容来自事实" in done.notes[0]


def test_an_addition_with_an_invented_figure_falls_back_to_the_facts_sentence(zhengxie: ReportContext) -> None:
    text = "\n".join(_lines(zhengxie.skeleton_text("performance"))[:4])
    invented = "县政协机关举办委员培训班3期，培训委员200人次。"
    model = ScriptedChatModel(replies=[invented, invented])
    done = zhengxie.instruct(text, "performance", "补充一句关于委员培训的内容", model)
    assert "200人次" not in done.text and "培训委员142人次" in done.text
    assert "未通过事实核对" in " ".join(done.notes)


def test_an_addition_no_fact_supports_is_refused_with_the_fact_to_add(township: ReportContext) -> None:
    text = township.skeleton_text("performance")
    done = township.instruct(text, "performance", "补充一句关于航天发射的内容", ScriptedChatModel())
    assert done.refusal.startswith("事实中没有关于“航天发射”的内容")
    assert done.fact is not None and done.fact.path == THEMES_PATH


def test_a_restyle_is_the_rewrite_with_the_writers_words(township: ReportContext) -> None:
    text = township.skeleton_text("results")
    model = ScriptedChatModel(echo=True)
    done = township.instruct(text, "results", "把语气改得更平实", model)
    assert done.kind == "restyle" and done.text == text
    assert "把语气改得更平实" in model.received[0][-1].text
