"""The claims gate in drafting and editing, with a scripted model: invented names, evaluations without a
supporting fact and dropped details are named in the repair request, then cut or restored, and counted."""

from __future__ import annotations

from typing import Any

from scripted_model import ScriptedChatModel

from assistant.drafting import draft_section, edit_text
from assistant.drafting.blocks import split_blocks
from assistant.facts.load import parse_facts
from assistant.facts.model import Facts
from assistant.gate import FactBasis
from assistant.profiles import load_profile
from assistant.skeleton import SkeletonDrafter

PROFILE = load_profile()


def facts_of(unit: str, short: str, summary: str, title: str, text: str, data: list[dict[str, Any]]) -> Facts:
    return parse_facts(
        {
            "单位": {"名称": unit, "简称": short, "年度": 2023},
            "总体评价": summary,
            "履职成效": [{"主题": "主要工作", "事项": [{"标题": title, "内容": text, "数据": data}]}],
        }
    )


EDUCATION = facts_of(
    "湘江市清河区教育局",
    "区教育局",
    "2023年，区教育局预算执行总体平稳，资金使用效益总体良好",
    "学生资助应助尽助",
    "落实家庭经济困难学生资助政策，资助资金于3月底和10月底分两批发放到位",
    [{"名称": "资助学生", "数值": 4821, "单位": "人次"}],
)
TOWNSHIP = facts_of(
    "湘江市清河区白沙镇人民政府",
    "白沙镇",
    "2023年，白沙镇整体支出绩效目标基本完成",
    "人居环境整治",
    "以石塘村、枫林村为重点开展农村人居环境整治，开展“清洁家园”行动",
    [{"名称": "清理垃圾", "数值": 1260, "单位": "吨"}],
)


def blocks_of(facts: Facts) -> list[str]:
    section = SkeletonDrafter(facts, PROFILE).section(PROFILE.section("performance")).section
    return [b.text for b in split_blocks(section)]


def test_an_invented_place_is_named_in_the_repair_request_then_cut() -> None:
    intro, item = blocks_of(TOWNSHIP)
    invented = item.replace("以石塘村、枫林村为重点", "以石塘村、枫林村、北湖社区为重点")
    model = ScriptedChatModel(replies=[intro, invented, invented])
    result = draft_section(FactBasis(TOWNSHIP, PROFILE), "performance", model)
    assert [c.text for c in result.names_before] == ["北湖社区"]
    assert "北湖社区" in model.received[2][-1].text
    assert "北湖社区" not in result.section.text()
    assert result.claims.ok and result.blocks[1].status == "fixed"


def test_an_invented_quoted_campaign_is_flagged() -> None:
    intro, item = blocks_of(TOWNSHIP)
    invented = item.replace("开展“清洁家园”行动", "开展“清洁家园”“美丽庭院”行动")
    model = ScriptedChatModel(replies=[intro, invented, item])
    result = draft_section(FactBasis(TOWNSHIP, PROFILE), "performance", model)
    assert [c.text for c in result.names_before] == ["美丽庭院"]
    assert result.blocks[1].status == "repaired" and "美丽庭院" not in result.section.text()


def test_an_evaluation_no_fact_supports_is_cut() -> None:
    intro, item = blocks_of(EDUCATION)
    praised = item + "资金使用效率明显提高，有效推动了教育公平。"
    model = ScriptedChatModel(replies=[intro, praised, praised])
    result = draft_section(FactBasis(EDUCATION, PROFILE), "performance", model)
    assert {c.text for c in result.evaluations_before} >= {"明显", "提高", "有效"}
    text = result.section.text()
    assert "明显提高" not in text and "有效推动" not in text
    assert "4821人次" in text and result.claims.ok and result.verdict.ok


def test_an_evaluation_the_facts_state_passes() -> None:
    intro, item = blocks_of(EDUCATION)
    assert "资金使用效益总体良好" in intro
    rewritten = "2023年，区教育局预算执行总体平稳，资金使用效益总体良好。主要绩效如下："
    model = ScriptedChatModel(replies=[rewritten, item])
    result = draft_section(FactBasis(EDUCATION, PROFILE), "performance", model)
    assert result.evaluations_before == [] and result.blocks[0].status == "model"


