"""Liquidations: amount, side, asset or market-wide, projected or happened, window and data source."""
from __future__ import annotations

import pytest


def liquidations(nlp, text: str) -> list[tuple]:
    """(amount, side, asset, projected) of each liquidation in `text`, in order."""
    return [(l.amount_usd, l.side, l.asset, l.projected) for l in nlp(text)._.liquidations]


@pytest.mark.parametrize("text, expected", [
    pytest.param("About $612 million of leveraged positions were liquidated on Tuesday.",
                 [(612e6, "total", None, False)], id="total-market-wide"),
    pytest.param("Exchanges liquidated $230 million in longs and $95 million in shorts over the day.",
                 [(230e6, "long", None, False), (95e6, "short", None, False)], id="longs-and-shorts-split-in-two"),
    pytest.param("Roughly $410 million was liquidated, $350 million of it bets on higher prices.",
                 [(410e6, "total", None, False), (350e6, "long", None, False)], id="bets-on-higher-prices-are-longs"),
    pytest.param("Bets against XRP lost about $31 million to liquidations on Friday.",
                 [(31e6, "short", "XRP", False)], id="bets-against-are-shorts"),
    pytest.param("Ether longs made up $190 million of the wipeout.", [(190e6, "long", "ETH", False)],
                 id="wipeout-is-a-liquidation-word"),
    pytest.param("The biggest single casualty was a $12 million solana long on Bybit, which alone saw more than "
                 "$900 million of liquidations.",
                 [(12e6, "long", "SOL", False), (900e6, "total", None, False)],
                 id="side-word-belongs-to-the-amount-it-follows"),
    pytest.param("Heatmaps show about $520 million of long liquidations clustered between $58,000 and $59,000 for bitcoin.",
                 [(520e6, "long", "BTC", True)], id="projected-cluster-takes-the-asset-of-its-levels"),
    pytest.param("Ether fell 3%. A drop to $2,200 could trigger $140 million of long liquidations.",
                 [(140e6, "long", "ETH", True)], id="projected-by-a-level-of-the-asset"),
    pytest.param("Dogecoin shorts near $0.40, where $60 million would be wiped out, are the next target.",
                 [(60e6, "short", "DOGE", True)], id="price-level-does-not-end-the-phrase"),
    pytest.param("More than 140,000 traders were liquidated, losing $480 million in total.",
                 [(480e6, "total", None, False)], id="counts-of-traders-ignored"),
    pytest.param("Solana saw $61 million in long liquidations and $12 million in short liquidations.",
                 [(61e6, "long", "SOL", False), (12e6, "short", "SOL", False)], id="parallel-amount-shares-the-asset"),
    pytest.param("Ether longs lost $80 million, and liquidations across the market reached $400 million.",
                 [(80e6, "long", "ETH", False), (400e6, "total", None, False)], id="market-wide-amount-after-an-asset-one"),
    pytest.param("Some 90,000 traders were liquidated, with the total coming to $318 million.",
                 [(318e6, "total", None, False)], id="the-total-coming-to"),
    pytest.param("OKX accounted for $95 million of the day's $410 million in liquidations.",
                 [(95e6, "total", None, False), (410e6, "total", None, False)], id="share-of-the-next-amount"),
    pytest.param("Cardano futures saw liquidations of about $18 million, mostly long positions.",
                 [(18e6, "total", "ADA", False)], id="a-mix-after-a-comma-is-total"),
    pytest.param("Liquidations reached $212 million, of which longs accounted for $158 million.",
                 [(212e6, "total", None, False), (158e6, "long", None, False)], id="of-which-is-a-part-not-the-whole"),
    pytest.param("About $27 million of LTC short positions were wiped out, and a further $35 million would be at risk "
                 "above $120.", [(27e6, "short", "LTC", False), (35e6, "short", "LTC", True)],
                 id="a-further-amount-continues-the-last-projected-by-its-clause"),
])
def test_liquidations(nlp, text, expected):
    assert liquidations(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param("Roughly $900 million of positions were liquidated on Tuesday. About $700 million of that came "
                 "from bets on higher prices.", [(900e6, "total", None, False), (700e6, "long", None, False)],
                 id="share-of-an-earlier-amount-with-its-own-side"),
    pytest.param("Some $300 million of bullish bets were flushed out, about $120 million of them in ether.",
                 [(300e6, "long", None, False), (120e6, "long", "ETH", False)], id="share-of-them-in-an-asset"),
    pytest.param("For solana alone, positions worth about $95 million were liquidated.", [(95e6, "total", "SOL", False)],
                 id="asset-scope-opening-the-sentence"),
    pytest.param("LIQUIDATIONS (24h)\n• Total: $820M\n• SOL: ~$140M\n• ETF flows: $300M",
                 [(820e6, "total", None, False), (140e6, "total", "SOL", False)], id="labelled-items-under-a-heading"),
    pytest.param("2/ Liquidations per Coinglass: $612M in 4h, ~85% longs.", [(612e6, "total", None, False)],
                 id="label-naming-liquidations-and-their-source"),
    pytest.param("Longs were wiped out across the board. Traders betting on a rally in SOL lost $64 million.",
                 [(64e6, "long", "SOL", False)], id="betting-on-a-rally"),
    pytest.param("Some $45 million of DOGE longs got wiped overnight.", [(45e6, "long", "DOGE", False)], id="got-wiped"),
    pytest.param("A single $27 million ETH-USDT position on OKX was the largest liquidation.",
                 [(27e6, "total", "ETH", False)], id="position-in-a-trading-pair"),
])
def test_liquidations_in_other_styles(nlp, text, expected):
    assert liquidations(nlp, text) == expected


def test_list_under_another_heading_is_no_liquidation(nlp):
    assert liquidations(nlp, "FLOWS (24h)\n• Total: $410M\n• IBIT: $250M") == []


def test_own_side_word_counts_far_from_liquidation_words(nlp):
    text = ("Liquidations topped $700 million on Monday.\n\nBitcoin slid 6% to $52,000 and ether 9%. "
            "Later in the week, AVAX longs lost $45 million.")
    assert (45e6, "long", "AVAX", False) in liquidations(nlp, text)


@pytest.mark.parametrize("text", [
    pytest.param("Liquidations were light. The issuer showed reserves of $2.1 billion in short-dated bills.",
                 id="short-dated-is-not-a-side"),
    pytest.param("Liquidations were light. Open interest rose to $31 billion.", id="open-interest-is-not-liquidated"),
    pytest.param("Liquidations were light, while ETFs took in $300 million of inflows.", id="flows-are-not-liquidated"),
])
def test_not_liquidations(nlp, text):
    assert liquidations(nlp, text) == []


def test_window_and_data_source(nlp):
    doc = nlp("Some $260 million of shorts were liquidated over the past 24 hours, CoinGlass data show.")
    assert [(l.window, l.source) for l in doc._.liquidations] == [("24h", "CoinGlass")]
