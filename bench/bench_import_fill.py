"""How much of this year's facts importing last year's report fills: the seed and the realistic corpus.

    .venv/bin/python bench/bench_import_fill.py [--out bench/results/import_fill.txt]

The measure is the carry-over fields (``assistant.extract.carry_over.CARRY_OVER_FIELDS``: unit name, basis,
duties, organisation, five staffing figures, asset practices, last year's 三公 and the achievement outline).
"Before" is what the import proposed until now: the unit name from the title and last year's 三公.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from assistant.extract import extract_facts
from assistant.extract.carry_over import CARRY_OVER_FIELDS, carry_over, filled_share
from assistant.importers import read_report
from assistant.profiles import load_profile
from assistant.report import render

ROOT = Path(__file__).resolve().parents[1]
SEED = Path("/work/shared/seeds/000_af78986763f59c3a.txt")
OLD_TITLE_UNIT = re.compile(r"^(?P<unit>.*?)(?P<year>\d{4})年")


def _before(path: Path) -> int:
    report = read_report(path)
    found = OLD_TITLE_UNIT.match(report.title)
    name = int(bool(found and found.group("unit")))
    three_public = any(p.path == "预算.三公经费.支出数" for p in extract_facts(render(report, markdown=False)))
    return name + int(three_public)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "import_fill.txt")
    args = parser.parse_args()
    files = [SEED, *sorted((ROOT / "tests" / "data" / "realistic").glob("*.[tm][xd]*"))]
    lines = [f"carry-over fields: {len(CARRY_OVER_FIELDS)}", "file\tbefore\tafter"]
    total_before = total_after = 0
    for path in files:
        if path.suffix not in (".txt", ".md"):
            continue
        after, fields = filled_share(carry_over(read_report(path), load_profile()))
        before = _before(path)
        total_before += before
        total_after += after
        lines.append(f"{path.name}\t{before}/{fields}\t{after}/{fields}")
    count = len(lines) - 2
    whole = count * len(CARRY_OVER_FIELDS)
    lines.append(f"all {count} reports\t{total_before / whole:.0%}\t{total_after / whole:.0%}")
    text = "\n".join(lines) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
