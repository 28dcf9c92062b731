"""Selective analysis: tagger, parser and NER run only on sentences with a quote or a speech cue."""
from __future__ import annotations

import pytest
from spacy.tokens import Doc

PLAIN = "Bitcoin rose 3% to $95,000 on Monday."
QUOTED = '"This is a breakout," said Jane Okafor, an analyst at Harrow Capital.'
CUED = "Analysts at Harrow Capital noted that ether lagged."


def sentence_of(doc: Doc, text: str):
    return next(s for s in doc.spans["sentences"] if s.text.strip() == text)


@pytest.fixture(scope="module")
def doc(nlp) -> Doc:
    return nlp(" ".join([PLAIN, QUOTED, CUED]))


@pytest.mark.parametrize("text", [pytest.param(QUOTED, id="quote-marks"), pytest.param(CUED, id="speech-verb")])
def test_cue_sentences_are_parsed(doc, text):
    sent = sentence_of(doc, text)
    assert any(t.dep_ == "nsubj" for t in sent) and all(t.pos_ for t in sent)


def test_other_sentences_get_a_flat_tree(doc):
    sent = sentence_of(doc, PLAIN)
    root, rest = sent[0], sent[1:]
    assert root.dep_ == "ROOT" and all(t.dep_ == "dep" and t.head == root for t in rest)
    assert not any(t.pos_ for t in sent) and not any(t.ent_type_ for t in sent)


def test_entities_come_from_parsed_sentences_only(doc):
    plain = sentence_of(doc, PLAIN)
    assert doc.ents and all(not (plain.start <= e.start < plain.end) for e in doc.ents)


def test_doc_stays_valid(doc):
    assert doc.has_annotation("DEP")
    assert [s.start for s in doc.sents] == [s.start for s in doc.spans["sentences"]]
    copy = Doc(doc.vocab).from_bytes(doc.to_bytes(exclude=["user_data"]))  # extensions hold plain records
    assert [t.dep_ for t in copy] == [t.dep_ for t in doc]


def test_statistical_components_stay_disabled(nlp):
    assert {"tagger", "parser", "ner"} <= set(nlp.disabled)
