"""What last year's report gives this year's facts: everything that carries over, as proposals.

An office's duties, its structure and staffing, its evaluation basis, its asset practices and the themes
of its work change little from one year to the next; last year's 三公 spending is this year's comparison
figure. Each is read from the section of last year's report that states it (by the report type's
headings) and proposed with where it would go and a short preview. Nothing is written until a person
accepts it; this year's figures are never taken from last year's report.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict

from assistant.extract.apply import plain_value
from assistant.extract.rules import extract_facts
from assistant.facts import schema
from assistant.profiles import Profile
from assistant.report import Report, Section

CARRY_OVER_FIELDS = (
    "单位.名称",
    "评价依据",
    "职能职责",
    "机构设置.概述",
    "人员编制.编制数",
    "人员编制.实有人数",
    "人员编制.行政编制",
    "人员编制.事业编制",
    "人员编制.离退休人数",
    "资产.管理措施",
    "预算.三公经费.上年支出数",
    "履职成效",
)
"""The facts a previous year's report can give: the measure of how much an import fills."""

TITLE_UNIT = re.compile(r"^(?P<unit>[^：:\d]{2,40}?)(?P<year>\d{4})年")
COVER_UNIT = re.compile(r"^(?:填报单位|单位名称)[：:]\s*(?P<unit>\S{2,40})$")
BASIS = re.compile(r"《[^》]{4,60}》(?:[（(][^）)]{2,30}号[）)])?")
SENTENCE = re.compile(r"[^。！？]+[。！？]?")
ORGANISATION_WORDS = ("内设", "下设", "设立", "设有", "机构", "股室", "科室", "委员会", "二级单位", "所属单位")
DUTY_WORDS = ("职能", "职责", "负责")
LAST_YEAR = {"预算.三公经费.支出数": "预算.三公经费.上年支出数"}
MAX_PRACTICES = 5
PREVIEW_CHARS = 60


class CarriedFact(BaseModel):
    """One fact last year's report gives, waiting to be accepted: where it goes, its value, where it was read."""

    model_config = ConfigDict(frozen=True)

    path: str
    value: Any
    source: str
    """The heading (or 标题) of last year's report it was read from."""

    @property
    def label(self) -> str:
        return "履职成效（主题和事项提纲）" if self.path == "履职成效" else schema.path_words(self.path)

    @property
    def preview(self) -> str:
        """The value in a line: list items joined, an outline as its themes."""
        if self.path == "履职成效":
            text = "；".join(f"{t['主题']}（{len(t.get('事项', []))}项）" for t in self.value)
        elif isinstance(self.value, list):
            text = "；".join(str(v) for v in self.value)
        else:
            text = str(self.value)
        return text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS] + "…"


def _section(report: Report, profile: Profile, section_id: str) -> Section | None:
    """The section of that report type, the one with text when a table of contents repeats its heading."""
    spec = next((s for s in profile.sections if s.id == section_id), None)
    if spec is None:
        return None
    matches = [s for s in report.sections if spec.matches(s.title)]
    return max(matches, key=lambda s: sum(1 + len(sub.paragraphs) for sub in s.walk()), default=None)


def _unit_name(report: Report) -> str | None:
    """The unit in the title (许市镇人民政府2023年度…报告), else in the title among the cover lines, else 填报单位."""
    lines = [report.title, *(p.text for p in report.preamble)]
    for line in lines:
        found = TITLE_UNIT.match(line.strip())
        if found and line.strip().endswith("报告"):
            return found["unit"]
    for line in lines:
        found = COVER_UNIT.match(line.strip())
        if found:
            return found["unit"]
    return None


def _texts(section: Section) -> Iterator[tuple[Section, str]]:
    """Every paragraph under ``section`` with the (sub)section it is in."""
    for sub in section.walk():
        for paragraph in sub.paragraphs:
            yield sub, paragraph.text


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.findall(text) if s.strip()]


def _heading(section: Section) -> str:
    return f"{section.number}{section.title}"


