"""Speakers: who a quote belongs to, with full name, title and organisation as separate fields.

An article introduces a source once ("Gabe Selby, head of research at ...", "LMAX strategist
Joel Kruger", "analysts at Foo Research") and then says "Kruger", "he", "the analyst" or "the
firm". Every quote of each case below must carry the one full speaker expected.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest

from extractor.api import Extractor

PIPELINE = Path(__file__).resolve().parents[2] / "models" / "pipeline"

SpeakerFields = tuple[str, Optional[str], Optional[str], str]  # name, title, org, kind


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.from_disk(PIPELINE)


def speakers_of(extractor: Extractor, text: str) -> list[SpeakerFields]:
    """(name, title, org, kind) of the speaker of every quote, in text order."""
    return [(q.speaker.name, q.speaker.title, q.speaker.org, q.speaker.kind) for q in extractor.extract(text).quotes]


def case(text: str, speaker: SpeakerFields, quotes: int, name: str):
    return pytest.param(text, speaker, quotes, id=name)


def person(name: str, title: Optional[str] = None, org: Optional[str] = None) -> SpeakerFields:
    return (name, title, org, "person")


def org(name: str) -> SpeakerFields:
    return (name, None, name, "org")


WENDT = person("Tobias Wendt", "head of trading", "Kestrel Markets")
INTRODUCED_WENDT = ("Bitcoin fell 2%. Tobias Wendt, head of trading at Kestrel Markets, said the pullback was "
                    "overdue.\n\n")
DUPONT = person("Mireille Dupont", "analyst", "Gantry Digital")
INTRODUCED_DUPONT = ("Bitcoin fell 2%. Mireille Dupont, an analyst at Gantry Digital, said the pullback was "
                     "overdue.\n\n")
HARROWGATE = org("Harrowgate Research")
INTRODUCED_HARROWGATE = ("Bitcoin fell 2%. Analysts at Harrowgate Research said the pullback was overdue after a "
                         "three-week run.\n\n")


@pytest.mark.parametrize("text, speaker, quotes", [
    case("Ether climbed. “The staking queue is the cleanest signal we have,” said Jonas Eklund, co-founder of "
         "Hearthstone Capital.", person("Jonas Eklund", "co-founder", "Hearthstone Capital"), 1,
         "appositive-after-said-title-of-org"),
    case("Ether traded flat. Odile Marchetti, a strategist at Corvane Partners, said: “The $3,100 line holds.”",
         person("Odile Marchetti", "strategist", "Corvane Partners"), 1, "appositive-before-the-verb"),
    case("Solana rallied. “Fees are climbing every week,” said Ines Kovacs, head of research at Tallowmere Labs.",
         person("Ines Kovacs", "head of research", "Tallowmere Labs"), 1, "appositive-head-of-research-at"),
    case("Bitcoin fell. Elena Varga, chief investment officer at Sorrel Asset Management, said the pullback was "
         "overdue.", person("Elena Varga", "chief investment officer", "Sorrel Asset Management"), 1,
         "appositive-long-title-and-org"),
    case("Bitcoin fell 2%. Kestrel Markets strategist Tobias Wendt said the pullback was overdue after a run.",
         person("Tobias Wendt", "strategist", "Kestrel Markets"), 1, "org-and-title-before-the-name"),
    case("Bitcoin rose 1%. Tidewell Securities chief economist Ravi Menon said that the rally had further to run.",
         person("Ravi Menon", "chief economist", "Tidewell Securities"), 1, "org-and-two-word-title-before-the-name"),
    case("Ether slipped 3%. Ravi Menon is head of digital assets at Tidewell Securities. He said ether needed to "
         "hold $2,700.", person("Ravi Menon", "head of digital assets", "Tidewell Securities"), 1,
         "introduced-with-is-then-a-pronoun"),
    case("Bitcoin fell 2%. Analysts at Harrowgate Research said the pullback was overdue after a three-week run.",
         HARROWGATE, 1, "analysts-at-firm-speak-for-the-firm"),
    case("Bitcoin fell 2%. “The pullback was overdue after a three-week run,” analysts at Harrowgate Research "
         "wrote.", HARROWGATE, 1, "analysts-at-firm-after-a-direct-quote"),
    case("Bitcoin fell 2%. Harrowgate Research's analysts said the pullback was overdue after a three-week run.",
         HARROWGATE, 1, "possessive-firm-analysts"),
    case("Bitcoin fell 2%. A spokesperson for Velmora Exchange said withdrawals were processing normally again.",
         org("Velmora Exchange"), 1, "spokesperson-for-firm"),
    case("Bitcoin fell 2%. Sablewood Capital said in a statement that it had paused withdrawals.",
         org("Sablewood Capital"), 1, "firm-speaking"),
    case("Ether gained 3%. According to Hollis Barrow, a strategist at Merrow Capital, ether is likely to stay "
         "range-bound.", person("Hollis Barrow", "strategist", "Merrow Capital"), 1, "according-to-with-appositive"),
])
def test_speaker_fields(extractor, text, speaker, quotes):
    assert speakers_of(extractor, text) == [speaker] * quotes


@pytest.mark.parametrize("text, speaker, quotes", [
    case(INTRODUCED_WENDT + "“Nobody should be surprised by a pause after a run like that,” Wendt said.",
         WENDT, 2, "surname"),
    case(INTRODUCED_WENDT + "Wendt added that he expects bitcoin to find buyers near $60,000.",
         WENDT, 2, "surname-in-indirect-speech"),
    case(INTRODUCED_WENDT + "“Nobody should be surprised by a pause after a run like that,” he said.",
         WENDT, 2, "pronoun-he-said"),
    case(INTRODUCED_WENDT + "He added that he expects bitcoin to find buyers near $60,000.",
         WENDT, 2, "pronoun-he-added-indirect"),
    case("Bitcoin fell 2%. Elena Varga, chief investment officer at Sorrel Asset Management, said the pullback "
         "was overdue.\n\n“Nobody should be surprised by a pause after a run like that,” she added.",
         person("Elena Varga", "chief investment officer", "Sorrel Asset Management"), 2, "pronoun-she-added"),
    case(INTRODUCED_DUPONT + "She also noted that miners had started to sell.", DUPONT, 2, "pronoun-she-also-noted"),
    case(INTRODUCED_DUPONT + "“Nobody should be surprised by a pause after a run like that,” the analyst said.",
         DUPONT, 2, "role-noun-the-analyst-said"),
    case(INTRODUCED_DUPONT + "The analyst expects bitcoin to find buyers near $60,000.",
         DUPONT, 2, "role-noun-the-analyst-expects"),
    case(INTRODUCED_HARROWGATE + "The firm added that it still sees bitcoin recovering to $72,000 by summer.",
         HARROWGATE, 2, "role-noun-the-firm-added"),
    case(INTRODUCED_HARROWGATE + "“We still see room for a recovery into the summer months,” the firm wrote.",
         HARROWGATE, 2, "role-noun-the-firm-wrote"),
    case("Bitcoin rose 2%. Strategists at Lindholm Bank wrote that bitcoin could reach $85,000 by year-end.\n\n"
         "The bank expects ether to lag.", org("Lindholm Bank"), 2, "role-noun-the-bank"),
    case("Bitcoin rose 2%. Ilse Brandt, a partner at Corvid Ventures, said the market was pricing too many cuts."
         "\n\nBrandt said that bitcoin could revisit $62,000 if the Fed disappoints.",
         person("Ilse Brandt", "partner", "Corvid Ventures"), 2, "surname-keeps-title-and-org"),
    case("Bitcoin rose 2%. Ilse Brandt, a partner at Corvid Ventures, said the market was pricing too many cuts."
         "\n\n“Two cuts is a stretch when inflation is still sticky and the labour market is tight.”",
         person("Ilse Brandt", "partner", "Corvid Ventures"), 2, "cue-less-quote-keeps-title-and-org"),
])
def test_later_references_resolve_to_the_full_speaker(extractor, text, speaker, quotes):
    assert speakers_of(extractor, text) == [speaker] * quotes


def test_two_speakers_keep_their_own_fields(extractor):
    text = ("Bitcoin fell 2%. Tobias Wendt, head of trading at Kestrel Markets, said the pullback was overdue."
            "\n\nMireille Dupont, an analyst at Gantry Digital, said miners had started to sell."
            "\n\n“Nobody should be surprised by a pause,” Wendt said.")
    assert speakers_of(extractor, text) == [WENDT, DUPONT, WENDT]
