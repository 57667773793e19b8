"""Checking files and folders: the finance bureau's reviewer points it at every unit's submission."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from assistant.checker.engine import check_with_profile
from assistant.checker.model import FileCheck
from assistant.importers import REPORT_SUFFIXES, ReportReadError, read_report
from assistant.profiles import load_profile


def check_file(path: Path, profile_id: str | None = None) -> FileCheck:
    """Findings for one report file, against the named profile or the one its outline fits; raises
    ``ReportReadError`` when it cannot be read."""
    report = read_report(path)
    profile, findings = check_with_profile(report, load_profile(profile_id) if profile_id else None)
    return FileCheck(
        file=str(path), findings=findings, profile=profile.id, profile_name=profile.name, profile_given=bool(profile_id)
    )


def report_files(folder: Path) -> Iterator[Path]:
    """Every .txt/.md/.docx under ``folder``, sorted, skipping hidden files and Word's ~$ lock files."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith((".", "~$")) for part in relative.parts):
            continue
        if path.is_file() and path.suffix.lower() in REPORT_SUFFIXES:
            yield path


def check_folder(folder: Path, profile_id: str | None = None) -> list[FileCheck]:
    """One result per report file; a file that cannot be read gets its error instead of findings."""
    results: list[FileCheck] = []
    for path in report_files(folder):
        try:
            results.append(check_file(path, profile_id))
        except ReportReadError as exc:
            results.append(FileCheck(file=str(path), error=str(exc)))
    return results
