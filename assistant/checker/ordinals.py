"""How the markers of each level are spelled, judged over the whole document.

Marker spelling is a habit, not a slip: a report that writes "1、" writes it everywhere, so each problem
is reported once for the document (where it first shows, with the count) and fixed everywhere. When a
level mixes spellings ("1．", "1." and "1、"), that one structure finding covers them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from assistant.checker.structure import LEVEL_NAMES, SectionHit
from assistant.importers.markers import ACCEPTED_STYLES, STANDARD_STYLE, Marker
from assistant.report.model import Section


def _by_level(headings: Iterable[tuple[Section, Marker]]) -> dict[int, dict[str, list[Section]]]:
    levels: dict[int, dict[str, list[Section]]] = {}
    for section, marker in headings:
        levels.setdefault(marker.level, {}).setdefault(marker.style, []).append(section)
    return levels


def _style_rules(level: int, style: str) -> list[str]:
    if level == 1:
        return ["punctuation.chinese-ordinal"]
    if level == 3:
        return ["punctuation.arabic-ordinal"]
    found = []
    if "(" in style or ")" in style:
        found.append("punctuation.half-width-ordinal")
    if style[-1] not in ")）":
        found.append("punctuation.after-bracket-ordinal")
    return found


def ordinal_hits(headings: Iterable[tuple[Section, Marker]]) -> Iterator[SectionHit]:
    ordered = list(headings)
    for level, styles in sorted(_by_level(ordered).items()):
        standard = STANDARD_STYLE[level]
        if len(styles) > 1:
            first_style = next(iter(styles))
            odd = next(s for s, m in ordered if m.level == level and m.style != first_style)
            listed = "、".join(f"“{style}”{len(found)}处" for style, found in styles.items())
            mixed = {"level": LEVEL_NAMES[level], "styles": listed, "standard": standard}
            yield SectionHit("structure.mixed-markers", odd, mixed, fixable=True)
            continue
        style, found = next(iter(styles.items()))
        if style in ACCEPTED_STYLES[level]:
            continue
        for rule in _style_rules(level, style):
            params = {"found": found[0].number, "count": len(found), "standard": standard}
            yield SectionHit(rule, found[0], params, fixable=True)


def levels_to_rewrite(headings: Iterable[tuple[Section, Marker]]) -> dict[int, str]:
    """Levels whose markers ``--fix`` rewrites to the standard spelling, with the rule that asks for it."""
    plan: dict[int, str] = {}
    for level, styles in _by_level(headings).items():
        if len(styles) > 1:
            plan[level] = "structure.mixed-markers"
        elif not set(styles) <= ACCEPTED_STYLES[level]:
            plan[level] = _style_rules(level, next(iter(styles)))[0]
    return plan
