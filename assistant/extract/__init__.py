"""Facts proposed from free notes: rule-based always, a chat model when one is configured."""

from assistant.extract.apply import apply_proposals
from assistant.extract.model_based import ExtractionError, extract_facts_with_model
from assistant.extract.proposal import ProposedFact
from assistant.extract.rules import extract_facts

__all__ = ["ExtractionError", "ProposedFact", "apply_proposals", "extract_facts", "extract_facts_with_model"]
