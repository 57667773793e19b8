"""Check that the figures of every correct report in this folder add up, independently of the checker.

    python tests/data/realistic/check_figures.py

For each report it finds the standard figures by their labels (收入合计, 财政拨款收入, 其他收入, 支出合计,
基本支出, 项目支出, 人员经费/工资福利, 公用经费/商品和服务, 三公 parts, 执行率, 结转结余, project items)
and checks: income = its parts, spending = 基本 + 项目, 基本 = 人员 + 公用, 项目 = its items, 三公 = its
parts, 执行率 = 支出 ÷ 收入 (two decimals), 结转结余 = 收入 − 支出. Prints one line per report; exits 1 on
any mismatch.
"""

from __future__ import annotations

import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).parent
AMOUNT = r"([0-9]+(?:\.[0-9]+)?)(万元|元)"
SCALE = {"万元": Decimal(1), "元": Decimal("0.0001")}


def first(text: str, label: str) -> Decimal | None:
    m = re.search(label + r"[^0-9，。；]{0,12}?" + AMOUNT, text)
    return Decimal(m.group(1)) * SCALE[m.group(2)] if m else None


def items(text: str) -> Decimal | None:
    """Project items: the amounts of the sentence listing them, or of the project table's 支出数 column."""
    m = re.search(r"项目支出(?:中|包括|[0-9.]+万元，其中|。(?!项目支出))[，：]?([^。]*)。", text)
    if m:
        return sum((Decimal(a) * SCALE[u] for a, u in re.findall(AMOUNT, m.group(1))), Decimal(0))
    rows = re.findall(r"^\| [^|]*经费 \| [0-9.]+ \| ([0-9.]+) \|$", text, re.MULTILINE)
    return sum((Decimal(r) for r in rows), Decimal(0)) if rows else None


def check(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?<![0-9])\.|\.(?![0-9])", "。", text.replace(",", "，").replace(";", "；"))
    f = {
        "收入": first(text, "收入合计"),
        "财政拨款": first(text, "财政拨款收入"),
        "其他收入": first(text, "其他收入"),
        "支出": first(text, "支出合计"),
        "基本": first(text, "其中[：]?基本支出"),
        "项目": first(text, "项目支出"),
        "人员": first(text, "人员经费") or first(text, "工资福利支出"),
        "公用": first(text, "公用经费") or first(text, "商品和服务支出"),
        "三公": first(text, "“三公”经费支出"),
        "公车": first(text, "公务用车运行维护费"),
        "接待": first(text, "公务接待费"),
        "结余": first(text, "结转(?:和)?结余"),
        "项目明细": items(text),
    }
    rate = re.search(r"执行率(?:为)?([0-9.]+)%", text)
    problems: list[str] = []

    def equal(name: str, left: Decimal | None, right: Decimal | None) -> None:
        if left is None or right is None:
            problems.append(f"{name}: 找不到")
        elif left != right:
            problems.append(f"{name}: {left} ≠ {right}")

    def add(*keys: str) -> Decimal | None:
        values = [f[k] for k in keys]
        return None if any(v is None for v in values) else sum(values, Decimal(0))  # type: ignore[arg-type]

    equal("收入 = 财政拨款 + 其他", f["收入"], add("财政拨款", "其他收入"))
    equal("支出 = 基本 + 项目", f["支出"], add("基本", "项目"))
    equal("基本 = 人员 + 公用", f["基本"], add("人员", "公用"))
    equal("项目 = 明细之和", f["项目"], f["项目明细"])
    if f["公车"] is not None or f["接待"] is not None:
        equal("三公 = 公车 + 接待", f["三公"], add("公车", "接待"))
    if f["收入"] and f["支出"]:
        expected = (f["支出"] / f["收入"] * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        equal("执行率", Decimal(rate.group(1)) if rate else None, expected)
        if f["结余"] is not None:
            equal("结转结余 = 收入 − 支出", f["结余"], f["收入"] - f["支出"])
    return problems


def main() -> int:
    failed = 0
    for path in sorted(HERE.glob("[0-9][0-9]-*.*")):
        if path.suffix not in (".txt", ".md"):
            continue
        problems = check(path)
        failed += bool(problems)
        print(f"{'OK ' if not problems else 'BAD'} {path.name}" + "".join(f"\n    {p}" for p in problems))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
