"""Percentages: value, asset, direction (words, sign, nouns, distances), metric and time window."""
from __future__ import annotations

import pytest


def figures(nlp, text: str) -> dict[float, tuple]:
    """{value: (asset, direction, metric)} of the percentages in `text`."""
    return {p.value: (p.asset, p.direction, p.metric) for p in nlp(text)._.percentages}


def case(text: str, expected: dict[float, tuple], name: str):
    return pytest.param(text, expected, id=name)


@pytest.mark.parametrize("text, expected", [
    case("Cardano gained 4.2% on Tuesday.", {4.2: ("ADA", "up", "price_change")}, "gained"),
    case("XRP slid 3.1 percent overnight.", {3.1: ("XRP", "down", "price_change")}, "slid-percent-word"),
    case("Litecoin was down 2 per cent at noon.", {2: ("LTC", "down", "price_change")}, "down-per-cent"),
    case("Polkadot: -2.4% on the day.", {2.4: ("DOT", "down", "price_change")}, "minus-sign"),
    case("Monero: +5.1% on the day.", {5.1: ("XMR", "up", "price_change")}, "plus-sign"),
    case("Tron rose by 7% after the listing.", {7: ("TRX", "up", "price_change")}, "rose-by"),
    case("Bitcoin ended the year after a gain of roughly 85%.", {85: ("BTC", "up", "price_change")}, "noun-of"),
    case("Some altcoins printed drops of 40% to 55% within minutes.", {40: (None, "down", "other"), 55: (None, "down", "other")},
         "range-of-changes"),
    case("Solana's pullback followed a 9 percent bounce last week.", {9: ("SOL", "up", "price_change")},
         "change-noun-after-the-figure"),
    case("By Friday ether had given back 6%.", {6: ("ETH", "down", "price_change")}, "given-back"),
    case("Arbitrum has suffered a drawdown of about 40% from its peak.", {40: ("ARB", "down", "price_change")},
         "drawdown-of"),
    case("Ether remains about 31% below its record.", {31: ("ETH", "down", "price_change")}, "distance-below"),
    case("With bitcoin at $88,000, the price is 57% above its level at launch.", {57: ("BTC", "up", "price_change")},
         "distance-above"),
    case("Solana has gained 18% since the upgrade on Oct. 2 and about 65% this year.",
         {18: ("SOL", "up", "price_change"), 65: ("SOL", "up", "price_change")}, "coordinated-figures-share-direction"),
    case("Bitcoin dominance rose to 61.2% this week.", {61.2: ("BTC", None, "other")}, "level-after-to"),
    case("Bitcoin dominance rose 1.2% this week.", {1.2: ("BTC", "up", "other")}, "change-of-another-metric"),
    case("Ether funding sat at 0.01% per eight hours.", {0.01: ("ETH", None, "other")}, "funding-level"),
    case("Whales hold 58% of the dogecoin supply.", {58: ("DOGE", None, "other")}, "share"),
    case("Implied volatility is 52% for bitcoin and 71% for ether.", {52: ("BTC", None, "other"), 71: ("ETH", None, "other")},
         "asset-named-with-for"),
    case("Bitcoin rose 1% on Monday. Ether slipped 2%. Options imply a 30% chance of $150,000 by June.",
         {30: ("BTC", None, "other")}, "asset-of-the-price-the-figure-is-about"),
    case("Bitcoin rallied 4% on Monday as buyers returned. Dogecoin rose 2%. Open interest is 6% below its peak.",
         {6: ("BTC", "down", "other")}, "market-wide-metric-is-about-the-main-asset"),
    case("Bitcoin rose 2% while the Nasdaq fell 1.2%.", {1.2: (None, "down", "other")}, "non-crypto-figure"),
    case("Cardano's ADA and Stellar's XLM also rose, adding 4% and 6% respectively.",
         {4: ("ADA", "up", "price_change"), 6: ("XLM", "up", "price_change")}, "respectively-pairs-assets-and-figures"),
    case("Bitcoin slipped. USDC now makes up 70% of the pool.", {70: ("USDC", None, "other")},
         "phrasal-verb-with-up-is-no-move"),
    case("Per exchange data, the price of LTC rose to 102 USDT this morning, an increase of 2.35% on the day.",
         {2.35: ("LTC", "up", "price_change")}, "introductory-phrase-is-no-aside"),
    case("We're at $104,000 on bitcoin, so that's roughly 45% upside.", {45: ("BTC", "up", "price_change")},
         "upside-to-a-target"),
    case("ETH fell 3.7% to $2,380, taking its monthly decline to 21%.", {21: ("ETH", "down", "price_change")},
         "size-of-a-change-after-to"),
    case("TON ▲ 4.2% | ADA ▼ 1.9%", {4.2: ("TON", "up", "price_change"), 1.9: ("ADA", "down", "price_change")},
         "arrows"),
    case("Litecoin's seven-day change stands at -4%.", {4: ("LTC", "down", "price_change")}, "signed-change-as-a-level"),
    case("Solana underperformed, rising only 1% against ether's 4% gain.",
         {1: ("SOL", "up", "price_change"), 4: ("ETH", "up", "price_change")}, "possessive-owner-of-the-figure"),
    case("Solana funding turned negative (-0.02%) as the token slid.", {0.02: ("SOL", None, "other")},
         "signed-funding-is-a-level"),
])
def test_percentages(nlp, text, expected):
    found = figures(nlp, text)
    assert {value: found.get(value) for value in expected} == expected, found


