"""The asset gazetteer and its lexicons are data; these checks keep the data consistent.

A broken line, a form claimed by two assets, or a common word left unflagged costs recall
or precision on every article, so each rule is checked over the whole file and a failure
lists the offending entries.
"""
from __future__ import annotations

import json
import re

import pytest

from extractor.resources import LEXICON_DIR, MODELS_DIR

MIN_ASSETS = 320
MIN_NOT_ASSET_PHRASES = 60
REQUIRED_FIELDS = {"symbol": str, "name": str, "rank": int, "aliases": list, "ambiguous": list}
SYMBOL = re.compile(r"[A-Z0-9]+")

REQUIRED_SYMBOLS = [
    # stablecoins
    "USDT", "USDC", "DAI", "USDE", "FDUSD", "PYUSD", "TUSD", "USDD", "RLUSD", "USD1",
    # wrapped and staked
    "WBTC", "STETH", "WSTETH", "WETH", "CBBTC",
    # memecoins
    "DOGE", "SHIB", "PEPE", "BONK", "WIF", "FLOKI", "TRUMP", "FARTCOIN", "PENGU", "POPCAT", "MEW",
    "BRETT", "SPX",
    # assets of the dev articles written with ordinary words
    "LINK", "DOT", "NEAR", "OP", "ARB", "NEO", "GAS", "ONE", "JUP", "SUI", "AVAX", "LTC",
]

KNOWN_AMBIGUOUS = [
    ("LINK", "LINK"), ("DOT", "DOT"), ("NEAR", "NEAR"), ("NEAR", "Near"), ("OP", "OP"),
    ("OP", "Optimism"), ("ONE", "ONE"), ("ONE", "Harmony"), ("GAS", "GAS"), ("SOL", "SOL"),
    ("TON", "TON"), ("ATOM", "ATOM"), ("ATOM", "Cosmos"), ("SAND", "SAND"), ("FLOW", "FLOW"),
    ("FLOW", "Flow"), ("XLM", "Stellar"), ("RENDER", "Render"), ("MKR", "Maker"),
    ("COMP", "Compound"), ("CRV", "Curve"), ("DASH", "Dash"), ("WAVES", "Waves"),
    ("POL", "Polygon"), ("AVAX", "Avalanche"), ("HNT", "Helium"), ("JUP", "Jupiter"),
    ("IP", "Story"), ("MOVE", "Movement"), ("S", "Sonic"), ("S", "S"), ("MNT", "Mantle"),
    ("BLAST", "Blast"), ("STX", "Stacks"), ("IMX", "Immutable"), ("OCEAN", "Ocean"),
    ("NEO", "Neo"), ("APE", "APE"), ("CAKE", "CAKE"), ("FUN", "FUN"), ("MASK", "MASK"),
    ("BAT", "BAT"), ("HOT", "HOT"), ("KEY", "KEY"), ("BOND", "BOND"), ("PEOPLE", "PEOPLE"),
    ("ME", "ME"), ("ID", "ID"), ("HIGH", "HIGH"), ("SUPER", "SUPER"), ("MEME", "MEME"),
    ("CAT", "CAT"), ("TRUMP", "TRUMP"), ("UNI", "UNI"), ("CORE", "CORE"), ("ROSE", "ROSE"),
    ("MAGIC", "MAGIC"), ("ALT", "ALT"), ("W", "W"), ("G", "G"), ("IO", "IO"), ("ZK", "ZK"),
    ("GMT", "GMT"), ("SUN", "SUN"), ("MOVE", "MOVE"), ("PORTAL", "PORTAL"), ("ACE", "ACE"),
    ("OM", "OM"), ("AR", "AR"), ("RAY", "RAY"), ("JOE", "JOE"), ("DOGE", "DOGE"), ("ETC", "ETC"),
    ("SPX", "SPX"), ("XRP", "Ripple"), ("ARB", "ARB"), ("ACH", "ACH"), ("HYPE", "Hyperliquid"),
]

NON_ASSETS = [
    "IBIT", "FBTC", "GBTC", "ETHA", "BITO", "COIN", "MSTR", "HOOD", "CRCL", "Coinbase", "Strategy",
    "MicroStrategy", "Nasdaq", "SPX500", "S&P 500", "Base", "Binance", "BlackRock", "Grayscale",
    "Circle", "Robinhood", "Dow Jones",
]

SPOT_CHECKS = [
    ("BTC", "the largest cryptocurrency"), ("BTC", "XBT"), ("BTC", "bitcoins"), ("ETH", "ether"),
    ("ETH", "the second-largest cryptocurrency"), ("XRP", "Ripple"), ("POL", "MATIC"),
    ("S", "Fantom"), ("TON", "Toncoin"), ("DOGE", "Dogecoin"), ("BNB", "Binance Coin"),
    ("USDE", "USDe"), ("RENDER", "RNDR"), ("SHIB", "Shiba Inu"), ("LINK", "Chainlink"),
    ("DOT", "Polkadot"), ("USDT", "Tether"),
]

CONTEXT_WORDS = ["token", "coin", "cryptocurrency", "crypto", "altcoin", "memecoin", "blockchain",
                 "network", "chain", "layer-2", "staking", "defi", "exchange", "on-chain", "wallet",
                 "perpetuals", "futures", "traders", "rallied", "price"]


