"""The rule segmenter: sentences around abbreviations and quotes, paragraphs at blank lines."""
from __future__ import annotations

import pytest


def sentences(nlp, text: str) -> list[str]:
    doc = nlp(text)  # kept alive while its span group is read
    return [s.text.strip() for s in doc.spans["sentences"]]


@pytest.mark.parametrize("text, expected", [
    pytest.param("The U.S. regulator approved the fund. Ether rose.",
                 ["The U.S. regulator approved the fund.", "Ether rose."], id="country-abbreviation"),
    pytest.param("Shares of Halvard Inc. fell on Monday. Bitcoin rose.",
                 ["Shares of Halvard Inc. fell on Monday.", "Bitcoin rose."], id="company-abbreviation"),
    pytest.param("Dr. Okafor spoke first. Prices rose.", ["Dr. Okafor spoke first.", "Prices rose."], id="title"),
    pytest.param("The rally began on Feb. 3 and ended in March. Then it faded.",
                 ["The rally began on Feb. 3 and ended in March.", "Then it faded."], id="month-abbreviation"),
    pytest.param('He wrote: "The top is in." Then he sold.', ['He wrote: "The top is in."', "Then he sold."],
                 id="full-stop-inside-double-quotes"),
    pytest.param("'Nobody is selling,' she said. 'Not yet.'", ["'Nobody is selling,' she said.", "'Not yet.'"],
                 id="single-quotes"),
    pytest.param("Is this the top? Nobody knows! Prices rose 5%. Then fell.",
                 ["Is this the top?", "Nobody knows!", "Prices rose 5%.", "Then fell."], id="final-punctuation"),
    pytest.param("First paragraph without a stop\nSecond paragraph.", ["First paragraph without a stop", "Second paragraph."],
                 id="line-break-ends-a-sentence"),
])
def test_sentences(nlp, text, expected):
    assert sentences(nlp, text) == expected


def test_amount_with_scale_letter_ends_a_sentence(nlp):
    assert sentences(nlp, "Bitcoin hit $95K. Ether hit $3.3K.") == ["Bitcoin hit $95K.", "Ether hit $3.3K."]


def test_paragraphs_at_blank_lines(nlp):
    doc = nlp("Bitcoin rose.\n\nEther fell. Solana held.\n\n\nXRP slid.")
    assert [p.text for p in doc.spans["paragraphs"]] == ["Bitcoin rose.", "Ether fell. Solana held.", "XRP slid."]


def test_sentence_starts_agree_with_spans(nlp):
    doc = nlp("Bitcoin rose. Ether fell.\n\nSolana held.")
    assert [s.start for s in doc.sents] == [s.start for s in doc.spans["sentences"]]


def test_empty_text(nlp):
    doc = nlp("")
    assert (list(doc.spans["sentences"]), list(doc.spans["paragraphs"])) == ([], [])
