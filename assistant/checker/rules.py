"""The rules and the lexicon, loaded from the YAML files beside this module.

A rule's wording, severity and source are data so that a reviewer can tune them (or a province add its
own) without reading Python; the checks in code only name the rule they report.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

RULES_FILE = Path(__file__).with_name("rules.yaml")
LEXICON_FILE = Path(__file__).with_name("lexicon.yaml")

Category = Literal["structure", "required", "placeholder", "punctuation", "number", "wording", "consistency"]
Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    category: Category
    severity: Severity
    source: str
    message: str = Field(description="Chinese message; {fields} are filled by the check")
    fix: str | None = Field(None, description="how the mechanical fix reads, when there is one")
    params: dict[str, Any] = Field(default_factory=dict)


class LexiconEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    wrong: str
    right: str
    note: str
    pattern: str | None = None
    example: str
    counter: str

    @property
    def regex(self) -> re.Pattern[str]:
        """What to match; every match contains ``wrong``, which the checker uses as a cheap pre-filter."""
        return _compile(self.pattern or re.escape(self.wrong))


class _RulesFile(BaseModel):
    rules: list[Rule]


class _LexiconFile(BaseModel):
    entries: list[LexiconEntry]


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def pattern(rule_id: str, key: str = "pattern") -> re.Pattern[str]:
    return _compile(str(rules()[rule_id].params[key]))


@cache
def rules() -> dict[str, Rule]:
    """Every rule by id; a malformed rules file is a packaging bug, so it fails loudly."""
    data = _RulesFile.model_validate(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")))
    found = {rule.id: rule for rule in data.rules}
    if len(found) != len(data.rules):
        raise ValueError("rules.yaml: duplicate rule id")
    return found


@cache
def lexicon() -> tuple[LexiconEntry, ...]:
    data = _LexiconFile.model_validate(yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8")))
    return tuple(data.entries)
