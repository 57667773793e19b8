"""What the checker hands back: findings, per-file results and the changes ``--fix`` made."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from assistant.checker.rules import SEVERITIES, Category, Severity

JSON_FIELDS = ("rule", "category", "severity", "message", "line", "excerpt", "fix")


class Finding(BaseModel):
    """One problem in one place of a report."""

    rule: str = Field(description="stable rule id from rules.yaml, e.g. structure.gap")
    category: Category
    severity: Severity = Field(description="error blocks export; warning and info do not")
    message: str
    line: int | None = Field(description="1-based line (.txt/.md), paragraph number (.docx), None when no place")
    excerpt: str = ""
    fix: str | None = Field(None, description="the mechanical fix, when there is a safe one")
    section: str | None = Field(None, description="heading (with its marker) of the innermost section it is in")
    section_id: str | None = Field(None, description="profile id of the top-level section it is in, when known")
    count: int = Field(1, ge=1, description="occurrences it stands for: the grouped rest of a rule counts them all")

    def to_json(self) -> dict[str, Any]:
        """The fields of the CLI's JSON output, in its order (``count`` only for a grouped finding)."""
        data = self.model_dump()
        out = {key: data[key] for key in JSON_FIELDS}
        if self.count > 1:
            out["count"] = self.count
        return out


def count(findings: list[Finding]) -> dict[str, int]:
    """Occurrences by severity, a grouped finding counting every occurrence it stands for."""
    return {severity: sum(f.count for f in findings if f.severity == severity) for severity in SEVERITIES}


class FileCheck(BaseModel):
    """The findings for one file, or why it could not be read."""

    file: str
    findings: list[Finding] = Field(default_factory=list)
    error: str | None = Field(None, description="one Chinese line when the file could not be read")
    profile: str | None = Field(None, description="id of the report type it was checked against")
    profile_name: str | None = Field(None, description="that report type's Chinese name")
    profile_given: bool = Field(False, description="False when the profile was chosen from the report's outline")

    @property
    def profile_label(self) -> str:
        """ "报告类型：…（自动识别）", the line that tells a reviewer which outline the findings assume."""
        how = "指定" if self.profile_given else "按提纲自动识别"
        return f"报告类型：{self.profile_name}（{how}）" if self.profile_name else ""

    @property
    def counts(self) -> dict[str, int]:
        return count(self.findings)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file": self.file,
            "findings": [f.to_json() for f in self.findings],
            "counts": self.counts,
        }
        if self.profile is not None:
            data["profile"] = self.profile
        if self.error is not None:
            data["error"] = self.error
        return data


class Change(BaseModel):
    """One mechanical fix, as ``--fix`` applied it (or could not, inside a .docx)."""

    rule: str
    line: int
    before: str
    after: str
    excerpt: str = Field("", description="the line around the change, before it")
    applied: bool = Field(True, description="False when a .docx edit would straddle two differently formatted runs")
