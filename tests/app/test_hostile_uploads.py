"""Uploads in the app go through the same bounded readers as the command line: a hostile file is refused
with the same Chinese line, and the project is left exactly as it was."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from apptools import ROOT, UNIT, AppFactory, no_exceptions

from assistant.store import Store

EXAMPLE = (ROOT / "facts" / "example.yaml").read_bytes()
BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{c}: &{c} [{','.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    + ["单位: *i"]
).encode()


def _many_paragraphs() -> bytes:
    body = b"<w:p><w:r><w:t>T</w:t></w:r></w:p>" + b"<w:p/>" * 100_000
    document = (
        b'<?xml version="1.0" encoding="UTF-8"?><w:document '
        b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + body
        + b"</w:body></w:document>"
    )
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("bomb.yaml", BOMB, "别名"),
        ("dup.yaml", EXAMPLE + "单位:\n  名称: 乙局\n".encode(), "重复填写"),
        ("deep.json", b'{"a": ' + b"[" * 5000 + b"]" * 5000 + b"}", "嵌套"),
    ],
)
def test_refused_facts_upload_leaves_the_project_unchanged(
    open_app: AppFactory, store: Store, name: str, data: bytes, words: str
) -> None:
    project = store.create_project(UNIT, 2023, "hunan-department")
    before = store.facts(project.id).data
    at = open_app()
    at.file_uploader(key="facts_file").set_value((name, data, "application/octet-stream")).run()
    at.button(key="facts_file_apply").click().run()
    no_exceptions(at)
    assert any(words in m.value for m in at.markdown), [m.value for m in at.markdown]
    assert store.facts(project.id).data == before


def test_refused_report_upload_records_nothing(open_app: AppFactory, store: Store) -> None:
    project = store.create_project(UNIT, 2022, "hunan-department")
    at = open_app()
    at.file_uploader(key="report_file").set_value(("many.docx", _many_paragraphs(), "application/octet-stream")).run()
    at.button(key="report_file_read").click().run()
    no_exceptions(at)
    assert any("段落超过" in e.value for e in at.error), [e.value for e in at.error]
    assert store.last_import(project.id) is None
