"""Batch intake: reports that arrive as files (a folder, or a .zip) from units not using the app.

Each file goes through the same checker as a report written in the app; the file itself is kept as it
arrived, with its counts and the key figures its text states, so it sits in the same dashboard table. A
.zip is read entry by entry within the limits of ``assistant.limits`` (number of entries, size of each,
total inflated size counted while inflating, never trusting the sizes the archive declares).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Final

from assistant.checker import check_report
from assistant.errors import AssistantError
from assistant.export.gate import unit_of
from assistant.importers import REPORT_SUFFIXES, report_of_bytes
from assistant.limits import limits
from assistant.report import render
from assistant.store import IntakeFile, IntakeRecord, Store

_FIGURES: Final = {
    name: re.compile(name + r"[为达是约：:\s]*(\d+(?:\.\d+)?)\s*%")
    for name in ("预算执行率", "三公经费控制率", "结转结余率")
}
_SCORE: Final = re.compile(r"(?:自评|综合|总)?得分[为是：:\s]*(\d+(?:\.\d+)?)\s*分")
_GRADE: Final = re.compile(r"(?:评价|自评)?等级[为是：:\s]*[“\"]?(优|良|中|差)")
_CHUNK: Final = 1 << 20
BATCH: Final = 100
"""Files kept in one transaction: one commit per file was a third of a batch's time on SQLite."""


class IntakeError(AssistantError):
    """A batch that cannot be read at all (not a folder or .zip, or an archive beyond the limits)."""


@dataclass(frozen=True)
class IntakeOutcome:
    """One file of a batch: kept (with its record) or not a readable report (with the reason)."""

    file_name: str
    record: IntakeRecord | None
    problem: str = ""


def stated_figures(text: str) -> dict[str, Any]:
    """The key figures a report's text states (a received file has no facts to compute them from)."""
    found: dict[str, Any] = {}
    for name, pattern in _FIGURES.items():
        match = pattern.search(text)
        found[name] = float(match.group(1)) if match else None
    score, grade = _SCORE.search(text), _GRADE.search(text)
    found["自评得分"] = float(score.group(1)) if score else None
    found["自评等级"] = grade.group(1) if grade else None
    return found


def _read_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: list[int]) -> bytes:
    cap = limits().docx_bytes
    parts, size = [], 0
    with archive.open(entry) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            budget[0] -= len(chunk)
            if size > cap:
                raise IntakeError(f"压缩包中的“{entry.filename}”解压后超过 {cap // (1 << 20)} MB，已拒绝整个压缩包")
            if budget[0] < 0:
                raise IntakeError("压缩包解压后异常庞大，疑似损坏或恶意文件，已拒绝读取")
            parts.append(chunk)
    return b"".join(parts)


def files_in_zip(data: bytes, name: str) -> Iterator[tuple[str, bytes]]:
    """The report files of a .zip (by their name inside it), within the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IntakeError(f"{name}：不是有效的 .zip 压缩包") from None
    with archive:
        entries = [e for e in archive.infolist() if not e.is_dir()]
        if len(entries) > limits().zip_entries:
            raise IntakeError(f"{name}：压缩包包含 {len(entries)} 个文件，超过 {limits().zip_entries} 个")
        budget = [limits().inflated_bytes]
        for entry in entries:
            path = PurePosixPath(entry.filename)
            if path.name.startswith((".", "~$")) or "__MACOSX" in path.parts:
                continue
            if path.suffix.lower() in REPORT_SUFFIXES:
                yield path.name, _read_entry(archive, entry, budget)


def files_of(source: Path) -> Iterator[tuple[str, bytes]]:
    """The report files of a folder (not following links out of it) or of a .zip file."""
    if source.is_file() and source.suffix.lower() == ".zip":
        yield from files_in_zip(source.read_bytes(), source.name)
        return
    if not source.is_dir():
        raise IntakeError(f"{source}：应为文件夹或 .zip 压缩包")
    root = source.resolve()
    for path in sorted(source.rglob("*")):
        if path.suffix.lower() in REPORT_SUFFIXES and path.is_file() and path.resolve().is_relative_to(root):
            yield path.name, path.read_bytes()


def check_file(name: str, data: bytes) -> IntakeFile | str:
    """A received file read and checked, or why it is not a readable report."""
    try:
        report = report_of_bytes(name, data)
    except AssistantError as exc:
        return str(exc)
    findings = check_report(report)
    summary = stated_figures(render(report, markdown=False))
    summary["问题分类"] = dict(Counter(f.category for f in findings for _ in range(f.count)))
    errors = sum(f.count for f in findings if f.severity == "error")
    warnings = sum(f.count for f in findings if f.severity == "warning")
    unit = unit_of(report, None) or Path(name).stem
    return IntakeFile(name, unit, data, errors, warnings, summary)


def take_in(store: Store, year: int, files: Iterable[tuple[str, bytes]]) -> list[IntakeOutcome]:
    """Check and keep every report file; a file that is not a readable report is listed with its reason.

    Readable files are kept ``BATCH`` to a transaction.
    """
    checked: list[tuple[str, IntakeFile | str]] = []
    records: list[IntakeRecord] = []
    pending: list[IntakeFile] = []
    for name, data in files:
        result = check_file(name, data)
        checked.append((name, result))
        if isinstance(result, IntakeFile):
            pending.append(result)
        if len(pending) >= BATCH:
            records += store.add_intakes(year, pending)
            pending = []
    if pending:
        records += store.add_intakes(year, pending)
    kept = iter(records)
    return [
        IntakeOutcome(name, None, result) if isinstance(result, str) else IntakeOutcome(name, next(kept))
        for name, result in checked
    ]
