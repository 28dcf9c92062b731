"""Claims: who said what about which level of which asset.

For every quote, each price level inside the quote or in the sentences that attribute it
becomes a claim of its speaker (the rule is mechanical: a level in the attribution sentence
counts even when it is the reporter's framing). The asset is the one the price stage gave the
level, so "the break above $95,000" in a bitcoin story is a BTC claim. The stance comes from the
statement's wording (`models/lexicons/stance.json`).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Claim, Price, Quote
from ..resources import compile_phrases, lexicon


class ClaimFinder:
    def __init__(self):
        stance = lexicon("stance")
        self.bullish = compile_phrases(stance["bullish"])
        self.bearish = compile_phrases(stance["bearish"])

    def __call__(self, doc: Doc) -> Doc:
        doc._.claims = self.find(doc)
        return doc

    def find(self, doc: Doc) -> list[Claim]:
        quotes: list[Quote] = doc._.quotes or []
        regions = doc._.quote_regions or [(q.start, q.end) for q in quotes]
        prices: list[Price] = doc._.prices or []
        text = doc.text  # Doc.text joins every token: read it once
        claims: dict[tuple[str, str, float], Claim] = {}
        # a level inside a quote belongs to that quote; one only in an attribution sentence to the first
        for inside in (True, False):
            for index, (quote, (r0, r1)) in enumerate(zip(quotes, regions)):
                lo, hi = (quote.start, quote.end) if inside else (min(r0, quote.start), max(r1, quote.end))
                for price in prices:
                    key = (quote.speaker.name, price.asset, price.value)
                    if key in claims or not lo <= price.start < hi:
                        continue
                    claims[key] = Claim(speaker=quote.speaker.name, asset=price.asset, level=price.value, role=price.role,
                                        stance=self._stance(text[min(r0, lo):max(r1, hi)], price, prices),
                                        quote_index=index, title=quote.speaker.title, org=quote.speaker.org)
        return sorted(claims.values(), key=lambda c: (c.quote_index, c.level))

    def _stance(self, statement: str, price: Price, prices: list[Price]) -> str:
        if price.role == "target":
            current = [p.value for p in prices if p.asset == price.asset and p.role == "current" and p.start < price.start]
            if current:
                return "bullish" if price.value > current[-1] else "bearish"
        up = len(self.bullish.findall(statement))
        down = len(self.bearish.findall(statement))
        return "bullish" if up > down else "bearish" if down > up else "neutral"


@Language.factory("claim_finder", requires=["doc._.quotes", "doc._.prices"], assigns=["doc._.claims"], default_config={})
def make_claim_finder(nlp: Language, name: str) -> ClaimFinder:
    return ClaimFinder()
