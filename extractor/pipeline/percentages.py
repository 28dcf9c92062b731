"""Percentages with their asset, direction, metric and time window.

Direction comes from the nearest movement word before the number ("gained", "slid", "down")
or its sign; a figure introduced as a level ("rose to 29.4%", "at -0.006%", "58% of supply",
"a 41% probability") has none. The metric is a price change when the figure moves an asset
and no other quantity (dominance, funding, supply, volume ...) stands between them.
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..numbers import Quantity
from ..records import Percentage
from ..resources import compile_phrases, lexicon, phrase_pattern
from .assets import load_gazetteer
from .attach import ResolverFactory
from .context import mirror_spans, windows


# two figures joined by "and" with only a time phrase between share the first one's direction
COORDINATED = re.compile(r"^(?:\s+(?:over|in|on|for|during)(?:\s+the)?(?:\s+(?:past|last))?\s+[\w-]+(?:\s+[\w-]+)?)?,?\s+(?:and|while)\s*$",
                         re.IGNORECASE)


class TimeWindows:
    """Maps phrases such as "over the past 24 hours" or "year to date" to "24h", "ytd"."""

    def __init__(self, groups: list[dict]):
        self.groups = [(g["window"], compile_phrases(g["phrases"])) for g in groups]

    def find(self, text: str) -> Optional[str]:
        best = None
        for window, rx in self.groups:
            m = rx.search(text)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), window)
        return best[1] if best else None


class PercentageFinder:
    def __init__(self, resolvers: ResolverFactory):
        self.resolvers = resolvers
        moves = lexicon("moves")
        self.up = moves["up"]
        self.direction_word = re.compile(
            rf"(?P<word>{phrase_pattern(moves['up'] + moves['down'], word_bounded=False)})(?![\w])", re.IGNORECASE)
        self.down = {w.lower() for w in moves["down"]}
        self.level_before = re.compile(rf"(?<![\w$])(?:{phrase_pattern(moves['level_before'], word_bounded=False)})\s*$",
                                       re.IGNORECASE)
        self.share_right = re.compile(rf"^\s*(?:{phrase_pattern(moves['share_right'], word_bounded=False)})(?![\w])",
                                      re.IGNORECASE)
        self.change_right = re.compile(rf"^\s*(?:{phrase_pattern(moves['change_right'], word_bounded=False)})(?![\w])",
                                       re.IGNORECASE)
        self.other_metric = compile_phrases(moves["other_metric"])
        self.windows = TimeWindows(moves["windows"])

    def __call__(self, doc: Doc) -> Doc:
        found = self.find(doc)
        doc._.percentages = found
        mirror_spans(doc, "percentages", found, lambda p: p.direction or "level")
        return doc

    def find(self, doc: Doc) -> list[Percentage]:
        text = doc.text
        quantities: list[Quantity] = doc._.quantities or []
        resolver = self.resolvers(doc)
        sentences = resolver.sentences
        neighbours = [(q.start, q.end) for q in quantities if q.kind in ("money", "percent")]
        out = []
        for q in quantities:
            if q.kind != "percent":
                continue
            bounds = sentences.bounds_of(q.start)
            others = [n for n in neighbours if n != (q.start, q.end)]
            left, right = windows(text, q.start, q.end, bounds, others, width=90)
            if q.qualifier and left.rstrip().lower().endswith(q.qualifier):
                left = left.rstrip()[: -len(q.qualifier)]
            attached = resolver.for_figure(q.start, q.end)
            asset = attached[0] if attached else None
            direction = self._direction(q, left, right)
            if direction is None and out and COORDINATED.match(text[out[-1].end:q.start]) and out[-1].direction:
                direction = out[-1].direction  # "up 3.4% over 24 hours and 6.8% over the week"
            metric = self._metric(asset, attached[1] if attached else None, direction, left, text, bounds, q)
            out.append(Percentage(value=q.value, asset=asset, direction=direction, metric=metric,
                                  window=self.windows.find(text[bounds[0]:bounds[1]]), text=q.text, start=q.start,
                                  end=q.end, sentence=sentences.text_of(q.start), qualifier=q.qualifier))
        return out

    def _direction(self, q: Quantity, left: str, right: str) -> Optional[str]:
        tail = left.rstrip()
        if q.sign and not self.level_before.search(tail):
            return "down" if q.sign == "-" else "up"
        if self.change_right.match(right):
            word = self._last_direction_word(right[:20]) or self._last_direction_word(tail[-30:])
            return word
        if self.level_before.search(tail) and not self._direction_just_before(tail):
            return None
        if self.share_right.match(right) and not self._direction_just_before(tail):
            return None
        return self._last_direction_word(tail[-60:])

    def _direction_just_before(self, tail: str) -> bool:
        m = self._last_match(tail)
        return m is not None and len(tail) - m.end() <= 1

    def _last_match(self, window: str):
        last = None
        for m in self.direction_word.finditer(window):
            last = m
        return last

    def _last_direction_word(self, window: str) -> Optional[str]:
        m = self._last_match(window)
        if m is None:
            return None
        return "down" if m.group("word").lower() in self.down else "up"

    def _metric(self, asset, how, direction, left: str, text: str, bounds, q: Quantity) -> str:
        if asset is None or direction is None:
            return "other"
        if how not in ("before", "after", "glued"):
            return "price_change" if not self.other_metric.search(left) else "other"
        return "other" if self.other_metric.search(left[-50:]) else "price_change"


@Language.factory("percentage_finder", requires=["doc._.quantities", "doc._.asset_mentions"],
                  assigns=["doc._.percentages", "doc.spans"], default_config={})
def make_percentage_finder(nlp: Language, name: str) -> PercentageFinder:
    return PercentageFinder(ResolverFactory(load_gazetteer().ticker_symbols()))
