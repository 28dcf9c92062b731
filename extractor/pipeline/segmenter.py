"""Rule-based sentence and paragraph boundaries, so no statistical model is needed to split text.

News text marks paragraphs with line breaks and sentences with final punctuation; the only
traps are abbreviations ("U.S.", "Inc.") and punctuation inside quotes, handled here.
Sentences go to `doc.spans["sentences"]` (and `token.is_sent_start`), paragraphs to
`doc.spans["paragraphs"]`. Later stages read `doc.spans["sentences"]`: the parser, run on some
sentences only, may split one further, but the segmentation of record is this one.
"""
from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..resources import lexicon

FINAL = {".", "!", "?", "…", "...", "?!", "!?"}
CLOSERS = {'"', "”", "’", "'", ")", "]", "»"}


class Segmenter:
    def __init__(self, abbreviations: set[str]):
        self.abbreviations = abbreviations

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            doc.spans["paragraphs"] = []
            doc.spans["sentences"] = []
            return doc
        starts = sorted(self._sentence_starts(doc))
        flags = numpy.full((len(doc), 1), -1, dtype="int32")  # one array write, not a check per token
        flags[starts, 0] = 1
        doc.from_array([SENT_START], flags.astype("uint64"))
        doc.spans["sentences"] = [Span(doc, a, b, label="sentence") for a, b in zip(starts, starts[1:] + [len(doc)])]
        doc.spans["paragraphs"] = self._paragraphs(doc)
        return doc

    def _sentence_starts(self, doc: Doc) -> set[int]:
        starts = {0}
        n = len(doc)
        for i, tok in enumerate(doc):
            if tok.is_space and "\n" in tok.text and i + 1 < n:
                starts.add(i + 1)
                continue
            if not self._ends_sentence(tok) and not _scaled_amount_end(tok) and not _abbreviation_at_end(doc, i):
                continue
            j = i + 1
            while j < n and doc[j].text in CLOSERS and not doc[j - 1].whitespace_:
                j += 1
            if j < n and doc[j - 1].whitespace_ and self._can_start(doc[j]):
                starts.add(j)
        # a sentence never starts on white space: move to the next word
        return {s if not doc[s].is_space else min(s + 1, n - 1) for s in starts}

    def _ends_sentence(self, tok) -> bool:
        text = tok.text
        if text in FINAL:
            return True
        return (text.endswith(".") and len(text) > 1 and text.lower() not in self.abbreviations
                and not text[:-1].replace(".", "").isupper() and text[-2].isalpha() and "." not in text[:-1])

    @staticmethod
    def _can_start(tok) -> bool:
        first = tok.text[0]
        return first.isupper() or first.isdigit() or first in "\"“‘'$(["

    @staticmethod
    def _paragraphs(doc: Doc) -> list[Span]:
        spans, start = [], None
        for tok in doc:
            if tok.is_space and "\n" in tok.text:
                if start is not None:
                    spans.append(Span(doc, start, tok.i, label="paragraph"))
                    start = None
            elif start is None:
                start = tok.i
        if start is not None:
            spans.append(Span(doc, start, len(doc), label="paragraph"))
        return spans


# words that open a sentence far more often than they continue one after "U.S." or "Inc."
SENTENCE_OPENERS = {"He", "She", "They", "It", "We", "I", "The", "But", "And", "In", "On", "At", "That", "This",
                    "These", "Those", "Its", "His", "Her", "Their", "Our", "Meanwhile", "However", "Still", "Yet"}
SCALED_AMOUNT_END = re.compile(r"^\$?\d[\d.,]*(?:k|K|m|M|mn|bn|B|b|T|tn)\.$")


def _abbreviation_at_end(doc: Doc, i: int) -> bool:
    """"... adoption in the U.S. He argued ...": an abbreviation ends the sentence before an opener."""
    tok = doc[i]
    return (tok.text.endswith(".") and len(tok.text) > 2 and bool(tok.whitespace_) and i + 1 < len(doc)
            and doc[i + 1].text in SENTENCE_OPENERS)


def _scaled_amount_end(tok) -> bool:
    """"$95K." closes a sentence: a scale letter after digits is not an initial."""
    return bool(SCALED_AMOUNT_END.match(tok.text)) or (
        tok.text in ("K.", "k.", "M.", "B.", "T.", "bn.", "mn.", "tn.") and tok.i > 0 and tok.nbor(-1).like_num)


@Language.factory("news_segmenter", assigns=["token.is_sent_start", "doc.spans"], default_config={})
def make_segmenter(nlp: Language, name: str) -> Segmenter:
    return Segmenter({a.lower() for a in lexicon("abbreviations")["abbreviations"]})
