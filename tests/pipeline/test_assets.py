"""Assets: gazetteer names and tickers, cashtags, glued tickers, and words that only look like tickers."""
from __future__ import annotations

import pytest


def symbols(nlp, text: str) -> set[str]:
    return {m.symbol for m in nlp(text)._.asset_mentions}


@pytest.mark.parametrize("text, expected", [
    pytest.param("The largest cryptocurrency slipped while ether held up.", {"BTC", "ETH"}, id="aliases"),
    pytest.param("Ethereum's ether and Solana both rose.", {"ETH", "SOL"}, id="network-names-stand-for-assets"),
    pytest.param("Desk chatter: btc and eth flat, doge bid.", {"BTC", "ETH"}, id="lowercase-tickers-not-ambiguous-only"),
    pytest.param("$LINK ripped 12% overnight.", {"LINK"}, id="cashtag"),
    pytest.param("Quotes at noon: ETH$3,356.01 and SOL$141.20.", {"ETH", "SOL"}, id="tickers-glued-to-prices"),
    pytest.param("Polkadot (DOT) slipped 2% on Friday.", {"DOT"}, id="ambiguous-ticker-in-parentheses"),
    pytest.param("Chainlink's LINK added 5% after the upgrade.", {"LINK"}, id="ambiguous-ticker-after-project-name"),
    pytest.param("OP jumped 5% as the network upgrade went live.", {"OP"}, id="ambiguous-ticker-with-a-move"),
    pytest.param("NEAR at $3.10 looks cheap to the fund.", {"NEAR"}, id="ambiguous-ticker-with-a-price"),
    pytest.param("Avalanche slid 4% on Friday.", {"AVAX"}, id="ambiguous-name-with-a-move"),
    pytest.param("SOL: $188.10 | 24h: +4.8%", {"SOL"}, id="ambiguous-ticker-in-a-price-table"),
    pytest.param("On OKX, SOL/USDT changed hands at 168.20 USDT.", {"SOL"}, id="stablecoin-quote-currency-of-a-pair"),
    pytest.param("The price of ADA rose to 0.91 USDT overnight.", {"ADA"}, id="stablecoin-as-unit-of-an-amount"),
    pytest.param("DOT: Bled 6% into the weekend.", {"DOT"}, id="ambiguous-ticker-before-any-move-word"),
    pytest.param("• NEAR: down 3.5% on the day", {"NEAR"}, id="ambiguous-ticker-before-down-and-a-figure"),
    pytest.param("DOGE was +6% by lunchtime.", {"DOGE"}, id="ambiguous-ticker-with-a-signed-figure"),
    pytest.param("Cosmos gave up 7% on the week.", {"ATOM"}, id="ambiguous-name-before-any-move-word"),
    pytest.param("Polkadot, Cardano and Avalanche all drifted lower.", {"DOT", "ADA", "AVAX"},
                 id="ambiguous-name-listed-with-coins"),
    pytest.param("The SOL-USDT pair led volumes on Bybit.", {"SOL"}, id="base-of-a-trading-pair"),
])
def test_assets_found(nlp, text, expected):
    assert symbols(nlp, text) == expected


@pytest.mark.parametrize("text", [
    pytest.param("Click the link below to read the full report.", id="link-the-word"),
    pytest.param("Officials said they were near a deal on Tuesday.", id="near-the-word"),
    pytest.param("Near the close, traders were quiet.", id="near-capitalised-at-sentence-start"),
    pytest.param("Gas prices in Texas rose for a third week.", id="gas-the-fuel"),
    pytest.param("One analyst said the rally looked tired.", id="one-the-number"),
    pytest.param("Dot the i's and cross the t's before filing.", id="dot-the-verb"),
    pytest.param("The Peruvian sol weakened against the dollar.", id="fiat-currency"),
    pytest.param("Gold rose 1% and the S&P 500 slipped.", id="commodity-and-index"),
    pytest.param("BlackRock's iShares Bitcoin Trust took in $100 million.", id="etf-name"),
    pytest.param("The Grayscale Solana Trust began trading on Monday.", id="trust-name"),
    pytest.param("Southbank Numeraire, a research boutique, hired two analysts.", id="company-named-like-a-coin"),
    pytest.param("Coinbase shares rose after the earnings call.", id="company"),
    pytest.param("Cardano Capital Partners hired a new head of research.", id="company-headed-by-a-coin-name"),
    pytest.param("Crypto traders sold tokens across exchanges until 1500 GMT.", id="time-zone-in-a-crypto-sentence"),
    pytest.param("Executives from Ripple, Coinbase and Kraken met regulators.", id="name-listed-with-companies"),
])
def test_not_assets(nlp, text):
    assert symbols(nlp, text) == set()


def test_accepted_ticker_confirms_its_other_mentions(nlp):
    doc = nlp("Chainlink's LINK rose 5% on Monday. By Wednesday LINK had given the gains back.")
    assert [m.text for m in doc._.asset_mentions if m.symbol == "LINK"] == ["Chainlink", "LINK", "LINK"]


def test_company_buying_an_asset_names_only_the_asset(nlp):
    assert symbols(nlp, "Strategy bought another 1,000 bitcoin last week.") == {"BTC"}
