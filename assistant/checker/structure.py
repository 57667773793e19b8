"""The outline's numbering: gaps, duplicates, order, level inversions and skips (GB/T 9704-2012 7.3.3).

A gap is reported once, where it happens: counting resumes from the number found, so "六、" after a
"五、" that should have been "四、" is not reported again. Going from 一、 straight to 1. is the common
two-level form and is not a skip; any other jump over a level is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from assistant.checker.document import Document, heading_text, marker_of
from assistant.checker.frontmatter import entry_title, strip_leader
from assistant.report.model import Report, Section
from assistant.report.model import marker as standard_marker

LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
ALLOWED_SKIPS = {(1, 3)}


@dataclass(frozen=True)
class SectionHit:
    """A finding about a heading rather than a span of text."""

    rule: str
    section: Section | None
    params: Mapping[str, object] = field(default_factory=dict)
    fixable: bool = False
    section_id: str | None = None
    """The profile section a hit without a heading is about (a missing section), so a finding can say which."""


def _numbering(children: list[Section]) -> Iterator[SectionHit]:
    last: dict[int, tuple[int, Section]] = {}
    for child in children:
        marker = marker_of(child)
        if marker is None:
            continue
        level, value = marker.level, marker.value
        name = LEVEL_NAMES[level]
        found = heading_text(child)[:20]
        previous = last.get(level)
        top = previous[0] if previous else 0
        if previous is not None and value == top:
            yield SectionHit("structure.duplicate", child, {"level": name, "found": marker.text})
        elif previous is not None and value < top:
            yield SectionHit(
                "structure.order", child, {"level": name, "found": marker.text, "prev": previous[1].number}
            )
        elif value > top + 1:
            missing = "".join(f"“{standard_marker(level, n)}”" for n in range(top + 1, min(value, top + 4)))
            yield SectionHit("structure.gap", child, {"level": name, "found": found, "missing": missing.strip("“”")})
        if value > top:
            last[level] = (value, child)


def _level_order(children: list[Section]) -> Iterator[SectionHit]:
    deepest: Section | None = None
    for child in children:
        if deepest is not None and child.level < deepest.level:
            params = {
                "level": LEVEL_NAMES[child.level],
                "found": heading_text(child)[:20],
                "prev_level": LEVEL_NAMES[deepest.level],
                "prev": heading_text(deepest)[:20],
            }
            yield SectionHit("structure.level-order", child, params)
            return
        if deepest is None or child.level > deepest.level:
            deepest = child


def _level_skip(parent: Section) -> Iterator[SectionHit]:
    for child in parent.children:
        jump = child.level - parent.level
        if jump >= 2 and (parent.level, child.level) not in ALLOWED_SKIPS and marker_of(child) is not None:
            skipped = "、".join(f"{LEVEL_NAMES[n]}序号" for n in range(parent.level + 1, child.level))
            params = {
                "parent": heading_text(parent)[:20],
                "level": LEVEL_NAMES[child.level],
                "found": child.number,
                "skipped": skipped,
            }
            yield SectionHit("structure.level-skip", child, params)
            return


def structure(doc: Document) -> Iterator[SectionHit]:
    yield from _numbering(doc.report.sections)
    yield from _level_order(doc.report.sections)
    for heading in doc.headings:
        section = heading.section
        yield from _numbering(section.children)
        yield from _level_order(section.children)
        yield from _level_skip(section)


def _key(section: Section) -> tuple[int, int | None, str]:
    found = marker_of(section)
    return section.level, found.value if found else None, entry_title(section)


def _shown(section: Section) -> str:
    return (section.number + strip_leader(section.title))[:30]


def toc_hits(toc: list[Section], body: Report) -> Iterator[SectionHit]:
    """Each 目录 entry the body does not have as written, and each body heading the 目录 leaves out (the
    sub-headings of a chapter only when the 目录 lists that chapter's sub-headings at all)."""
    entries = [s for top in toc for s in top.walk()]
    levels = {s.level for s in entries}
    detailed = {_key(top)[1] for top in toc if top.children}
    headings = [
        s
        for top in body.sections
        for s in top.walk()
        if s.number and s.level in levels and (s is top or _key(top)[1] in detailed)
    ]
    toc_keys = {_key(s) for s in entries}
    body_keys = {_key(s) for s in headings}
    paired: set[int] = set()
    for entry in entries:
        key = _key(entry)
        if key in body_keys:
            continue
        twin = next(
            (
                h
                for h in headings
                if id(h) not in paired
                and _key(h) not in toc_keys
                and _key(h)[0] == key[0]
                and (_key(h)[1] == key[1] or _key(h)[2] == key[2])
            ),
            None,
        )
        if twin is not None:
            paired.add(id(twin))
            detail = f"目录为“{_shown(entry)}”，正文为“{_shown(twin)}”"
        else:
            detail = f"目录中的“{_shown(entry)}”在正文中没有"
        yield SectionHit("structure.toc", entry, {"detail": detail})
    for heading in headings:
        if id(heading) not in paired and _key(heading) not in toc_keys:
            yield SectionHit("structure.toc", heading, {"detail": f"正文标题“{_shown(heading)}”未列入目录"})
