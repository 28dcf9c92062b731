"""Shared look-ups the components use on one Doc: sentences and asset mentions by character offset.

Components exchange results through `Doc._` extensions holding plain records with exact
character spans; `doc.spans[...]` mirrors them token-aligned for spaCy users.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from spacy.tokens import Doc

DOC_EXTENSIONS = ("quantities", "asset_mentions", "prices", "percentages", "liquidations",
                  "speakers", "quotes", "claims")
for _name in DOC_EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@dataclass(frozen=True, slots=True)
class AssetMention:
    symbol: str
    start: int
    end: int
    text: str
    evidence: str  # why it was accepted: "name", "ticker", "cashtag", "glued", "possessive", "context", ...


class Sentences:
    """Sentence boundaries of a Doc as character offsets, searchable by offset."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token: read it once
        sents = doc.spans["sentences"] if "sentences" in doc.spans else (doc.sents if len(doc) else [])
        self.bounds = [(s.start_char, s.end_char) for s in sents]
        self._starts = [b[0] for b in self.bounds]

    def index(self, char: int) -> int:
        return max(bisect_right(self._starts, char) - 1, 0)

    def bounds_of(self, char: int) -> tuple[int, int]:
        return self.bounds[self.index(char)] if self.bounds else (0, len(self.text))

    def text_of(self, char: int) -> str:
        start, end = self.bounds_of(char)
        return self.text[start:end].strip()


class Mentions:
    """Asset mentions sorted by position, with range queries."""

    def __init__(self, mentions: Iterable[AssetMention]):
        self.items = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self.items]

    def between(self, start: int, end: int) -> list[AssetMention]:
        lo = bisect_right(self._starts, start - 1)
        hi = bisect_right(self._starts, end - 1)
        return self.items[lo:hi]

    def last_before(self, char: int, floor: int = 0) -> Optional[AssetMention]:
        found = self.between(floor, char)
        return found[-1] if found else None


def mirror_spans(doc: Doc, key: str, items: Iterable, label: Callable[[object], str]) -> None:
    """Put items with `.start`/`.end` character offsets into `doc.spans[key]`, token-aligned."""
    spans = []
    for item in items:
        span = doc.char_span(item.start, item.end, label=label(item), alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[key] = spans


@dataclass(frozen=True, slots=True)
class Cue:
    label: str
    strength: float
    gap: int  # words between the cue and the number
    text: str


class CueSet:
    """Groups of cue phrases, each with a label and a strength, matched next to a number.

    Left cues must end at most `max_gap` words before the number, right cues start at most
    `max_gap` words after it (a group may set its own "max_gap"); each group reports its cue
    nearest the number, and the best cue is the strongest, then the nearest.
    """

    def __init__(self, groups: Iterable[dict], side: str, max_gap: int):
        from ..resources import phrase_pattern

        self.side = side
        self.groups = []
        filler = r"[^\s\d$%;:.!?,]+"
        for group in groups:
            alt = phrase_pattern(group["phrases"], word_bounded=False)
            gap = group.get("max_gap", max_gap)
            # filler words never cross a comma: ", a fresh all-time high" is an aside, not a cue
            if side == "left":
                # the greedy head makes the match start as late as possible: the nearest cue wins
                rx = rf"^.*(?<![\w$])(?P<cue>{alt})(?P<gap>(?:\s+{filler}){{0,{gap}}}?)[\s:]*$"
            else:
                rx = rf"^\s*(?P<gap>(?:{filler}\s+){{0,{gap}}}?)(?P<cue>{alt})(?![\w])"
            self.groups.append((group["label"] if "label" in group else group["role"], float(group["strength"]),
                                re.compile(rx, re.IGNORECASE | re.DOTALL)))

    def matches(self, window: str) -> list[Cue]:
        found = []
        for label, strength, rx in self.groups:
            m = rx.search(window)
            if m:
                found.append(Cue(label, strength, len(m.group("gap").split()), m.group("cue")))
        return found

    def best(self, window: str) -> Optional[Cue]:
        found = self.matches(window)
        return max(found, key=lambda c: (c.strength, -c.gap)) if found else None


def windows(text: str, start: int, end: int, bounds: tuple[int, int], neighbours: list[tuple[int, int]],
            width: int = 80) -> tuple[str, str]:
    """Text left and right of [start, end) inside its sentence, cut at the nearest other number."""
    left_floor = max(bounds[0], start - width)
    right_ceiling = min(bounds[1], end + width)
    for a, b in neighbours:
        if b <= start:
            left_floor = max(left_floor, b)
        elif a >= end:
            right_ceiling = min(right_ceiling, a)
    return text[left_floor:start], text[end:right_ceiling]


def without_hedge(left: str, qualifier: Optional[str]) -> str:
    """Text before a number without the number's hedge ("rising to roughly" -> "rising to")."""
    if qualifier and left.rstrip().lower().endswith(qualifier):
        return left.rstrip()[: -len(qualifier)]
    return left


CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas|although|though)\s+|\s+[—–]\s+|:\s")


def clause_start(text: str, start: int, floor: int) -> int:
    """Start of the clause that holds offset `start`: after the last clause break in its sentence."""
    last = floor
    for m in CLAUSE_BREAK.finditer(text, floor, start):
        last = m.end()
    return last


def clause_end(text: str, end: int, ceiling: int) -> int:
    """End of the clause that holds offset `end`: the next clause break in its sentence."""
    m = CLAUSE_BREAK.search(text, end, ceiling)
    return m.start() if m else ceiling
