"""The unit types' facts files (facts/units/, two or more of each kind, one of each kept out of prompt tuning):
valid, and their skeletons pass the claims gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.facts import load_facts
from assistant.gate import FactBasis
from assistant.profiles import load_profile
from assistant.unit_types import unit_types

UNITS = sorted((Path(__file__).resolve().parents[1] / "facts" / "units").glob("*.yaml"))
PROFILE = load_profile()


def test_every_kind_has_a_tuned_and_a_held_out_file() -> None:
    """Each kind has a file kept out of prompt tuning and one used in it (政协: facts/example.yaml, seed-2021)."""
    paths = [*UNITS, *sorted(UNITS[0].parents[1].glob("*.yaml"))]
    kinds = [load_facts(path).unit_type for path in paths]
    ids = [kind.id for kind in kinds if kind is not None]
    assert len(ids) == len(paths)
    assert all(ids.count(kind.id) >= 2 for kind in unit_types().kinds), ids


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.stem)
def test_each_skeleton_section_passes_the_claims_gate(path: Path) -> None:
    facts = load_facts(path)
    basis = FactBasis(facts, PROFILE)
    for spec in PROFILE.sections:
        text = basis.section_skeleton(spec.id).text()
        verdict = basis.claims(text, spec.id)
        assert verdict.ok, (spec.id, verdict)
