"""Run the statistical components (tagger, parser, NER ...) only on the sentences that need them.

The rule components work on raw text and cost next to nothing; the statistical ones are what
make spaCy slow. They stay in the pipeline, disabled, and this component runs them on the
sentences that carry something to attribute (quote marks or speech cues), then copies tags,
lemmas, the dependency tree and entities back. Sentences left out get a flat tree (first token
as root) so the Doc stays consistent. `mode = "all"` analyses every sentence.
"""
from __future__ import annotations

import re

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..resources import compile_phrases, lexicon

QUOTE_MARKS = re.compile(r"[\"“”«»]|(?<!\w)['‘]|['’](?!\w)")
ATTRS = [TAG, POS, LEMMA, DEP, HEAD]


class SelectiveAnalysis:
    def __init__(self, nlp: Language, pipes: list[str], mode: str):
        self.nlp = nlp
        self.pipe_names = pipes
        self.mode = mode
        self.cues = compile_phrases(lexicon("speech")["analysis_triggers"])

    def needs_analysis(self, sent: Span) -> bool:
        if self.mode == "all":
            return True
        text = sent.text
        return bool(QUOTE_MARKS.search(text) or self.cues.search(text))

    def __call__(self, doc: Doc) -> Doc:
        sents = list(doc.spans["sentences"])
        chosen = [s for s in sents if self.needs_analysis(s)]
        analysed = [s.as_doc() for s in chosen]
        for name in self.pipe_names:
            analysed = list(self.nlp.get_pipe(name).pipe(analysed))
        self._write_back(doc, sents, dict(zip((s.start for s in chosen), analysed)))
        return doc

    @staticmethod
    def _write_back(doc: Doc, sents: list[Span], analysed: dict[int, Doc]) -> None:
        array = numpy.zeros((len(doc), len(ATTRS)), dtype="int64")
        dep_col, head_col = ATTRS.index(DEP), ATTRS.index(HEAD)
        root_dep = doc.vocab.strings.add("ROOT")
        flat_dep = doc.vocab.strings.add("dep")
        ents = []
        for sent in sents:
            sub = analysed.get(sent.start)
            if sub is None:
                array[sent.start, dep_col] = root_dep
                for i in range(sent.start + 1, sent.end):
                    array[i, dep_col] = flat_dep
                    array[i, head_col] = sent.start - i
                continue
            array[sent.start:sent.end] = sub.to_array(ATTRS).view("int64")
            ents.extend(Span(doc, sent.start + e.start, sent.start + e.end, label=e.label_) for e in sub.ents)
        doc.from_array(ATTRS, array.view("uint64"))
        doc.ents = ents


@Language.factory("selective_analysis", assigns=["token.tag", "token.pos", "token.lemma", "token.dep",
                                                  "token.head", "doc.ents"],
                  default_config={"pipes": ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"],
                                  "mode": "selective"})
def make_selective_analysis(nlp: Language, name: str, pipes: list[str], mode: str) -> SelectiveAnalysis:
    return SelectiveAnalysis(nlp, pipes, mode)
