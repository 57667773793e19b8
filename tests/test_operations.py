"""Edit operations are described once, in assistant/drafting/operations.yaml, validated on load."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.drafting import operations
from assistant.drafting.operations import Operation, OperationError, operation
from assistant.drafting.prompts import edit_messages, prompts_dir


def test_every_operation_has_its_prompt_and_builds_messages() -> None:
    for op in operations().values():
        assert (prompts_dir() / op.prompt).is_file(), op.prompt
        messages = edit_messages(
            op.name, "更简洁", "区政协全年立案提案53件。", {"unit": "区政协", "me": "区政协", "year": "2023"}
        )
        assert "区政协全年立案提案53件。" in messages[-1].text


def test_only_the_instructed_rewrite_may_add_figures() -> None:
    assert [op.name for op in operations().values() if op.adds_figures] == ["改写"]
    assert [op.name for op in operations().values() if op.button] == ["扩写", "缩写", "润色", "正式化"]


@pytest.mark.parametrize(
    "bad",
    [
        {"name": "翻译", "prompt": "edit_translate.txt", "shortest": 2.0, "longest": 1.0, "help": "译成英文"},
        {"name": "翻译", "prompt": "../secrets", "shortest": 0.5, "longest": 1.0, "help": "译成英文"},
        {"name": "翻译", "prompt": "edit_translate.txt", "shortest": 0.5, "longest": 1.0, "help": "x", "model": "gpt"},
    ],
)
def test_a_malformed_operation_is_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Operation.model_validate(bad)


def test_an_unknown_operation_names_the_known_ones() -> None:
    with pytest.raises(OperationError, match="润色"):
        operation("翻译")
