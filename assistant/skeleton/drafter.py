"""The skeleton drafter: every fact of a section in official prose, with no model.

It is the floor every other backend stands on: the model rewrites it, the fact gate falls back to its
sentences, and with no model at all it is the draft. A missing fact becomes a visible 【待补充：…】 marker
(which the checker blocks at export), never a guess.

Each section's wording is a Jinja2 template under ``assistant/profiles/templates/<profile>/``. A template
writes plain paragraphs separated by blank lines; a line ``## 标题`` opens a sub-heading one level below
the section, ``### 标题`` two levels below. Numbers are assigned afterwards, so they never skip.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import jinja2

from assistant.facts.model import Facts, Quantity
from assistant.facts.paths import is_missing
from assistant.facts.repeats import unstated
from assistant.grades import grade_for
from assistant.importers.markers import match_marker
from assistant.indicators import Indicator, compute_indicators
from assistant.numbers import fmt_plain, money, pct, quantity
from assistant.profiles.model import Profile, SectionSpec
from assistant.report.model import Paragraph, Report, Section, renumber
from assistant.skeleton.tables import budget_table

TODO_OPEN = "【待补充："
SHARP = "\ue023"
"""Stands for a "#" printed from a fact while the template's output is parsed, so only the template's own
``##`` lines open headings; it is turned back into "#" in every title and paragraph."""


def todo(label: str) -> str:
    """The visible marker for a fact nobody has entered yet."""
    return f"{TODO_OPEN}{label}】"


@dataclass
class SectionDraft:
    """A drafted section and the required facts it could not state."""

    spec: SectionSpec
    section: Section
    missing: list[str] = field(default_factory=list)


def _money(value: Decimal | None, label: str) -> str:
    return todo(label) if value is None else money(value)


def _pct(value: Decimal | None, label: str) -> str:
    return todo(label) if value is None else pct(value)


def _count(value: Decimal | int | None, unit: str, label: str) -> str:
    return todo(label) if value is None else quantity(value, unit)


def _text(value: str | None, label: str) -> str:
    return todo(label) if not value else value.rstrip("。；;")


def _plain(value: Decimal | int | None, label: str) -> str:
    return todo(label) if value is None else fmt_plain(value)


def _phrase(q: Quantity) -> str:
    """召开全会 + 2 + 次 → 召开全会2次; 办复率 + 100 + % → 办复率达100.00%."""
    if q.unit == "%":
        return f"{q.label}达{quantity(q.value, q.unit)}"
    return f"{q.label}{quantity(q.value, q.unit)}"


def _quantities(items: list[Quantity]) -> str:
    return "，".join(_phrase(q) for q in items)


def _join(items: list[str], sep: str = "、") -> str:
    return sep.join(i.rstrip("。；;") for i in items)


def inert(value: Any) -> Any:
    """What a template prints from the facts, made into plain running text before it meets the template's markup.

    Facts are text, never structure: line breaks become spaces (a "\\n## 小节" or "\\n八、附件" inside a
    field stays inside its paragraph), a leading heading marker is dropped (the drafter numbers the
    report; "一、预算执行平稳" at a paragraph's start would be read back as a heading), and "#" is held
    as ``SHARP`` so that "#学习强国#" cannot open a heading.
    """
    if not isinstance(value, str):
        return value
    text = " ".join(value.split())
    while (found := match_marker(text)) is not None:
        text = text[found[1] :].lstrip()
    return text.replace("#", SHARP)


def _restore(text: str) -> str:
    return text.replace(SHARP, "#")


def _environment(profile: Profile) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(profile.templates_dir),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
        finalize=inert,
    )
    helpers: dict[str, Callable[..., Any]] = {
        "money": _money,
        "pct": _pct,
        "count": _count,
        "text": _text,
        "plain": _plain,
        "todo": todo,
        "quantities": _quantities,
        "unstated": unstated,
        "join": _join,
        "grade_for": grade_for,
    }
    env.globals.update(helpers)
    return env


def _parse_blocks(text: str, spec: SectionSpec) -> Section:
    """Template output → a section tree: each non-empty line is a paragraph, ``##`` lines open headings."""
    root = Section(level=spec.level, title=spec.heading, section_id=spec.id)
    stack = [root]
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        if line.startswith("#"):
            level = spec.level + len(line) - len(line.lstrip("#")) - 1
            while stack[-1].level >= level:
                stack.pop()
            child = Section(level=level, title=_restore(line.lstrip("#").strip()))
            stack[-1].children.append(child)
            stack.append(child)
        else:
            stack[-1].paragraphs.append(Paragraph(text=_restore(line)))
    return root


class _Found(dict[str, Indicator]):
    """Indicators by id; an absent one reads as None, so templates can test ``{% if ind.carryover %}``."""

    def __missing__(self, key: str) -> None:
        return None


class SkeletonDrafter:
    """Drafts sections of one profile from one unit's facts."""

    def __init__(self, facts: Facts, profile: Profile) -> None:
        self.facts = facts
        self.profile = profile
        self.indicators: dict[str, Indicator] = {
            i.id: i for i in compute_indicators(facts, profile.indicators.budget_adjustment)
        }
        self.env = _environment(profile)

    def _context(self) -> dict[str, Any]:
        f = self.facts
        return {
            "f": f,
            "unit": f.unit,
            "year": _plain(f.unit.year, "年度"),
            "me": f.unit.short_name or "本单位",
            "ind": _Found(self.indicators),
        }

    def title(self) -> str:
        return _restore(self.env.from_string(self.profile.title).render(unit=self.facts.unit))

    def preamble(self) -> list[Paragraph]:
        text = self.env.get_template("preamble.md.j2").render(**self._context())
        return [Paragraph(text=_restore(" ".join(p.split()))) for p in text.splitlines() if p.strip()]

    def section(self, spec: SectionSpec) -> SectionDraft:
        table = budget_table(self.facts, self.indicators) if spec.money else None
        text = self.env.get_template(spec.template).render(**self._context(), table=table)
        section = _parse_blocks(text, spec)
        if table is not None:
            section.tables.append(table)
        missing = [path for path in spec.facts if is_missing(self.facts, path)]
        return SectionDraft(spec, section, missing)

    def report(self) -> tuple[Report, list[SectionDraft]]:
        drafts = [self.section(spec) for spec in self.profile.sections]
        report = Report(title=self.title(), preamble=self.preamble(), sections=[d.section for d in drafts])
        renumber(report.sections)
        return report, drafts