def test_a_dropped_time_expression_is_restored() -> None:
    intro, item = blocks_of(EDUCATION)
    dropped = item.replace("于3月底和10月底分两批", "分两批")
    model = ScriptedChatModel(replies=[intro, dropped, dropped])
    result = draft_section(FactBasis(EDUCATION, PROFILE), "performance", model)
    assert [d.text for d in result.dropped_before] == ["3月底", "10月底"]
    assert "3月底" in model.received[2][-1].text
    text = result.section.text()
    assert "3月底" in text and "10月底" in text and result.claims.ok
    assert text.count("分两批发放到位") == 1


def test_a_block_whose_facts_are_missing_keeps_its_marker_and_is_not_sent() -> None:
    facts = parse_facts({"单位": {"名称": "湘江市清河区卫生健康局", "简称": "区卫健局", "年度": 2023}})
    model = ScriptedChatModel(echo=True)
    result = draft_section(FactBasis(facts, PROFILE), "performance", model)
    assert model.received == []
    assert "【待补充：总体评价】" in result.section.text()
    assert "完成情况较好" not in result.section.text()


def test_an_edit_that_adds_praise_keeps_the_text() -> None:
    text = "落实家庭经济困难学生资助政策，资助资金于3月底和10月底分两批发放到位。"
    polished = "圆满完成家庭经济困难学生资助工作，资助资金于3月底和10月底分两批发放到位。"
    model = ScriptedChatModel(replies=[polished, polished])
    result = edit_text(text, "润色", "", FactBasis(EDUCATION, PROFILE), "performance", model)
    assert [c.text for c in result.claims_before.evaluations] == ["圆满完成"]
    assert "圆满" not in result.text and "3月底" in result.text


def test_the_cli_summary_counts_each_gate(monkeypatch: Any, tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from assistant.cli import app, draft_progress

    intro, item = blocks_of(EDUCATION)
    praised = item.replace("于3月底和10月底分两批", "分两批") + "有效推动了教育公平，北湖学校受益明显。"
    model = ScriptedChatModel(replies=[intro, praised, praised])
    monkeypatch.setattr(draft_progress, "get_chat_model", lambda settings: model)
    path = tmp_path / "f.yaml"
    path.write_text(EDUCATION.model_dump_json(by_alias=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["draft", str(path), "--backend", "local", "--section", "performance"])
    assert result.exit_code == 0, result.output
    assert "名称闸门：拦下无依据的名称 1 个，成稿中 0 个" in result.output
    assert "评价闸门：拦下无依据的评价 2 处，成稿中 0 处" in result.output
    assert "细节闸门：遗漏的细节 2 处，成稿中 0 处" in result.output


def test_a_section_edit_note_names_the_unsupported_claim() -> None:
    from assistant.drafting.section_edit import edit_section

    text = "落实家庭经济困难学生资助政策，资助资金于3月底和10月底分两批发放到位。资助学生4821人次。"
    praised = text + "资助工作取得显著成效。"
    model = ScriptedChatModel(replies=[praised, praised])
    edited = edit_section(text, "扩写", "", FactBasis(EDUCATION, PROFILE), "performance", model)
    assert "显著" not in edited.text
    assert any("“显著”" in note for note in edited.notes)


def test_a_label_left_empty_by_a_cut_goes_with_it() -> None:
    from assistant.drafting.claims_fallback import cut_claims
    from assistant.gate import claim_scope

    scope = claim_scope(["2023年，区教育局预算执行总体平稳。"], ["2023年，区教育局预算执行总体平稳。"], keep="")
    text = "2023年，区教育局预算执行总体平稳。\n教育教学工作：教学质量显著提高。\n财务管理：资金使用更加规范。"
    cut, removed = cut_claims(text, scope)
    assert cut == "2023年，区教育局预算执行总体平稳。"
    assert removed
