"""The claims gate, beside the number gate: names, evaluations and details a rewrite may not invent or lose.

The number gate cannot see a sentence such as "资金使用效率明显提高" written where the facts say "资金使用
效益总体良好", a "北湖社区" where the facts name 南华社区, or a dropped "3月底和10月底". Three checks, all
driven by ``claims.yaml``:

- **names**: a quoted term “…”, a title 《…》, and a word ending in an organisation, place, person or event
  suffix (社区, 委员会, 书记, 比赛 …) with its two preceding characters must occur in the names scope (the
  facts, the skeleton, the profile's fixed phrases). A suffix after a generic word (各社区, 区政府, 党组书记)
  names a kind of body, not one, and is not checked.
- **evaluations**: a sentence that asserts an outcome (完成, 实现, 确保, 有效, 明显, 提高 …) must have each such
  word, with a neighbouring character, in the block's own source text: the facts the block was drafted from.
  Sentences about intentions, problems or causes (将, 有待, 原因 …) are not outcome claims.
- **details**: the source's time expressions, quoted terms, titles, names and listed items must all still be
  in the rewrite; a dropped one is reported like a missing number and restored from the source sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from assistant.gate.allowed import normalise

CLAIMS_FILE = Path(__file__).with_name("claims.yaml")
QUOTE_RE = re.compile(r"“([^“”\n]{1,30})”|《([^《》\n]{1,40})》")
SENTENCE_RE = re.compile(r"[^。！？\n]+[。！？]?")
CLAUSE_STOPS = "，。；：！？\n"
HAN = re.compile(r"[\u4e00-\u9fff]")
CONTEXT_CHARS = 8
TODO = "待补充"

ClaimKind = Literal["name", "evaluation"]


@dataclass(frozen=True)
class ClaimLexicon:
    suffixes: tuple[str, ...]
    not_names: tuple[str, ...]
    generic_chars: str
    generic_words: frozenset[str]
    fixed_phrases: tuple[str, ...]
    evaluative: tuple[str, ...]
    not_claims: tuple[str, ...]
    time_patterns: tuple[re.Pattern[str], ...]
    list_item_chars: int


@cache
def claim_lexicon() -> ClaimLexicon:
    data = yaml.safe_load(CLAIMS_FILE.read_text(encoding="utf-8"))
    return ClaimLexicon(
        suffixes=tuple(sorted(data["name_suffixes"], key=len, reverse=True)),
        not_names=tuple(data.get("not_names") or ()),
        generic_chars=str(data.get("generic_before_chars") or ""),
        generic_words=frozenset(data.get("generic_before_words") or ()),
        fixed_phrases=tuple(data.get("fixed_phrases") or ()),
        evaluative=tuple(sorted(data["evaluative"], key=len, reverse=True)),
        not_claims=tuple(data.get("not_claims") or ()),
        time_patterns=tuple(re.compile(p) for p in data.get("time_patterns") or ()),
        list_item_chars=int(data.get("list_item_chars") or 8),
    )


@dataclass(frozen=True)
class Mention:
    """A name or an evaluative word found in a text, with the span to cut or highlight."""

    kind: ClaimKind
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class UnsupportedClaim:
    """A name no fact has, or an evaluation no fact of the block supports."""

    kind: ClaimKind
    text: str
    start: int
    end: int
    context: str

    def describe(self) -> str:
        return f"“{self.text}”（“{self.context}”）"


@dataclass(frozen=True)
class Detail:
    """A text item of the source (a time, a name, a listed item) and the source sentence that carries it."""

    text: str
    sentence: str

    def describe(self) -> str:
        return self.text


@dataclass(frozen=True)
class ClaimVerdict:
    names: list[UnsupportedClaim] = field(default_factory=list)
    evaluations: list[UnsupportedClaim] = field(default_factory=list)
    dropped: list[Detail] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.names and not self.evaluations and not self.dropped

    @property
    def problems(self) -> int:
        return len(self.names) + len(self.evaluations) + len(self.dropped)

    def lines(self) -> list[str]:
        """The repair prompt's list, in the wording of the number gate's."""
        out = [f"原稿和事实中没有的名称：{c.describe()}" for c in self.names]
        out.extend(f"没有事实依据的评价，请删去这一说法：{c.describe()}" for c in self.evaluations)
        out.extend(f"遗漏了原稿中的内容：{d.describe()}" for d in self.dropped)
        return out


def _context(text: str, start: int, end: int) -> str:
    return text[max(start - CONTEXT_CHARS, 0) : end + CONTEXT_CHARS].replace("\n", " ").strip()


def _covered(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for word in words:
        at = text.find(word)
        while at != -1:
            spans.append((at, at + len(word)))
            at = text.find(word, at + 1)
    return spans


def _han_before(text: str, index: int, count: int) -> str:
    """Up to ``count`` Han characters directly before ``index`` (stops at anything else)."""
    left = index
    while left > 0 and index - left < count and HAN.match(text[left - 1]):
        left -= 1
    return text[left:index]


def name_mentions(text: str) -> list[Mention]:
    """Quoted terms, titles and suffix-anchored names of ``text`` that name one particular thing."""
    lex = claim_lexicon()
    out: list[Mention] = []
    quoted: list[tuple[int, int]] = []
    for m in QUOTE_RE.finditer(text):
        inner = m.group(1) or m.group(2)
        quoted.append((m.start(), m.end()))
        if TODO in inner:
            continue
        out.append(Mention("name", inner, m.start(), m.end()))
    skip = _covered(text, lex.not_names)
    i = 0
    while i < len(text):
        suffix = next((s for s in lex.suffixes if text.startswith(s, i)), None)
        if suffix is None:
            i += 1
            continue
        end = i + len(suffix)
        inside = any(a <= i and end <= b for a, b in (*skip, *quoted))
        before = _han_before(text, i, 2)
        generic = (
            len(before) < 2
            or before[-1] in lex.generic_chars
            or before in lex.generic_words
            or any(before.endswith(s) for s in lex.suffixes)
        )
        if not inside and not generic:
            out.append(Mention("name", before + suffix, i - len(before), end))
        i = end
    return sorted(out, key=lambda m: m.start)


def _claim_sentences(text: str) -> list[tuple[int, int]]:
    lex = claim_lexicon()
    spans = []
    for m in SENTENCE_RE.finditer(text):
        if m.group(0).strip() and not any(w in m.group(0) for w in lex.not_claims):
            spans.append((m.start(), m.end()))
    return spans


def evaluative_mentions(text: str) -> list[Mention]:
    """Outcome words in sentences that assert an outcome (not in intentions, problems or causes)."""
    lex = claim_lexicon()
    out: list[Mention] = []
    for start, end in _claim_sentences(text):
        sentence = text[start:end]
        taken: list[tuple[int, int]] = []
        for word in lex.evaluative:
            at = sentence.find(word)
            while at != -1:
                if not any(a < at + len(word) and at < b for a, b in taken):
                    taken.append((at, at + len(word)))
                    out.append(Mention("evaluation", word, start + at, start + at + len(word)))
                at = sentence.find(word, at + 1)
    return sorted(out, key=lambda m: m.start)


def _neighbours(text: str, start: int, end: int) -> list[str]:
    """The word with one neighbouring character on each side that has one (the bare word at a text's edge)."""
    core = normalise(text[start:end])
    probes = []
    if start > 0 and text[start - 1].isalnum():
        probes.append(normalise(text[start - 1]) + core)
    if end < len(text) and text[end].isalnum():
        probes.append(core + normalise(text[end]))
    return probes or [core]


@dataclass(frozen=True)
class ClaimScope:
    """What one rewrite may name (``names``), what its evaluations may rest on (``support``, the block's own
    source) and the details it must keep (``details``, from the source it rewrites)."""

    names: str
    support: str
    details: tuple[Detail, ...] = ()

    def check(self, text: str) -> ClaimVerdict:
        names = [
            UnsupportedClaim(m.kind, m.text, m.start, m.end, _context(text, m.start, m.end))
            for m in name_mentions(text)
            if normalise(m.text) not in self.names
        ]
        evaluations = [
            UnsupportedClaim(m.kind, m.text, m.start, m.end, _context(text, m.start, m.end))
            for m in evaluative_mentions(text)
            if not any(p in self.support for p in _neighbours(text, m.start, m.end))
        ]
        flat = normalise(text)
        dropped = [d for d in self.details if normalise(d.text) not in flat]
        return ClaimVerdict(names, evaluations, dropped)


def _sentence_of(text: str, index: int) -> str:
    for m in SENTENCE_RE.finditer(text):
        if m.start() <= index < m.end():
            return m.group(0).strip()
    return ""


def _list_items(text: str) -> list[tuple[str, int]]:
    """Items of 、-separated enumerations with their offsets: middle items (their head when long), the last
    characters of the first item and the first of the last (a verb before a list and the predicate after it
    are not the item)."""
    limit = claim_lexicon().list_item_chars
    out: list[tuple[str, int]] = []
    for m in re.finditer(rf"[^{CLAUSE_STOPS}]+", text):
        parts = m.group(0).split("、")
        if len(parts) < 2:
            continue
        offset = m.start()
        for n, part in enumerate(parts):
            bare = part.strip("“”《》")
            if re.search(r"\d", part):
                offset += len(part) + 1
                continue
            if n == 0:
                item = _han_before(bare, len(bare), 4)
            else:
                head = re.match(r"[\u4e00-\u9fff]+", bare)
                item = head.group(0) if head else ""
                item = item[:3] if n == len(parts) - 1 else (item if len(item) <= limit else item[:6])
            if len(item) >= 2:
                out.append((item, offset))
            offset += len(part) + 1
    return out


def details_of(source: str) -> tuple[Detail, ...]:
    """The text items of ``source`` a rewrite must keep: times, quoted terms, titles, names, listed items."""
    lex = claim_lexicon()
    found: list[tuple[str, int]] = []
    for pattern in lex.time_patterns:
        found.extend((m.group(0), m.start()) for m in pattern.finditer(source))
    found.extend((m.text, m.start) for m in name_mentions(source))
    found.extend(_list_items(source))
    texts = {t for t, _ in found if TODO not in t}
    out: dict[str, Detail] = {}
    for text, at in sorted(found, key=lambda f: f[1]):
        if text not in texts or text in out or any(other != text and other in text for other in texts):
            continue
        out[text] = Detail(text, _sentence_of(source, at))
    return tuple(out.values())


def claim_scope(names: Iterable[str], source: Iterable[str], keep: str | None = None) -> ClaimScope:
    """A scope from the texts names may come from, the block's source texts, and the text whose details
    must survive (``keep``; by default the source)."""
    support = list(source)
    corpus = [*names, *support, *claim_lexicon().fixed_phrases]
    details = details_of("\n".join(support) if keep is None else keep)
    return ClaimScope("\n".join(normalise(t) for t in corpus), "\n".join(normalise(t) for t in support), details)
