"""事实 page: create a report, enter facts (fields and tables), see messages beside fields, notes → proposals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from apptools import ROOT, UNIT, AppFactory, edit_table, fkey, no_exceptions
from scripted_endpoint import ScriptedEndpoint
from streamlit.testing.v1 import AppTest

from assistant.facts import parse_facts
from assistant.store import Project, Store


def test_new_report_then_facts_are_saved_as_typed(open_app: AppFactory, store: Store) -> None:
    at = open_app()
    assert "新建报告" in at.info[0].value
    at.sidebar.text_input(key="new_unit").input(UNIT)
    at.sidebar.number_input(key="new_year").set_value(2023)
    at.sidebar.button(key="create_project").click().run()
    no_exceptions(at)
    [project] = store.projects()
    assert project.label == f"{UNIT} · 2023年度"
    assert store.facts(project.id).data == {"单位": {"名称": UNIT, "年度": 2023}}

    at.text_input(key=fkey(project.id, "人员编制.编制数")).input("38").run()
    at.text_input(key=fkey(project.id, "人员编制.实有人数")).input("35").run()
    at.text_area(key=fkey(project.id, "职能职责")).input("负责提案工作\n\n承担全会服务工作\n").run()
    no_exceptions(at)
    facts = parse_facts(store.facts(project.id).data)
    assert (facts.staffing.authorized, facts.staffing.actual) == (38, 35)
    assert facts.duties == ["负责提案工作", "承担全会服务工作"]


def test_invalid_input_is_kept_and_explained_beside_the_field(open_app: AppFactory, store: Store) -> None:
    project = store.create_project(UNIT, 2023, "hunan-department")
    at = open_app()
    at.text_input(key=fkey(project.id, "人员编制.实有人数")).input("三十五").run()
    problems = [m.value for m in at.markdown if "⚠" in m.value]
    assert len(problems) == 1 and "实有人数：" in problems[0] and "三十五" in problems[0]
    assert "人员编制." not in problems[0]
    [notice] = [w.value for w in at.warning if "填写有误" in w.value]
    assert "1 处填写有误" in notice and "实有人数" in notice and "部门概况" in notice and "照常起草" in notice
    assert not at.error, "one invalid field must not read as blocking the report"
    assert store.facts(project.id).data["人员编制"] == {"实有人数": "三十五"}
    at.text_input(key=fkey(project.id, "人员编制.实有人数")).input("").run()
    assert not [m for m in at.markdown if "⚠" in m.value]
    assert "人员编制" not in store.facts(project.id).data


def test_sums_that_do_not_add_up_are_shown_on_their_group(open_app: AppFactory, project: Project, store: Store) -> None:
    at = open_app()
    at.text_input(key=fkey(project.id, "预算.支出.基本支出.人员经费")).input("700").run()
    messages = " ".join(m.value for m in at.markdown if "⚠" in m.value)
    assert "人员经费 700.00 + 公用经费 106.17 ≠ 812.35" in messages
    assert store.facts(project.id).data["预算"]["支出"]["基本支出"]["人员经费"] == "700"


def test_table_rows_are_saved(open_app: AppFactory, project: Project, store: Store) -> None:
    at = open_app()
    key = fkey(project.id, "存在问题")
    revision = store.facts(project.id).revision
    delta = {
        "edited_rows": {"0": {"原因": "临时任务多"}},
        "added_rows": [{"问题": "档案管理不够规范", "原因": "专职人员不足"}],
        "deleted_rows": [2],
    }
    edit_table(at, key, delta)
    no_exceptions(at)
    assert store.facts(project.id).revision == revision + 1
    problems = parse_facts(store.facts(project.id).data).problems
    assert [(p.problem, p.cause) for p in problems] == [
        ("预算编制的精准度有待提高", "临时任务多"),
        ("部分项目支出进度偏慢", "委员工作室建设项目受施工周期影响，资金支付滞后于既定进度"),
        ("档案管理不够规范", "专职人员不足"),
    ]


def test_notes_become_facts_only_when_confirmed(open_app: AppFactory, store: Store) -> None:
    project = store.create_project(UNIT, 2023, "hunan-department")
    at = open_app()
    at.text_area(key="notes").input("今年共立案53件提案，重点提案8件，办复率达100%。三公经费支出12.46万元。")
    at.button(key="extract_rules").click().run()
    no_exceptions(at)
    table = at.data_editor(key="proposal_table").value
    assert table["名称"].tolist() == ["立案提案", "重点提案", "办复率", "三公经费支出"]
    assert table["写入位置"].tolist()[-1] == "三公经费支出数", "where a fact goes is said in words, not as a path"
    assert store.facts(project.id).data == {}
    at.button(key="proposal_apply").click().run()
    no_exceptions(at)
    facts = parse_facts(store.facts(project.id).data)
    assert facts.keyed_quantity("立案数") == 53
    assert facts.budget.three_public.actual == Decimal("12.46")
    assert "已写入 4 项事实" in at.success[0].value


def test_model_extraction_with_a_scripted_model(open_app: AppFactory, store: Store, endpoint: ScriptedEndpoint) -> None:
    store.create_project(UNIT, 2023, "hunan-department")
    at = open_app()
    endpoint.replies = ['{"facts": [{"名称": "召开常委会会议", "数值": 4, "单位": "次"}, {"名称": "虚构", "数值": 7}]}']
    endpoint.use(at)
    at.run()
    at.text_area(key="notes").input("全年召开常委会会议4次。")
    at.button(key="extract_model").click().run()
    no_exceptions(at)
    table = at.data_editor(key="proposal_table").value
    assert table["名称"].tolist() == ["召开常委会会议"]
    assert table["写入位置"].tolist() == ["履职成效（常委会次数）"]


def test_facts_file_import_replaces_the_facts(open_app: AppFactory, store: Store) -> None:
    project = store.create_project(UNIT, 2023, "hunan-department")
    at = open_app()
    data = (ROOT / "facts" / "example.yaml").read_bytes()
    at.file_uploader(key="facts_file").set_value(("example.yaml", data, "application/x-yaml")).run()
    at.button(key="facts_file_apply").click().run()
    no_exceptions(at)
    assert parse_facts(store.facts(project.id).data).staffing.authorized == 38
    assert at.text_input(key=fkey(project.id, "人员编制.编制数", 1)).value == "38"


def test_last_years_report_shows_its_findings(open_app: AppFactory, store: Store) -> None:
    project = store.create_project(UNIT, 2022, "hunan-department")
    at = open_app()
    seed = (ROOT / "tests" / "data" / "reports" / "seed-2021.txt").read_bytes()
    at.file_uploader(key="report_file").set_value(("2021年报告.txt", seed, "text/plain")).run()
    at.button(key="report_file_read").click().run()
    no_exceptions(at)
    last = store.last_import(project.id)
    assert last is not None and last.file_name == "2021年报告.txt"
    assert "已导入：**2021年报告.txt**" in " ".join(m.value for m in at.markdown)
    findings = " ".join(m.value for m in at.markdown if m.value.startswith("- "))
    assert "四、" in findings and "部门整体支出管理及使用情况" in findings and "截止" in findings


def test_tables_show_empty_cells_empty_and_numbers_without_float_noise(open_app: AppFactory, store: Store) -> None:
    project = store.create_project(UNIT, 2023, "hunan-department")
    data = {
        "存在问题": [{"问题": "档案管理不够规范"}],
        "履职成效": [
            {"主题": "提案工作", "事项": [{"标题": "办理", "数据": [{"名称": "满意率", "数值": "98.11", "单位": "%"}]}]}
        ],
    }
    store.save_facts(project.id, data, 0)
    at = open_app()
    no_exceptions(at)
    problems = at.data_editor(key=fkey(project.id, "存在问题"))
    assert problems.value["原因"].tolist() == [""]
    quantities = at.data_editor(key=fkey(project.id, "履职成效[第1项].事项[第1项].数据"))
    assert quantities.value["数值"].tolist() == [98.11]
    assert '"plain"' not in quantities.proto.columns and "None" not in quantities.value.to_string()
    for grid in (problems, quantities):
        assert grid.proto.HasField("placeholder") and grid.proto.placeholder == "", "a missing value shows as None"


def test_old_word_files_are_taken_and_answered_in_chinese(open_app: AppFactory, store: Store) -> None:
    store.create_project(UNIT, 2023, "hunan-department")
    at = open_app()
    uploader = at.file_uploader(key="report_file")
    assert {".doc", ".wps"} <= set(uploader.proto.type)
    uploader.set_value(("2022年报告.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 600, "application/msword")).run()
    at.button(key="report_file_read").click().run()
    no_exceptions(at)
    assert any("另存为 .docx" in e.value and "2022年报告.doc" in e.value for e in at.error)
    assert "上传" in " ".join(h.value for h in at.get("html"))


def test_the_open_tab_stays_open_after_an_import(open_app: AppFactory, store: Store) -> None:
    project = store.create_project(UNIT, 2023, "hunan-department")
    at = open_app()
    at.session_state[f"facts_tab_{project.id}"] = "导入"
    at.run()
    data = (ROOT / "facts" / "example.yaml").read_bytes()
    at.file_uploader(key="facts_file").set_value(("example.yaml", data, "application/x-yaml")).run()
    at.button(key="facts_file_apply").click().run()
    no_exceptions(at)
    assert parse_facts(store.facts(project.id).data).staffing.authorized == 38
    assert at.session_state[f"facts_tab_{project.id}"] == "导入"
    [tabs] = at.get("tab_container")
    assert tabs.proto.tab_container.default_tab_index == 9


def _widget(at: AppTest, kind: str, suffix: str) -> Any:
    """The widget of ``kind`` whose key ends with ``suffix`` (keys carry the report and a generation)."""
    [found] = [w for w in getattr(at, kind) if w.key and w.key.endswith(suffix)]
    return found


def test_achievements_are_entered_theme_item_figure_in_one_structure(open_app: AppFactory, store: Store) -> None:
    project = store.create_project("丙镇人民政府", 2023, "hunan-department")
    at = open_app()
    _widget(at, "text_input", ":新主题").input("改善农村人居环境")
    _widget(at, "button", ":新主题:add").click().run()
    _widget(at, "text_input", ":履职成效[第1项].新事项").input("农村户厕改造")
    _widget(at, "button", ":履职成效[第1项].新事项:add").click().run()
    _widget(at, "text_area", ":履职成效[第1项].事项[第1项].内容").input("按照整村推进方式完成改造").run()
    grid = _widget(at, "data_editor", ":履职成效[第1项].事项[第1项].数据").key
    edit_table(
        at, grid, {"added_rows": [{"名称": "改造户厕", "数值": 312.0, "单位": "户"}, {"数值": 98.5, "单位": "%"}]}
    )
    no_exceptions(at)
    problems = [m.value for m in at.markdown if "⚠" in m.value]
    assert any("第1个主题的第1项，第2个数据：缺少名称" in p for p in problems), problems
    assert not any("履职成效[" in p for p in problems)

    _widget(at, "text_input", ":新主题").input("加强基层治理")
    _widget(at, "button", ":新主题:add").click().run()
    _widget(at, "text_input", ":履职成效[第2项].新事项").input("矛盾纠纷调处")
    _widget(at, "button", ":履职成效[第2项].新事项:add").click().run()
    grid = _widget(at, "data_editor", ":履职成效[第1项].事项[第1项].数据").key
    edit_table(at, grid, {"edited_rows": {"1": {"名称": "群众满意度"}}})
    no_exceptions(at)
    assert store.facts(project.id).data["履职成效"] == [
        {
            "主题": "改善农村人居环境",
            "事项": [
                {
                    "标题": "农村户厕改造",
                    "内容": "按照整村推进方式完成改造",
                    "数据": [
                        {"名称": "改造户厕", "数值": 312, "单位": "户"},
                        {"名称": "群众满意度", "数值": "98.5", "单位": "%"},
                    ],
                }
            ],
        },
        {"主题": "加强基层治理", "事项": [{"标题": "矛盾纠纷调处"}]},
    ]
    assert not [m for m in at.markdown if "⚠" in m.value]

    _widget(at, "button", ":履职成效[第1项].主题:remove").click().run()
    no_exceptions(at)
    assert store.facts(project.id).data["履职成效"] == [{"主题": "加强基层治理", "事项": [{"标题": "矛盾纠纷调处"}]}]
    assert _widget(at, "text_input", ":履职成效[第1项].主题").value == "加强基层治理"


def test_a_figure_in_both_words_and_data_is_noted_beside_its_item(open_app: AppFactory, store: Store) -> None:
    project = store.create_project(UNIT, 2023, "hunan-department")
    item = {
        "标题": "提案办理",
        "内容": "立案提案53件，实行领导领办",
        "数据": [{"名称": "立案提案", "数值": 53, "单位": "件"}],
    }
    store.save_facts(project.id, {"履职成效": [{"主题": "提案工作", "事项": [item]}]}, 0)
    at = open_app()
    no_exceptions(at)
    notes = [c.value for c in at.caption if c.value.startswith("ℹ")]
    assert len(notes) == 1 and "第1个主题的第1项：内容中写有“53件”" in notes[0]


def test_last_years_report_proposes_what_carries_over_accepted_one_by_one(open_app: AppFactory, store: Store) -> None:
    project = store.create_project("永州市冷水滩区水利局", 2023, "hunan-department")
    unit = {"名称": "永州市冷水滩区水利局", "年度": 2023}
    store.save_facts(project.id, {"单位": unit}, 0)
    at = open_app()
    at.session_state[f"facts_tab_{project.id}"] = "导入"
    report = (ROOT / "tests" / "data" / "realistic" / "07-hunan-shuili-yi-2022.txt").read_bytes()
    at.file_uploader(key="report_file").set_value(("2022年报告.txt", report, "text/plain")).run()
    at.button(key="report_file_read").click().run()
    no_exceptions(at)
    boxes = {c.label.split("**")[1]: c for c in at.checkbox if c.key and c.key.startswith("carry:")}
    assert {"单位名称", "职能职责", "机构设置概述", "编制数", "实有人数", "三公经费上年支出数"} <= set(boxes)
    assert not boxes["单位名称"].value, "a field already filled is not ticked by default"
    assert store.facts(project.id).data == {"单位": unit}, "nothing is written before it is accepted"
    boxes["实有人数"].uncheck()
    at.button(key="carry_apply").click().run()
    no_exceptions(at)
    data = store.facts(project.id).data
    assert data["人员编制"] == {"编制数": 38}
    assert data["职能职责"][0].startswith("区水利局负责保障全区水资源合理开发利用")
    assert data["预算"]["三公经费"]["上年支出数"] == "8.49"
    assert [t["主题"] for t in data["履职成效"]] == ["水旱灾害防御", "水利工程建设", "河湖管理"]
    assert data["单位"] == unit
    assert at.session_state[f"facts_tab_{project.id}"] == "导入"
    assert "已从去年的报告写入" in at.success[0].value
