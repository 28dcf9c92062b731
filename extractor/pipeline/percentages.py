"""Percentages with their asset, direction, metric and time window.

Direction comes from the movement word right before the number ("gained 3%", "a gain of 3%",
"rose by 3%"), a change noun right after it ("a 12% bounce"), a distance word after it ("24%
below the record": down), its sign, or the nearest movement word before it; a figure introduced
as a level ("rose to 29.4%", "at -0.006%", "58% of supply", "a 41% probability") has none,
but a change noun before "to" gives the size of the change ("its monthly decline to 21%"). A
second figure joined by "and" shares the first one's direction ("45% since the election and 140%
this year"), as does the far end of a range of changes ("drops of 60% to 80%").
The asset is the one the figure is said of (see `attach.py`); when its sentence names none, a
price right after it ("a 25% chance of $130,000") or, for market-wide metrics such as funding
and open interest, the article's main asset. The metric is a price change when the figure moves
an asset and no other quantity (dominance, funding, supply, volume ...) stands between them.
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
from .context import clause_start, mirror_spans, windows, without_hedge


# a second figure joined by "and" shares the first one's direction when nothing between moves
# ("up 3.4% over 24 hours and 6.8% over the week", "gained 45% since the election and 140% this year")
COORDINATED = re.compile(r"^[^;:%$]{0,90}?,?\s+(?:and|while)\s*$", re.IGNORECASE)
# "drops of 60% to 80%": the far end of a range of changes
RANGE_TO = re.compile(r"^\s*(?:to|-|–|or)\s*$", re.IGNORECASE)
# "a gain of 120%", "drops of 60%", "rose by 5%", "up just 4%", "gained another 6%": a change noun or verb, then its amount
NOUN_OF = re.compile(r"^\s*(?:(?:just|only|another|a\s+further|an\s+additional|an\s+extra|a\s+modest|a\s+hefty|"
                     r"a\s+whopping|a\s+mere|a\s+solid|a\s+combined|a\s+total\s+of)\b\s*)?(of|by)?\s*$", re.IGNORECASE)
# a figure that measures a distance from a reference: "24% below the record", "57% above its launch level"
DISTANCE_DOWN = re.compile(r"^\s+(?:below|under|beneath|underneath|off|short of|lower than|beneath)\b", re.IGNORECASE)
DISTANCE_UP = re.compile(r"^\s+(?:above|higher than)\b", re.IGNORECASE)
# a signed figure said of the asset itself ("WIF is -18%", "SOL was +4%"): only a change can be signed
ASSET_IS = re.compile(r"\s+(?:is|was|are|were|now|sits\s+at|stands\s+at|is\s+now|was\s+now)\s*", re.IGNORECASE)
# a price right after a percentage is what the figure is about: "a 25% chance of $130,000"
OWN_PRICE_REACH = 40


# attachments read from outside the figure's sentence
CONTEXT_ONLY = ("aside", "carried", "topic")


class TimeWindows:
    """Maps phrases such as "over the past 24 hours" or "year to date" to "24h", "ytd"."""

    def __init__(self, groups: list[dict]):
        self.groups = [(g["window"], compile_phrases(g["phrases"])) for g in groups]

    def find(self, text: str) -> Optional[str]:
        """The window named first in `text`."""
        best = None
        for window, rx in self.groups:
            m = rx.search(text)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), window)
        return best[1] if best else None

    def nearest(self, left: str, right: str) -> Optional[str]:
        """The window named closest to a figure, from the text on either side of it
        ("24h: +1.2% | 7d: -3.4%"); None when neither side names one."""
        best = None
        for window, rx in self.groups:
            for m in rx.finditer(left):
                distance = len(left) - m.end()
                best = min(best or (distance, window), (distance, window))
            m = rx.search(right)
            if m:
                best = min(best or (m.start(), window), (m.start(), window))
        return best[1] if best else None


class PercentageFinder:
    def __init__(self, resolvers: ResolverFactory):
        self.resolvers = resolvers
        moves = lexicon("moves")
        self.direction_word = re.compile(
            rf"(?P<word>{phrase_pattern(moves['up'] + moves['down'], word_bounded=False)})(?![\w])", re.IGNORECASE)
        self.down = {w.lower() for w in moves["down"]}
        self.level_before = re.compile(rf"(?<![\w$])(?:{phrase_pattern(moves['level_before'], word_bounded=False)})\s*$",
                                       re.IGNORECASE)
        self.share_right = re.compile(rf"^\s*(?:{phrase_pattern(moves['share_right'], word_bounded=False)})(?![\w])",
                                      re.IGNORECASE)
        periods = phrase_pattern(moves["period_adjectives"], word_bounded=False)
        self.change_right = re.compile(
            rf"^\s*(?:(?:{periods})\s+)?(?:{phrase_pattern(moves['change_right'], word_bounded=False)})(?![\w])",
            re.IGNORECASE)
        self.other_metric = compile_phrases(moves["other_metric"])
        self.market_wide = compile_phrases(moves["market_wide_metrics"])
        self.signed_level = compile_phrases(moves["signed_levels"])
        self.not_moves = compile_phrases(moves["phrasal_not_moves"])
        self.signed_change = compile_phrases(moves["changes_with_sign"] + moves["change_nouns"])
        nouns = phrase_pattern(moves["change_nouns"], word_bounded=False)
        # "its monthly decline to 21%", "Solana's weekly loss widened to 18%", "paring gains to 11%"
        self.change_noun_to = re.compile(
            rf"(?:\b(?:its|their|the|his|her|a|an)|['’]s)\s+(?:[\w-]+\s+)?(?P<noun>{nouns})\s+"
            rf"(?:(?:widen|deepen|extend|grow|grew|stretch|narrow|shrank|shrink|increas|reach|hit|balloon|swell|came|come)\w*\s+)?to\s*$"
            rf"|\b(?:par|trim|cut|narrow|extend|widen|deepen|erod)\w*\s+(?:(?:its|their|the|some|most|much|part)\s+"
            rf"(?:of\s+(?:its|their|the)\s+)?)?(?P<verb_noun>{nouns})\s+to\s*$", re.IGNORECASE)
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
        previous_how = None
        respective = resolver.respective([(q.start, q.end) for q in quantities if q.kind == "percent"])
        for q in quantities:
            if q.kind != "percent":
                continue
            bounds = sentences.bounds_of(q.start)
            others = [n for n in neighbours if n != (q.start, q.end)]
            left, right = windows(text, q.start, q.end, bounds, others, width=90)
            left = without_hedge(left, q.qualifier)
            attached = (respective[q.start], "respectively") if q.start in respective else \
                self._asset(resolver, doc, q, left, right, bounds)
            asset = attached[0] if attached else None
            direction, how = self._direction(q, left, right, self._asset_is_subject(resolver, q, bounds))
            previous = out[-1] if out and out[-1].start >= bounds[0] else None
            if direction is None and previous is not None and previous.direction:
                between = without_hedge(text[previous.end:q.start], q.qualifier)
                if (RANGE_TO.match(between) and previous_how == "noun") or (
                        COORDINATED.match(between) and not self.direction_word.search(between)
                        and not self.share_right.match(right)):
                    direction, how = previous.direction, previous_how
            previous_how = how
            metric = self._metric(asset, attached[1] if attached else None, direction, left, text, bounds, q)
            out.append(Percentage(value=q.value, asset=asset, direction=direction, metric=metric,
                                  window=self.windows.nearest(left, right) or self.windows.find(text[bounds[0]:bounds[1]]),
                                  text=q.text, start=q.start,
                                  end=q.end, sentence=sentences.text_of(q.start), qualifier=q.qualifier))
        return out

    def _asset(self, resolver, doc: Doc, q: Quantity, left: str, right: str,
               bounds: tuple[int, int]) -> Optional[tuple[str, str]]:
        """The figure's asset; when its sentence names none, a price right after it decides
        ("a 25% chance of $130,000"), and a market-wide metric ("funding", "open interest")
        is about the article's main asset rather than the last one named."""
        attached = resolver.for_figure(q.start, q.end)
        if attached is None or attached[1] not in CONTEXT_ONLY:
            return attached
        for price in doc._.prices or []:
            if q.end <= price.start <= min(q.end + OWN_PRICE_REACH, bounds[1]):
                return price.asset, "price"
        if resolver.topic and self.market_wide.search(left, clause_start(left, len(left), 0)):
            return resolver.topic, "topic"
        return attached

    @staticmethod
    def _asset_is_subject(resolver, q: Quantity, bounds: tuple[int, int]) -> bool:
        """"WIF is -18% on the week": the figure is predicated of the asset itself, not of a metric."""
        named = resolver.mentions.last_before(q.start, bounds[0])
        return named is not None and ASSET_IS.fullmatch(resolver.text, named.end, q.start) is not None

    def _direction(self, q: Quantity, left: str, right: str,
                   asset_subject: bool = False) -> tuple[Optional[str], Optional[str]]:
        """The direction and how it was read: "sign", "distance", "noun" ("a gain of"), "word"."""
        tail = left.rstrip()
        if q.sign and asset_subject:
            return ("down" if q.sign == "-" else "up"), "sign"  # a coin's price is never negative: a signed change
        if q.sign:
            clause = clause_start(tail, len(tail), 0)
            if not self.level_before.search(tail) and self.signed_level.search(tail, clause):
                return None, None  # "funding flipped negative (-0.01%)": the sign of a level
            if not self.level_before.search(tail) or self.signed_change.search(tail, clause):
                return ("down" if q.sign == "-" else "up"), "sign"  # "the seven-day change stands at -4%"
        if self.change_right.match(right):
            return self._last_direction_word(right[:20]) or self._last_direction_word(tail[-30:]), "noun"
        just_before = self._direction_just_before(tail)
        if just_before is not None:
            return just_before
        if DISTANCE_DOWN.match(right) or DISTANCE_UP.match(right):
            return ("down" if DISTANCE_DOWN.match(right) else "up"), "distance"
        noun = self.change_noun_to.search(tail)
        if noun:  # "taking its monthly decline to 21%": the size of a change, not a level
            word = (noun.group("noun") or noun.group("verb_noun")).lower()
            return ("down" if word in self.down else "up"), "noun"
        if self.level_before.search(tail) or self.share_right.match(right):
            return None, None
        word = self._last_direction_word(tail[-60:])
        return word, "word" if word else None

    def _direction_just_before(self, tail: str) -> Optional[tuple[str, str]]:
        """The direction word right before the figure ("fell 3%": "word"), or with "of"/"by" between
        ("a gain of 120%": "noun"); None when other words stand between."""
        m = self._last_match(tail)
        if m is None:
            return None
        link = NOUN_OF.match(tail[m.end():])
        if link is None:
            return None
        direction = "down" if m.group("word").lower() in self.down else "up"
        return direction, "noun" if link.group(1) else "word"

    def _last_match(self, window: str):
        """The last direction word in `window`, phrasal verbs such as "making up" left out."""
        window = self.not_moves.sub(lambda m: " " * len(m.group(0)), window)
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
        if how in CONTEXT_ONLY:
            return "price_change" if not self.other_metric.search(left) else "other"
        return "other" if self.other_metric.search(left[-50:]) else "price_change"


@Language.factory("percentage_finder", requires=["doc._.quantities", "doc._.asset_mentions"],
                  assigns=["doc._.percentages", "doc.spans"], default_config={})
def make_percentage_finder(nlp: Language, name: str) -> PercentageFinder:
    return PercentageFinder(ResolverFactory(load_gazetteer().ticker_symbols()))
