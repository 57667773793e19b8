"""起草 page with the template backend and a scripted model endpoint: draft, decide change by change, undo, failures."""

from __future__ import annotations

import pytest
from apptools import AppFactory, no_exceptions
from scripted_endpoint import ScriptedEndpoint
from streamlit.testing.v1 import AppTest

from assistant.store import Project, Store
from assistant.suggestions import Suggestion

DRAFT = "ui/draft_page.py"
POLISHED_FROM = ("严格执行国有资产管理制度", "年末组织资产清查盘点")
POLISHED_TO = ("认真落实国有资产管理各项制度", "年底组织开展资产清查盘点工作")


def _polished(text: str) -> str:
    for old, new in zip(POLISHED_FROM, POLISHED_TO, strict=True):
        text = text.replace(old, new)
    return text


def _open_assets(open_app: AppFactory) -> AppTest:
    at = open_app(DRAFT)
    at.sidebar.button(key="outline:assets").click().run()
    no_exceptions(at)
    return at


def _draft_and_accept(at: AppTest) -> None:
    at.button(key="act:起草").click().run()
    no_exceptions(at)
    at.button(key="accept_all").click().run()
    no_exceptions(at)


def test_template_draft_becomes_the_first_version(open_app: AppFactory, project: Project, store: Store) -> None:
    at = _open_assets(open_app)
    at.button(key="act:起草").click().run()
    no_exceptions(at)
    record = store.open_suggestion(project.id, "assets")
    assert record is not None and record.base_text == "" and "资产总额568.30万元" in record.proposed_text
    assert store.section(project.id, "assets").text == ""
    assert any("插入" in m.value for m in at.markdown)
    assert "事实核对：建议中的数字都能在事实中找到。" in [c.value for c in at.caption]
    at.button(key="accept_all").click().run()
    state = store.section(project.id, "assets")
    assert state.text == record.proposed_text and state.head is not None and state.head.source == "draft"
    outline = at.sidebar.button(key="outline:assets")
    assert outline.label == "● 三、资产管理情况（已起草）" and outline.proto.type == "primary"
    assert at.subheader[0].value == "三、资产管理情况"


def test_accept_one_change_reject_another_then_undo(
    open_app: AppFactory, project: Project, store: Store, endpoint: ScriptedEndpoint
) -> None:
    at = _open_assets(open_app)
    _draft_and_accept(at)
    drafted = store.section(project.id, "assets").text
    endpoint.replies = [_polished(drafted)]
    endpoint.use(at)
    at.run()
    at.button(key="act:润色").click().run()
    no_exceptions(at)
    record = store.open_suggestion(project.id, "assets")
    assert record is not None and record.operation == "润色"
    sugg = Suggestion.between(record.base_text, record.proposed_text)
    assert len(sugg.hunks) >= 2
    at.button(key=f"acc:{record.id}:0").click().run()
    assert store.section(project.id, "assets").text == drafted
    for hunk in sugg.hunks[1:]:
        at.button(key=f"rej:{record.id}:{hunk.index}").click().run()
        no_exceptions(at)
    accepted = store.section(project.id, "assets")
    assert accepted.text == sugg.result({0: True}) != drafted
    assert sugg.hunks[0].new in accepted.text and POLISHED_FROM[1] in accepted.text
    assert accepted.head is not None and accepted.head.seq == 2 and accepted.head.source == "accept"
    assert store.open_suggestion(project.id, "assets") is None
    assert at.sidebar.button(key="outline:assets").label == "✎ 三、资产管理情况（已修改）"

    at.button(key="undo").click().run()
    no_exceptions(at)
    assert store.section(project.id, "assets").text == drafted
    assert "已撤销上一步修改" in [s.value for s in at.success]


def test_free_instruction_in_the_chat(
    open_app: AppFactory, project: Project, store: Store, endpoint: ScriptedEndpoint
) -> None:
    at = _open_assets(open_app)
    _draft_and_accept(at)
    drafted = store.section(project.id, "assets").text
    endpoint.replies = [_polished(drafted)]
    endpoint.use(at)
    at.run()
    at.chat_input(key="chat:assets").set_value("用词更正式一些").run()
    no_exceptions(at)
    record = store.open_suggestion(project.id, "assets")
    assert record is not None and (record.operation, record.instruction) == ("改写", "用词更正式一些")
    roles = [m.role for m in store.messages(project.id, "assets")]
    assert roles[-2:] == ["user", "assistant"]
    at.button(key="reject_all").click().run()
    assert store.section(project.id, "assets").text == drafted
    assert store.open_suggestion(project.id, "assets") is None


