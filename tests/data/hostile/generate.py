"""The hostile corpus: damaged and malicious inputs, generated on demand instead of committed as binaries.

Each case writes its input files into a folder and returns the ``assistant`` arguments that use them,
with what a safe run looks like: the exit code, Chinese words in the output, and bounds on time and
memory. ``tests/test_hostile_corpus.py`` runs each in a child process under an address-space limit.

    python tests/data/hostile/generate.py OUT_DIR     # write every case's files to OUT_DIR to try by hand
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "facts" / "example.yaml"
REPORT = ROOT / "tests" / "data" / "reports" / "base.txt"

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/numbering.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
    'Target="numbering.xml"/></Relationships>'
)


@dataclass(frozen=True)
class Case:
    """One hostile input and what a safe run on it looks like."""

    name: str
    make: Callable[[Path], list[str]]
    """Writes the input files into a folder; returns the ``assistant`` arguments."""
    exit_codes: tuple[int, ...]
    words: str
    """Chinese words the output must contain ("" when any output will do)."""
    seconds: float = 20.0
    megabytes: int = 300
    max_output: int = 200_000
    """Characters the run may print: a refusal never echoes the hostile input back."""


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def document_xml(body: str, head: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{head}<w:document {W}><w:body>{body}</w:body>'
        "</w:document>"
    ).encode()


def write_docx(path: Path, document: bytes, numbering: bytes | None = None, filler_mb: int = 0) -> Path:
    """A minimal Word package; ``filler_mb`` megabytes of blanks are streamed into the body before it closes."""
    head, _, tail = document.rpartition(b"</w:body>")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        with archive.open("word/document.xml", "w") as body:
            body.write(head)
            blank = b" " * (1024 * 1024)
            for _ in range(filler_mb):
                body.write(blank)
            body.write(b"</w:body>" + tail)
        if numbering is not None:
            archive.writestr("word/_rels/document.xml.rels", DOC_RELS)
            archive.writestr("word/numbering.xml", numbering)
    return path


def lie_about_sizes(path: Path, part: str, declared: int) -> None:
    """Rewrite the uncompressed size the zip declares for ``part`` (local header and central directory)."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        for match in re.finditer(re.escape(signature), data):
            start = match.start()
            if data[start + name_at : start + name_at + len(name)] == name:
                struct.pack_into("<I", data, start + size_at, declared)
    path.write_bytes(bytes(data))


def facts_with(summary: str) -> str:
    return re.sub(r"(?m)^总体评价:.*$", lambda _: f"总体评价: {summary}", EXAMPLE.read_text(encoding="utf-8"))


def _write(folder: Path, name: str, text: str | bytes) -> str:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def alias_bomb(folder: Path) -> list[str]:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    lines.append("单位: *i")
    return ["facts", "validate", _write(folder, "bomb.yaml", "\n".join(lines))]


def alias_heavy(folder: Path) -> list[str]:
    """Structurally valid (themes, items, quantities) with 19 aliases, expanding to millions of values."""
    quantity = "{名称: 立案, 数值: 1, 单位: 件}"
    lines = [
        "履职成效:",
        "  - 主题: 主题0",
        "    事项: &items",
        f"      - {{标题: 事项0, 数据: &q [{', '.join([quantity] * 3000)}]}}",
    ]
    lines += [f"      - {{标题: 事项{i}, 数据: *q}}" for i in range(1, 11)]
    lines += [f"  - {{主题: 主题{i}, 事项: *items}}" for i in range(1, 10)]
    return ["facts", "validate", _write(folder, "heavy.yaml", "\n".join(lines))]


def yaml_deep(folder: Path) -> list[str]:
    return ["facts", "validate", _write(folder, "deep.yaml", "单位: " + "[" * 500 + "]" * 500)]


def json_deep(folder: Path) -> list[str]:
    return ["facts", "validate", _write(folder, "deep.json", '{"单位": ' + "[" * 100_000 + "]" * 100_000 + "}")]


def json_big_int(folder: Path) -> list[str]:
    return ["facts", "validate", _write(folder, "big.json", '{"人员编制": {"编制数": ' + "9" * 5000 + "}}")]


def draft_huge_exponent(folder: Path) -> list[str]:
    text = EXAMPLE.read_text(encoding="utf-8").replace("数值: 2,", '数值: "1E+1000000",', 1)
    return ["draft", _write(folder, "exp.yaml", text), "-o", str(folder / "out.md")]


def duplicate_key(folder: Path) -> list[str]:
    return [
        "facts",
        "validate",
        _write(folder, "dup.yaml", EXAMPLE.read_text(encoding="utf-8") + "单位:\n  名称: 乙局\n"),
    ]


def duplicate_json_key(folder: Path) -> list[str]:
    return ["facts", "validate", _write(folder, "dup.json", '{"单位": {"名称": "甲", "年度": 2023},\n"单位": {}}')]