def load_assets() -> list[dict]:
    lines = (MODELS_DIR / "assets.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def forms_of(entry: dict) -> list[str]:
    return [entry["symbol"], entry["name"], *entry["aliases"]]


@pytest.fixture(scope="module")
def assets() -> list[dict]:
    return load_assets()


@pytest.fixture(scope="module")
def by_symbol(assets: list[dict]) -> dict[str, dict]:
    return {entry["symbol"]: entry for entry in assets}


@pytest.fixture(scope="module")
def all_forms(assets: list[dict]) -> set[str]:
    return {form.casefold() for entry in assets for form in forms_of(entry)}


@pytest.fixture(scope="module")
def not_assets() -> dict:
    return json.loads((LEXICON_DIR / "not_assets.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def context_words() -> list[str]:
    return json.loads((LEXICON_DIR / "asset_context.json").read_text(encoding="utf-8"))["crypto_context_words"]


def test_every_entry_has_the_fields_with_their_types(assets):
    wrong = [(entry.get("symbol"), field) for entry in assets for field, kind in REQUIRED_FIELDS.items()
             if not isinstance(entry.get(field), kind)]
    assert not wrong


def test_covers_enough_assets(assets):
    assert len(assets) >= MIN_ASSETS


def test_symbols_are_unique_capitals(assets):
    symbols = [entry["symbol"] for entry in assets]
    assert len(symbols) == len(set(symbols))
    assert [s for s in symbols if not SYMBOL.fullmatch(s)] == []


def test_ranks_are_unique_and_start_with_bitcoin(assets, by_symbol):
    ranks = [entry["rank"] for entry in assets]
    assert len(ranks) == len(set(ranks)) and min(ranks) == 1
    assert (by_symbol["BTC"]["rank"], by_symbol["ETH"]["rank"]) == (1, 2)


def test_no_surface_form_belongs_to_two_assets(assets):
    owner: dict[str, str] = {}
    clashes = []
    for entry in assets:
        for form in {f.casefold() for f in forms_of(entry)}:
            if owner.setdefault(form, entry["symbol"]) != entry["symbol"]:
                clashes.append((form, owner[form], entry["symbol"]))
    assert not clashes


def test_forms_do_not_repeat_within_an_entry(assets):
    """Case variants are kept ("TRON" is a ticker matched as written, "Tron" a name); exact twins are not.

    A name may equal its symbol ("XRP"), an alias repeats neither.
    """
    repeated = [entry["symbol"] for entry in assets
                if len(set(entry["aliases"]) - {entry["symbol"], entry["name"]}) != len(entry["aliases"])]
    assert not repeated


def test_ambiguous_forms_are_the_entrys_own(assets):
    strays = [(entry["symbol"], form) for entry in assets for form in entry["ambiguous"]
              if form not in forms_of(entry)]
    assert not strays


def test_one_and_two_character_forms_are_ambiguous(assets):
    unflagged = [(entry["symbol"], form) for entry in assets for form in forms_of(entry)
                 if len(form) <= 2 and form not in entry["ambiguous"]]
    assert not unflagged


@pytest.mark.parametrize("symbol", REQUIRED_SYMBOLS)
def test_required_asset_is_present(by_symbol, symbol):
    assert symbol in by_symbol


@pytest.mark.parametrize(("symbol", "form"), KNOWN_AMBIGUOUS, ids=[f"{s}:{f}" for s, f in KNOWN_AMBIGUOUS])
def test_known_ambiguous_form_is_flagged(by_symbol, symbol, form):
    assert form in by_symbol[symbol]["ambiguous"]


@pytest.mark.parametrize("text", NON_ASSETS)
def test_non_asset_is_no_surface_form(all_forms, text):
    assert text.casefold() not in all_forms


@pytest.mark.parametrize(("symbol", "form"), SPOT_CHECKS, ids=[f"{s}:{f}" for s, f in SPOT_CHECKS])
def test_asset_has_surface_form(by_symbol, symbol, form):
    assert form in forms_of(by_symbol[symbol])


def test_not_asset_phrases_are_unique_multiword_names(not_assets):
    phrases = not_assets["phrases"]
    assert len(phrases) >= MIN_NOT_ASSET_PHRASES
    assert len({p.casefold() for p in phrases}) == len(phrases)
    assert [p for p in phrases if len(re.findall(r"\w+", p)) < 2] == []


def test_not_asset_phrase_never_blocks_a_whole_asset_form(not_assets, all_forms):
    assert [p for p in not_assets["phrases"] if p.casefold() in all_forms] == []


@pytest.mark.parametrize("phrase", ["iShares Bitcoin Trust", "Grayscale Bitcoin Trust", "Ethereum Foundation",
                                    "Ripple Labs", "Peruvian sol", "natural gas",
                                    "the world's largest cryptocurrency exchange"])
def test_not_asset_phrase_is_listed(not_assets, phrase):
    assert phrase in not_assets["phrases"]


@pytest.mark.parametrize(("key", "word"), [("fiat", "sol"), ("fiat", "won"), ("fiat", "real"),
                                           ("commodities", "gold"), ("commodities", "natural gas")])
def test_word_list_is_lower_case_and_holds(not_assets, key, word):
    words = not_assets[key]
    assert word in words
    assert all(w == w.lower() for w in words) and len(words) == len(set(words))


def test_context_words_are_unique_lower_case(context_words):
    assert all(w == w.lower() and w.strip() == w for w in context_words)
    assert len(context_words) == len(set(context_words))


@pytest.mark.parametrize("word", CONTEXT_WORDS)
def test_context_word_is_listed(context_words, word):
    assert word in context_words
