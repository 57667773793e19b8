"""The five unit types' facts files (facts/units/): valid, and their skeletons pass the claims gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.facts import load_facts
from assistant.gate import FactBasis
from assistant.profiles import load_profile

UNITS = sorted((Path(__file__).resolve().parents[1] / "facts" / "units").glob("*.yaml"))
PROFILE = load_profile()


def test_five_unit_types() -> None:
    assert len(UNITS) == 5


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.stem)
def test_each_skeleton_section_passes_the_claims_gate(path: Path) -> None:
    facts = load_facts(path)
    basis = FactBasis(facts, PROFILE)
    for spec in PROFILE.sections:
        text = basis.section_skeleton(spec.id).text()
        verdict = basis.claims(text, spec.id)
        assert verdict.ok, (spec.id, verdict)
