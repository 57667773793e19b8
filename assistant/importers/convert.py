"""Old Word (.doc) and WPS (.wps) reports turned into .docx by LibreOffice, where it is installed.

Offices still keep last year's report as .doc or .wps. The readers only understand .docx, so such a file is
handed to ``soffice --headless --convert-to docx`` in a child process: with a private profile (a running
LibreOffice of the user's would otherwise take the job over), a wall-clock timeout, and the file size
checked first. Without LibreOffice, or when it fails, the writer is told in one Chinese line to save the
file as .docx in Word or WPS.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from assistant.importers.errors import ReportReadError
from assistant.limits import MIB, limits

CONVERTIBLE = {".doc": "Word 97-2003", ".wps": "WPS"}
TIMEOUT_SECONDS = 90.0
"""A report of a few dozen pages converts in seconds; LibreOffice's first start on a cold machine takes longer."""


def _save_as(name: str, kind: str, why: str) -> ReportReadError:
    return ReportReadError(f"{name}：{why}，无法读取 {kind} 格式；请在 Word 或 WPS 中另存为 .docx 后再导入")


def can_convert() -> bool:
    """Whether LibreOffice is installed, so .doc and .wps files can be read."""
    return shutil.which("soffice") is not None


def convert_to_docx(path: Path, folder: Path, timeout: float = TIMEOUT_SECONDS) -> Path:
    """``path`` (.doc or .wps) as a .docx written into ``folder``; ReportReadError in Chinese when it cannot be."""
    name = path.name
    kind = CONVERTIBLE.get(path.suffix.lower())
    if kind is None:
        raise ReportReadError(f"{name}：不是 .doc 或 .wps 文件")
    soffice = shutil.which("soffice")
    if soffice is None:
        raise _save_as(name, kind, "本机没有安装 LibreOffice")
    size = path.stat().st_size
    if size > limits().docx_bytes:
        raise ReportReadError(f"{name}：文件过大（{size / MIB:.1f} MB），不能超过 {limits().docx_bytes / MIB:g} MB")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        command = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            "docx",
            "--outdir",
            str(folder),
            str(path),
        ]
        try:
            subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
                env={**os.environ, "HOME": profile},
            )
        except subprocess.TimeoutExpired:
            raise _save_as(name, kind, f"转换超过 {timeout:g} 秒仍未完成") from None
        except OSError:
            raise _save_as(name, kind, "LibreOffice 无法启动") from None
    target = folder / f"{path.stem}.docx"
    if not target.is_file() or target.stat().st_size == 0:
        raise _save_as(name, kind, "文件已损坏或不是该格式")
    return target
