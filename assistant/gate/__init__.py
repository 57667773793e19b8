"""The fact gate: no figure, name or evaluation reaches a draft unless it comes from the facts, and no required
fact or detail is lost."""

from __future__ import annotations

from assistant.gate.allowed import AllowedNumbers, FactFigure, build_allowed, fact_figures, fact_texts
from assistant.gate.basis import FactBasis
from assistant.gate.claims import ClaimScope, ClaimVerdict, UnsupportedClaim, claim_scope
from assistant.gate.mentions import Figure, figures
from assistant.gate.required import RequiredFact, missing_facts, required_facts
from assistant.gate.verdict import GateVerdict, UnsupportedNumber, check

__all__ = [
    "AllowedNumbers",
    "ClaimScope",
    "ClaimVerdict",
    "FactBasis",
    "FactFigure",
    "Figure",
    "GateVerdict",
    "RequiredFact",
    "UnsupportedClaim",
    "UnsupportedNumber",
    "build_allowed",
    "check",
    "claim_scope",
    "fact_figures",
    "fact_texts",
    "figures",
    "missing_facts",
    "required_facts",
]
