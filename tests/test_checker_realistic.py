"""Precision on real-world reports: every correct report of ``tests/data/realistic/`` passes with zero
errors, and every defect planted in its mutated copy is found at its line.

The correct reports are written by hand in the layouts units actually file (Hunan standard, Hubei
conclusions first, Yunnan with 附件 tables; 目录, cover tables, amounts in 元 and 亿元, tables flattened one
cell a line, run-in list items, nested 其中, text pasted from a web page). Their figures add up
(``check_figures.py``); ``mutate.py`` plants the defects and records their lines.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import docx
import pytest
from typer.testing import CliRunner

from assistant.checker import check_file, check_report
from assistant.cli.main import app
from assistant.importers import parse_text

CORPUS = Path(__file__).parent / "data" / "realistic"
MUTATED = CORPUS / "mutated"


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"realistic_{name}", CORPUS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MUTATE = _script("mutate")
FIGURES = _script("check_figures")
REPORTS: list[Path] = MUTATE.reports()
EXPECTED: dict[str, list[list[object]]] = json.loads((MUTATED / "expected.json").read_text(encoding="utf-8"))
PROFILE_OF_LAYOUT = {"hunan": "hunan-department", "hubei": "hubei-department", "yunnan": "yunnan-department"}


def test_corpus_is_large_and_varied() -> None:
    assert len(REPORTS) >= 20
    layouts = {path.name.split("-")[1] for path in REPORTS}
    assert layouts == set(PROFILE_OF_LAYOUT)
    assert {path.suffix for path in REPORTS} == {".txt", ".md"}


@pytest.mark.parametrize("path", REPORTS, ids=[p.name for p in REPORTS])
def test_correct_report_has_no_errors(path: Path) -> None:
    result = check_file(path)
    errors = [f"{f.line}: {f.message}" for f in result.findings if f.severity == "error"]
    assert errors == []
    assert result.profile == PROFILE_OF_LAYOUT[path.name.split("-")[1]]


@pytest.mark.parametrize("path", REPORTS, ids=[p.name for p in REPORTS])
def test_figures_of_correct_report_add_up(path: Path) -> None:
    assert FIGURES.check(path) == []


def test_mutated_copies_are_what_the_generator_makes() -> None:
    texts, expected = MUTATE.generate()
    assert expected == EXPECTED
    for name, text in texts.items():
        assert (MUTATED / name).read_text(encoding="utf-8") == text, name


@pytest.mark.parametrize("path", REPORTS, ids=[p.name for p in REPORTS])
def test_every_planted_defect_is_found_at_its_line(path: Path) -> None:
    planted = [(str(rule), int(str(line))) for rule, line in EXPECTED[path.name]]
    assert 2 <= len(planted) <= 4
    findings = check_report(parse_text((MUTATED / path.name).read_text(encoding="utf-8")))
    found = {(f.rule, f.line) for f in findings}
    assert [p for p in planted if p not in found] == []
    planted_errors = sum(1 for rule, _ in planted if rule != "wording.lexicon")
    assert sum(1 for f in findings if f.severity == "error") >= planted_errors


TEXT_REPORTS = [p for p in REPORTS if p.suffix == ".txt"]


@pytest.mark.parametrize("path", TEXT_REPORTS, ids=[p.name for p in TEXT_REPORTS])
def test_word_copy_of_correct_report_has_no_errors(path: Path, tmp_path: Path) -> None:
    """The same report typed into Word, one paragraph a line (tab-separated table rows left out)."""
    document = docx.Document()
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            document.add_paragraph(line)
    copy = tmp_path / f"{path.stem}.docx"
    document.save(str(copy))
    result = check_file(copy)
    assert [f.message for f in result.findings if f.severity == "error"] == []
    assert result.profile == PROFILE_OF_LAYOUT[path.name.split("-")[1]]


def test_profile_override_is_used_and_named() -> None:
    hubei = next(p for p in REPORTS if "-hubei-" in p.name)
    runner = CliRunner()
    auto = runner.invoke(app, ["check", str(hubei)])
    assert "湖北省部门整体绩效自评报告（按提纲自动识别）" in auto.output
    forced = runner.invoke(app, ["check", str(hubei), "--profile", "hunan-department", "--format", "json"])
    assert json.loads(forced.stdout)["profile"] == "hunan-department"
    assert (
        "湖南省部门整体支出绩效自评报告（指定）"
        in runner.invoke(app, ["check", str(hubei), "--profile", "hunan-department"]).output
    )
