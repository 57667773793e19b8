"""Reading and writing files without losing or overwriting data: the two things every command does with files.

A write goes to a temporary file beside the target, is read back by the caller's check, and only then
replaces the target in one ``os.replace``: a crash, a full disk or an output that would not open again
leaves the target as it was (or absent) instead of half-written. A read failure becomes one Chinese
reason a user can act on.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file, through ``./``, ``..``, symlinks or hard links."""
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except (OSError, RuntimeError):
        return False


def write_atomic(target: Path, write: Callable[[Path], object], verify: Callable[[Path], object] | None = None) -> None:
    """Write ``target`` through a temporary file: ``write`` fills it, ``verify`` reads it back, then it is moved.

    Whatever ``write`` or ``verify`` raises propagates and the temporary file is removed, so ``target``
    is either the old file (or absent) or the complete new one, never a broken one.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=folder)
    os.close(fd)
    temporary = Path(name)
    try:
        write(temporary)
        if verify is not None:
            verify(temporary)
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        temporary.chmod(mode)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def verify_report(path: Path) -> None:
    """Read a report file just written back through the importer; raises ``ReportReadError`` if it does not open."""
    from assistant.importers import read_report

    read_report(path)


def write_report_file(target: Path, write: Callable[[Path], object]) -> None:
    """Write a report (.docx, .md, .txt) so that it replaces ``target`` only once it reads back cleanly."""
    write_atomic(target, write, verify_report)
