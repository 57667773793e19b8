"""The checker on what this product drafts: a complete report passes, a half-filled one is blocked."""

from __future__ import annotations

from assistant.checker import Finding, check_report
from assistant.facts import Facts
from assistant.importers import parse_text
from assistant.profiles import Profile
from assistant.report import render
from assistant.skeleton import SkeletonDrafter


def _errors(findings: list[Finding]) -> list[str]:
    return [f"{f.rule}: {f.message}" for f in findings if f.severity == "error"]


def test_complete_draft_has_no_errors(example_facts: Facts, profile: Profile) -> None:
    report, _ = SkeletonDrafter(example_facts, profile).report()
    assert _errors(check_report(report, profile)) == []


def test_complete_draft_read_back_from_markdown_has_no_errors(example_facts: Facts, profile: Profile) -> None:
    report, _ = SkeletonDrafter(example_facts, profile).report()
    assert _errors(check_report(parse_text(render(report)), profile)) == []


def test_half_filled_draft_is_blocked_by_its_placeholders(seed_facts: Facts, profile: Profile) -> None:
    report, drafts = SkeletonDrafter(seed_facts, profile).report()
    findings = check_report(report, profile)
    placeholders = [f for f in findings if f.rule == "placeholder.marker"]
    assert len(placeholders) >= sum(len(d.missing) for d in drafts if d.spec.id != "results")
    assert all(f.section_id is not None and f.section for f in placeholders)
    assert "required.money" in [f.rule for f in findings]


def test_a_wrong_part_in_a_draft_is_caught(example_facts: Facts, profile: Profile) -> None:
    report, _ = SkeletonDrafter(example_facts, profile).report()
    text = render(report)
    assert "其他收入30.00万元" in text
    findings = check_report(parse_text(text.replace("其他收入30.00万元", "其他收入40.00万元")), profile)
    assert [f.rule for f in findings if f.severity == "error"] == ["consistency.sum"]
