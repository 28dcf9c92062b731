"""Which crypto asset a number is about.

News names the asset once and then talks about "the token", "price" or nothing at all, so a
number takes, in this order: a ticker glued to it; an asset named right after it with "for",
"in", "on" or "of" ("47% for bitcoin and 64% for ether"); an asset owning it ("bitcoin's 4%
gain"); the nearest asset before it in its sentence (outside asides such as ", which ... ," and
benchmarks such as "outperform bitcoin"); an asset right after it in its clause; an aside's
asset; the assets of the preceding sentences, nearest sentence first and its subject (first
asset) before the others; the article's main asset (the most named, the lede counting extra).
"A and B ... X and Y respectively" pairs them in order. For prices a candidate must pass a
broad plausibility range (ether is not $95,000), which settles most ambiguities, and when no
near candidate passes, any asset named earlier may. A clause whose subject is a company, stock,
index or commodity gets no asset, unless the level is written per coin.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from typing import Iterator, Optional

from spacy.tokens import Doc

from ..resources import MODELS_DIR, compile_phrases, lexicon, phrase_pattern
from .context import AssetMention, Mentions, Sentences, clause_start

ASIDE = re.compile(r",\s+(?:which|who|whose|where|often|a|an|the|once|now|still|long|recently|typically|usually)\b[^,;]*,|"
                   r"\s[—–]\s[^—–]*\s[—–]\s|\([^()]*\)")
# ", the largest cryptocurrency," is an aside; ", the price of BTC rose to ...," is the main clause
NOUN_APPOSITION = re.compile(r",\s+(?:a|an|the)\b", re.IGNORECASE)
FIRST_WORD = re.compile(r"[A-Za-z][\w&'’.\-]*")
RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
# "bitcoin's 4% gain", "ether's roughly $3,000": the asset owns the figure right after it
OWNER = re.compile(r"['’]s?\s+(?:[a-z]+\s+)?", re.IGNORECASE)
# "analysts at X", "strategists from X": the people, not the firm, are the subject
PEOPLE_OF = ("at", "from")
CARRY_SENTENCES = 5
# the lede names the story's asset: a mention in the first sentences counts this many times more
LEDE_SENTENCES = 2
LEDE_WEIGHT = 3
# "64% for ether", "a 5% rally in solana", "$95,000 in bitcoin": the asset named right after a figure;
# after a conjunction ("$220 and for AVAX") the asset opens the next item, it does not own this one
FIGURE_OF_ASSET = re.compile(r"\W*(?:(?!(?:and|or|but|while|whereas|as|with)\b)\w+\W+)?(?:in|for|on|of)\s+(?:the\s+)?",
                             re.IGNORECASE)
# an asset after the number belongs to it only inside the same clause ("$95,000 in bitcoin")
CLAUSE_WORDS = re.compile(r"[,;]|\b(?:while|and|but|as|when|whereas|after|before)\b", re.IGNORECASE)


class AssetResolver:
    """Asset attachment for one Doc."""

    def __init__(self, doc: Doc, shared: "ResolverFactory"):
        self.doc = doc
        self.text = doc.text
        self.sentences = Sentences(doc)
        self.mentions = Mentions(doc._.asset_mentions or [])
        self.amounts = [(q.start, q.end) for q in doc._.quantities or [] if q.kind == "money"]
        self.shared = shared
        self.topic = self._topic()

    def _topic(self) -> Optional[str]:
        """The article's main asset: the most named, mentions in the lede counting extra."""
        lede_end = self.sentences.bounds[min(LEDE_SENTENCES, len(self.sentences.bounds)) - 1][1] if self.sentences.bounds else 0
        counts = Counter()
        for m in self.mentions.items:
            counts[m.symbol] += LEDE_WEIGHT if m.start < lede_end else 1
        return counts.most_common(1)[0][0] if counts else None

    def respective(self, figures: list[tuple[int, int]]) -> dict[int, str]:
        """"ADA and XLM added 4% and 6% respectively": in a sentence saying "respectively", the
        figures before that word go to the assets named before them, in order (start -> symbol)."""
        out: dict[int, str] = {}
        for m in RESPECTIVELY.finditer(self.text):
            s0, _ = self.sentences.bounds_of(m.start())
            listed = [f for f in figures if s0 <= f[0] < m.start()]
            if len(listed) < 2:
                continue
            symbols = list(dict.fromkeys(a.symbol for a in self.mentions.between(s0, listed[0][0])))
            if len(symbols) == len(listed):
                out.update({f[0]: symbol for f, symbol in zip(listed, symbols)})
        return out

    def plausible(self, symbol: str, value: float) -> bool:
        lo, hi = self.shared.ranges.get(symbol, self.shared.default_range)
        return lo <= value <= hi

    def candidates(self, start: int, end: int, ticker: Optional[str] = None) -> Iterator[tuple[str, str]]:
        """(symbol, how) pairs, best first; may repeat symbols."""
        if ticker and ticker in self.shared.tickers:
            yield self.shared.tickers[ticker], "glued"
        s0, s1 = self.sentences.bounds_of(start)
        following = self.mentions.between(end, s1)
        if following and FIGURE_OF_ASSET.fullmatch(self.text, end, following[0].start):
            yield following[0].symbol, "for"
        before = self.mentions.between(s0, start)
        if before and OWNER.fullmatch(self.text, before[-1].end, start):
            yield before[-1].symbol, "owner"  # "against bitcoin's 4% gain": the figure is bitcoin's
        demoted = self._demoted(before, s0, s1, start)
        for m in reversed(before):
            if m not in demoted:
                yield m.symbol, "before"
        for m in self.mentions.between(end, s1):
            if not CLAUSE_WORDS.search(self.text, end, m.start):
                yield m.symbol, "after"
        for m in reversed(demoted):
            yield m.symbol, "aside"
        index = self.sentences.index(start)
        for back in range(index - 1, max(index - 1 - CARRY_SENTENCES, -1), -1):
            b0, b1 = self.sentences.bounds[back]
            earlier = self.mentions.between(b0, b1)
            demoted = self._demoted(earlier, b0, b1, b1)
            kept = [m for m in earlier if m not in demoted]
            # the subject of the sentence before ("Ether tracked bitcoin higher. Its price ...") comes first
            for m in (kept[:1] + kept[:0:-1] if kept else []) + list(reversed(demoted)):
                yield m.symbol, "carried"
        if self.topic:
            yield self.topic, "topic"

    def _demoted(self, mentions: list[AssetMention], s0: int, s1: int, char: int) -> list[AssetMention]:
        """Mentions in an aside the offset is not in, or named as a benchmark."""
        asides = [(m.start(), m.end()) for m in ASIDE.finditer(self.text, s0, s1)
                  if not (NOUN_APPOSITION.match(m.group(0)) and self.shared.subject_verbs.search(m.group(0)))]
        home = [(a, b) for a, b in asides if a <= char < b]
        return [m for m in mentions
                if (any(a <= m.start < b for a, b in asides) and not any(a <= m.start < b for a, b in home))
                or self._compared(m)]

    def _in_amount(self, char: int) -> bool:
        """True inside a money amount ("4.55 million lira")."""
        return any(a <= char < b for a, b in self.amounts)

    def _compared(self, mention: AssetMention) -> bool:
        """"outpaced bitcoin's gains", "than ether": the asset is the benchmark, not the subject."""
        return bool(self.shared.comparison.search(self.text[max(0, mention.start - 25):mention.start]))

    def for_price(self, start: int, end: int, value: float, ticker: Optional[str] = None,
                  per_coin: bool = False) -> Optional[tuple[str, str]]:
        """Asset of a price level; `per_coin` says the level is written per coin ("Strategy's
        average purchase price ... per bitcoin"), which a company subject does not cancel."""
        if not ticker and not per_coin and self.foreign_subject(start, end):
            return None
        for symbol, how in self.candidates(start, end, ticker):
            if self.plausible(symbol, value):
                return symbol, how
        for m in reversed(self.mentions.between(0, start)):
            if self.plausible(m.symbol, value):
                return m.symbol, "earlier"
        return None

    def for_figure(self, start: int, end: int) -> Optional[tuple[str, str]]:
        """Asset of a percentage or an amount: no plausibility check, no asset for foreign subjects."""
        if self.foreign_subject(start, end):
            return None
        return next(self.candidates(start, end), None)

    def in_sentence(self, start: int, end: int) -> list[AssetMention]:
        s0, s1 = self.sentences.bounds_of(start)
        return self.mentions.between(s0, s1)

    def foreign_subject(self, start: int, end: int) -> bool:
        """True when the clause is about a company, stock, index, commodity or fiat currency."""
        s0, s1 = self.sentences.bounds_of(start)
        c0 = clause_start(self.text, start, s0)
        clause = self.text[c0:start]
        shared = self.shared
        named_in_clause = self.mentions.between(c0, start)
        named_in_clause = [m for m in named_in_clause if m not in self._demoted(named_in_clause, s0, s1, start)]
        if named_in_clause:
            named = named_in_clause[-1]
            # an asset named after the foreign subject word is closer to the number
            last_subject = None
            for m in shared.subjects.finditer(self.text, c0, start):
                if self._in_amount(m.start()):
                    continue  # "quoted at 4.55 million lira": the currency of an amount is no subject
                if not shared.comparison.search(self.text, max(c0, m.start() - 25), m.start()):
                    last_subject = m  # "held up better than equities": a benchmark is no subject
            return last_subject is not None and last_subject.start() > named.end
        following = self.mentions.between(end, min(s1, end + 30))
        if following and FIGURE_OF_ASSET.fullmatch(self.text, end, following[0].start):
            return False
        if any(not self._in_amount(c0 + m.start()) for m in shared.subjects.finditer(clause)):
            return True
        if shared.speech.search(clause) or not shared.subject_verbs.search(clause):
            return False
        previous = ""
        for word in FIRST_WORD.finditer(clause):
            token = word.group(0)
            after_of_or_at = previous in PEOPLE_OF
            previous = token.lower()
            # "I've", "We're", "Coinbase's": the word before the apostrophe decides
            if re.split(r"['’]", token.lower())[0] in shared.stopwords:
                continue
            if self.mentions.between(c0 + word.start(), c0 + word.end()):
                return False  # the asset itself is the subject: "the price of BTC rose to"
            if after_of_or_at and token[0].isupper():
                previous = "at"  # "Analysts at Brightwater Securities cut ...": the firm is not the subject
                continue
            if shared.exempt.match(clause, word.start()):
                return False
            return token[0].isupper()
        return False


class ResolverFactory:
    """Loads the shared data once; makes one resolver per Doc."""

    def __init__(self, gazetteer_tickers: dict[str, str]):
        ranges = json.loads((MODELS_DIR / "price_ranges.json").read_text(encoding="utf-8"))
        self.ranges = {k: (float(a), float(b)) for k, (a, b) in ranges["ranges"].items()}
        self.default_range = tuple(float(x) for x in ranges["default"])
        context = lexicon("money_context")
        self.subjects = compile_phrases(context["subjects"])
        self.subject_verbs = compile_phrases(context["subject_verbs"])
        self.comparison = re.compile(phrase_pattern(context["comparison_words"]) + r"\s+(?:\w+\s+)?$", re.IGNORECASE)
        self.stopwords = frozenset(context["subject_stopwords"])
        self.exempt = compile_phrases(lexicon("liquidations")["sources"])
        self.speech = compile_phrases(v for forms in lexicon("speech")["verbs"].values() for v in forms)
        self.tickers = gazetteer_tickers

    def __call__(self, doc: Doc) -> AssetResolver:
        return AssetResolver(doc, self)
