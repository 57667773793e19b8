"""Facts: what a unit's staff enter, validated, with Chinese field names in files and messages."""

from assistant.facts.errors import FactsError
from assistant.facts.load import facts_to_data, load_facts, parse_facts
from assistant.facts.model import Facts

__all__ = ["Facts", "FactsError", "facts_to_data", "load_facts", "parse_facts"]
