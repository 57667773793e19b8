"""Each kind of unit brings its own words, style notes and worked rewrites to the drafting prompts, as data: the
prompt for a 人大 carries the 人大's, an unknown kind the common ones, and a new kind is one more YAML file."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.drafting.prompts import edit_messages, kind_guide, rewrite_messages, unit_names
from assistant.drafting.voice import voice_of, voice_of_kind
from assistant.facts import Facts
from assistant.gate.claims import claim_scope
from assistant.profiles import Profile
from assistant.unit_types import UnitTypeError, load_unit_types, unit_types
from assistant.unit_types.model import DATA_DIR

UNIT_NAMES = {
    "zhengxie": "湘江市清河区政协机关",
    "renda": "湘江市清河区人大常委会机关",
    "jiaoyu": "湘江市清河区教育局",
    "weijian": "湘江市清河区卫生健康局",
    "xiangzhen": "清河区石门镇人民政府",
}


def facts_named(name: str) -> Facts:
    item = {"标题": "重点任务", "内容": "按季度调度进展"}
    return Facts.model_validate(
        {"单位": {"名称": name, "简称": "本机关"}, "履职成效": [{"主题": "工作", "事项": [item]}]}
    )


def performance_prompt(facts: Facts) -> str:
    messages = rewrite_messages(
        "section_performance.txt",
        "重点任务",
        "按季度调度进展。",
        unit_names(facts),
        voice_of(facts).examples_for("performance"),
    )
    return "\n".join(str(m.content) for m in messages)


@pytest.mark.parametrize("kind_id", sorted(UNIT_NAMES))
def test_the_prompt_for_each_kind_carries_its_words_notes_and_examples(kind_id: str) -> None:
    kind = unit_types().get(kind_id)
    assert kind is not None and kind.vocabulary and [e for e in kind.examples if "performance" in e.sections]
    prompt = performance_prompt(facts_named(UNIT_NAMES[kind_id]))
    assert kind.name in prompt
    for word in kind.vocabulary:
        assert word in prompt
    for note in (*unit_types().common.notes, *kind.notes):
        assert note in prompt
    for example in [e for e in kind.examples if "performance" in e.sections]:
        assert example.before in prompt and example.after in prompt
    for other in unit_types().kinds:
        if other.id != kind_id:
            assert not any(e.after in prompt for e in other.examples), other.id
    assert not any(e.after in prompt for e in unit_types().common.examples)


def test_an_unknown_kind_gets_the_common_words_and_examples() -> None:
    facts = facts_named("湘江市清河区档案馆")
    assert facts.unit_type is None
    prompt = performance_prompt(facts)
    common = unit_types().common
    assert common.vocabulary and common.examples
    assert all(word in prompt for word in common.vocabulary)
    assert all(e.before in prompt and e.after in prompt for e in common.examples)
    assert not any(e.after in prompt for k in unit_types().kinds for e in k.examples)


def test_the_kind_reaches_the_chat_edits_too() -> None:
    facts = facts_named(UNIT_NAMES["renda"])
    messages = edit_messages("润色", "", "按季度调度进展。", unit_names(facts))
    assert "执法检查" in str(messages[0].content) and "人大常委会机关" in str(messages[0].content)


def test_examples_are_shown_for_their_sections_only() -> None:
    facts = facts_named(UNIT_NAMES["jiaoyu"])
    assert voice_of(facts).examples_for("budget") == ()
    messages = rewrite_messages("section_budget.txt", "", "预算执行。", unit_names(facts), ())
    assert "南岭小学" not in "\n".join(str(m.content) for m in messages)


def test_every_shipped_example_passes_the_claims_gate_and_fits_a_section(profile: Profile) -> None:
    """What the model is shown it copies: an example's rewrite may add no name, evaluation or figure and drop
    no detail of its 原稿, exactly as a draft's may not."""
    sections = {s.id for s in profile.sections}
    for kind in (unit_types().common, *unit_types().kinds):
        for example in kind.examples:
            source = [example.heading, example.before]
            verdict = claim_scope(source, source, example.before).check(example.after)
            assert verdict.ok, (kind.id, example.heading, verdict.lines())
            assert set(example.sections) <= sections, (kind.id, example.sections)


def _copy_shipped(tmp_path: Path) -> Path:
    folder = tmp_path / "unit_types"
    folder.mkdir()
    for path in DATA_DIR.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    return folder


