"""Liquidation amounts: how much, which side, which asset, happened or projected, and whose data.

An amount is a liquidation when its own phrase ties it to positions ("$700 million worth of
short positions", "$486 million wiped out", "ether longs at $297M", "$1.6bn of liquidations")
and its sentence, the one before or its paragraph speaks of liquidations; elsewhere in an article
that speaks of them, only when a long/short word is in its own phrase ("SOL longs lost $1.1
billion"). Price levels are not amounts and do not cut a phrase. The side is the long/short word
of that phrase or of its sentence's subject, unless that word belongs to another amount ("a $203
million ether long ..., which processed $10 billion of liquidations"); none: total. The asset is
the one named with the side ("bitcoin longs", "shorting ether", "in SOL shorts"), else the one
of a parallel amount in the same sentence, else none (market-wide); "another $X" and "a further
$X" continue the previous one. Conditional or heatmap language in its clause makes it projected,
and a projected cluster belongs to the asset of the price levels it sits at ("$640 million of
longs clustered between $83,500 and $84,000").
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..numbers import Quantity
from ..records import Liquidation
from ..resources import compile_phrases, lexicon, phrase_pattern
from .context import Mentions, Sentences, clause_end, clause_start, mirror_spans, windows, without_hedge
from .percentages import TimeWindows

# a word that links two phrases: a long/short word after it is not the amount's own
LINK_BREAK = re.compile(r"\b(?:and|but|while|whereas|with|after|as|before|against|versus|which|including)\b",
                        re.IGNORECASE)
# "$54 million in SOL shorts ..., against $9.8 million in longs", "Bitcoin saw $320 million in long
# liquidations and $45 million in short liquidations": a parallel amount shares the asset
PARALLEL = re.compile(r"\b(?:and|against|versus|vs)\b", re.IGNORECASE)
# a link word or a stop: what follows starts another phrase; after an amount a comma does too
# ("$256 million, two-thirds of them longs" describes a mix: the amount's side is total)
PHRASE_BREAK = re.compile(rf"{LINK_BREAK.pattern}|[.!?;:—–()]", re.IGNORECASE)
RIGHT_BREAK = re.compile(rf"{PHRASE_BREAK.pattern}|,", re.IGNORECASE)
# "another $X", "a further $X": more of what the previous amount was
FURTHER = re.compile(r"\b(?:another|a further|an additional|an extra)\s*$", re.IGNORECASE)
# "$210 million of the day's $590 million": one amount as a share of the next
PART_OF = re.compile(r"\s+of\s+(?:the\s+)?(?:[\w'’]+\s+)?", re.IGNORECASE)
# words between an amount and the long/short word of its own phrase ("$481 million of them bets on ...")
OWN_WORDS = 4
# "$16.7 billion of this was attributable to bets on rising prices", "$160 million of them in bitcoin":
# a share of the amount before, whose side is named further on or is the earlier amount's
SHARE_OF_EARLIER = re.compile(r"\s+of\s+(?:this|that|these|those|them|it|which|the\s+total|the\s+sum)\b", re.IGNORECASE)
SHARE_REACH = 50  # characters after "of this" searched for the share's long/short word
# "• Total: $1.7B", "• BTC: ~$280M" in a liquidation list: the label says what the amount covers
LABEL = re.compile(r"(?:^|[•\-*·▪►]\s*|\d{1,2}[/.)]\s*)(?P<label>[^\s:•\d][^:\n•]{0,39}?)\s*:\s*[~≈]?\s*$")
LABEL_WORDS = ("alone", "only", "liquidations", "liquidation", "liquidated", "total", "overall", "all", "market-wide",
               "wiped", "rekt", "per", "via", "from", "according to", "data", "in", "over", "the", "past", "last")
"""Words a list label may hold besides its asset: "ETH alone:", "Liquidations per CoinGlass, 24h:"."""
TOTAL_LABEL = re.compile(r"\b(?:total|overall|all|market-wide)\b", re.IGNORECASE)
LABEL_MIN = 1e6  # labelled amounts smaller than this are prices or fees, not liquidation totals
# a line of a bulleted or numbered list
LIST_ITEM = re.compile(r"[ \t]*(?:[•\-*·▪►]|\d{1,2}[.)])\s")
# "On ether alone, positions of $4.4 billion were liquidated": a scope opening the sentence
FRONTED_SCOPE = re.compile(r"\W*(?:on|for|in|among|across)\s+(?P<scope>[^,;:]{1,40}?)\s*,", re.IGNORECASE)
# the amount's own phrase ends at a comma, a dash or a clause word
PHRASE_END = re.compile(r"[,;:—–()]|\s(?:while|whereas|but|after|as|when|according)\s", re.IGNORECASE)


class LiquidationFinder:
    def __init__(self):
        lex = lexicon("liquidations")
        self.cues = compile_phrases(lex["cues"])
        self.long = compile_phrases(lex["long"])
        self.short = compile_phrases(lex["short"])
        # "short-dated", "long-term" are not positions
        self.side_word = re.compile(phrase_pattern(lex["long"] + lex["short"]) + "(?!-)", re.IGNORECASE)
        self.long_words = {w.lower() for w in lex["long"]}
        self.total_words = compile_phrases(lex["total_words"])
        self.market_wide = compile_phrases(lex["market_wide"])
        self.projected = compile_phrases(lex["projected"])
        self.not_liquidation = compile_phrases(lex["not_liquidation"])
        self.sources = compile_phrases(lex["sources"], flags=0)
        self.windows = TimeWindows(lexicon("moves")["windows"])
        window_words = [w for g in lexicon("moves")["windows"] for w in g["phrases"]]
        # what a list label may say besides its asset: its data source and window ("Liquidations per CoinGlass, 24h:")
        self.label_fillers = re.compile(
            phrase_pattern(list(LABEL_WORDS) + lex["sources"] + window_words) + r"|[\W_]+", re.IGNORECASE)

    def __call__(self, doc: Doc) -> Doc:
        found = self.find(doc)
        doc._.liquidations = found
        mirror_spans(doc, "liquidations", found, lambda l: l.side)
        return doc

    def find(self, doc: Doc) -> list[Liquidation]:
        text = doc.text
        sentences = Sentences(doc)
        mentions = Mentions(doc._.asset_mentions or [])
        prices = doc._.prices or []
        levels = {(p.start, p.end) for p in prices}
        # a price level does not end an amount's phrase: "bitcoin longs near $108,000, where $1.8 billion ..."
        quantities = [q for q in (doc._.quantities or []) if q.kind in ("money", "percent")]
        amounts = [q for q in quantities if (q.start, q.end) not in levels]
        neighbours = [(q.start, q.end) for q in amounts]
        paragraphs = [(p.start_char, p.end_char) for p in doc.spans.get("paragraphs", [])]
        anywhere = bool(self.cues.search(text))
        out: list[Liquidation] = []
        for q in amounts:
            if q.kind != "money" or q.currency != "USD":
                continue
            near = self._in_liquidation_context(text, sentences, paragraphs, q.start)
            if not near and not anywhere:
                continue
            bounds = sentences.bounds_of(q.start)
            others = [n for n in neighbours if n != (q.start, q.end)]
            left, right = windows(text, q.start, q.end, bounds, others, width=90)
            own_right = PHRASE_END.split(right, maxsplit=1)[0]
            own_left = PHRASE_END.split(left)[-1]
            if self.not_liquidation.search(own_right[:40]):
                continue
            side = self._side(q, left, own_left, right, set(n[1] for n in others))
            # far from liquidation words, only positions named with the amount count ("SOL longs lost $1.1B")
            if not near and (side is None or side[1] == "subject"):
                continue
            sentence = text[bounds[0]:bounds[1]]
            # "$31 million were wiped out, and a further $44 million would be at risk": read per clause
            clause = (clause_start(text, q.start, bounds[0]), clause_end(text, q.end, bounds[1]))
            projected = bool(self.projected.search(text, *clause))
            earlier = _continued(out, without_hedge(left, q.qualifier), sentences.index(q.start), sentences)
            share = SHARE_OF_EARLIER.match(right) if side is None else None
            label = self._label(text, mentions, q, left, bounds) if side is None and near else None
            if share is not None:
                side = self._share_side(q, right, share.end())
            if side is None and share is not None and _recent(out, sentences.index(q.start), sentences):
                # "$160 million of them in bitcoin": the side of the amount it is a share of
                side_name = _recent(out, sentences.index(q.start), sentences).side
                asset = self._asset(text, mentions, q, None, "", own_right, out, bounds)
            elif side is None and earlier is not None:
                side_name, asset = earlier.side, earlier.asset
            elif side is None and label is not None:
                side_name, asset = "total", label[1]
            elif side is None and not (self.cues.search(own_right) or self.cues.search(own_left)
                                       or self.total_words.search(own_right[:40])
                                       or self.market_wide.search(own_left)  # "with the total coming to $X"
                                       or self._part_of_next(text, q, amounts)):
                continue
            else:
                side_name = side[0] if side else "total"
                asset = self._asset(text, mentions, q, side, own_left, own_right, out, bounds)
            if projected and asset is None:
                asset = _level_asset(prices, bounds)
            out.append(Liquidation(
                amount_usd=q.value, side=side_name, asset=asset,
                projected=projected, window=self.windows.find(sentence),
                source=self._source(text, bounds, paragraphs, q.start), text=q.text, start=q.start, end=q.end,
                sentence=sentence.strip(), qualifier=q.qualifier))
        return out

    def _part_of_next(self, text: str, q: Quantity, amounts: list[Quantity]) -> bool:
        """"Bybit accounted for $210 million of the day's $590 million in liquidations": a share
        of the liquidation amount right after it."""
        following = [a for a in amounts if a.start >= q.end]
        if not following or not PART_OF.fullmatch(text, q.end, following[0].start):
            return False
        return bool(self.cues.search(text, following[0].end, following[0].end + 40))

    def _in_liquidation_context(self, text: str, sentences: Sentences, paragraphs, char: int) -> bool:
        index = sentences.index(char)
        s0, s1 = sentences.bounds[index] if sentences.bounds else (0, len(text))
        if self.cues.search(text, s0, s1):
            return True
        if index > 0 and self.cues.search(text, *sentences.bounds[index - 1]):
            return True
        for p0, p1 in paragraphs:
            if p0 <= char < p1 and self.cues.search(text, p0, p1):
                return True
        list_start = _list_start(text, char)
        return list_start is not None and bool(self.cues.search(text, list_start, char))

    def _side(self, q: Quantity, left: str, own_left: str, right: str,
              amount_ends: set[int]) -> Optional[tuple[str, str, int, int]]:
        """(side, where, start, end) of the long/short word tied to the amount, in text offsets.

        Right after it ("$380 million were bitcoin shorts") when only a few linking words stand
        between; else in its own phrase before it ("ether longs at $297M"); else in the subject
        of its sentence ("Bitcoin longs took the heaviest damage, with $486 million wiped out"),
        unless the word is another amount's own ("a $203 million ether long on X, which
        processed $10 billion of liquidations").
        """
        m = self.side_word.search(right[:60])
        if m and len(right[:m.start()].split()) <= OWN_WORDS and not RIGHT_BREAK.search(right[:m.start()]):
            return self._side_of(m.group(0)), "right", q.end + m.start(), q.end + m.end()
        for where, window in (("left", own_left), ("subject", left)):
            base = q.start - len(window)
            last = None
            for last in self.side_word.finditer(window):
                pass
            if last is None:
                continue
            lead = window[:last.start()]
            if base in amount_ends and len(lead.split()) <= OWN_WORDS and not PHRASE_BREAK.search(lead):
                return None
            return self._side_of(last.group(0)), where, base + last.start(), base + last.end()
        return None

    def _share_side(self, q: Quantity, right: str, start: int) -> Optional[tuple[str, str, int, int]]:
        """The long/short word a share of an earlier amount is said to be ("of this was attributable
        to bets on rising prices"), when no clause break comes first."""
        m = self.side_word.search(right, start, start + SHARE_REACH)
        if m is None or PHRASE_BREAK.search(right, start, m.start()):
            return None
        return self._side_of(m.group(0)), "right", q.end + m.start(), q.end + m.end()

    def _label(self, text: str, mentions: Mentions, q: Quantity, left: str,
               bounds) -> Optional[tuple[str, Optional[str]]]:
        """("total", asset or None) for an amount of a liquidation list labelled "Total:", "Liquidations
        per CoinGlass:" or with one asset ("BTC:", "ETH alone:"); None when the label names anything
        else ("ETF flows:")."""
        m = LABEL.search(left)
        if m is None or q.value < LABEL_MIN:
            return None
        start = q.start - len(left) + m.start("label")
        end = q.start - len(left) + m.end("label")
        named = mentions.between(start, end)
        rest = text[start:end]
        for mention in reversed(named):
            rest = rest[:mention.start - start] + rest[mention.end - start:]
        if self.label_fillers.sub("", rest):
            return None
        symbols = {n.symbol for n in named}
        if len(symbols) == 1:
            return "total", symbols.pop()
        labelled = TOTAL_LABEL.search(text, start, end) or self.cues.search(text, start, end)
        return ("total", None) if not symbols and labelled else None

    def _side_of(self, word: str) -> str:
        return "long" if word.lower() in self.long_words else "short"

    def _asset(self, text: str, mentions: Mentions, q: Quantity, side, own_left: str, own_right: str,
               found: list[Liquidation], bounds) -> Optional[str]:
        """The one asset named with the side word ("bitcoin longs", "shorting ether", "longs in
        SOL") or, with no side word, inside the amount's own phrase; two assets or none: None."""
        if side is not None:
            _, where, s0, s1 = side
            tail_end = min(bounds[1], s1 + 30) if where == "right" else min(q.start, s1 + 30)
            tail = PHRASE_END.split(text[s1:tail_end], maxsplit=1)[0]
            window = mentions.between(s0 - 25, s0) + mentions.between(s1, s1 + len(tail))
            if where == "right":
                window += mentions.between(q.end, s0) + mentions.between(q.start - len(own_left[-25:]), q.start)
            window = [m for m in window if m.start >= bounds[0]]
        else:
            window = mentions.between(q.end, q.end + len(own_right)) + mentions.between(q.start - len(own_left), q.start)
        symbols = {m.symbol for m in window}
        if len(symbols) == 1:
            return symbols.pop()
        if len(symbols) > 1:
            return None
        scope = FRONTED_SCOPE.match(text, bounds[0], q.start)
        if scope is not None:
            scoped = {m.symbol for m in mentions.between(scope.start("scope"), scope.end("scope"))}
            if len(scoped) == 1:
                return scoped.pop()  # "On ether alone, positions of $4.4 billion were liquidated"
        previous = [l for l in found if bounds[0] <= l.start < q.start]
        if not previous or not previous[-1].asset or self.market_wide.search(own_left + " " + own_right):
            return None
        between = text[previous[-1].end:q.start]
        others = {m.symbol for m in mentions.between(previous[-1].end, q.start)} - {previous[-1].asset}
        if PARALLEL.search(between) and not others:
            return previous[-1].asset  # "Bitcoin saw $320 million in long liquidations and $45 million in short ..."
        return None

    def _source(self, text: str, bounds, paragraphs, char: int) -> Optional[str]:
        m = self.sources.search(text, *bounds)
        if m:
            return m.group(0)
        for p0, p1 in paragraphs:
            if p0 <= char < p1:
                m = self.sources.search(text, p0, p1)
                return m.group(0) if m else None
        return None


@Language.factory("liquidation_finder", requires=["doc._.quantities", "doc._.asset_mentions"],
                  assigns=["doc._.liquidations", "doc.spans"], default_config={})
def make_liquidation_finder(nlp: Language, name: str) -> LiquidationFinder:
    return LiquidationFinder()


def _level_asset(prices: list, bounds: tuple[int, int]) -> Optional[str]:
    """The one asset of the price levels in a sentence: a liquidation cluster sits at that asset's levels."""
    symbols = {p.asset for p in prices if bounds[0] <= p.start < bounds[1]}
    return symbols.pop() if len(symbols) == 1 else None


def _list_start(text: str, char: int) -> Optional[int]:
    """Start of the heading over the bulleted list that holds `char` ("🔥 LIQUIDATIONS\n• Total:
    ...\n• BTC: ~$280M"): a list item is read under its heading; None outside a list."""
    start = text.rfind("\n", 0, char) + 1
    if not LIST_ITEM.match(text, start):
        return None
    while start > 0:
        previous = text.rfind("\n", 0, start - 1) + 1
        if not LIST_ITEM.match(text, previous):
            return previous  # the heading line
        start = previous
    return start


def _recent(found: list[Liquidation], index: int, sentences: Sentences) -> Optional[Liquidation]:
    """The last liquidation found, if it is in this sentence or the one before."""
    if found and sentences.index(found[-1].start) >= index - 1:
        return found[-1]
    return None


def _continued(found: list[Liquidation], left: str, index: int, sentences: Sentences) -> Optional[Liquidation]:
    """"..., and a further $44 million would be at risk": the previous liquidation of this or the
    last sentence, which an amount introduced as more of the same continues."""
    if not FURTHER.search(left):
        return None
    return _recent(found, index, sentences)
