"""Tests for extractor.numbers: money, percentages and plain numbers found in raw text."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.numbers import Quantity, find_quantities, parse_amount


def only(text: str) -> Quantity:
    """The single quantity in `text`; fails with everything found when there is not exactly one."""
    found = find_quantities(text)
    assert len(found) == 1, f"expected one quantity in {text!r}, found {[q.text for q in found]}"
    return found[0]


@pytest.mark.parametrize("text, mention, value, currency", [
    pytest.param("worth $95,000 now", "$95,000", 95_000, "USD", id="dollar-sign"),
    pytest.param("worth US$95,000 now", "US$95,000", 95_000, "USD", id="us-dollar-sign"),
    pytest.param("sold at USD 2,950 each", "USD 2,950", 2_950, "USD", id="usd-code-before"),
    pytest.param("sold at 2,950 USD each", "2,950 USD", 2_950, "USD", id="usd-code-after"),
    pytest.param("a bid of 95,000 USDT", "95,000 USDT", 95_000, "USD", id="usdt"),
    pytest.param("a bid of 95,000 USDC", "95,000 USDC", 95_000, "USD", id="usdc"),
    pytest.param("fell to 80,740 dollars", "80,740 dollars", 80_740, "USD", id="dollars-word"),
    pytest.param("about 150,000 dollars", "150,000 dollars", 150_000, "USD", id="dollars-word-round"),
    pytest.param("fees of 50 cents", "50 cents", 0.5, "USD", id="cents"),
    pytest.param("DOGE traded at 23c on Friday", "23c", 0.23, "USD", id="cents-glued-c"),
    pytest.param("raised €1.2 billion", "€1.2 billion", 1.2e9, "EUR", id="euro-sign"),
    pytest.param("raised 12 euros", "12 euros", 12, "EUR", id="euro-word"),
    pytest.param("raised £3m", "£3m", 3e6, "GBP", id="pound-sign"),
    pytest.param("raised ¥500 million", "¥500 million", 5e8, "JPY", id="yen-sign"),
    pytest.param("raised 500 yen", "500 yen", 500, "JPY", id="yen-word"),
])
def test_currency_markers(text, mention, value, currency):
    quantity = only(text)
    assert (quantity.kind, quantity.text, quantity.currency) == ("money", mention, currency)
    assert quantity.value == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text, value", [
    pytest.param("$95,000", 95_000, id="thousands"),
    pytest.param("$96,180.50", 96_180.5, id="thousands-and-cents"),
    pytest.param("$1,234,567.89", 1_234_567.89, id="millions-and-cents"),
    pytest.param("$0.00001412", 0.00001412, id="sub-cent"),
    pytest.param("$0.0000150", 0.000015, id="sub-cent-trailing-zero"),
    pytest.param("$.50", 0.5, id="bare-decimal"),
    pytest.param("$95\u2009000", 95_000, id="thin-space-groups"),
    pytest.param("$95\u202f000", 95_000, id="narrow-no-break-space-groups"),
])
def test_separators_and_decimals(text, value):
    quantity = only(f"traded at {text} today")
    assert quantity.text == text
    assert quantity.value == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text, value, scale", [
    pytest.param("$95k", 95e3, "k", id="k"),
    pytest.param("$95K", 95e3, "K", id="K"),
    pytest.param("$3.3K", 3300, "K", id="3.3K"),
    pytest.param("$2.7K", 2700, "K", id="2.7K"),
    pytest.param("$618m", 6.18e8, "m", id="m"),
    pytest.param("$297M", 2.97e8, "M", id="M"),
    pytest.param("$14M", 1.4e7, "M", id="M-after-price"),
    pytest.param("$40mn", 4e7, "mn", id="mn"),
    pytest.param("$40MM", 4e7, "MM", id="MM"),
    pytest.param("$2b", 2e9, "b", id="b"),
    pytest.param("$1.1B", 1.1e9, "B", id="B"),
    pytest.param("$61.2bn", 6.12e10, "bn", id="bn"),
    pytest.param("$1.1 bn", 1.1e9, "bn", id="bn-spaced"),
    pytest.param("$3T", 3e12, "T", id="T"),
    pytest.param("$3tn", 3e12, "tn", id="tn"),
    pytest.param("$5 thousand", 5e3, "thousand", id="thousand"),
    pytest.param("$95 million", 9.5e7, "million", id="million"),
    pytest.param("$4 Billion", 4e9, "Billion", id="billion-capitalised"),
    pytest.param("$3.2 trillion", 3.2e12, "trillion", id="trillion"),
    pytest.param("$7 mln", 7e6, "mln", id="mln"),
    pytest.param("$7 bln", 7e9, "bln", id="bln"),
    pytest.param("2.41 million", 2.41e6, "million", id="plain-number-scaled"),
    pytest.param("95K", 95e3, "K", id="plain-number-K"),
])
def test_suffixes_and_scale_words(text, value, scale):
    quantity = only(f"it reached {text} on Friday")
    assert (quantity.text, quantity.scale) == (text, scale)
    assert quantity.value == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text, mention, value", [
    pytest.param("$5 more than before", "$5", 5, id="more"),
    pytest.param("$100 by Friday", "$100", 100, id="by"),
    pytest.param("$2 billion-plus deal", "$2 billion", 2e9, id="billion-plus"),
    pytest.param("$5 millionaires", "$5", 5, id="millionaires"),
    pytest.param("$7 to spare", "$7", 7, id="to"),
    pytest.param("$3 bnb", "$3", 3, id="bnb"),
])
def test_suffix_does_not_eat_a_word(text, mention, value):
    quantity = only(text)
    assert (quantity.text, quantity.value) == (mention, value)


@pytest.mark.parametrize("text", [
    pytest.param("on the 15m chart", id="minutes"),
    pytest.param("a 95kg bag", id="kilograms"),
    pytest.param("a 2tb disk", id="terabytes"),
])
def test_unit_letters_after_bare_numbers_are_not_scales(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize("text, kind, values, texts", [
    pytest.param("$90,000-$92,000", "money", [9e4, 9.2e4], ["$90,000", "$92,000"], id="hyphen"),
    pytest.param("$90,000–$92,000", "money", [9e4, 9.2e4], ["$90,000", "$92,000"], id="en-dash"),
    pytest.param("$90,000 - $92,000", "money", [9e4, 9.2e4], ["$90,000", "$92,000"], id="spaced-hyphen"),
    pytest.param("$2.05-$2.10", "money", [2.05, 2.1], ["$2.05", "$2.10"], id="decimals"),
    pytest.param("$104,000-$108,000", "money", [1.04e5, 1.08e5], ["$104,000", "$108,000"], id="six-digit"),
    pytest.param("$90-92K", "money", [9e4, 9.2e4], ["$90", "92K"], id="magnitude-carried-back"),
    pytest.param("$1.1-1.2 billion", "money", [1.1e9, 1.2e9], ["$1.1", "1.2 billion"], id="scale-word-carried-back"),
    pytest.param("$5-10", "money", [5, 10], ["$5", "10"], id="currency-carried-forward"),
    pytest.param("$95,000-100K", "money", [9.5e4, 1e5], ["$95,000", "100K"], id="no-carry-when-already-large"),
    pytest.param("between $60 and $65", "money", [60, 65], ["$60", "$65"], id="between"),
    pytest.param("between $0.0000120 and $0.0000125", "money", [1.2e-5, 1.25e-5],
                 ["$0.0000120", "$0.0000125"], id="between-sub-cent"),
    pytest.param("between 0.68 and 0.70 dollars", "money", [0.68, 0.7], ["0.68", "0.70 dollars"],
                 id="between-currency-carried-back"),
    pytest.param("3%-5%", "percent", [3, 5], ["3%", "5%"], id="percent-both"),
    pytest.param("3-5%", "percent", [3, 5], ["3", "5%"], id="percent-carried-back"),
    pytest.param("3 – 5 percent", "percent", [3, 5], ["3", "5 percent"], id="percent-word"),
])
def test_ranges(text, kind, values, texts):
    first, second = find_quantities(f"seen at {text} this week")
    assert [first.text, second.text] == texts
    assert [first.kind, second.kind] == [kind, kind]
    assert [first.value, second.value] == pytest.approx(values, rel=1e-12)
    assert (first.range_id, first.range_pos, second.range_id, second.range_pos) == (0, "start", 0, "end")


def test_range_ids_count_up_in_text_order():
    found = find_quantities("BTC held $90-92K, ETH $3,000-$3,100 and SOL rose 3-5%.")
    assert [(q.range_id, q.range_pos) for q in found] == [
        (0, "start"), (0, "end"), (1, "start"), (1, "end"), (2, "start"), (2, "end")]


@pytest.mark.parametrize("text", [
    pytest.param("rose from $90,000 to $92,000", id="from-to"),
    pytest.param("the 2024-25 season", id="year-span"),
    pytest.param("a 3-1 score", id="score"),
    pytest.param("$5-3% on top", id="money-and-percent"),
    pytest.param("€5-$6", id="different-currencies"),
    pytest.param("$60 and $65", id="and-without-between"),
])
def test_not_a_range(text):
    assert all(q.range_id is None and q.range_pos is None for q in find_quantities(text))


@pytest.mark.parametrize("text, qualifier, mention", [
    pytest.param("nearly $700 million", "nearly", "$700 million", id="nearly"),
    pytest.param("roughly $380 million", "roughly", "$380 million", id="roughly"),
    pytest.param("over $250 million", "over", "$250 million", id="over"),
    pytest.param("more than $1.34 billion", "more than", "$1.34 billion", id="more-than"),
    pytest.param("about 6.6%", "about", "6.6%", id="about"),
    pytest.param("Up to $5", "up to", "$5", id="capitalised"),
    pytest.param("just  over 10,000", "just over", "10,000", id="two-words-double-space"),
    pytest.param("north of $100K", "north of", "$100K", id="north-of"),
    pytest.param("nearly ETH$3,356.01", "nearly", "$3,356.01", id="before-glued-ticker"),
    pytest.param("turnover $5", None, "$5", id="not-inside-a-word"),
    pytest.param("near $5", None, "$5", id="not-a-hedge"),
])
def test_hedge_is_kept_as_qualifier_outside_the_span(text, qualifier, mention):
    quantity = only(text)
    assert (quantity.qualifier, quantity.text) == (qualifier, mention)


@pytest.mark.parametrize("text, mention, value, sign, scale", [
    pytest.param("3.5%", "3.5%", 3.5, None, None, id="percent-sign"),
    pytest.param("3.5 %", "3.5 %", 3.5, None, None, id="spaced-percent-sign"),
    pytest.param("3.5 percent", "3.5 percent", 3.5, None, None, id="percent-word"),
    pytest.param("3.5 per cent", "3.5 per cent", 3.5, None, None, id="per-cent"),
    pytest.param("3.5 pct", "3.5 pct", 3.5, None, None, id="pct"),
    pytest.param("-2.1%", "-2.1%", 2.1, "-", None, id="minus"),
    pytest.param("+0.4%", "+0.4%", 0.4, "+", None, id="plus"),
    pytest.param("\u22122.1%", "\u22122.1%", 2.1, "-", None, id="unicode-minus"),
    pytest.param("(-1.2%)", "-1.2%", 1.2, "-", None, id="in-brackets"),
    pytest.param("0.006%", "0.006%", 0.006, None, None, id="small"),
    pytest.param("-0.006%", "-0.006%", 0.006, "-", None, id="small-negative"),
    pytest.param("3.5 percentage points", "3.5 percentage points", 3.5, None, "pp", id="points"),
    pytest.param("0.5pp", "0.5pp", 0.5, None, "pp", id="pp"),
    pytest.param("5%APY", "5%", 5, None, None, id="glued-word-after-sign"),
])
def test_percentages(text, mention, value, sign, scale):
    quantity = only(f"it moved {text} on the day")
    assert (quantity.kind, quantity.text, quantity.sign, quantity.scale) == ("percent", mention, sign, scale)
    assert quantity.currency is None
    assert quantity.value == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text, sign", [
    pytest.param("-$5M", "-", id="before-currency"),
    pytest.param("fell -3", "-", id="plain-number"),
    pytest.param("+$1.2bn", "+", id="plus-before-currency"),
])
def test_sign_written_in_front(text, sign):
    quantity = only(text)
    assert (quantity.sign, quantity.text) == (sign, text.split()[-1])


@pytest.mark.parametrize("text", [
    pytest.param("the 2024-25 season", id="year-span"),
    pytest.param("the 10-year yield", id="ten-year"),
    pytest.param("$90-92K", id="range"),
    pytest.param("the 4-hour chart", id="four-hour"),
    pytest.param("ETH/BTC at 0.035", id="pair"),
    pytest.param("x-5%", id="after-letter"),
    pytest.param("$-5", id="after-currency"),
])
def test_hyphen_inside_text_is_never_a_sign(text):
    assert all(q.sign is None for q in find_quantities(text))


@pytest.mark.parametrize("text, mention, value", [
    pytest.param("10,420 addresses", "10,420", 10_420, id="thousands"),
    pytest.param("312,480 BTC", "312,480", 312_480, id="coin-amount"),
    pytest.param("2.41 million wallets", "2.41 million", 2.41e6, id="scaled"),
    pytest.param("1.9 times higher", "1.9", 1.9, id="times"),
    pytest.param("6,712 points", "6,712", 6_712, id="points"),
    pytest.param("in 2025", "2025", 2025, id="year"),
    pytest.param("a ratio of 0.71.", "0.71", 0.71, id="decimal-at-sentence-end"),
    pytest.param("the 10-year yield", "10", 10, id="before-hyphen"),
])
def test_plain_numbers(text, mention, value):
    quantity = only(text)
    assert (quantity.kind, quantity.text, quantity.currency) == ("number", mention, None)
    assert quantity.value == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text", [
    pytest.param("ETH2 staking", id="ETH2"),
    pytest.param("an L2 network", id="L2"),
    pytest.param("a layer-2 chain", id="layer-2"),
    pytest.param("COVID-19 era", id="COVID-19"),
    pytest.param("address 0x3f", id="hex"),
    pytest.param("Uniswap v3", id="version"),
    pytest.param("version 1.2.3", id="dotted-version"),
    pytest.param("on 2026-01-20", id="iso-date"),
    pytest.param("at 2026-01-20T08:00:00", id="iso-timestamp"),
    pytest.param("at 08:00 UTC", id="time"),
    pytest.param("on 1/20/2026", id="slashed-date"),
    pytest.param("the 24h volume", id="window"),
    pytest.param("$LINK rallied", id="cashtag-link"),
    pytest.param("$PEPE and $BTC", id="cashtags"),
    pytest.param("", id="empty"),
])
def test_not_reported(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize("text, ticker, mention, value", [
    pytest.param("BTC$96,180.50", "BTC", "$96,180.50", 96_180.5, id="BTC"),
    pytest.param("SOL$182.40", "SOL", "$182.40", 182.4, id="SOL"),
    pytest.param("LINK$14.68", "LINK", "$14.68", 14.68, id="LINK"),
    pytest.param("ETH$3,356.01", "ETH", "$3,356.01", 3356.01, id="ETH"),
    pytest.param("1INCH$0.41", "1INCH", "$0.41", 0.41, id="digit-first"),
])
def test_glued_ticker(text, ticker, mention, value):
    quantity = only(f"Prices: {text} at noon")
    assert (quantity.kind, quantity.ticker, quantity.text, quantity.value) == ("money", ticker, mention, value)
    assert quantity.ticker_start == len("Prices: ")
    assert quantity.start == quantity.ticker_start + len(ticker)


@pytest.mark.parametrize("text", [
    pytest.param("xETH$5", id="preceded-by-letter"),
    pytest.param("ABCDEFGHIJK$5", id="too-long"),
    pytest.param("Eth$5", id="lower-case"),
    pytest.param("2025$5", id="digits-only"),
])
def test_no_glued_ticker(text):
    assert all(q.ticker is None and q.ticker_start is None for q in find_quantities(text))


@pytest.mark.parametrize("text, mention, value", [
    pytest.param("it hit $95K.", "$95K", 95e3, id="period-after-suffix"),
    pytest.param("it hit $95.", "$95", 95, id="period-after-digits"),
    pytest.param("$1.1bn, then", "$1.1bn", 1.1e9, id="comma-after-suffix"),
    pytest.param("up 3.5%.", "3.5%", 3.5, id="period-after-percent"),
    pytest.param("at 10,420, down", "10,420", 10_420, id="comma-after-groups"),
])
def test_trailing_punctuation(text, mention, value):
    quantity = only(text)
    assert (quantity.text, quantity.value) == (mention, value)


@pytest.mark.parametrize("mention, value", [
    pytest.param("$1.1bn", 1.1e9, id="money"),
    pytest.param("95K", 95e3, id="number-with-suffix"),
    pytest.param("3.5 percent", 3.5, id="percent"),
    pytest.param(" -2.1% ", 2.1, id="signed-and-padded"),
    pytest.param("50 cents", 0.5, id="cents"),
    pytest.param("hello", None, id="word"),
    pytest.param("$LINK", None, id="cashtag"),
    pytest.param("2026-01-20", None, id="date"),
    pytest.param("$5 and $6", None, id="two-mentions"),
    pytest.param("", None, id="empty"),
    pytest.param(None, None, id="not-a-string"),
])
def test_parse_amount(mention, value):
    assert parse_amount(mention) == (None if value is None else pytest.approx(value, rel=1e-12))


def test_non_string_input_finds_nothing():
    assert find_quantities(None) == []


def test_many_mentions_in_one_sentence_keep_their_order():
    text = "BTC rose 3.5% to $96,180.50 while nearly $700 million in shorts were liquidated."
    assert [(q.kind, q.text) for q in find_quantities(text)] == [
        ("percent", "3.5%"), ("money", "$96,180.50"), ("money", "$700 million")]


NUMBERISH = st.text(alphabet=st.sampled_from(list("0123456789$€£%.,-–−+() KkMmBbnTUSDpercentETH\u2009\n")))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), NUMBERISH))
def test_spans_are_sorted_disjoint_in_bounds_and_exact(text):
    found = find_quantities(text)
    for quantity in found:
        assert 0 <= quantity.start < quantity.end <= len(text)
        assert quantity.text == text[quantity.start:quantity.end]
        assert quantity.kind in ("money", "percent", "number")
        assert quantity.value >= 0 or math.isnan(quantity.value)
    for before, after in zip(found, found[1:]):
        assert before.end <= after.start


def _amounts():
    """(written form, expected value, expected kind) for a generated amount."""
    plain = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
    suffix = st.sampled_from(["", "K", "k", "M", "bn", "B", "T", " thousand", " million", " billion", " trillion"])
    multiplier = {"": 1, "K": 1e3, "k": 1e3, "M": 1e6, "bn": 1e9, "B": 1e9, "T": 1e12,
                  " thousand": 1e3, " million": 1e6, " billion": 1e9, " trillion": 1e12}
    layout = st.sampled_from(["{:f}", "{:,f}", "{:.2f}", "{:,.2f}", "{:.0f}"])
    marker = st.sampled_from(["$", "", "%", " percent", " per cent", " USD", " dollars"])

    @st.composite
    def amount(draw):
        number, fmt, unit, mark = draw(plain), draw(layout), draw(suffix), draw(marker)
        digits = fmt.format(number)
        if mark in ("%", " percent", " per cent"):
            return f"{digits}{mark}", float(digits.replace(",", "")), "percent"
        if mark == "$":
            written = f"${digits}{unit}"
        else:
            written = f"{digits}{unit}{mark}"
        kind = "number" if mark == "" else "money"
        return written, float(digits.replace(",", "")) * multiplier[unit], kind

    return amount()


@settings(max_examples=300, deadline=None)
@given(_amounts())
def test_formatted_amount_round_trips(amount):
    written, value, kind = amount
    quantity = only(f"Bitcoin traded at {written} on Monday")
    assert (quantity.text, quantity.kind) == (written, kind)
    assert math.isclose(quantity.value, value, rel_tol=1e-9, abs_tol=1e-12)
    assert parse_amount(written) == pytest.approx(value, rel=1e-9, abs=1e-12)


def test_five_megabytes_of_article_text_are_scanned():
    paragraph = ("Bitcoin (BTC) rose 3.5% to $96,180.50 on Monday while ETH$3,356.01 held; nearly "
                 "$700 million was liquidated between 2026-01-20 08:00 and noon, per CoinGlass. "
                 "Analysts eye $90-92K, open interest hit $61.2bn and 1111111111111111111111x v3 L2.\n\n")
    text = paragraph * (5_000_000 // len(paragraph) + 1)
    found = find_quantities(text)
    assert len(found) == text.count("Bitcoin (BTC)") * 7


@pytest.mark.parametrize("text, mention, value, currency", [
    pytest.param("jumped to US43¢ on", "US43¢", 0.43, "USD", id="us-cents-glued"),
    pytest.param("firmed to 71.9 US cents on", "71.9 US cents", 0.719, "USD", id="us-cents-word"),
    pytest.param("sold at 43¢ a token", "43¢", 0.43, "USD", id="cent-sign"),
    pytest.param("at R$605,000 on", "R$605,000", 605_000, "BRL", id="brazilian-real"),
    pytest.param("at Rs 82.4 lakh on", "Rs 82.4 lakh", 8.24e6, "INR", id="rupees-in-lakh"),
    pytest.param("at Rs. 1.2 crore on", "Rs. 1.2 crore", 1.2e7, "INR", id="rupees-in-crore"),
    pytest.param("at 5,320 won on", "5,320 won", 5_320, "KRW", id="won-word"),
    pytest.param("at ₩5,320 on", "₩5,320", 5_320, "KRW", id="won-sign"),
    pytest.param("at NZ$5.20 on", "NZ$5.20", 5.2, "NZD", id="nz-dollar"),
    pytest.param("above Rp1.7 billion, or", "Rp1.7 billion", 1.7e9, "IDR", id="rupiah"),
    pytest.param("at 90 grand on", "90 grand", 90_000, "USD", id="grand"),
    pytest.param("about 40 bucks a coin", "40 bucks", 40, "USD", id="bucks"),
    pytest.param("the 100,000-dollar mark", "100,000-dollar", 100_000, "USD", id="hyphenated-dollar"),
    pytest.param("a 50-cent token", "50-cent", 0.5, "USD", id="hyphenated-cent"),
    pytest.param("at 58 900 dollars on", "58 900 dollars", 58_900, "USD", id="space-groups-before-a-currency"),
    pytest.param("at $1,05,000 on", "$1,05,000", 105_000, "USD", id="indian-lakh-groups"),
])
def test_currency_markers_of_other_styles(text, mention, value, currency):
    quantity = only(text)
    assert (quantity.kind, quantity.text, quantity.currency) == ("money", mention, currency)
    assert quantity.value == pytest.approx(value, rel=1e-9)


@pytest.mark.parametrize("text, mention, value", [
    pytest.param("rejected at a hundred grand again", "a hundred grand", 100_000, id="a-hundred-grand"),
    pytest.param("sitting at sixty-two grand then", "sixty-two grand", 62_000, id="hyphenated-tens"),
    pytest.param("doge at twenty cents is", "twenty cents", 0.2, id="cents"),
    pytest.param("one hundred and fifty thousand dollars", "one hundred and fifty thousand dollars", 150_000,
                 id="with-and"),
    pytest.param("topped half a billion dollars on", "half a billion dollars", 5e8, id="half-a-billion"),
])
def test_amounts_written_in_words(text, mention, value):
    quantity = only(text)
    assert (quantity.kind, quantity.text, quantity.currency) == ("money", mention, "USD")
    assert quantity.value == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text, mention, value", [
    pytest.param("is down five percent at noon", "five percent", 5, id="percent"),
    pytest.param("slid twenty-two per cent on", "twenty-two per cent", 22, id="per-cent"),
])
def test_percentages_written_in_words(text, mention, value):
    quantity = only(text)
    assert (quantity.kind, quantity.text, quantity.value, quantity.currency) == ("percent", mention, value, None)


def test_space_groups_without_a_currency_stay_apart():
    assert [q.text for q in find_quantities("in 2024 200 people and 12 345 more")] == ["2024", "200", "12", "345"]


@pytest.mark.parametrize("text", [
    pytest.param("a few thousand dollars below", id="few-thousand"),
    pytest.param("sixty thousand is the line", id="no-unit"),
    pytest.param("worth a dollar or so", id="article-alone"),
    pytest.param("one two dollars", id="two-units-in-a-row"),
])
def test_words_that_are_no_amount(text):
    assert [q for q in find_quantities(text) if q.kind == "money"] == []


@pytest.mark.parametrize("text, mention, value", [
    pytest.param("jumped 12pc on", "12pc", 12, id="pc-glued"),
    pytest.param("down 0.7pc.", "0.7pc", 0.7, id="pc-before-period"),
])
def test_pc_is_per_cent(text, mention, value):
    quantity = only(text)
    assert (quantity.kind, quantity.text, quantity.value) == ("percent", mention, value)


def test_tilde_is_a_hedge():
    quantity = only("back at ~97.1k now")
    assert (quantity.text, quantity.value, quantity.qualifier) == ("97.1k", 97_100, "~")