@pytest.mark.parametrize("text, expected", [
    case("Polygon's POL tacked on 3.3 per cent overnight.", {3.3: ("POL", "up", "price_change")}, "tacked-on"),
    case("Cosmos gave up 7% on the week.", {7: ("ATOM", "down", "price_change")}, "gave-up-is-down"),
    case("Bonk spiked before dumping roughly 30% in an hour.", {30: ("BONK", "down", "price_change")}, "dumping"),
    case("Ether tanked 9pc on Sunday.", {9: ("ETH", "down", "price_change")}, "tanked-pc"),
    case("ARB is -11% on the week at $0.41.", {11: ("ARB", "down", "price_change")}, "signed-figure-of-the-asset"),
    case("DOGE was +6% by lunchtime.", {6: ("DOGE", "up", "price_change")}, "plus-figure-of-the-asset"),
    case("ETH funding is -0.02% on Binance.", {0.02: ("ETH", None, "other")}, "signed-figure-of-a-metric-stays-a-level"),
    case("Dogecoin lagged, up just 4% at 16.2 cents.", {4: ("DOGE", "up", "price_change")}, "adverb-between-move-and-figure"),
    case("Ether gained another 6% on Friday.", {6: ("ETH", "up", "price_change")}, "another"),
    case("Ether has fallen eight percent this morning.", {8: ("ETH", "down", "price_change")}, "spoken-percentage"),
    case("Solana's weekly loss widened to 18%.", {18: ("SOL", "down", "price_change")}, "change-noun-widened-to"),
    case("Dogecoin surged 25% before paring gains to 11%.", {11: ("DOGE", "up", "price_change")}, "paring-gains-to"),
    case("Bitcoin was quoted at 4.55 million lira, up 1.1% on the day.", {1.1: ("BTC", "up", "price_change")},
         "local-currency-amount-before-the-figure"),
    case("Cardano was the laggard, with a 14% weekly drop.", {14: ("ADA", "down", "price_change")},
         "period-adjective-before-the-change-noun"),
])
def test_directions_in_other_styles(nlp, text, expected):
    found = figures(nlp, text)
    assert {value: found.get(value) for value in expected} == expected, found


@pytest.mark.parametrize("text, window", [
    pytest.param("Aave rose 6% over the past 24 hours.", "24h", id="24h"),
    pytest.param("Aave rose 6% over the past seven days.", "7d", id="7d"),
    pytest.param("Aave has risen 60% year to date.", "ytd", id="ytd"),
    pytest.param("Aave rose 6% in the past hour.", "1h", id="1h"),
])
def test_time_windows(nlp, text, window):
    assert [p.window for p in nlp(text)._.percentages] == [window]


def test_each_figure_takes_its_nearest_window(nlp):
    doc = nlp("BTC: $97,432 | 24h: +1.2% | 7d: -3.4%")
    assert [(p.value, p.window) for p in doc._.percentages] == [(1.2, "24h"), (3.4, "7d")]
