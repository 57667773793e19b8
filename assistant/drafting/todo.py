"""Which fact a 【待补充：…】 marker stands for, so a writer sent to fill it lands on that field.

The skeleton writes a missing fact as a marker with the words the report would have used ("编制数",
"三公经费预算数", "自评结果公开情况"), not the fact's path. The path is found among the facts model's own
fields: those whose name occurs in the marker (at its end first), then the one whose group names share most
with the rest of the marker (收入合计 → 预算.收入.合计, not 预算.支出.合计), then the facts the section needs.
A marker that names no field ("存在的主要问题及原因") stands for its section's one fact, if it has one.
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel

from assistant.facts.model import Facts
from assistant.facts.schema import bare_type
from assistant.profiles.model import Profile
from assistant.skeleton.drafter import TODO_OPEN

MARKER_RE = re.compile(re.escape(TODO_OPEN) + r"([^】\n]{1,40})】")


def markers(text: str) -> list[str]:
    """The labels of the 【待补充：…】 markers in ``text``, in order, each once."""
    return list(dict.fromkeys(MARKER_RE.findall(text)))


@cache
def _fields(model: type[BaseModel] = Facts, prefix: str = "") -> tuple[str, ...]:
    """Every fact a writer fills in one place: scalars, lists and tables (a table is one field), by path; a
    group of fields ends in "." (a marker may name a whole group, such as 机构设置)."""
    out: list[str] = []
    for attr, info in model.model_fields.items():
        path = f"{prefix}.{info.alias or attr}" if prefix else info.alias or attr
        bare = bare_type(info.annotation)
        if isinstance(bare, type) and issubclass(bare, BaseModel):
            out.append(path + ".")
            out.extend(_fields(bare, path))
        else:
            out.append(path)
    return tuple(out)


def _shared(a: str, b: str) -> int:
    """Characters of ``a`` found in ``b`` as two-character runs (how much a marker's rest names a group)."""
    return sum(1 for i in range(len(a) - 1) if a[i : i + 2] in b)


def fact_of_marker(label: str, profile: Profile, section_id: str | None = None) -> str | None:
    """The path of the fact a marker's label stands for, or None when no field is named in it."""
    needed = next((s.facts for s in profile.sections if s.id == section_id), [])
    best: tuple[int, int, int, int] | None = None
    found: str | None = None
    for entry in _fields():
        path = entry.rstrip(".")
        *groups, name = path.split(".")
        if name not in label or (entry.endswith(".") and name != label):
            continue
        rest = label.replace(name, "", 1)
        wanted = any(path == p or path.startswith(p + ".") for p in needed)
        score = (int(label == name or label.endswith(name)), _shared(rest, "".join(groups)), int(wanted), -len(path))
        if best is None or score > best:
            best, found = score, path
    if found is None and len(needed) == 1:
        return needed[0]  # the section needs one fact, and its marker words it as a heading would
    return found
