"""Price levels: which dollar amounts are per-unit prices of a crypto asset, and their role.

A chain of rules, each with its reason:
1. Only USD amounts (USD stablecoins count); bare numbers only as the partner of a dollar range end.
2. Not a price when the words around it make it a total (market cap, volume, flows, fees, raises,
   liquidations, open interest, company spending), a price per ounce/share, or when the clause is
   about a stock, index, commodity or company. Amounts in millions and up are totals unless
   written as a per-coin price.
3. Attach an asset (see `attach.py`); no plausible asset, no price.
4. Role from cue words next to the number (`models/lexicons/price_roles.json`): the strongest
   cue wins, then the nearest; "rose 5% to $X" is the current price, "as much as 9% to $X" the
   extreme, "if it drops to $X" a threshold, "could fall to $X" a target; a range's edges are
   support/resistance when the price is confined there, low/high when it traded there.
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..numbers import Quantity
from ..records import Price
from ..resources import compile_phrases, lexicon
from .assets import load_gazetteer
from .attach import ResolverFactory
from .context import Cue, CueSet, mirror_spans, windows

BIG_SCALES = {"m", "mm", "mn", "mln", "million", "b", "bn", "bln", "billion", "t", "tn", "trillion"}
# a price in millions is only believed when written per coin ("$1 million per bitcoin")
BIG_VALUE = 1e6
# hedges that say nothing about the role; "over", "under", "north of" stay in the context as cues
APPROXIMATE = {"about", "around", "roughly", "nearly", "approximately", "almost", "some", "close to"}


class PriceFinder:
    def __init__(self, resolvers: ResolverFactory):
        self.resolvers = resolvers
        roles = lexicon("price_roles")
        gap = roles["max_gap_words"]
        self.left = CueSet(roles["left"], "left", gap)
        self.right = CueSet(roles["right"], "right", roles["right_max_words"])
        self.modal_target = re.compile(roles["modal_target"], re.IGNORECASE)
        self.conditional = re.compile(roles["conditional_threshold"], re.IGNORECASE)
        self.move_to = re.compile(roles["move_to_current"], re.IGNORECASE)
        self.extreme = re.compile(roles["extreme_move"], re.IGNORECASE)
        self.other_anywhere = compile_phrases(roles["other_anywhere"])
        self.confined = compile_phrases(roles["confinement_verbs"])
        self.period = compile_phrases(roles["period_range_verbs"])
        context = lexicon("money_context")
        self.not_price_left = CueSet([{"role": "total", "strength": 1, "phrases": context["left"]}], "left", 2)
        self.not_price_right = CueSet([{"role": "total", "strength": 1, "phrases": context["right"]}], "right", 1)
        self.per_coin = CueSet([{"role": "price", "strength": 1, "phrases": context["big_amount_price_right"]}],
                               "right", 1)

    def __call__(self, doc: Doc) -> Doc:
        prices = self.find(doc)
        doc._.prices = prices
        mirror_spans(doc, "prices", prices, lambda p: p.role)
        return doc

    def find(self, doc: Doc) -> list[Price]:
        text = doc.text
        quantities: list[Quantity] = doc._.quantities or []
        # cut context at other dollar amounts only: "rose 5% to $3,380" needs the percentage
        neighbours = [(q.start, q.end) for q in quantities if q.kind == "money"]
        resolver = self.resolvers(doc)
        sentences = resolver.sentences
        ranges = _range_partners(quantities)
        out = []
        for q in quantities:
            partner = ranges.get((q.range_id, "end" if q.range_pos == "start" else "start")) if q.range_id is not None else None
            if not _is_dollar(q, partner):
                continue
            bounds = sentences.bounds_of(q.start)
            others = [n for n in neighbours if n != (q.start, q.end) and (partner is None or n != (partner.start, partner.end))]
            left, right = self._windows(text, q, partner, bounds, others)
            if self._is_total(q, left, right):
                continue
            attached = resolver.for_price(q.start, q.end, q.value, q.ticker)
            if attached is None:
                continue
            symbol, how = attached
            role = self._role(q, partner, left, right, how, text, bounds)
            out.append(Price(asset=symbol, value=q.value, role=role, text=q.text, start=q.start, end=q.end,
                             sentence=sentences.text_of(q.start), qualifier=q.qualifier))
        return out

    @staticmethod
    def _windows(text: str, q: Quantity, partner: Optional[Quantity], bounds: tuple[int, int],
                 others: list[tuple[int, int]]) -> tuple[str, str]:
        """A range end shares its context: left of the range's start, right of its end."""
        first = q if partner is None or q.start < partner.start else partner
        last = q if partner is None or q.start > partner.start else partner
        left, _ = windows(text, first.start, first.end, bounds, others)
        _, right = windows(text, last.start, last.end, bounds, others)
        if first.qualifier in APPROXIMATE and left.rstrip().lower().endswith(first.qualifier):
            left = left.rstrip()[: -len(first.qualifier)]
        if partner is not None:
            left = re.sub(r"\bbetween\s*$", "", left, flags=re.IGNORECASE)
        return left, right

    def _is_total(self, q: Quantity, left: str, right: str) -> bool:
        big = q.value >= BIG_VALUE or (q.scale or "").lower() in BIG_SCALES
        if big:
            return self.per_coin.best(right) is None
        return self.not_price_left.best(left) is not None or self.not_price_right.best(right) is not None

    def _role(self, q: Quantity, partner: Optional[Quantity], left: str, right: str, how: str,
              text: str, bounds: tuple[int, int]) -> str:
        if partner is not None:
            lower = q.start < partner.start
            context = text[bounds[0]:q.start]
            if self.confined.search(context) or re.search(r"\brange\b", right[:20], re.IGNORECASE):
                return "support" if lower else "resistance"
            if self.period.search(context):
                return "low" if lower else "high"
        if self.extreme.search(left):
            return "low" if re.search(r"\b(?:fall|fell|drop|slid|slump|sank|lost|declin|tumbl|plung)", left, re.I) else "high"
        cues = self.left.matches(left) + self.right.matches(right)
        if self.conditional.search(left):
            cues.append(_cue("threshold", 2.5))
        if self.modal_target.search(left):
            cues.append(_cue("target", 2.6))
        if self.move_to.search(left):
            cues.append(_cue("current", 2.4))
        if how == "glued":
            return "current"
        first = partner if partner is not None and partner.start < q.start else q
        if self.other_anywhere.search(_clause_before(text, first, bounds)):
            return "other"
        if cues:
            best = max(cues, key=lambda c: (c.strength, -c.gap))
            return best.label
        if re.search(r"\b[A-Z]{2,10}\s*$", left):  # market snapshot: "BTC $104,380"
            return "current"
        return "other"


def _cue(label: str, strength: float) -> Cue:
    return Cue(label, strength, 0, "")


def _clause_before(text: str, q: Quantity, bounds: tuple[int, int]) -> str:
    """The sentence up to the amount, from the last dollar sign or semicolon before it."""
    head = text[bounds[0]:q.start]
    cut = max(head.rfind("$"), head.rfind(";"))
    return head[cut + 1:]


def _is_dollar(q: Quantity, partner: Optional[Quantity]) -> bool:
    if q.kind != "money" and q.kind != "number":
        return False
    if q.currency == "USD":
        return True
    return q.kind == "number" and partner is not None and partner.currency == "USD"


def _range_partners(quantities: list[Quantity]) -> dict[tuple[int, str], Quantity]:
    return {(q.range_id, q.range_pos): q for q in quantities if q.range_id is not None}


@Language.factory("price_finder", requires=["doc._.quantities", "doc._.asset_mentions"],
                  assigns=["doc._.prices", "doc.spans"], default_config={})
def make_price_finder(nlp: Language, name: str) -> PriceFinder:
    return PriceFinder(ResolverFactory(load_gazetteer().ticker_symbols()))
