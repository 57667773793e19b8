"""A look at the first pages before anyone downloads: as LibreOffice lays the .docx out, or else as HTML.

LibreOffice is large, slow to start and, like any converter fed a file, can hang; it runs as a child in its
own session with a private profile (a LibreOffice the user has open would otherwise take the job over) and
a time limit, after which the whole process group is killed. Where LibreOffice or poppler's ``pdftoppm`` is
not installed, or the conversion fails, the shell shows ``report_html`` instead: the same text, headings
and table in the report's fonts and indents, without Word's page breaks.
"""

from __future__ import annotations

import html
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from assistant.errors import AssistantError
from assistant.report import Report, Section, Table

CONVERT_TIMEOUT = 90.0
"""Seconds LibreOffice may take to turn a report into PDF (a cold start takes 5–20 s on a busy machine)."""


class PreviewUnavailable(AssistantError):
    """The page preview cannot be made here (no LibreOffice, or it failed); the HTML view stands in."""


def converter() -> str | None:
    """LibreOffice's command, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(command: list[str], timeout: float, env: dict[str, str]) -> None:
    """Run ``command`` in its own session; on timeout kill all of it (soffice starts a soffice.bin child)."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True
    )
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise PreviewUnavailable(f"LibreOffice 在 {timeout:.0f} 秒内没有完成排版，已停止") from None


def page_images(
    docx: bytes, pages: int = 2, dpi: int = 70, timeout: float = CONVERT_TIMEOUT, fontconfig: Path | None = None
) -> list[bytes]:
    """PNG images of the first ``pages`` pages of a .docx as LibreOffice lays it out.

    ``fontconfig`` maps the official faces to free ones (scripts/fonts.conf) so the preview is not drawn in
    whatever font the system picks. Raises PreviewUnavailable with the reason in Chinese.
    """
    soffice, pdftoppm = converter(), shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        raise PreviewUnavailable("本机未安装 LibreOffice（或 poppler），无法按 Word 版式预览")
    env = dict(os.environ)
    if fontconfig is not None and fontconfig.is_file():
        env["FONTCONFIG_FILE"] = str(fontconfig)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "report.docx"
        source.write_bytes(docx)
        profile = work / "profile"
        _run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(source),
            ],
            timeout,
            env,
        )
        pdf = work / "report.pdf"
        if not pdf.is_file():
            raise PreviewUnavailable("LibreOffice 未能把报告转换为 PDF")
        _run([pdftoppm, "-png", "-r", str(dpi), "-f", "1", "-l", str(pages), str(pdf), str(work / "page")], 30, env)
        images = sorted(work.glob("page-*.png"))
        if not images:
            raise PreviewUnavailable("未能生成预览图片")
        return [image.read_bytes() for image in images]


PAGE_STYLE = (
    "font-family:'FangSong','仿宋_GB2312','Noto Serif CJK SC',serif;font-size:16pt;line-height:1.8;"
    "max-width:40em;margin:0 auto;padding:2em 3em;background:#fff;color:#000;border:1px solid #ccc"
)


def _p(text: str, style: str = "text-indent:2em;margin:0") -> str:
    return f'<p style="{style}">{html.escape(text)}</p>'


def _table(table: Table) -> str:
    rows = "".join(
        "<tr>"
        + "".join(f'<td style="border:1px solid #000;padding:2px 6px">{html.escape(c)}</td>' for c in row)
        + "</tr>"
        for row in table.rows
    )
    caption = _p(table.caption, "text-align:center;margin:.5em 0") if table.caption else ""
    return f'{caption}<table style="border-collapse:collapse;font-size:11pt;margin:0 auto">{rows}</table>'


def _section(section: Section) -> str:
    head = f"{section.number}{section.title}"
    parts: list[str] = []
    if section.level == 1:
        parts.append(_p(head, "text-indent:2em;margin:0;font-family:'SimHei','黑体',sans-serif"))
    elif section.level == 2:
        parts.append(_p(head, "text-indent:2em;margin:0;font-family:'KaiTi','楷体_GB2312',serif"))
    paragraphs = [p.text for p in section.paragraphs]
    if section.level >= 3:
        run_in = head if head.endswith(("。", "？", "！", "：")) else head + "。"
        paragraphs = [run_in + (paragraphs[0] if paragraphs else ""), *paragraphs[1:]]
    parts.extend(_p(text) for text in paragraphs)
    parts.extend(_table(t) for t in section.tables)
    parts.extend(_section(child) for child in section.children)
    return "".join(parts)


def report_html(report: Report) -> str:
    """The report as one HTML page in its fonts and indents (no page breaks): the preview without LibreOffice."""
    title = _p(report.title, "text-align:center;font-size:22pt;font-weight:bold;margin:.5em 0 1em")
    body = "".join(_p(p.text) for p in report.preamble) + "".join(_section(s) for s in report.sections)
    return f'<div style="{PAGE_STYLE}">{title}{body}</div>'
