"""Money amounts, percentages and plain numbers, found on the raw text by `extractor.numbers`."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..numbers import find_quantities
from .context import mirror_spans


class QuantityFinder:
    def __call__(self, doc: Doc) -> Doc:
        quantities = find_quantities(doc.text)
        doc._.quantities = quantities
        mirror_spans(doc, "quantities", quantities, lambda q: q.kind)
        return doc


@Language.factory("quantity_finder", assigns=["doc._.quantities", "doc.spans"], default_config={})
def make_quantity_finder(nlp: Language, name: str) -> QuantityFinder:
    return QuantityFinder()