def _duties(overview: Section) -> CarriedFact | None:
    titled = [sub for sub in overview.walk() if sub is not overview and any(w in sub.title for w in DUTY_WORDS)]
    if titled:
        paragraphs = [p.text for sub in titled for p in sub.paragraphs]
        items = paragraphs if len(paragraphs) > 1 else re.split(r"[；;]", paragraphs[0]) if paragraphs else []
        source = _heading(titled[0])
    else:
        items = [s for _, text in _texts(overview) for s in _sentences(text) if any(w in s for w in DUTY_WORDS)]
        source = _heading(overview)
    items = [i.strip().rstrip("。；;") for i in items if i.strip().rstrip("。；;")]
    return CarriedFact(path="职能职责", value=items, source=source) if items else None


def _organisation(overview: Section) -> CarriedFact | None:
    sentences = [
        (sub, s)
        for sub, text in _texts(overview)
        for s in _sentences(text)
        if any(w in s for w in ORGANISATION_WORDS) and not any(w in s for w in DUTY_WORDS)
    ]
    if not sentences:
        return None
    summary = "".join(s if s.endswith("。") else s + "。" for _, s in sentences).rstrip("。")
    return CarriedFact(path="机构设置.概述", value=summary, source=_heading(sentences[0][0]))


def _figures(section: Section, prefix: str) -> list[CarriedFact]:
    """Single facts under ``prefix`` (人员编制) stated in the section, each once, first statement kept."""
    found: dict[str, CarriedFact] = {}
    for sub, text in _texts(section):
        for proposal in extract_facts(text):
            path = LAST_YEAR.get(proposal.path or "", proposal.path)
            if path and path.startswith(prefix) and path not in found:
                found[path] = CarriedFact(path=path, value=plain_value(proposal.value), source=_heading(sub))
    return list(found.values())


def _practices(assets: Section) -> CarriedFact | None:
    """Asset practices: the sentences of the assets section that state no figure."""
    items = [
        s.rstrip("。")
        for _, text in _texts(assets)
        for s in _sentences(text)
        if not re.search(r"\d", s) and len(s) >= 8
    ][:MAX_PRACTICES]
    return CarriedFact(path="资产.管理措施", value=items, source=_heading(assets)) if items else None


def _outline(performance: Section) -> CarriedFact | None:
    """Themes (（一）…) and their items (1. …) as a starting outline; no words or figures, those are this year's."""
    themes: list[dict[str, Any]] = []
    for theme in performance.children:
        items = [{"标题": item.title} for item in theme.children if item.title]
        themes.append({"主题": theme.title, **({"事项": items} if items else {})})
    return CarriedFact(path="履职成效", value=themes, source=_heading(performance)) if themes else None


def _basis(report: Report) -> CarriedFact | None:
    names: list[str] = []
    for paragraph in report.preamble:
        for found in BASIS.findall(paragraph.text):
            if found not in names:
                names.append(found)
    return CarriedFact(path="评价依据", value=names, source="开头语") if names else None


def carry_over(report: Report, profile: Profile) -> list[CarriedFact]:
    """Every fact last year's report gives this year's, in the order of the facts form."""
    found: list[CarriedFact | None] = []
    unit = _unit_name(report)
    if unit:
        found.append(CarriedFact(path="单位.名称", value=unit, source="标题"))
    found.append(_basis(report))
    overview = _section(report, profile, "overview")
    if overview is not None:
        found += [_duties(overview), _organisation(overview), *_figures(overview, "人员编制.")]
    assets = _section(report, profile, "assets")
    if assets is not None:
        found.append(_practices(assets))
    for section in report.sections:
        found += _figures(section, "预算.三公经费.上年支出数")
    performance = _section(report, profile, "performance")
    if performance is not None:
        found.append(_outline(performance))
    seen: set[str] = set()
    out: list[CarriedFact] = []
    for fact in found:
        if fact is not None and fact.path not in seen:
            seen.add(fact.path)
            out.append(fact)
    return out


def apply_carried(data: dict[str, Any], accepted: Iterable[CarriedFact]) -> dict[str, Any]:
    """A copy of facts data with each accepted fact set (replacing what was there: the person chose it)."""
    out = copy.deepcopy(data)
    for fact in accepted:
        out = schema.set(out, fact.path, copy.deepcopy(fact.value))
    return out


def filled_share(facts: list[CarriedFact]) -> tuple[int, int]:
    """How many of the carry-over fields an import fills, of how many there are."""
    return len({f.path for f in facts} & set(CARRY_OVER_FIELDS)), len(CARRY_OVER_FIELDS)
