"""A writer's free chat instruction read as add / remove / shorten / reorder / figure / restyle (no model)."""

from __future__ import annotations

import pytest

from assistant.drafting.instructions import LAST, classify, paragraph_number


@pytest.mark.parametrize(
    ("said", "paragraphs", "target"),
    [
        ("把这一段压缩到150字", (), 150),
        ("把这一段压缩到一百五十字", (), 150),
        ("缩到200字以内", (), 200),
        ("缩到二百字以内。", (), 200),
        ("请把全文控制在300字以内", (), 300),
        ("精简到两百字左右", (), 200),
        ("把第二段压缩到80字", (2,), 80),
        ("第三段缩短到六十字", (3,), 60),
        ("本节篇幅压缩至120个字", (), 120),
    ],
)
def test_a_length_target_is_a_shorten_with_its_number(said: str, paragraphs: tuple[int, ...], target: int) -> None:
    asked = classify(said)
    assert (asked.kind, asked.paragraphs, asked.target) == ("shorten", paragraphs, target)


@pytest.mark.parametrize(
    ("said", "paragraphs"),
    [
        ("删除第二段", (2,)),
        ("请删除第２段", (2,)),
        ("把第十二段删掉", (12,)),
        ("删去第二十一段", (21,)),
        ("去掉最后一段", (LAST,)),
        ("删掉首段", (1,)),
        ("删除第二段和第三段", (2, 3)),
        ("将第一段删除。", (1,)),
    ],
)
def test_a_paragraph_to_remove_is_counted_in_arabic_or_chinese_numerals(said: str, paragraphs: tuple[int, ...]) -> None:
    asked = classify(said)
    assert (asked.kind, asked.paragraphs) == ("remove", paragraphs)


@pytest.mark.parametrize(
    ("said", "topic"),
    [
        ("删掉关于委员培训的句子", "委员培训"),
        ("删除有关资产清查的内容", "资产清查"),
        ("去掉关于家庭医生签约的表述", "家庭医生签约"),
        ("把关于人居环境整治的句子删掉", "人居环境整治"),
    ],
)
def test_sentences_about_a_topic_are_a_remove_with_the_topic(said: str, topic: str) -> None:
    asked = classify(said)
    assert (asked.kind, asked.topic, asked.paragraphs) == ("remove", topic, ())


@pytest.mark.parametrize(
    ("said", "paragraphs", "move"),
    [
        ("把第三段移到最前", (3,), "front"),
        ("请把第三段移到最前面", (3,), "front"),
        ("第二段放到最后", (2,), "end"),
        ("第一段和第二段对调", (1, 2), "swap"),
        ("把第一段与第三段互换位置", (1, 3), "swap"),
        ("调换第二段和第四段", (2, 4), "swap"),
        ("第三段放到第一段后面", (3, 1), "after"),
        ("把第四段移到第二段之前", (4, 2), "before"),
        ("把最后一段移到开头", (LAST,), "front"),
    ],
)
def test_moving_paragraphs_is_a_reorder(said: str, paragraphs: tuple[int, ...], move: str) -> None:
    asked = classify(said)
    assert (asked.kind, asked.paragraphs, asked.move) == ("reorder", paragraphs, move)


@pytest.mark.parametrize(
    ("said", "quantity", "value"),
    [
        ("预算执行率写成99%", "预算执行率", "99%"),
        ("把办结提案数改为55件", "办结提案数", "55件"),
        ("办结提案改成五十五件", "办结提案", "五十五件"),
        ("请把基本支出改为500.00万元", "基本支出", "500.00万元"),
        ("新增学位数应为1200个", "新增学位数", "1200个"),
        ("把预算执行率由97.93%改为99%", "预算执行率", "99%"),
    ],
)
def test_a_named_figure_with_a_value_is_a_figure_request(said: str, quantity: str, value: str) -> None:
    asked = classify(said)
    assert (asked.kind, asked.quantity, asked.value) == ("figure", quantity, value)


@pytest.mark.parametrize(
    ("said", "topic"),
    [
        ("补充一句关于委员培训的内容", "委员培训"),
        ("增加委员视察调研的情况", "委员视察调研"),
        ("再补充一些关于家庭医生签约服务的内容。", "家庭医生签约服务"),
        ("加一句改厕的情况", "改厕"),
        ("把学生资助的做法补充进去", "学生资助"),
    ],
)
def test_asking_for_more_about_a_topic_is_an_add(said: str, topic: str) -> None:
    asked = classify(said)
    assert (asked.kind, asked.topic) == ("add", topic)


@pytest.mark.parametrize(
    ("said", "operation"),
    [
        ("润色一下", "润色"),
        ("语气更正式一些", "正式化"),
        ("写得更简洁", "缩写"),
        ("把第二段写得更具体", "改写"),
        ("开头不要都用“县政协机关”", "改写"),
        ("", "改写"),
    ],
)
def test_anything_else_is_a_restyle(said: str, operation: str) -> None:
    asked = classify(said)
    assert (asked.kind, asked.operation) == ("restyle", operation)
    assert asked.name == "改写"


def test_a_restyle_keeps_the_writers_words_as_the_requirement() -> None:
    assert classify("  把第二段写得更具体。 ").text == "把第二段写得更具体"


@pytest.mark.parametrize(
    ("words", "number"),
    [
        ("第二段", 2),
        ("第12段", 12),
        ("第十二段", 12),
        ("第二十段", 20),
        ("首段", 1),
        ("最后一段", LAST),
        ("这段", None),
    ],
)
def test_paragraph_numbers(words: str, number: int | None) -> None:
    assert paragraph_number(words) == number
