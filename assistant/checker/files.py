"""Checking files and folders: the finance bureau's reviewer points it at every unit's submission."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from assistant.checker.engine import check_with_profile
from assistant.checker.model import FileCheck
from assistant.importers import REPORT_SUFFIXES, ReportReadError, read_report
from assistant.os_reasons import os_reason
from assistant.profiles import load_profile


def check_file(path: Path, profile_id: str | None = None) -> FileCheck:
    """Findings for one report file, against the named profile or the one its outline fits; raises
    ``ReportReadError`` when it cannot be read."""
    report = read_report(path)
    profile, findings = check_with_profile(report, load_profile(profile_id) if profile_id else None)
    return FileCheck(
        file=str(path), findings=findings, profile=profile.id, profile_name=profile.name, profile_given=bool(profile_id)
    )


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


def _walk(folder: Path, root: Path) -> Iterator[tuple[Path, str | None]]:
    """Report files under ``folder`` in name order, each with why it cannot be read (None when it can).

    A folder that cannot be listed and a link that leads out of ``root`` (or nowhere) are yielded with
    their reason instead of being skipped in silence; links to folders are never followed.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        yield folder, f"{folder.name}：文件夹无法打开（{os_reason(exc)}），其中的报告未检查"
        return
    for entry in entries:
        path = Path(entry.path)
        if _hidden(entry.name):
            continue
        if entry.is_symlink():
            reason = _link_reason(path, root)
            if reason is not None:
                if entry.name.lower().endswith(REPORT_SUFFIXES) or _points_to_dir(path):
                    yield path, reason
                continue
            if _points_to_dir(path):
                continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path, root)
        elif entry.name.lower().endswith(REPORT_SUFFIXES):
            yield path, None


def _points_to_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _link_reason(path: Path, root: Path) -> str | None:
    """Why a link is not followed: it leads nowhere, or out of the folder being checked."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"{path.name}：链接指向的文件不存在或形成循环，未检查"
    if not target.is_relative_to(root):
        return f"{path.name}：链接指向被检查文件夹外的 {target}，出于安全未读取"
    return None


def report_files(folder: Path) -> Iterator[Path]:
    """Every readable .txt/.md/.docx under ``folder``, sorted, skipping hidden files and Word's ~$ lock files."""
    for path, reason in _walk(folder, folder.resolve()):
        if reason is None:
            yield path


def check_folder(folder: Path, profile_id: str | None = None) -> list[FileCheck]:
    """One result per report file; a file, link or subfolder that cannot be read gets its reason instead of
    findings."""
    results: list[FileCheck] = []
    for path, reason in _walk(folder, folder.resolve()):
        if reason is not None:
            results.append(FileCheck(file=str(path), error=reason))
            continue
        try:
            results.append(check_file(path, profile_id))
        except ReportReadError as exc:
            results.append(FileCheck(file=str(path), error=str(exc)))
    return results