FORESTRY: dict[str, Any] = {
    "id": "linye",
    "name": "林业局",
    "match": ["林业局"],
    "quantities": [{"key": "造林面积", "words": ["造林"], "units": ["亩"]}],
    "vocabulary": ["森林防火", "国土绿化", "林长制"],
    "notes": ["林区、林场名照原稿写。"],
    "examples": [
        {
            "heading": "春季造林",
            "before": "在青峰林场开展春季造林，组织护林员分片包干。完成造林面积3200亩。",
            "after": "春季造林以青峰林场为重点，护林员分片包干，全年完成造林面积3200亩。",
        }
    ],
}


def test_a_new_kind_is_one_more_file(tmp_path: Path) -> None:
    folder = _copy_shipped(tmp_path)
    (folder / "linye.yaml").write_text(yaml.safe_dump(FORESTRY, allow_unicode=True), encoding="utf-8")
    kinds = load_unit_types(folder)
    kind = kinds.recognise("某县林业局")
    assert kind is not None and kind.id == "linye"
    voice = voice_of_kind(kind, kinds.common)
    guide = kind_guide(voice)
    assert "林业局" in guide and "林长制" in guide and "林区、林场名照原稿写。" in guide
    unit = {"unit": "某县林业局", "me": "县林业局", "year": "2024", "kind": voice.kind, "kind_guide": guide}
    messages = rewrite_messages("section_performance.txt", "", "造林。", unit, voice.examples_for("performance"))
    contents = [str(m.content) for m in messages]
    assert "林长制" in contents[0]
    assert FORESTRY["examples"][0]["after"] in contents


def test_an_example_is_literal_text_not_a_template(tmp_path: Path) -> None:
    folder = _copy_shipped(tmp_path)
    braced = {
        **FORESTRY,
        "examples": [{**FORESTRY["examples"][0], "before": "{me}在青峰林场开展春季造林，完成造林面积3200亩。"}],
    }
    (folder / "linye.yaml").write_text(yaml.safe_dump(braced, allow_unicode=True), encoding="utf-8")
    kind = load_unit_types(folder).get("linye")
    assert kind is not None
    unit = {"unit": "某县林业局", "me": "县林业局", "year": "2024", "kind": "林业局", "kind_guide": ""}
    messages = rewrite_messages("section_performance.txt", "", "造林。", unit, kind.examples)
    assert any("{me}在青峰林场" in str(m.content) for m in messages)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"after": "春季造林以青峰林场为重点，护林员分片包干，完成造林面积3200亩，成活率95%。"},
            "linye.yaml 有误：examples 第1项：例句的改写（after）出现原稿（before）没有的数字：95",
        ),
        (
            {"after": "在青峰林场开展春季造林，组织护林员分片包干。完成造林面积3200亩。"},
            "examples 第1项：例句的改写（after）与原稿（before）几乎相同",
        ),
        ({"after": None}, "examples 第1项 after：应为文字"),
        ({"before": "春季造林"}, "examples 第1项 before：太短"),
        ({"sections": []}, "examples 第1项 sections：至少要有一项"),
        ({"tone": "庄重"}, "examples 第1项 tone：不是可识别的字段"),
    ],
)
def test_a_malformed_example_is_refused_in_chinese_naming_the_field(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    folder = _copy_shipped(tmp_path)
    example = {k: v for k, v in {**FORESTRY["examples"][0], **change}.items()}
    if example.get("after") is None and "after" in change:
        example["after"] = 12
    (folder / "linye.yaml").write_text(
        yaml.safe_dump({**FORESTRY, "examples": [example]}, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(UnitTypeError) as refused:
        load_unit_types(folder)
    assert message in str(refused.value)
    assert "validation error" not in str(refused.value)


def test_figures_in_words_or_notes_are_refused(tmp_path: Path) -> None:
    folder = _copy_shipped(tmp_path)
    data = {**FORESTRY, "notes": ["造林成活率不低于85%。"]}
    (folder / "linye.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(UnitTypeError, match="notes 中的“造林成活率不低于85%。”含有数字"):
        load_unit_types(folder)


def test_a_broken_yaml_file_names_its_line(tmp_path: Path) -> None:
    folder = _copy_shipped(tmp_path)
    (folder / "linye.yaml").write_text("id: linye\nname: 林业局\nexamples:\n  - before: [未闭合\n", encoding="utf-8")
    with pytest.raises(UnitTypeError, match=r"linye\.yaml 第\d+行不是合法的 YAML"):
        load_unit_types(folder)