def test_direct_edit_is_a_new_version(open_app: AppFactory, project: Project, store: Store) -> None:
    at = _open_assets(open_app)
    _draft_and_accept(at)
    state = store.section(project.id, "assets")
    at.text_area(key=f"edit:assets:{state.revision}").input(state.text + "\n资产管理规范有序。").run()
    no_exceptions(at)
    edited = store.section(project.id, "assets")
    assert edited.text.endswith("资产管理规范有序。") and edited.head is not None and edited.head.source == "edit"


def test_failed_model_call_leaves_the_section_as_it_was(
    open_app: AppFactory, project: Project, store: Store, endpoint: ScriptedEndpoint
) -> None:
    at = _open_assets(open_app)
    _draft_and_accept(at)
    before = store.section(project.id, "assets")
    endpoint.status = 503
    endpoint.use(at)
    at.run()
    at.button(key="act:扩写").click().run()
    no_exceptions(at)
    assert any("扩写失败" in e.value and "正文未改变" in e.value for e in at.error)
    assert store.section(project.id, "assets") == before
    assert store.open_suggestion(project.id, "assets") is None
    assert store.messages(project.id, "assets")[-1].role == "error"


def test_slow_model_call_times_out(
    open_app: AppFactory, project: Project, store: Store, endpoint: ScriptedEndpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIXIAO_MODEL_TIMEOUT", "1")
    at = _open_assets(open_app)
    _draft_and_accept(at)
    before = store.section(project.id, "assets")
    endpoint.replies, endpoint.delay = [before.text], 2
    endpoint.use(at)
    at.run()
    at.button(key="act:润色").click().run()
    no_exceptions(at)
    assert any("润色失败：模型响应超时" in e.value for e in at.error)
    assert store.section(project.id, "assets") == before


def test_unsupported_number_in_a_suggestion_is_flagged(open_app: AppFactory, project: Project, store: Store) -> None:
    base = store.commit(project.id, "assets", "截至2023年末，区政协资产总额568.30万元。", "draft", 0)
    store.add_suggestion(base, "截至2023年末，区政协资产总额568.30万元，今年新增资产99万元。", "润色")
    at = _open_assets(open_app)
    warnings = [w.value for w in at.warning]
    assert any("有 1 处数字在事实中找不到" in w and "99万元" in w for w in warnings)


def test_template_backend_cannot_rewrite(open_app: AppFactory, project: Project, store: Store) -> None:
    at = _open_assets(open_app)
    _draft_and_accept(at)
    at.button(key="act:缩写").click().run()
    no_exceptions(at)
    assert any("模板" in e.value for e in at.error)
    assert store.open_suggestion(project.id, "assets") is None


@pytest.mark.parametrize("section_id", ["performance", "budget", "overview"])
def test_whole_section_edit_keeps_every_sub_heading(
    open_app: AppFactory, project: Project, store: Store, endpoint: ScriptedEndpoint, section_id: str
) -> None:
    """A model that hands back the text it was given, unchanged: an edit that must change nothing."""
    at = open_app(DRAFT)
    at.sidebar.button(key=f"outline:{section_id}").click().run()
    _draft_and_accept(at)
    drafted = store.section(project.id, section_id).text
    assert "（一）" in drafted
    endpoint.echo = True
    endpoint.use(at)
    at.run()
    at.button(key="act:润色").click().run()
    no_exceptions(at)
    record = store.open_suggestion(project.id, section_id)
    proposed = record.proposed_text if record is not None else drafted
    assert proposed == drafted
    assert store.section(project.id, section_id).text == drafted
    if record is None:
        shown = [c.value for c in at.caption if "已作为修改建议显示在左侧" in c.value]
        assert len(shown) == 1, "only the 起草 answer became a suggestion"
        assert any("没有修改建议" in m.value for m in at.markdown)


def test_a_figure_the_gate_refuses_is_explained_in_the_chat(
    open_app: AppFactory, project: Project, store: Store, endpoint: ScriptedEndpoint
) -> None:
    at = _open_assets(open_app)
    _draft_and_accept(at)
    drafted = store.section(project.id, "assets").text
    wrong = _polished(drafted).replace("资产总额568.30万元", "资产总额600.00万元")
    endpoint.replies = [wrong, wrong, wrong]
    endpoint.use(at)
    at.run()
    at.button(key="act:润色").click().run()
    no_exceptions(at)
    said = " ".join(m.content for m in store.messages(project.id, "assets"))
    assert "事实中资产总额为568.30万元，不能写成600.00万元" in said
    assert "“事实”页" in said
    record = store.open_suggestion(project.id, "assets")
    assert record is None or "600.00" not in record.proposed_text
    captions = " ".join(c.value for c in at.caption)
    if record is None:
        assert "已作为修改建议显示在左侧" not in captions