def nan_amount(folder: Path) -> list[str]:
    return ["facts", "validate", _write(folder, "nan.json", '{"预算": {"结转结余": NaN}}')]


def utf16_facts(folder: Path) -> list[str]:
    return ["facts", "validate", _write(folder, "u16.yaml", EXAMPLE.read_text(encoding="utf-8").encode("utf-16"))]


def long_wrong_value(folder: Path) -> list[str]:
    return ["facts", "validate", _write(folder, "long.yaml", "人员编制:\n  编制数: " + "多" * 1_000_000 + "\n")]


def huge_facts(folder: Path) -> list[str]:
    return ["facts", "validate", _write(folder, "huge.yaml", "# " + "x" * (6 * 1024 * 1024) + "\n")]


def big_valid_facts(folder: Path) -> list[str]:
    """Just under the size limit, every value a real one: what the limits accept must stay within memory."""
    item = {"标题": "事项" * 20, "内容": "开展工作" * 40, "数据": [{"名称": "立案", "数值": 1, "单位": "件"}]}
    items = [item] * 7_000
    data = {"单位": {"名称": "测试局", "年度": 2023}, "履职成效": [{"主题": "主题", "事项": items}]}
    return ["facts", "validate", _write(folder, "big.json", json.dumps(data, ensure_ascii=False))]


def draft_big_facts(folder: Path) -> list[str]:
    facts = big_valid_facts(folder)[-1]
    return ["draft", facts, "-o", str(folder / "out.docx")]


def symlink_loop(folder: Path) -> list[str]:
    (folder / "a.yaml").symlink_to(folder / "b.yaml")
    (folder / "b.yaml").symlink_to(folder / "a.yaml")
    return ["facts", "validate", str(folder / "a.yaml")]


def hash_in_text(folder: Path) -> list[str]:
    facts = _write(folder, "hash.yaml", facts_with('"#学习强国#平台发布稿件12篇"'))
    return ["draft", facts, "-o", str(folder / "out.md")]


def heading_in_text(folder: Path) -> list[str]:
    facts = _write(folder, "heading.yaml", facts_with('"工作有成效\\n## 小节\\n八、附件"'))
    return ["draft", facts, "-o", str(folder / "out.md")]


def false_amount(folder: Path) -> list[str]:
    facts = _write(folder, "false.yaml", facts_with("全年财政拨款收入9999.99万元，预算执行平稳"))
    return ["draft", facts, "-o", str(folder / "out.docx")]


def digit_run(size: int) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        return [
            "check",
            _write(folder, f"digits{size}.txt", "某局2023年度部门整体支出绩效自评报告\n" + "1" * size + "\n"),
        ]

    return make


def digits_in_fact_text(folder: Path) -> list[str]:
    facts = _write(folder, "digits.yaml", facts_with("共" + "1" * 50_000))
    return ["draft", facts, "-o", str(folder / "out.md")]


def big_text_report(folder: Path) -> list[str]:
    """A 4.9 MB report of real sentences repeated: one rule's findings by the hundred thousand."""
    base = REPORT.read_text(encoding="utf-8")
    lines = [line for line in base.splitlines()[1:] if line.strip()]
    body = "\n".join(lines)
    copies = 4_900_000 // len(body.encode("utf-8"))
    text = base.splitlines()[0] + "\n" + "\n".join([body] * copies) + "\n"
    return ["check", _write(folder, "big.txt", text), "--format", "json"]


