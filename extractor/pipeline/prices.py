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
DOWN_MOVE = re.compile(r"\b(?:fall|fell|drop|dip|slid|slide|slump|sank|sink|lost|los|declin|tumbl|plung|crash|dump|shed)", re.I)
SNAPSHOT = re.compile(r"\b[A-Z]{2,10}:?\s*$")  # market snapshot: "BTC $104,380", "$ETH: $2.6K"
COORDINATION = re.compile(r"^\s*(?:,|/|and|or|then|to)?\s*(?:(?:and|or)\s+)?(?:the\s+)?(?:[A-Z]{2,10}\s+)?(?:to|at|near|around)?\s*$")
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
        self.subject_cues = [(c["role"], c["strength"], re.compile(c["pattern"], re.IGNORECASE)) for c in roles["subject_cues"]]
        self.right_patterns = [(c["role"], c["strength"], re.compile(c["pattern"], re.IGNORECASE))
                               for c in roles["right_patterns"]]
        self.cluster = re.compile(roles["liquidation_cluster"], re.IGNORECASE)
        self.future = compile_phrases(roles["future_words"])
        ranges = roles["range_rules"]
        self.range_support = compile_phrases(ranges["support_words"])
        self.range_resistance = compile_phrases(ranges["resistance_words"])
        self.range_target = compile_phrases(ranges["target_words"])
        self.confined = compile_phrases(roles["confinement_verbs"])
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
        out: list[Price] = []
        strengths: list[float] = []
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
            role, strength = self._role(q, partner, left, right, how, text, bounds)
            out.append(Price(asset=symbol, value=q.value, role=role, text=q.text, start=q.start, end=q.end,
                             sentence=sentences.text_of(q.start), qualifier=q.qualifier))
            strengths.append(strength)
        _coordinate(out, strengths, text)
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
              text: str, bounds: tuple[int, int]) -> tuple[str, float]:
        """The role and the strength of the evidence for it."""
        if how == "glued":
            return "current", 3.0
        first = partner if partner is not None and partner.start < q.start else q
        clause = _clause_before(text, first, bounds)
        if self.other_anywhere.search(clause):
            return "other", 3.0
        cues = self.left.matches(left) + self.right.matches(right)
        cues += [Cue(label, strength, 0, "") for label, strength, rx in self.subject_cues if rx.search(left)]
        cues += [Cue(label, strength, 0, "") for label, strength, rx in self.right_patterns if rx.search(right)]
        for label, strength, rx in ((("threshold", 2.5, self.conditional)), ("target", 2.6, self.modal_target),
                                    ("current", 2.4, self.move_to), ("extreme", 2.6, self.extreme)):
            if rx.search(left):
                cues.append(Cue(label, strength, 0, ""))
        if self.cluster.search(text, bounds[0], bounds[1]):
            cues.append(Cue("threshold", 2.7, 0, ""))
        best = max(cues, key=lambda c: (c.strength, -c.gap)) if cues else None
        if partner is not None and (best is None or best.strength < 2.5):
            return self._range_role(q.start < partner.start, text, bounds, first), 2.5
        if best is not None and best.label == "extreme":
            return ("low" if DOWN_MOVE.search(left[-60:]) else "high"), best.strength
        if best is not None and best.strength >= 2:
            return best.label, best.strength
        if self.future.search(clause):
            return "target", 1.8
        if best is not None:
            return best.label, best.strength
        if SNAPSHOT.search(left):
            return "current", 1.5
        return "other", 0.0

    def _range_role(self, lower: bool, text: str, bounds: tuple[int, int], first: Quantity) -> str:
        """Both edges of "$X-$Y" / "between $X and $Y" share the range's meaning."""
        before = text[bounds[0]:first.start]
        sentence = text[bounds[0]:bounds[1]]
        for words, role in ((self.range_support, "support"), (self.range_resistance, "resistance")):
            if words.search(before[-60:]):
                return role
        if self.range_target.search(before):
            return "target"
        if self.confined.search(sentence):
            return "support" if lower else "resistance"
        return "low" if lower else "high"


def _coordinate(prices: list[Price], strengths: list[float], text: str) -> None:
    """"$0.60 and HBAR to $0.35", "the $87,000 and $90,000 strikes": coordinated levels share a role."""
    for i in range(1, len(prices)):
        a, b = prices[i - 1], prices[i]
        if a.sentence != b.sentence or not COORDINATION.match(text[a.end:b.start]):
            continue
        if strengths[i] < 2 <= strengths[i - 1]:
            b.role, strengths[i] = a.role, strengths[i - 1]
        elif strengths[i - 1] < 2 <= strengths[i]:
            a.role, strengths[i - 1] = b.role, strengths[i]


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
