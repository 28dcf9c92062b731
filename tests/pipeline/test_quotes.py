"""Quotes on whole articles: direct and indirect statements, their text, type, cue and speaker.

Each case is a short article of its own; the record's quotes are compared in full, so a
quote found where there is none fails as surely as one missed. Quote texts are compared
without trailing punctuation (the scorer ignores it).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extractor.api import Extractor

PIPELINE = Path(__file__).resolve().parents[2] / "models" / "pipeline"
TRAILING = " ,.;:!?"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.from_disk(PIPELINE)


def quotes_of(extractor: Extractor, text: str) -> list[tuple[str, str, str]]:
    """(type, text, speaker name) of every quote, in text order."""
    return [(q.type, q.text.rstrip(TRAILING), q.speaker.name) for q in extractor.extract(text).quotes]


def case(text: str, expected: list[tuple[str, str, str]], name: str):
    return pytest.param(text, expected, id=name)


def direct(text: str, speaker: str) -> tuple[str, str, str]:
    return ("direct", text, speaker)


def indirect(text: str, speaker: str) -> tuple[str, str, str]:
    return ("indirect", text, speaker)


HENRIK = "Henrik Solvang"
ODILE = "Odile Marchetti"
INES = "Ines Kovacs"
FENNA = "Fenna Jansen"

DIRECT_QUOTES = [
    case("Bitcoin slid on Thursday. “We are watching $61,500 closely because a break there opens a path lower,” "
         "said Henrik Solvang, a portfolio manager at Fjordline Capital.",
         [direct("We are watching $61,500 closely because a break there opens a path lower", HENRIK)],
         "speaker-after-said-name"),
    case("Bitcoin slid on Thursday. “A break under $61,500 opens a path lower,” Henrik Solvang said.",
         [direct("A break under $61,500 opens a path lower", HENRIK)], "speaker-after-name-said"),
    case("Ether traded flat. Odile Marchetti, a strategist at Corvane Partners, said: “The $3,100 line is where "
         "buyers have stepped in all month.”",
         [direct("The $3,100 line is where buyers have stepped in all month", ODILE)], "speaker-before-with-colon"),
    case("Ether traded flat. “The $3,100 line is where buyers have stepped in.” — Odile Marchetti, strategist at "
         "Corvane Partners",
         [direct("The $3,100 line is where buyers have stepped in", ODILE)], "speaker-after-a-dash"),
    case("Solana held firm. “Nobody wants to sell at these prices,” Rafael Quintero said, “and that keeps solana "
         "pinned near $180.”",
         [direct("Nobody wants to sell at these prices", "Rafael Quintero"),
          direct("and that keeps solana pinned near $180", "Rafael Quintero")], "speaker-in-the-middle"),
    case("Bitcoin rose 2%. “Two cuts is a stretch,” Ilse Brandt, a partner at Corvid Ventures, said, “when "
         "inflation is still sticky.”",
         [direct("Two cuts is a stretch", "Ilse Brandt"), direct("when inflation is still sticky", "Ilse Brandt")],
         "speaker-with-appositive-in-the-middle"),
    case("Bitcoin rose 2%. “I think the market is pricing too many cuts,” Ilse Brandt told Ledgerline on Tuesday.",
         [direct("I think the market is pricing too many cuts", "Ilse Brandt")], "speaker-told-an-outlet"),
    case('Bitcoin rose 2%. "The market is far too relaxed about rate risk," said Fenna Jansen, a strategist at '
         'Orrin Bank. "Nobody is hedging the meeting."',
         [direct("The market is far too relaxed about rate risk", FENNA), direct("Nobody is hedging the meeting", FENNA)],
         "straight-marks-and-a-cue-less-second-sentence"),
    case("Solana rallied on Friday.\n\n“The network has never been busier,” said Ines Kovacs, head of research at "
         "Tallowmere Labs. “We think demand is only starting\n\n“to show up in the price, and $220 is within reach.”",
         [direct("The network has never been busier", INES), direct("We think demand is only starting", INES),
          direct("to show up in the price, and $220 is within reach", INES)],
         "quote-spanning-paragraphs-is-one-entry-per-paragraph"),
    case("Bitcoin rose 2%. Fenna Jansen, a strategist at Orrin Bank, said the market was “far too relaxed about rate "
         "risk” heading into the meeting.",
         [direct("far too relaxed about rate risk", FENNA)], "partial-quote-inside-a-narrative-sentence"),
    case("Bitcoin rose 2%. Fenna Jansen, a strategist at Orrin Bank, said the market was 'far too relaxed about "
         "rate risk' heading into the meeting.",
         [direct("far too relaxed about rate risk", FENNA)], "partial-quote-in-straight-single-marks"),
    case("Ether rose 2% on Monday.\n\n“The unlock schedule is front-loaded and that weighs on sentiment,” said Amara "
         "Osei, an analyst at Quillon Research.\n\n“Still, staking inflows have been steady for six straight weeks.”",
         [direct("The unlock schedule is front-loaded and that weighs on sentiment", "Amara Osei"),
          direct("Still, staking inflows have been steady for six straight weeks", "Amara Osei")],
         "cue-less-paragraph-inherits-the-previous-speaker"),
    case("Bitcoin rose 2%. Fenna Jansen, a strategist at Orrin Bank, said the market was “far too relaxed about rate "
         "risk” heading into the meeting.\n\n“Nobody is hedging the meeting, and that worries me more than the price.”",
         [direct("far too relaxed about rate risk", FENNA),
          direct("Nobody is hedging the meeting, and that worries me more than the price", FENNA)],
         "cue-less-paragraph-after-a-partial-quote"),
]


@pytest.mark.parametrize("text, expected", DIRECT_QUOTES)
def test_direct_quotes(extractor, text, expected):
    assert quotes_of(extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    case("Bitcoin rose 2%. Fenna Jansen, a strategist at Orrin Bank, said: “The market is far too relaxed about "
         "rate risk and nobody is hedging\n\nEther fell 1% on the day.",
         [direct("The market is far too relaxed about rate risk and nobody is hedging", FENNA)],
         "ends-at-the-paragraph-end"),
    case("Bitcoin rose 2%. Fenna Jansen is a strategist at Orrin Bank.\n\n“The market is far too relaxed about "
         "rate risk, she said.",
         [direct("The market is far too relaxed about rate risk", FENNA)], "ends-at-a-pronoun-attribution"),
    case("Bitcoin rose 2%. “The market is far too relaxed about rate risk, Fenna Jansen said.",
         [direct("The market is far too relaxed about rate risk", FENNA)], "ends-at-a-named-attribution"),
])
def test_missing_closing_mark(extractor, text, expected):
    assert quotes_of(extractor, text) == expected


INDIRECT_SPEECH = [
    case("Ether rose 2% on Monday. Delphine Aubert said that ether could retest $2,600 before the end of the month.",
         [indirect("ether could retest $2,600 before the end of the month", "Delphine Aubert")], "said-that"),
    case("Ether rose 2% on Monday. Delphine Aubert said ether could retest $2,600 before the end of the month.",
         [indirect("ether could retest $2,600 before the end of the month", "Delphine Aubert")], "said-without-that"),
    case("Bitcoin held steady. Kwame Asante, a trader at Novaline Desk, noted that open interest had climbed to a "
         "record.", [indirect("open interest had climbed to a record", "Kwame Asante")], "noted"),
    case("Bitcoin held steady. Kwame Asante added that spot volumes remained thin across major venues.",
         [indirect("spot volumes remained thin across major venues", "Kwame Asante")], "added"),
    case("Bitcoin held steady. Sofia Lindqvist warned that leverage was building up again in perpetual futures.",
         [indirect("leverage was building up again in perpetual futures", "Sofia Lindqvist")], "warned"),
    case("Bitcoin held steady. Sofia Lindqvist argued that the halving effect was already priced in by miners.",
         [indirect("the halving effect was already priced in by miners", "Sofia Lindqvist")], "argued"),
    case("Bitcoin held steady. Bartholomew Kemp expects bitcoin to reach $90,000 by the end of the quarter.",
         [indirect("bitcoin to reach $90,000 by the end of the quarter", "Bartholomew Kemp")], "expects"),
    case("Bitcoin held steady. Bartholomew Kemp pointed to rising stablecoin supply as a sign of fresh demand.",
         [indirect("rising stablecoin supply as a sign of fresh demand", "Bartholomew Kemp")], "pointed-to"),
    case("Bitcoin held steady. Yusuf Demir wrote that miners were holding more coins than at any time this year.",
         [indirect("miners were holding more coins than at any time this year", "Yusuf Demir")], "wrote"),
    case("Ether gained 3%. According to Hollis Barrow, a strategist at Merrow Capital, ether is likely to stay "
         "range-bound through March.",
         [indirect("ether is likely to stay range-bound through March", "Hollis Barrow")], "according-to-a-person"),
    case("Ether gained 3%. According to Fenwick Analytics, institutional demand for ether has picked up sharply "
         "this month.",
         [indirect("institutional demand for ether has picked up sharply this month", "Fenwick Analytics")],
         "according-to-a-firm"),
    case("Ether gained 3%. Institutional demand for ether has picked up sharply this month, according to Hollis "
         "Barrow, a strategist at Merrow Capital.",
         [indirect("Institutional demand for ether has picked up sharply this month", "Hollis Barrow")],
         "according-to-after-the-clause"),
    case("Bitcoin fell 2%. Greta Holm told Ledgerline that the market was waiting for clearer signals from the Fed.",
         [indirect("the market was waiting for clearer signals from the Fed", "Greta Holm")], "told-an-outlet"),
    case("Bitcoin fell 2%. Analysts at Pemberton Research wrote in a note to clients that bitcoin could slide "
         "toward $64,000.",
         [indirect("bitcoin could slide toward $64,000", "Pemberton Research")], "wrote-in-a-note-to-clients"),
    case("Bitcoin fell 2%. Callum Reyes said in an email that the sell-off looked driven by forced liquidations.",
         [indirect("the sell-off looked driven by forced liquidations", "Callum Reyes")], "said-in-an-email"),
    case("Bitcoin fell 2%. Nadia Petrov wrote on X that she had been adding to her bitcoin position all week.",
         [indirect("she had been adding to her bitcoin position all week", "Nadia Petrov")], "wrote-on-x"),
    case("Bitcoin fell 2%. Dorian Vance's view: the market needs a week of calm before anyone buys again.",
         [indirect("the market needs a week of calm before anyone buys again", "Dorian Vance")],
         "colon-after-a-possessive-view"),
    case("Bitcoin rose 2%. Ilse Brandt, a partner at Corvid Ventures, spoke to us on Tuesday.\n\nBrandt: The "
         "market is pricing two cuts and I think that is too many.",
         [indirect("The market is pricing two cuts and I think that is too many", "Ilse Brandt")],
         "colon-interview-answer"),
    case("Ether climbed 3%. Ether is headed for $4,000 by spring — that, at least, is the view of Jonas Eklund, "
         "co-founder of Hearthstone Capital.",
         [indirect("Ether is headed for $4,000 by spring", "Jonas Eklund")], "dash-view-of"),
    case("Ether slipped. Mateo Ruiz noted that funding had turned negative and warned that a drop below $2,900 "
         "could trigger more selling.",
         [indirect("funding had turned negative", "Mateo Ruiz"),
          indirect("a drop below $2,900 could trigger more selling", "Mateo Ruiz")],
         "noted-and-warned-are-two-entries"),
    case("Ether slipped. Mateo Ruiz said that ether was “stuck in a very tight box” and needed a catalyst.",
         [direct("stuck in a very tight box", "Mateo Ruiz")], "reported-clause-holding-a-quote-is-the-direct-quote"),
]


@pytest.mark.parametrize("text, expected", INDIRECT_SPEECH)
def test_indirect_speech(extractor, text, expected):
    assert quotes_of(extractor, text) == expected


@pytest.mark.parametrize("text, cue", [
    pytest.param("Bitcoin held steady. Kwame Asante noted that open interest had climbed to a record.", "noted",
                 id="noted"),
    pytest.param("Bitcoin fell 2%. Greta Holm told Ledgerline that the market was waiting for the Fed.", "told",
                 id="told"),
    pytest.param("Bitcoin held steady. Bartholomew Kemp pointed to rising stablecoin supply as a sign of demand.",
                 "pointed to", id="pointed-to"),
    pytest.param("Ether gained 3%. According to Fenwick Analytics, demand for ether has picked up sharply.",
                 "according to", id="according-to"),
    pytest.param("Bitcoin slid. “A break under $61,500 opens a path lower,” Henrik Solvang wrote.", "wrote",
                 id="direct-quote-wrote"),
])
def test_cue_is_the_speech_verb(extractor, text, cue):
    assert [q.cue.strip().lower() for q in extractor.extract(text).quotes] == [cue]


@pytest.mark.parametrize("text", [
    pytest.param("Bitcoin rose 2%. The exchange published a report titled “The State of Crypto Derivatives” on "
                 "Monday.", id="quoted-title"),
    pytest.param("Bitcoin rose 2%. Options traders keep watching the so-called “max pain” level for Friday's "
                 "expiry.", id="so-called-term"),
    pytest.param("Bitcoin rose 2%. Retail buyers piled into what dealers call “hopium” trades over the weekend.",
                 id="term-someone-calls"),
    pytest.param("Bitcoin rose 2%. The token's “utility” remains unclear to most buyers.", id="scare-quote"),
    pytest.param("Ether gained 3%. According to CoinGlass data, more than $120 million of short positions were "
                 "liquidated.", id="according-to-coinglass-data"),
    pytest.param("Ether gained 3%. According to a regulatory filing, the fund bought 12,000 ETH last week.",
                 id="according-to-a-filing"),
    pytest.param("Ether gained 3%. Farside figures show spot ether funds took in $95 million on Tuesday.",
                 id="farside-figures-show"),
    pytest.param("Bitcoin rose 2%. CoinGlass estimates that about $80 million of longs were closed in an hour.",
                 id="coinglass-estimates"),
    pytest.param("Bitcoin rose 2%. Exchange balances fell to a five-year low, Glassnode data showed.",
                 id="data-showed"),
    pytest.param("Bitcoin added 4.4% on Tuesday as traders added to their positions.", id="added-as-a-move"),
])
def test_not_quotes(extractor, text):
    assert quotes_of(extractor, text) == []


ODD_MARKS = [
    '"""', "“", "”", "‘’‘", "Bitcoin rose “", "“a “b “c", '"Open "and "never "closed', "''' ''' '''",
    "Ether fell.\n\n“\n\n”\n\n“", "«Fees» doubled „quickly“ she said", "It's 5' 11\" and she's “done”",
    "", "   \n\n  ", "“" * 50, "Bitcoin said: “",
]


@pytest.mark.parametrize("text", ODD_MARKS)
def test_odd_marks_never_raise(extractor, text):
    record = extractor.extract(text)
    assert record.errors == []
    for quote in record.quotes:
        assert 0 <= quote.start <= quote.end <= len(text)
        assert text[quote.start:quote.end] == quote.text


@pytest.mark.parametrize("text", [pytest.param(p.values[0], id=p.id) for p in DIRECT_QUOTES + INDIRECT_SPEECH])
def test_quote_span_points_at_its_text(extractor, text):
    quotes = extractor.extract(text).quotes
    assert [text[q.start:q.end] for q in quotes] == [q.text for q in quotes]