def repeated_mistakes(folder: Path) -> list[str]:
    """4.4 MB of two punctuation mistakes and a wrong word per line: 300,000 findings before grouping."""
    line = "本局工作,成效明显;其它事项按计划推进。\n"
    text = "某局2023年度部门整体支出绩效自评报告\n一、部门概况\n" + line * (4_400_000 // len(line.encode()))
    return ["check", _write(folder, "repeated.txt", text), "--format", "json"]


def tiny_paragraphs(folder: Path) -> list[str]:
    path = write_docx(folder / "many.docx", document_xml(paragraph("标题") + "<w:p/>" * 1_000_000))
    return ["check", str(path)]


def lying_zip(folder: Path) -> list[str]:
    """Declares 90 MB for the body (under every size bound) and holds 150 MB."""
    path = write_docx(folder / "lying.docx", document_xml(paragraph("标题")), filler_mb=150)
    lie_about_sizes(path, "word/document.xml", 90 * 1024 * 1024)
    return ["check", str(path)]


def honest_zip_bomb(folder: Path) -> list[str]:
    path = write_docx(folder / "bomb.docx", document_xml(paragraph("标题")), filler_mb=250)
    return ["check", str(path)]


def numbering_start(folder: Path) -> list[str]:
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {W}>'
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1000000000000"/>'
        '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    ).encode()
    numbered = (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>概况</w:t></w:r></w:p>'
    )
    path = write_docx(folder / "roman.docx", document_xml(paragraph("标题") + numbered), numbering)
    return ["check", str(path)]


def entity_docx(folder: Path) -> list[str]:
    head = '<!DOCTYPE w:document [<!ENTITY e "其它">]>'
    path = write_docx(
        folder / "entity.docx", document_xml(paragraph("标题") + paragraph("一、概况") + paragraph("&e;"), head)
    )
    return ["check", str(path), "--fix", "-o", str(folder / "fixed.docx")]


def fix_onto_itself(folder: Path) -> list[str]:
    path = _write(folder, "self.txt", "某局2023年度部门整体支出绩效自评报告\n一、概况\n其它工作。\n")
    return ["check", path, "--fix", "-o", str(folder / "." / "self.txt")]


def fix_onto_symlink(folder: Path) -> list[str]:
    path = _write(folder, "real.txt", "某局2023年度部门整体支出绩效自评报告\n一、概况\n其它工作。\n")
    (folder / "link.txt").symlink_to(path)
    return ["check", path, "--fix", "-o", str(folder / "link.txt")]


def folder_with_escape(folder: Path) -> list[str]:
    reports = folder / "reports"
    reports.mkdir()
    (reports / "ok.txt").write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    outside = _write(folder, "outside.txt", REPORT.read_text(encoding="utf-8"))
    (reports / "link.txt").symlink_to(outside)
    (reports / "dangling.docx").symlink_to(folder / "nowhere.docx")
    return ["check", str(reports)]


CASES: tuple[Case, ...] = (
    Case("yaml-alias-bomb", alias_bomb, (2,), "别名"),
    Case("yaml-alias-heavy", alias_heavy, (2,), "展开"),
    Case("yaml-deep-nesting", yaml_deep, (2,), "嵌套"),
    Case("json-deep-nesting", json_deep, (2,), "嵌套"),
    Case("json-5000-digit-integer", json_big_int, (2,), "位数"),
    Case("draft-huge-exponent", draft_huge_exponent, (2,), "位数"),
    Case("yaml-duplicate-key", duplicate_key, (2,), "重复"),
    Case("json-duplicate-key", duplicate_json_key, (2,), "重复"),
    Case("json-nan-amount", nan_amount, (2,), "有限的数字"),
    Case("utf16-facts", utf16_facts, (0,), "校验通过"),
    Case("long-wrong-typed-value", long_wrong_value, (2,), "编制数：应为整数", max_output=1000),
    Case("facts-over-size-limit", huge_facts, (2,), "文件过大"),
    Case("facts-4.9mb-valid-json", big_valid_facts, (0, 2), "", seconds=30, megabytes=500),
    Case("draft-4.9mb-facts", draft_big_facts, (0, 2), "", seconds=30, megabytes=500),
    Case("facts-symlink-loop", symlink_loop, (2,), "循环"),
    Case("fact-text-starting-with-hash", hash_in_text, (0,), "已写入"),
    Case("fact-text-with-headings", heading_in_text, (0,), "已写入"),
    Case("false-amount-in-fact-text", false_amount, (2,), "9999.99"),
    Case("check-20kb-digit-run", digit_run(20_000), (0, 1), "合计", seconds=5),
    Case("check-100kb-digit-run", digit_run(100_000), (0, 1), "合计", seconds=10),
    Case("draft-digits-in-fact-text", digits_in_fact_text, (0,), "已写入", seconds=10),
    # Memory proportional to the input: about 20 times the 4.9 MB file, the interpreter and its 45 MiB of imports
    # included. Peaks measured 92.2-93.4 MiB from run to run; 95 leaves room for that, not for a second copy.
    Case("check-4.9mb-text", big_text_report, (0, 1), "另有", seconds=60, megabytes=95, max_output=5_000_000),
    Case("check-4.4mb-repeated-mistakes", repeated_mistakes, (0, 1), "另有", seconds=60, megabytes=300),
    Case("docx-million-tiny-paragraphs", tiny_paragraphs, (2,), "段落"),
    Case("docx-lying-zip-header", lying_zip, (2,), "解压后超过"),
    Case("docx-honest-zip-bomb", honest_zip_bomb, (2,), "异常庞大"),
    Case("docx-numbering-start-10e12", numbering_start, (2,), "起始值"),
    Case("docx-entity-fix", entity_docx, (2,), "DTD"),
    Case("fix-onto-own-input", fix_onto_itself, (2,), "不能与"),
    Case("fix-onto-symlink-of-input", fix_onto_symlink, (2,), "不能与"),
    Case("folder-symlinks", folder_with_escape, (2,), "文件夹外"),
)


def main(out: Path) -> None:
    for case in CASES:
        folder = out / case.name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        args = case.make(folder)
        print(f"{case.name}: assistant {' '.join(args)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
