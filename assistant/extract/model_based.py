"""Model-based extraction: a chat model reads free notes and lists labelled numbers as JSON.

The model only reads; it never decides where a fact goes or what it is worth. Its labels are named by the
same lexicon as the rule-based path, and any number it returns that does not occur in the notes is dropped,
so a model that invents a figure cannot get it into the facts. llama.cpp's server rejects OpenAI's
``json_schema`` response format, so an OpenAI-compatible model is asked for plain JSON mode.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.drafting.prompts import read_prompt
from assistant.errors import AssistantError
from assistant.extract.proposal import ProposedFact, load_lexicon
from assistant.numbers import find_arabic_numbers
from assistant.unit_types import UnitType

PROMPT_FILE = "extract_facts.txt"
JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


class ExtractionError(AssistantError):
    """The model's answer could not be read as a list of facts."""


def _json_mode(chat_model: BaseChatModel) -> Any:
    try:
        from langchain_openai import ChatOpenAI
    except ImportError:
        return chat_model
    if isinstance(chat_model, ChatOpenAI):
        return chat_model.bind(response_format={"type": "json_object"})
    return chat_model


def _items(answer: str) -> list[dict[str, Any]]:
    match = JSON_OBJECT.search(answer)
    if match is None:
        raise ExtractionError("模型没有返回 JSON")
    try:
        data = json.loads(match.group(0))
    except json.JSONDecodeError as exc:
        raise ExtractionError(f"模型返回的 JSON 有误：{exc.msg}") from None
    items = data.get("facts") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ExtractionError("模型返回的 JSON 中没有 facts 列表")
    return [i for i in items if isinstance(i, dict)]


def extract_facts_with_model(notes: str, chat_model: BaseChatModel, kind: UnitType | None = None) -> list[ProposedFact]:
    """Proposed facts read by ``chat_model``; raises ExtractionError when its answer is unusable."""
    prompt = read_prompt(PROMPT_FILE)
    answer = _json_mode(chat_model).invoke([SystemMessage(prompt), HumanMessage(notes)])
    in_notes = {m.value for m in find_arabic_numbers(notes)}
    lexicon = load_lexicon(kind)
    found: list[ProposedFact] = []
    for item in _items(answer.text):
        label = str(item.get("名称") or "").strip()
        unit = str(item.get("单位") or "").strip().replace("％", "%")
        try:
            value = Decimal(str(item.get("数值")))
        except InvalidOperation:
            continue
        if label and unit and value in in_notes:
            found.append(lexicon.classify(label, value, unit, source=f"模型摘录：{label}{value}{unit}"))
    return found
