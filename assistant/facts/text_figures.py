"""Amounts written inside a fact's text that contradict the structured figure of the same name.

Staff write sentences into 内容、总体评价、说明 and so on. The fact gate lets a number quoted from such a
text stand in the draft (it is the staff's own wording), so "财政拨款收入9999.99万元" written there would
reach the filed report although 预算.收入.来源 says 1256.40. The facts know both, so the contradiction
is refused where it is made: a money figure that directly follows the name of a structured amount
("财政拨款收入9999.99万元", "人员经费为706.18万元") must be one of that name's amounts.

Only that tight pattern is read: "财政拨款收入较上年增加100万元" names a change, not the amount, and is left
alone. A figure that is right says nothing here; a wrong one is an error naming both fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from assistant.facts.model import Facts
from assistant.facts.schema import path_words
from assistant.limits import excerpt
from assistant.numbers import money, to_wan

TOLERANCE = Decimal("0.005")
ALIAS_MIN_CHARS = 4
"""A list item's name is also recognised by its tail, down to 4 characters: 一般公共预算财政拨款收入 as 财政拨款收入."""

_CONNECTOR = r"(?:为|是|达到|达|共计|共|合计|总计|计|约|：|:)?\s*"
_AMOUNT = r"(?<![0-9.,])([0-9]{1,3}(?:,[0-9]{3}){1,6}|[0-9]{1,18})(\.[0-9]{1,6})?\s*(亿元|万元|元)"

Labelled = dict[str, list[tuple[str, Decimal]]]


def _fixed_labels(facts: Facts) -> list[tuple[str, str, Decimal | None]]:
    """(name as written in text, path of the fact, value) for the amounts a report names by a fixed word."""
    b = facts.budget
    s = b.spending
    t = b.three_public
    a = facts.assets
    return [
        ("收入合计", "预算.收入.合计", b.income.total),
        ("总收入", "预算.收入.合计", b.income.total),
        ("年初预算数", "预算.支出.年初预算数", s.initial_budget),
        ("全年预算数", "预算.支出.全年预算数", s.budget),
        ("支出合计", "预算.支出.合计", s.total),
        ("总支出", "预算.支出.合计", s.total),
        ("基本支出", "预算.支出.基本支出.合计", s.basic.total),
        ("基本支出", "预算.支出.基本支出.预算数", s.basic.budget),
        ("人员经费", "预算.支出.基本支出.人员经费", s.basic.personnel),
        ("公用经费", "预算.支出.基本支出.公用经费", s.basic.public),
        ("公用经费", "预算.支出.基本支出.公用经费预算", s.basic.public_budget),
        ("项目支出", "预算.支出.项目支出.合计", s.project.total),
        ("项目支出", "预算.支出.项目支出.预算数", s.project.budget),
        ("三公经费", "预算.三公经费.支出数", t.actual),
        ("三公经费", "预算.三公经费.预算数", t.budget),
        ("三公经费", "预算.三公经费.上年支出数", t.last_year),
        ("公务接待费", "预算.三公经费.公务接待费", t.reception),
        ("公务用车购置及运行费", "预算.三公经费.公务用车购置及运行费", t.vehicles),
        ("因公出国（境）费", "预算.三公经费.因公出国（境）费", t.abroad),
        ("结转结余", "预算.结转结余", b.carryover),
        ("资产总额", "资产.资产总额", a.total),
        ("固定资产", "资产.固定资产", a.fixed),
        ("在用固定资产", "资产.在用固定资产", a.fixed_in_use),
    ]


def _item_labels(facts: Facts) -> Iterator[tuple[str, str, Decimal | None]]:
    """Income sources and projects, named by their 名称 and by its tails."""
    items: list[tuple[str, str, Decimal | None]] = []
    for i, source in enumerate(facts.budget.income.sources):
        items.append((source.name, f"预算.收入.来源[第{i + 1}项].金额", source.amount))
    for i, project in enumerate(facts.budget.spending.project.projects):
        path = f"预算.支出.项目支出.项目[第{i + 1}项]"
        items.append((project.name, f"{path}.支出数", project.actual))
        items.append((project.name, f"{path}.预算数", project.budget))
    for name, path, value in items:
        for start in range(len(name) - ALIAS_MIN_CHARS + 1):
            yield name[start:], path, value


def _labels(facts: Facts) -> Labelled:
    labels: Labelled = {}
    for name, path, value in [*_fixed_labels(facts), *_item_labels(facts)]:
        known = labels.setdefault(name, [])
        if value is not None:
            known.append((path, value))
    return labels


def _texts(value: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every text entered in the facts with its path (总体评价, 履职成效[第1项].事项[第2项].内容)."""
    if isinstance(value, str):
        yield prefix, value
    elif isinstance(value, BaseModel):
        for key, info in type(value).model_fields.items():
            name = info.alias or key
            yield from _texts(getattr(value, key), f"{prefix}.{name}" if prefix else name)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, f"{prefix}[第{i + 1}项]")


def _wan(match: re.Match[str]) -> Decimal:
    return to_wan(Decimal(match.group(2).replace(",", "") + (match.group(3) or "")), match.group(4))


def text_figure_conflicts(facts: Facts) -> list[str]:
    """One Chinese line per amount in a fact's text that is none of the amounts its name has in the facts."""
    labels = _labels(facts)
    names = [re.escape(n) for n in sorted(labels, key=len, reverse=True)]
    if not names:
        return []
    pattern = re.compile(rf"(?<![非不])({'|'.join(names)}){_CONNECTOR}{_AMOUNT}")
    problems: list[str] = []
    for path, text in _texts(facts):
        for match in pattern.finditer(text):
            known = labels[match.group(1)]
            if not known:
                continue
            written = _wan(match)
            if any(abs(written - value) <= TOLERANCE for _, value in known):
                continue
            facts_say = "、".join(f"{path_words(p)} {money(v)}" for p, v in known)
            problems.append(
                f"{path_words(path)}：文字中写有“{excerpt(match.group(0))}”，与填写的 {facts_say} 不符；"
                "请改正文字或数字，使两处一致"
            )
    return problems
