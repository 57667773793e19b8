"""How much of any input the assistant agrees to read: every size bound in one place, with its default.

Facts files and reports come from outside (e-mail, USB sticks, other units), so any of them may be
damaged or hostile. Each reader checks its input against these bounds *before* the costly step (parsing,
inflating, validating) and refuses with one Chinese line instead of hanging or exhausting memory. The
defaults are far above any real report (a report is tens of kilobytes and a few hundred paragraphs);
each can be raised as ``JIXIAO_LIMIT_<FIELD>`` (e.g. ``JIXIAO_LIMIT_DOCX_PARAGRAPHS=50000``).
The README's 可靠性 part lists them with what each refusal looks like.
"""

from __future__ import annotations

from functools import cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

MIB = 1024 * 1024


class Limits(BaseSettings):
    """Input bounds; each can be set as ``JIXIAO_LIMIT_<FIELD>``."""

    model_config = SettingsConfigDict(env_prefix="JIXIAO_LIMIT_", env_file=".env", extra="ignore")

    facts_bytes: int = Field(5 * MIB, gt=0, description="size of a facts file (.yaml/.json)")
    text_bytes: int = Field(5 * MIB, gt=0, description="size of a .txt/.md report")
    docx_bytes: int = Field(20 * MIB, gt=0, description="size of a .docx report (photos included)")
    inflated_bytes: int = Field(
        100 * MIB, gt=0, description="all parts of a .docx once unpacked, counted while unpacking"
    )
    xml_part_bytes: int = Field(20 * MIB, gt=0, description="one XML part of a .docx (the body, the numbering…)")
    zip_entries: int = Field(5000, gt=0, description="number of parts inside a .docx")
    docx_paragraphs: int = Field(20_000, gt=0, description="paragraphs in a .docx body (a report has a few hundred)")
    list_start: int = Field(32_767, gt=0, description="largest start value of a Word list (Word's own bound)")
    nesting_depth: int = Field(40, gt=0, description="levels of nesting in a facts file")
    yaml_aliases: int = Field(20, ge=0, description="YAML aliases (*name) in a facts file")
    facts_nodes: int = Field(200_000, gt=0, description="values in a facts file, with every alias expanded")
    number_digits: int = Field(
        18, gt=0, le=24, description="digits in one number of a facts file (at most 24: figures keep 2 decimals)"
    )
    excerpt_chars: int = Field(40, gt=0, description="characters of the user's text quoted in a message")
    findings_per_rule: int = Field(
        50, gt=0, description="findings of one rule in one file listed one by one; the rest are counted"
    )


@cache
def limits() -> Limits:
    """The limits in force, read once from the environment."""
    return Limits()


def excerpt(value: object, chars: int | None = None) -> str:
    """At most ``chars`` characters of a user's value for a message, with "…" when cut.

    Never builds the full text of a huge or alias-expanded value first: containers are summarised.
    """
    size = limits().excerpt_chars if chars is None else chars
    if isinstance(value, str):
        text = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        text = _short_number(value, size)
    elif isinstance(value, dict):
        text = f"（{len(value)} 个字段）"
    elif isinstance(value, list | tuple):
        text = f"（{len(value)} 项的列表）"
    else:
        text = str(value)[: size + 1]
    text = text.replace("\n", " ")
    return text if len(text) <= size else text[:size] + "…"


def _short_number(value: int | float, size: int) -> str:
    if isinstance(value, int) and value.bit_length() > 4 * size:
        return f"（{value.bit_length() * 3 // 10} 位左右的数字）"
    return str(value)
