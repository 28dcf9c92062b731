"""Claims: for each quote, every (asset, price level) in the quote or its attribution sentence.

The asset comes from context where the quote does not name it; each claim keeps its speaker,
the index of its quote, the level's role and a stance.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extractor.api import Extractor
from extractor.records import ROLES

PIPELINE = Path(__file__).resolve().parents[2] / "models" / "pipeline"
STANCES = {"bullish", "bearish", "neutral"}


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.from_disk(PIPELINE)


def claims_of(extractor: Extractor, text: str) -> set[tuple[str, str, float]]:
    return {(c.speaker, c.asset, c.level) for c in extractor.extract(text).claims}


def case(text: str, expected: set[tuple[str, str, float]], name: str):
    return pytest.param(text, expected, id=name)


KOWALCZYK = "Marta Kowalczyk"
GALLAGHER = "Owen Gallagher"

CLAIMS = [
    case("Bitcoin dipped 1% on Monday.\n\n“If we lose $64,000 there is very little until the low sixties,” said "
         "Marta Kowalczyk, a trader at Ashgrove Capital.", {(KOWALCZYK, "BTC", 64000)},
         "level-inside-the-quote-asset-from-context"),
    case("Bitcoin slipped to $66,400 on Tuesday. Marta Kowalczyk, a trader at Ashgrove Capital, said: “A daily "
         "close under $65,000 would change my mind.”", {(KOWALCZYK, "BTC", 65000)},
         "level-in-a-colon-quote"),
    case("With bitcoin stuck below $71,000, Marta Kowalczyk, a trader at Ashgrove Capital, said the market "
         "lacked conviction.", {(KOWALCZYK, "BTC", 71000)}, "level-in-the-attribution-sentence-only"),
    case("Bitcoin slipped to $66,400 on Tuesday, and Marta Kowalczyk said: “A daily close under $65,000 would "
         "change my mind.”", {(KOWALCZYK, "BTC", 66400), (KOWALCZYK, "BTC", 65000)},
         "levels-in-quote-and-attribution-sentence"),
    case("Ether outperformed on Tuesday. “I like ether above $3,200 and solana above $150, but I would sell XRP "
         "into $2.80,” said Pieter de Vries, founder of Lowmoor Fund.",
         {("Pieter de Vries", "ETH", 3200), ("Pieter de Vries", "SOL", 150), ("Pieter de Vries", "XRP", 2.8)},
         "several-assets-in-one-quote"),
    case("Solana drifted lower. “Solana has been stuck between $140 and $160 for weeks,” said Annika Berg, a "
         "strategist at Ridgefold Markets.", {("Annika Berg", "SOL", 140), ("Annika Berg", "SOL", 160)},
         "range-between-and"),
    case("Solana drifted lower. “Solana has been stuck in a $140-$160 band for weeks,” said Annika Berg, a "
         "strategist at Ridgefold Markets.", {("Annika Berg", "SOL", 140), ("Annika Berg", "SOL", 160)},
         "range-with-a-hyphen"),
    case("Solana jumped 6% to $171 on Wednesday after an upgrade went live.\n\nVolumes doubled across exchanges."
         "\n\n“A clean break of $180 puts $200 in play,” said Annika Berg, a strategist at Ridgefold Markets.",
         {("Annika Berg", "SOL", 180), ("Annika Berg", "SOL", 200)}, "asset-from-two-paragraphs-earlier"),
    case("Bitcoin rose 2%. “There is support at $60,000 to $61,000 and resistance up at $66,000,” said Annika "
         "Berg, a strategist at Ridgefold Markets.",
         {("Annika Berg", "BTC", 60000), ("Annika Berg", "BTC", 61000), ("Annika Berg", "BTC", 66000)},
         "range-with-to-and-a-third-level"),
    case("Bitcoin slid 3% on Thursday. Owen Gallagher, an analyst at Crestmoor Research, said bitcoin could fall "
         "to $55,000 if the selling continues, and ether could drop to $2,400.",
         {(GALLAGHER, "BTC", 55000), (GALLAGHER, "ETH", 2400)}, "two-assets-in-indirect-speech"),
    case("Ether rose 4%. “We see ether at $4,000 by summer,” said Lena Fischer, head of research at Brookvale "
         "Digital. “The $3,500 area is now support.”",
         {("Lena Fischer", "ETH", 4000), ("Lena Fischer", "ETH", 3500)}, "cue-less-second-quote-asset-from-context"),
    case("Bitcoin fell 2%. Analysts at Pemberton Research wrote in a note to clients that bitcoin could slide "
         "toward $64,000.", {("Pemberton Research", "BTC", 64000)}, "firm-claim"),
    case("Bitcoin fell 2%. Tobias Wendt, head of trading at Kestrel Markets, said the pullback was overdue.\n\n"
         "He added that he expects bitcoin to find buyers near $60,000.", {("Tobias Wendt", "BTC", 60000)},
         "claim-of-a-resolved-pronoun"),
    case("Ether climbed 3%. Ether is headed for $4,000 by spring — that, at least, is the view of Jonas Eklund, "
         "co-founder of Hearthstone Capital.", {("Jonas Eklund", "ETH", 4000)}, "claim-of-a-dash-attribution"),
    case("Bitcoin rose 2% to $67,200 on Tuesday as funds bought.", set(), "no-quote-no-claim"),
    case("Bitcoin rose 2%. Fenna Jansen, a strategist at Orrin Bank, said the market was too relaxed.\n\n"
         "Ether climbed to $3,450 later in the day.", set(), "level-outside-the-quote-and-its-sentence"),
]


@pytest.mark.parametrize("text, expected", CLAIMS)
def test_claims(extractor, text, expected):
    assert claims_of(extractor, text) == expected


@pytest.mark.parametrize("text, expected", CLAIMS)
def test_claim_keeps_its_quote_role_stance_and_speaker_fields(extractor, text, expected):
    record = extractor.extract(text)
    for claim in record.claims:
        quote = record.quotes[claim.quote_index]
        assert quote.speaker.name == claim.speaker
        assert (claim.title, claim.org) == (quote.speaker.title, quote.speaker.org)
        assert claim.role in ROLES
        assert claim.stance in STANCES


@pytest.mark.parametrize("text, stance", [
    pytest.param("Bitcoin slid 3% on Thursday. “I expect bitcoin to break above $80,000 and run to new highs this "
                 "year,” said Owen Gallagher, an analyst at Crestmoor Research.", "bullish", id="bullish-break-above"),
    pytest.param("Bitcoin slid 3% on Thursday. “A breakdown below $58,000 would be ugly and could trigger a "
                 "crash,” said Owen Gallagher, an analyst at Crestmoor Research.", "bearish", id="bearish-breakdown"),
    pytest.param("Bitcoin slid 3% on Thursday. Owen Gallagher, an analyst at Crestmoor Research, said bitcoin "
                 "could fall to $55,000 if the selling continues.", "bearish", id="bearish-could-fall-to"),
])
def test_stance_from_wording(extractor, text, stance):
    assert [c.stance for c in extractor.extract(text).claims] == [stance]
