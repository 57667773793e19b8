"""The chat's edit operations (扩写, 缩写, 润色, 正式化, 改写), described once in ``operations.yaml``.

The prompt a model gets, the answer lengths the gate accepts, which operation may bring in figures and what
the app's buttons say all come from that file, so a new operation or a retuned limit is a data change the
CLI, the engine and the app pick up alike.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from assistant.errors import AssistantError

OPERATIONS_FILE = Path(__file__).with_name("operations.yaml")


class OperationError(AssistantError):
    """An edit operation that is unknown, or an operations file that is malformed."""


class Operation(BaseModel):
    """One edit operation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    prompt: str = Field(pattern=r"^[\w.-]+\.txt$", description="prompt file under assistant/prompts/")
    shortest: float = Field(gt=0, description="shortest acceptable answer, as a share of the edited text")
    longest: float = Field(gt=0, description="longest acceptable answer, as a share of the edited text")
    adds_figures: bool = Field(False, description="may state the section's facts the text does not state")
    button: bool = Field(False, description="offered as a one-click button in the app's chat")
    help: str = Field(min_length=1, description="the button's tooltip, in Chinese")

    @model_validator(mode="after")
    def _sane_shape(self) -> Operation:
        if self.shortest >= self.longest:
            raise ValueError(f"shortest {self.shortest} must be below longest {self.longest}")
        return self


_OPERATIONS = TypeAdapter(list[Operation])


@cache
def operations() -> dict[str, Operation]:
    """Every operation by name, in the file's order."""
    try:
        listed = _OPERATIONS.validate_python(yaml.safe_load(OPERATIONS_FILE.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise OperationError(f"修改方式定义文件 {OPERATIONS_FILE.name} 有误：{exc}") from None
    names = [op.name for op in listed]
    if len(set(names)) != len(names):
        raise OperationError(f"修改方式定义文件 {OPERATIONS_FILE.name} 中有重名的修改方式")
    return {op.name: op for op in listed}


def operation(name: str) -> Operation:
    """The operation called ``name``; an unknown one is refused with the list of known ones."""
    found = operations().get(name)
    if found is None:
        raise OperationError(f"不支持的修改方式“{name}”（可选：{'、'.join(operations())}）")
    return found
