"""A 【待补充】 finding leads to the fact it stands for: 去填写 opens the 事实 page on that field's tab with
the field outlined; once it is filled, the page offers to draft the section again, and doing so opens the
section with a fresh draft (the figure now in it) as a suggestion."""

from __future__ import annotations

from apptools import ROOT, AppFactory, fkey, no_exceptions

from assistant.drafting.section_text import skeleton_text
from assistant.facts import facts_to_data, load_facts
from assistant.gate import FactBasis
from assistant.profiles import load_profile
from assistant.store import Store


def test_fill_a_marker_then_redraft(open_app: AppFactory, store: Store) -> None:
    facts = load_facts(ROOT / "facts" / "seed-2021.yaml")
    project = store.create_project(facts.unit.name or "单位", 2021, "hunan-department")
    store.save_facts(project.id, facts_to_data(facts), 0)
    overview = skeleton_text(FactBasis(facts, load_profile()), "overview")
    assert "【待补充：编制数】" in overview
    store.commit(project.id, "overview", overview, "draft", 0)

    at = open_app("ui/check_page.py")
    no_exceptions(at)
    fill = [b for b in at.button if b.label == "去填写"]
    lines = [m.value for m in at.markdown if m.value.startswith("- ")]
    target = next(i for i, line in enumerate([ln for ln in lines if "【待补充" in ln]) if "编制数" in line)
    assert len(fill) >= 3
    fill[target].click().run()
    no_exceptions(at)
    assert at.session_state[f"facts_tab_{project.id}"] == "人员编制"
    said = " ".join(w.value for w in at.warning)
    assert "请填写“编制数”（在“人员编制”页" in said and "一、部门概况" in said

    at.switch_page("ui/facts_page.py")  # where the browser now is (AppTest keeps its own page otherwise)
    at.text_input(key=fkey(project.id, "人员编制.编制数")).input("38").run()
    no_exceptions(at)
    assert str(store.facts(project.id).data["人员编制"]["编制数"]) == "38"
    assert any("“编制数”已填写" in s.value for s in at.success)
    [redraft] = [b for b in at.button if b.label.startswith("重新起草")]
    redraft.click().run()
    no_exceptions(at)
    record = store.open_suggestion(project.id, "overview")
    assert record is not None and "38名" in record.proposed_text and "【待补充：编制数】" not in record.proposed_text
    assert record.base_text == overview
    assert at.subheader[0].value == "一、部门概况"
