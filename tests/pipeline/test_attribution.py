"""Attribution edge cases: where the speaker phrase sits and how it is worded.

Each case is one article-like snippet and the full list of quotes expected from it:
(type, text without trailing punctuation, speaker, title, org, kind).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extractor.api import Extractor
from extractor.pipeline.quote_marks import find_quoted_spans

PIPELINE = Path(__file__).resolve().parents[2] / "models" / "pipeline"
P = pytest.param


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor.from_disk(PIPELINE)


def quotes(ex: Extractor, text: str) -> list[tuple]:
    return [(q.type, q.text.rstrip(" ,.;:!?"), q.speaker.name, q.speaker.title, q.speaker.org, q.speaker.kind)
            for q in ex.extract(text).quotes]


def test_straight_marks_nest_inside_curly_ones():
    text = '“The so-called "floor" is gone,” she said.'
    spans = [(text[s.start:s.end], s.closed) for s in find_quoted_spans(text, [(0, len(text))])]
    assert spans == [('The so-called "floor" is gone,', True), ("floor", True)]


@pytest.mark.parametrize("text, expected", [
    P("Bitcoin rose 2%. “The market is far too relaxed about rate risk, said Fenna Jansen, a strategist at Orrin Bank.",
      [("direct","The market is far too relaxed about rate risk","Fenna Jansen","strategist","Orrin Bank","person")], id="missing-close-said-NAME"),
    P("Bitcoin fell 2%. Greta Holm said in an interview with Ledgerline that the market was waiting for the Fed.",
      [("indirect","the market was waiting for the Fed","Greta Holm",None,None,"person")], id="said-in-an-interview-with"),
    P("Bitcoin fell 2%. The market was waiting for the Fed, Greta Holm, a trader at Sablewood Capital, said on Tuesday.",
      [("indirect","The market was waiting for the Fed","Greta Holm","trader","Sablewood Capital","person")], id="trailing-attribution-appositive-day"),
    P("Bitcoin fell 2%. Greta Holm, a trader at Sablewood Capital, said: bitcoin could bounce to $68,000 within weeks.",
      [("indirect","bitcoin could bounce to $68,000 within weeks","Greta Holm","trader","Sablewood Capital","person")], id="colon-indirect-after-said"),
    P("Ether climbed 3%. Jonas Eklund, co-founder of Hearthstone Capital, had a simple message: ether is headed for $4,000 by spring.",
      [("indirect","ether is headed for $4,000 by spring","Jonas Eklund","co-founder","Hearthstone Capital","person")], id="colon-message"),
    P("Bitcoin slipped to $66,400 on Tuesday, and Marta Kowalczyk, a trader at Ashgrove Capital, said: “A daily close under $65,000 would change my mind.”",
      [("direct","A daily close under $65,000 would change my mind","Marta Kowalczyk","trader","Ashgrove Capital","person")], id="and-NAME-appositive-said-colon"),
    P("Bitcoin fell 2%. Lucas Ferreira of Brightwater Trading said the selloff was a healthy reset after a crowded month.",
      [("indirect","the selloff was a healthy reset after a crowded month","Lucas Ferreira",None,"Brightwater Trading","person")], id="NAME-of-ORG-said"),
    P("Bitcoin fell 2%. “The selloff is a healthy reset after a crowded month,” said Lucas Ferreira of Brightwater Trading.",
      [("direct","The selloff is a healthy reset after a crowded month","Lucas Ferreira",None,"Brightwater Trading","person")], id="said-NAME-of-ORG"),
    P("Bitcoin rose 2%. Market strategist Ilse Brandt of Corvid Ventures said the market was pricing too many cuts.",
      [("indirect","the market was pricing too many cuts","Ilse Brandt","market strategist","Corvid Ventures","person")], id="TITLE-NAME-of-ORG"),
    P("Bitcoin fell 2%. Kestrel's Tobias Wendt said the pullback was overdue after a three-week run.",
      [("indirect","the pullback was overdue after a three-week run","Tobias Wendt",None,"Kestrel","person")], id="possessive-ORG's-NAME"),
    P("Bitcoin fell 2%. Kestrel Markets' Tobias Wendt said the pullback was overdue after a three-week run.",
      [("indirect","the pullback was overdue after a three-week run","Tobias Wendt",None,"Kestrel Markets","person")], id="possessive-ORGs'-NAME"),
    P("Bitcoin fell 2%. Kestrel Markets' head of trading Tobias Wendt said the pullback was overdue after a three-week run.",
      [("indirect","the pullback was overdue after a three-week run","Tobias Wendt","head of trading","Kestrel Markets","person")], id="possessive-ORGs'-TITLE-NAME"),
    P("Bitcoin fell 2%. Kestrel Markets' head of trading, Tobias Wendt, said the pullback was overdue after a three-week run.",
      [("indirect","the pullback was overdue after a three-week run","Tobias Wendt","head of trading","Kestrel Markets","person")], id="possessive-ORGs'-TITLE,-NAME,"),
    P("Ether slipped 3%. Ravi Menon, who runs the crypto desk at Tidewell Securities, said ether needed to hold $2,700.",
      [("indirect","ether needed to hold $2,700","Ravi Menon",None,"Tidewell Securities","person")], id="NAME-who-runs-desk-at-ORG"),
])
def test_quote(ex: Extractor, text: str, expected: list[tuple]):
    assert quotes(ex, text) == expected


def test_a_level_belongs_to_the_quote_that_holds_it(ex: Extractor):
    text = "Solana held firm. “Nobody wants to sell at these prices,” Rafael Quintero said, “and that keeps solana pinned near $180.”"
    record = ex.extract(text)
    assert [(c.asset, c.level, record.quotes[c.quote_index].text) for c in record.claims] == [
        ("SOL", 180.0, "and that keeps solana pinned near $180.")]


@pytest.mark.parametrize("text, expected", [
    P("Ether fell 3%. Andrea Kowalski of the Hamburg fund house Elbe Vermögen said the selling had run its course.",
      [("indirect", "the selling had run its course", "Andrea Kowalski", None, "Elbe Vermögen", "person")],
      id="NAME-of-place-descriptor-ORG"),
    P("Bitcoin slid 4%. Meera Rao, a partner at Chennai law firm Iyer & Menon, said the tax change would push traders offshore.",
      [("indirect", "the tax change would push traders offshore", "Meera Rao", "partner", "Iyer & Menon", "person")],
      id="law-firm-with-ampersand"),
    P("Volumes dried up, Vikram Rao, chief executive of Pune-based exchange Kavach, told reporters on a call.",
      [("indirect", "Volumes dried up", "Vikram Rao", "chief executive", "Kavach", "person")],
      id="trailing-told-reporters-on-a-call"),
    P("Joris de Vries, an analyst at Dijkstra Capital, said the rally looked tired. De Vries added that funding had turned negative.",
      [("indirect", "the rally looked tired", "Joris de Vries", "analyst", "Dijkstra Capital", "person"),
       ("indirect", "funding had turned negative", "Joris de Vries", "analyst", "Dijkstra Capital", "person")],
      id="surname-with-particle"),
    P("Ngozi Okafor runs Kudi Pay, a Lagos remittance startup. She said most of its users now hold stablecoins.",
      [("indirect", "most of its users now hold stablecoins", "Ngozi Okafor", None, "Kudi Pay", "person")],
      id="NAME-runs-ORG"),
    P("Funding flipped negative overnight.\n\n• Ren Tanaka (strategist at Hoshi Research): «Shorts are crowded into the weekend.»",
      [("direct", "Shorts are crowded into the weekend", "Ren Tanaka", "strategist", "Hoshi Research", "person")],
      id="bullet-name-bracketed-title-colon"),
    P("Bitcoin held $60,000. Femi Adeyemi, a Lagos-based trader with a large following, was blunter. ‘The exchanges will comply and the rest will not.’",
      [("direct", "The exchanges will comply and the rest will not", "Femi Adeyemi", "trader", None, "person")],
      id="quote-after-a-sentence-introducing-its-speaker"),
    P("On “Market Movers,” host Dana Reyes asked two guests whether rates had peaked for the year.",
      [("indirect", "whether rates had peaked for the year", "Dana Reyes", "host", None, "person")],
      id="show-title-is-no-quote-and-asked-whether"),
    P("Northpine Digital Fund lost 6% in the quarter, the firm told investors in a letter reviewed by The Example Digest.",
      [("indirect", "Northpine Digital Fund lost 6% in the quarter", "Northpine Digital Fund", None, "Northpine Digital Fund", "org")],
      id="trailing-told-investors-in-a-letter"),
    P("Bitcoin fell 2% after the hearing in the U.S. Ola Berg, a lawyer at Berg & Lund, argued that the ruling changed nothing for holders.",
      [("indirect", "the ruling changed nothing for holders", "Ola Berg", "lawyer", "Berg & Lund", "person")],
      id="sentence-ends-after-U.S."),
    P("Hashprice fell to $48 per petahash per day, according to Luxor's Hashrate Index.", [], id="according-to-an-index-is-data"),
    P("Bec Holm, chief investment officer at Sydney boutique Wattle Digital, sees scope for bitcoin to push through $100,000.",
      [("indirect", "scope for bitcoin to push through $100,000", "Bec Holm", "chief investment officer", "Wattle Digital", "person")],
      id="sees-scope-for"),
    P("Bitcoin fell 6%. Lena Vogt of the Munich fund house Isar Kapital was quoted by the newspaper Morgenblatt as saying that the rout had \"cleared out the froth\".",
      [("direct", "cleared out the froth", "Lena Vogt", None, "Isar Kapital", "person")], id="was-quoted-as-saying"),
    P("Tomas Berg, a strategist at Fjell Bank, expects a bounce. The bottom is probably in, the expert said.",
      [("indirect", "The bottom is probably in", "Tomas Berg", "strategist", "Fjell Bank", "person")], id="the-expert-said"),
    P("Siti Aminah binti Yusof, chief economist at Selat Capital, spoke first. Siti Aminah cautioned that regulators were watching the same flows.",
      [("indirect", "regulators were watching the same flows", "Siti Aminah binti Yusof", "chief economist", "Selat Capital", "person")],
      id="given-names-of-a-long-name"),
    P("WHAT PEOPLE ARE SAYING\n\nFunding stayed positive.", [], id="a-heading-is-no-speaker"),
    P("Orrin Mining Corp. said it would hold an investor day in May. The company expects to give more detail on its Texas site.",
      [("indirect", "it would hold an investor day in May", "Orrin Mining Corp", None, "Orrin Mining Corp", "org")],
      id="expects-to-do-is-a-plan"),
    P("A spokesperson for Harbour Exchange, a licensed Hong Kong venue, said the platform saw net deposits of stablecoins.",
      [("indirect", "the platform saw net deposits of stablecoins", "Harbour Exchange", None, "Harbour Exchange", "org")],
      id="spokesperson-for-ORG-with-appositive"),
    P("A Baltica Exchange spokesperson said after the interview that the exchange had no plans to list memecoins.",
      [("indirect", "the exchange had no plans to list memecoins", "Baltica Exchange", None, "Baltica Exchange", "org")],
      id="ORG-spokesperson-said-after-the-interview"),
    P("Marcus Feld of Brannock & Teal, counsel to the debtors, countered that the estate had sold coins near $27,000.",
      [("indirect", "the estate had sold coins near $27,000", "Marcus Feld", None, "Brannock & Teal", "person")],
      id="countered-NAME-of-ORG-appositive"),
    P("Ravi, 52, who runs a spice shop, was less relaxed. Asha Menon, a broker, disagreed with him. He said he had sold a third of his coins.",
      [("indirect", "he had sold a third of his coins", "Asha Menon", "broker", None, "person")],
      id="pronoun-prefers-the-previous-sentence-subject"),
    P("Banca Lirona's head of digital assets, Chiara Ben, was measured. She said clients were buying the ETF.",
      [("indirect", "clients were buying the ETF", "Chiara Ben", "head of digital assets", "Banca Lirona", "person")],
      id="ORG-possessive-title-then-NAME"),
    P("Priya Adeyemi, a lawyer at Whitcombe Larkin, spoke after the ruling. “They were told it was somebody else's money,” she told reporters outside the courthouse.",
      [("direct", "They were told it was somebody else's money", "Priya Adeyemi", "lawyer", "Whitcombe Larkin", "person")],
      id="told-reporters-outside-is-no-clause"),
])
def test_more_attributions(ex: Extractor, text: str, expected: list[tuple]):
    assert quotes(ex, text) == expected


def test_the_company_is_the_story_s_company(ex: Extractor):
    text = ("Lumen Lending Corp. filed for bankruptcy on Monday after a run on withdrawals. Lumen Lending Corp. owes "
            "depositors about $400 million, and Kestrel Partners was named restructuring adviser. The company said it "
            "would ask the court to approve a sale of its bitcoin holdings.")
    assert [(q.speaker.name, q.speaker.kind) for q in ex.extract(text).quotes] == [("Lumen Lending Corp", "org")]
