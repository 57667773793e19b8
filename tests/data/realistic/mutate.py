"""Plant defects in the correct reports of this folder: each gets three, each with the line it is on.

    python tests/data/realistic/mutate.py      # rewrites mutated/ and mutated/expected.json

The corpus test regenerates the mutations in memory and compares them with the committed files, then
asserts that the checker finds every planted defect at its line. Mutations never add or remove a line,
so the line of each defect is its line in the correct report.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "mutated"
PER_REPORT = 3
_LEVEL_ONE = re.compile(r"^((?:#+\s*)?)([一二三四五六七八九])、")
NUMERALS = "一二三四五六七八九十"

Planted = tuple[str, int]
Mutation = Callable[[list[str]], "tuple[list[str], Planted] | None"]


def _body_end(lines: list[str]) -> int:
    """Index of the 附件 line (annex rows look like chapters), or the end."""
    return next((i for i, line in enumerate(lines) if re.match(r"^附件", line)), len(lines))


def _first(lines: list[str], pattern: str) -> int | None:
    regex = re.compile(pattern)
    return next((i for i in range(_body_end(lines)) if regex.search(lines[i])), None)


def _replace(lines: list[str], i: int, new: str) -> list[str]:
    return [*lines[:i], new, *lines[i + 1 :]]


def gap(lines: list[str]) -> tuple[list[str], Planted] | None:
    """The last chapter's numeral one too high ("七、" → "八、"): a gap in the body's numbering."""
    heads = [i for i in range(_body_end(lines)) if _LEVEL_ONE.match(lines[i])]
    if not heads:
        return None
    i = heads[-1]
    m = _LEVEL_ONE.match(lines[i])
    assert m is not None
    bumped = NUMERALS[NUMERALS.index(m.group(2)) + 1]
    return _replace(lines, i, f"{m.group(1)}{bumped}、{lines[i][m.end() :]}"), ("structure.gap", i + 1)


def parts_off(lines: list[str]) -> tuple[list[str], Planted] | None:
    """项目支出 after "其中基本支出…" raised by 10 (万元 or 元): the parts no longer add up."""
    i = _first(lines, r"其中[：]?基本支出[0-9.]+(?:万元|元)[，、；]项目支出[0-9.]+")
    if i is None:
        return None
    m = re.search(r"(其中[：]?基本支出[0-9.]+(?:万元|元)[，、；]项目支出)([0-9.]+)", lines[i])
    assert m is not None
    value = Decimal(m.group(2)) + 10
    line = lines[i][: m.start(2)] + f"{value:f}" + lines[i][m.end(2) :]
    return _replace(lines, i, line), ("consistency.sum", i + 1)


def placeholder(lines: list[str]) -> tuple[list[str], Planted] | None:
    """The staffing figure left as "XX" ("核定编制XX名")."""
    i = _first(lines, r"编制[0-9]+名")
    if i is None:
        return None
    return _replace(lines, i, re.sub(r"编制[0-9]+名", "编制XX名", lines[i], count=1)), ("placeholder.xx", i + 1)


def rate(lines: list[str]) -> tuple[list[str], Planted] | None:
    """The budget execution rate raised by 20 points, above 100%."""
    i = _first(lines, r"执行率(?:为)?(?:9[0-9]|8[0-9])\.[0-9]+%")
    if i is None:
        return None
    m = re.search(r"(执行率(?:为)?)([0-9]+)(\.[0-9]+%)", lines[i])
    assert m is not None
    line = lines[i][: m.start(2)] + str(int(m.group(2)) + 20) + lines[i][m.end(2) :]
    return _replace(lines, i, line), ("consistency.rate", i + 1)


def year_end(lines: list[str]) -> tuple[list[str], Planted] | None:
    """ "截至2022年末" one year early: a year-end that is not the report's."""
    i = _first(lines, r"截至20[0-9]{2}年末")
    if i is None:
        return None
    m = re.search(r"截至(20[0-9]{2})年末", lines[i])
    assert m is not None
    line = lines[i][: m.start(1)] + str(int(m.group(1)) - 1) + lines[i][m.end(1) :]
    return _replace(lines, i, line), ("consistency.year", i + 1)


def wording(lines: list[str]) -> tuple[list[str], Planted] | None:
    """ "其他收入" misspelt "其它收入"."""
    i = _first(lines, r"其他收入")
    if i is None:
        return None
    return _replace(lines, i, lines[i].replace("其他收入", "其它收入", 1)), ("wording.lexicon", i + 1)


MUTATIONS: tuple[Mutation, ...] = (gap, parts_off, placeholder, rate, year_end, wording)


def reports() -> list[Path]:
    return sorted(p for p in HERE.glob("[0-9][0-9]-*.*") if p.suffix in (".txt", ".md"))


def mutate(index: int, text: str) -> tuple[str, list[Planted]]:
    """``PER_REPORT`` defects on distinct lines, starting from a mutation that rotates with ``index``."""
    lines = text.split("\n")
    planted: list[Planted] = []
    for step in range(len(MUTATIONS)):
        if len(planted) == PER_REPORT:
            break
        result = MUTATIONS[(index + step) % len(MUTATIONS)](lines)
        if result is None or any(result[1][1] == line for _, line in planted):
            continue
        lines, defect = result
        planted.append(defect)
    return "\n".join(lines), sorted(planted, key=lambda d: d[1])


def generate() -> tuple[dict[str, str], dict[str, list[list[object]]]]:
    texts: dict[str, str] = {}
    expected: dict[str, list[list[object]]] = {}
    for index, path in enumerate(reports()):
        text, planted = mutate(index, path.read_text(encoding="utf-8"))
        texts[path.name] = text
        expected[path.name] = [[rule, line] for rule, line in planted]
    return texts, expected


def render_expected(expected: dict[str, list[list[object]]]) -> str:
    """One report a line: {"name": [[rule, line], ...], ...}."""
    rows = [f"  {json.dumps(name, ensure_ascii=False)}: {json.dumps(found)}" for name, found in expected.items()]
    return "{\n" + ",\n".join(rows) + "\n}\n"


def main() -> int:
    texts, expected = generate()
    OUT.mkdir(exist_ok=True)
    for name, text in texts.items():
        (OUT / name).write_text(text, encoding="utf-8")
    (OUT / "expected.json").write_text(render_expected(expected), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
