"""A report profile: the outline of one report type, as data.

Provinces and cities change the outline and the formulas every year, so next year's outline or another
province's is a new YAML file beside ``hunan-department.yaml``, not a code change.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import AssistantError
from assistant.indicators import AdjustmentVariant
from assistant.report.model import Section

PROFILES_DIR = Path(__file__).parent
_HEADING_NOISE = re.compile(r"[\s　：:。.，,、（）()“”\"《》]")
DEFAULT_PROFILE = "hunan-department"


class ProfileError(AssistantError):
    """A profile that is missing or malformed."""


class SectionSpec(BaseModel):
    """One top-level section of the outline."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="stable id used by the CLI, prompts and the checker")
    heading: str = Field(description="the heading as the profile writes it, without its number")
    aliases: list[str] = Field(default_factory=list, description="other headings real reports use for it")
    level: int = Field(1, ge=1, le=4)
    requirement: Literal["required", "recommended"] = "required"
    facts: list[str] = Field(
        default_factory=list, description="dotted Chinese fact paths the section must state, e.g. 人员编制.编制数"
    )
    money: bool = Field(False, description="the section counts only if it carries money figures")
    mentions: dict[str, list[str]] = Field(
        default_factory=dict,
        description="for reports written elsewhere: each required fact and words, any one of which shows it is stated",
    )
    template: str = Field(description="skeleton template file under templates/")
    prompt: str = Field(description="prompt file under assistant/prompts/ for model drafting")

    @property
    def required(self) -> bool:
        return self.requirement == "required"

    def matches(self, heading: str) -> bool:
        """Whether a heading found in a report names this section: it contains the section's heading or one of
        its aliases, spaces and punctuation aside ("部门整体支出管理及使用情况分析" is the money section).

        The one heading matcher of the engine: the checker, the app and the CLI all find sections with it.
        """
        bare = normalise_heading(heading)
        return any(name in bare for name in self.names)

    def stands_for(self, section: Section) -> bool:
        """Whether a section of a report is this one: tagged with its id (a drafted report), else by heading."""
        if section.section_id is not None:
            return section.section_id == self.id
        return self.matches(section.title)

    @property
    def names(self) -> tuple[str, ...]:
        """The heading and aliases as ``matches`` compares them (normalised once per spec and process)."""
        return _normalised((self.heading, *self.aliases))


class IndicatorSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    budget_adjustment: AdjustmentVariant = Field(
        "standard", description="standard: 预算调整数 ÷ 年初预算数; henan: (全年 − 年初) ÷ 年初"
    )


class Profile(BaseModel):
    """A report type: its title pattern, default basis documents, indicator settings and outline."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    title: str = Field(description="Jinja2 pattern for the report title")
    indicators: IndicatorSettings = Field(default_factory=IndicatorSettings)
    templates: str | None = Field(
        None, description="id of the profile whose skeleton templates this one reuses (default: its own)"
    )
    sections: list[SectionSpec]

    def section(self, section_id: str) -> SectionSpec:
        for spec in self.sections:
            if spec.id == section_id:
                return spec
        known = "、".join(s.id for s in self.sections)
        raise ProfileError(f"报告类型 {self.id} 没有章节“{section_id}”（可选：{known}）")

    @property
    def templates_dir(self) -> Path:
        return PROFILES_DIR / "templates" / (self.templates or self.id)


def normalise_heading(text: str) -> str:
    """A heading without spaces and punctuation, as headings are compared."""
    return _HEADING_NOISE.sub("", text)


@cache
def _normalised(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(normalise_heading(name) for name in names)


def available_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))


@cache
def load_profile(profile_id: str = DEFAULT_PROFILE) -> Profile:
    """Load a shipped profile by id; cached because every draft and check needs it."""
    path = PROFILES_DIR / f"{profile_id}.yaml"
    if not path.is_file():
        raise ProfileError(f"没有报告类型“{profile_id}”（可选：{'、'.join(available_profiles())}）")
    try:
        return Profile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise ProfileError(f"报告类型文件 {path.name} 有误：{exc}") from None
