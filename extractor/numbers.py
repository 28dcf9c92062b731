"""Find money amounts, percentages and plain numbers in raw article text.

spaCy's tokenizer splits "$95K", "$1.1B" and "$LINK" inconsistently, so quantities are
found on the raw string: one compiled expression scanned once from left to right, then
a short pass over the matches that joins the two ends of a range ("$90-92K").
Standard library only; nothing here raises, whatever the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

QUALIFIERS = (
    "nearly", "roughly", "about", "around", "approximately", "almost", "some", "close to",
    "more than", "over", "upwards of", "less than", "under", "at least", "up to",
    "as much as", "just over", "just under", "north of", "south of",
)
"""Hedge words kept as `Quantity.qualifier` when they stand right before a mention."""

SCALE_MULTIPLIERS = {
    "k": 1e3, "thousand": 1e3, "grand": 1e3, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
    "m": 1e6, "mm": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "bln": 1e9, "billion": 1e9,
    "t": 1e12, "tn": 1e12, "trillion": 1e12,
}
"""Multiplier of each suffix or scale word, keyed in lower case ("K" and "k" are the same)."""

SCALE_WORDS = ("thousand", "million", "billion", "trillion", "mln", "bln", "mn", "bn", "tn", "grand",
               "lakh", "lakhs", "crore", "crores")
"""Scale words, which may follow the digits after a space; other suffixes must be glued. Indian
amounts count in lakhs (100,000) and crores (10 million)."""

DOLLAR_SCALES = ("grand",)
"""Scale words that are themselves an amount of dollars: "90 grand" is $90,000."""

AMBIGUOUS_SUFFIXES = ("m", "b", "t")
"""Lower-case letters that mean minutes, bytes or tonnes after a bare number ("15m chart"):
they count as a scale only next to a currency."""

CURRENCY_SYMBOLS = {"US$": "USD", "$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD",
                    "CA$": "CAD", "HK$": "HKD", "NZ$": "NZD", "S$": "SGD", "NT$": "TWD", "R$": "BRL",
                    "MX$": "MXN", "Mex$": "MXN", "Rs": "INR", "Rs.": "INR", "Rp": "IDR", "RM": "MYR",
                    "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₦": "NGN", "₺": "TRY",
                    "₽": "RUB", "₱": "PHP", "₫": "VND", "₪": "ILS"}
CURRENCY_CODES = {"USDT": "USD", "USDC": "USD", "USD": "USD", "EUR": "EUR", "GBP": "GBP",
                  "JPY": "JPY", "CAD": "CAD", "AUD": "AUD", "CHF": "CHF", "CNY": "CNY", "HKD": "HKD",
                  "KRW": "KRW", "INR": "INR", "BRL": "BRL", "ZAR": "ZAR", "NGN": "NGN", "MXN": "MXN",
                  "SGD": "SGD", "NZD": "NZD", "TRY": "TRY", "RUB": "RUB", "AED": "AED", "KES": "KES",
                  "IDR": "IDR", "VND": "VND", "THB": "THB", "MYR": "MYR", "PHP": "PHP", "TWD": "TWD"}
CURRENCY_WORDS = {"us dollars": "USD", "us dollar": "USD", "dollars": "USD", "dollar": "USD",
                  "us cents": "USD", "us cent": "USD", "cents": "USD", "cent": "USD",
                  "euros": "EUR", "euro": "EUR", "pounds": "GBP", "pound": "GBP", "yen": "JPY",
                  "won": "KRW", "rupees": "INR", "rupee": "INR", "reais": "BRL", "rand": "ZAR",
                  "naira": "NGN", "pesos": "MXN", "yuan": "CNY", "roubles": "RUB", "rubles": "RUB",
                  "lira": "TRY", "shillings": "KES", "bucks": "USD"}
"""Currency markers and their ISO codes: symbols and codes are matched as written, words in
any case. USD stablecoins count as USD; other codes are kept so callers can reject them (a
price in won, rupees or reais is no dollar price)."""

CENT_WORDS = ("cent", "cents", "us cent", "us cents", "c", "¢")
"""Markers after the digits that count hundredths of a dollar: "50 cents", "23c", "US43¢"."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """One mention of a number; `value` is scaled and unsigned, `sign` says how it was written."""

    kind: str  # "money" | "percent" | "number"
    value: float
    start: int
    end: int
    text: str
    currency: str | None
    sign: str | None
    scale: str | None
    qualifier: str | None
    ticker: str | None
    ticker_start: int | None
    range_id: int | None = None
    range_pos: str | None = None  # "start" | "end"


def _alternation(words) -> str:
    """Regex alternation, longest first so "USDT" wins over "USD"; spaces match any run of them."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


_SPACE = r"[ \u00a0\u202f]"
"""One space between digits and a word: ordinary, no-break or narrow no-break, never a newline."""

_DATE_OR_TIME = r"""(?P<skip>(?<![\w.])(?:
      [0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?
    | [0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}
    | [0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?
    )(?![0-9]))"""
"""Dates and clock times are consumed whole so their parts are never reported as numbers."""

_SIGN = r"(?:(?<![^\s(])(?P<sign>[+\-\u2212]))?"
"""A sign counts only after the start, a space or "(": the hyphens of "2024-25" are not signs."""

_CURRENCY_BEFORE = rf"""(?:(?P<cur_pre>
      (?<![A-Za-z0-9])(?:{_alternation([s for s in CURRENCY_SYMBOLS if s[0].isalpha()])}
                        |{_alternation(CURRENCY_CODES)})(?![A-Za-z])
    | (?<![A-Za-z0-9])US(?=[0-9]+(?:\.[0-9]+)?(?:¢|c(?![A-Za-z])))
    | {_alternation([s for s in CURRENCY_SYMBOLS if not s[0].isalpha()])}
    ){_SPACE}?)?"""
"""A marker before the digits. Bare symbols may be glued to a ticker ("ETH$3,356"); a glued "US"
marks US cents ("US43¢", as Australian papers write them)."""

_WORD_EDGE = r"(?(cur_pre)|(?<![\w.])(?<![A-Za-z]-))"
"""Without a marker the digits must start a word: no "ETH2", "v3", "layer-2" or "COVID-19"."""

_DIGITS = r"""(?P<num>
      [0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?:\.[0-9]+)?
    | [0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?
    | [0-9]{1,3}(?:[\u2009\u202f][0-9]{3})+(?:\.[0-9]+)?
    | [0-9]{1,3}(?:[ \u00a0][0-9]{3})+(?:\.[0-9]+)?(?=[ \u00a0]?(?:US[ \u00a0]+dollars|dollars|USD|USDT|euros|EUR|€))
    | [0-9]+(?:\.[0-9]+)?
    | \.[0-9]+)"""
"""Comma groups (Indian lakh groups too: "1,05,000"), thin-space groups, space groups right before a
currency ("58 900 dollars", as French and other European styles write them), plain digits or a bare
decimal ("$.50"); ASCII digits only."""

_SCALE = rf"""(?:(?:{_SPACE}?(?P<scale_word>(?i:{_alternation(SCALE_WORDS)}))
               |(?P<scale_letter>MM|[kKmMbBtT]))(?![A-Za-z0-9]))?"""
"""A scale: a word after an optional space, or a letter glued to the digits ("$5 more" has none)."""

_CURRENCY_AFTER = rf"""(?:(?:{_SPACE}|-(?=(?i:{_alternation(CURRENCY_WORDS)})(?![A-Za-z])))?
                        (?P<cur_post>{_alternation(CURRENCY_CODES)}
                                   |(?i:{_alternation(CURRENCY_WORDS)})
                                   |{_alternation([s for s in CURRENCY_SYMBOLS if "$" not in s])}
                                   |(?<=[0-9])c|¢
                                   )(?![A-Za-z]))?"""
"""A marker after the digits: "2,950 USD", "80,740 dollars", "the 100,000-dollar mark", "50 cents", "23c",
"43¢", "12 €". Not "$", which after digits usually opens the next amount."""

_PERCENT = rf"""(?:{_SPACE}?(?:(?P<points>(?i:percentage\s+points?|ppts?|pp))(?![A-Za-z])
                       |(?P<percent>%|(?i:percent|per\s?cent|pct)(?![A-Za-z])|(?<=[0-9])pc(?![A-Za-z]))))?"""
"""Per cent in any of its spellings ("12pc" glued, as British and Australian papers write it);
percentage points are kept apart (scale "pp")."""

_END = r"(?(percent)|(?![\w%]|[.,][0-9]))"
"""The mention ends a word ("%" always does); a final "." or "," is punctuation unless a digit
follows, so "$95K." is 95000 and "1.2.3" is nothing."""

_SCAN = re.compile(
    rf"{_DATE_OR_TIME} | {_SIGN}{_CURRENCY_BEFORE}{_WORD_EDGE}{_DIGITS}"
    rf"{_SCALE}{_CURRENCY_AFTER}{_PERCENT}{_END}",
    re.VERBOSE,
)

_TICKER_BEFORE = re.compile(r"(?<![A-Za-z0-9])(?=[0-9]*[A-Z])[A-Z0-9]{2,10}\Z")
"""A ticker glued in front of a currency symbol: "ETH" in "ETH$3,356.01"."""

_HEDGE_BEFORE = re.compile(rf"(?<![A-Za-z])({_alternation(QUALIFIERS)})\s{{1,3}}\Z", re.IGNORECASE)
_APPROX_SIGN = re.compile(r"([~≈])\s?\Z")
_BETWEEN_BEFORE = re.compile(r"(?<![A-Za-z])between\s+\Z", re.IGNORECASE)
_AND_GAP = re.compile(r"\s+and\s+", re.IGNORECASE)
_DASH_GAP = re.compile(r"[ \u00a0]?[-\u2013][ \u00a0]?")
"""Ranges are "A-B", "A–B" or "between A and B"; "from A to B" is two separate mentions."""

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
NUMBER_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}
SPELLED_UNITS = {"grand": 1e3, "dollars": 1.0, "dollar": 1.0, "bucks": 1.0, "cents": 0.01, "cent": 0.01,
                 "percent": 1.0, "per cent": 1.0, "pct": 1.0}
SPELLED_PERCENT = ("percent", "per cent", "pct")
"""Amounts spoken rather than written in digits ("a hundred grand", "sixty-two grand", "twenty
cents", "five percent") count only with a unit after them and a number word first: "sixty thousand"
alone is just a number, "a few thousand dollars" no amount."""

_SPELLED_WORD = f"(?:{_alternation(list(NUMBER_WORDS) + list(NUMBER_SCALES))})"
_SPELLED = re.compile(
    rf"(?<![\w$-])(?P<half>half\s+)?(?P<words>(?:{_alternation(NUMBER_WORDS)})(?:(?:[\s-]+and)?[\s-]+{_SPELLED_WORD})*)"
    rf"\s+(?:us\s+)?(?P<unit>{_alternation(SPELLED_UNITS)})(?![\w-])",
    re.IGNORECASE)

_GROUP_SEPARATORS = re.compile(r"[^0-9.]")  # commas and thin spaces between digit groups
_LOOKBACK = 40  # characters searched for a hedge or "between", longer than any of them


def _currency_of(marker: str | None) -> str | None:
    if marker is None:
        return None
    marker = " ".join(marker.split())
    return (CURRENCY_SYMBOLS.get(marker) or CURRENCY_CODES.get(marker) or CURRENCY_WORDS.get(marker.lower())
            or ("USD" if marker in ("c", "¢", "US") else None))


def _quantity_from(match: re.Match, text: str) -> Quantity | None:
    """Build the mention a scan match stands for, or None when it is not one."""
    scale = match["scale_word"] or match["scale_letter"]
    currency_marker = match["cur_pre"] or match["cur_post"]
    currency = _currency_of(currency_marker)
    if scale in AMBIGUOUS_SUFFIXES and currency is None:
        return None
    if (scale or "").lower() in DOLLAR_SCALES:
        currency = currency or "USD"
    value = float(_GROUP_SEPARATORS.sub("", match["num"]))
    if scale is not None:
        value *= SCALE_MULTIPLIERS[scale.lower()]
    if " ".join((match["cur_post"] or "").lower().split()) in CENT_WORDS:
        value *= 0.01
    if match["points"] or match["percent"]:
        kind, currency = "percent", None
        scale = "pp" if match["points"] else scale
    else:
        kind = "number" if currency is None else "money"
    start = match.start("sign") if match["sign"] else match.start()
    ticker = ticker_start = None
    if match["cur_pre"] and not match["cur_pre"][0].isalpha():
        glued = _TICKER_BEFORE.search(text, max(0, start - 10), start)
        if glued:
            ticker, ticker_start = glued.group(), glued.start()
    front = start if ticker_start is None else ticker_start
    sign = None if match["sign"] is None else "+" if match["sign"] == "+" else "-"
    return Quantity(
        kind=kind, value=value, start=start, end=match.end(), text=text[start:match.end()],
        currency=currency, sign=sign, scale=scale, qualifier=_qualifier_before(text, front),
        ticker=ticker, ticker_start=ticker_start,
    )


def _qualifier_before(text: str, front: int) -> str | None:
    """The hedge right before a mention: a word ("roughly $5") or a glued tilde ("~97.1k")."""
    hedge = _HEDGE_BEFORE.search(text, max(0, front - _LOOKBACK), front)
    if hedge:
        return " ".join(hedge.group(1).lower().split())
    tilde = _APPROX_SIGN.search(text, max(0, front - 2), front)
    return tilde.group(1) if tilde else None


def _range_ends(first: Quantity, second: Quantity, by_dash: bool) -> tuple[Quantity, Quantity] | None:
    """The two ends of a range with unit and magnitude shared, or None if they do not fit.

    A bare end takes the kind and currency of the other ("$90-92K", "3-5%"); the start takes the
    scale of the end when it has none and is of the same order ("$1.1-1.2 billion", but not
    "$95,000-100K"). Two bare numbers joined by a dash are dates or scores, not a range.
    """
    kinds = {first.kind, second.kind} - {"number"}
    if len(kinds) > 1 or (by_dash and not kinds):
        return None
    if first.currency and second.currency and first.currency != second.currency:
        return None
    kind = kinds.pop() if kinds else "number"
    currency = first.currency or second.currency
    first_value = first.value
    multiplier = SCALE_MULTIPLIERS.get((second.scale or "").lower())
    if first.scale is None and multiplier and first.value <= 10 * second.value / multiplier:
        first_value *= multiplier
    return (replace(first, kind=kind, currency=currency, value=first_value),
            replace(second, kind=kind, currency=currency))


def _join_ranges(quantities: list[Quantity], text: str) -> list[Quantity]:
    """Give both ends of each range a shared `range_id`, numbered in text order."""
    joined: list[Quantity] = []
    index = range_id = 0
    while index < len(quantities):
        first = quantities[index]
        second = quantities[index + 1] if index + 1 < len(quantities) else None
        ends = None
        if second is not None:
            by_dash = _DASH_GAP.fullmatch(text, first.end, second.start) is not None
            by_between = (_AND_GAP.fullmatch(text, first.end, second.start) is not None
                          and _BETWEEN_BEFORE.search(text, max(0, first.start - _LOOKBACK), first.start))
            if by_dash or by_between:
                ends = _range_ends(first, second, by_dash)
        if ends is None:
            joined.append(first)
            index += 1
            continue
        joined.append(replace(ends[0], range_id=range_id, range_pos="start"))
        joined.append(replace(ends[1], range_id=range_id, range_pos="end"))
        index += 2
        range_id += 1
    return joined


def _spelled_value(words: str) -> float | None:
    """Value of "a hundred", "sixty-two", "one hundred thousand"; None for "a", "one two" and the like."""
    total = current = 0.0
    previous = None
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "and":
            continue
        if word in NUMBER_SCALES:
            if word == "hundred":
                current = (current or 1) * 100
            else:
                total += (current or 1) * NUMBER_SCALES[word]
                current = 0.0
        else:
            number = NUMBER_WORDS[word]
            # "sixty-two" adds a unit to a ten; "one two" or "a twenty" is no number
            if previous is not None and previous in NUMBER_WORDS and not (
                    NUMBER_WORDS[previous] >= 20 and NUMBER_WORDS[previous] % 10 == 0 and number < 10):
                return None
            current += number
        previous = word
    value = total + current
    only_articles = set(re.split(r"[\s-]+", words.lower())) <= {"a", "an"}
    return None if only_articles or value == 0 else value


def _spelled_amounts(text: str) -> list[Quantity]:
    """Dollar amounts and percentages written in words: "a hundred grand", "twenty cents", "five percent"."""
    found = []
    for match in _SPELLED.finditer(text):
        value = _spelled_value(match["words"])
        if value is None:
            continue
        if match["half"]:
            value /= 2  # "half a billion dollars"
        unit = " ".join(match["unit"].lower().split())
        percent = unit in SPELLED_PERCENT
        start = match.start()
        found.append(Quantity(
            kind="percent" if percent else "money", value=value * SPELLED_UNITS[unit], start=start, end=match.end(),
            text=match.group(0), currency=None if percent else "USD", sign=None, scale=None if percent else unit,
            qualifier=_qualifier_before(text, start), ticker=None, ticker_start=None))
    return found


def find_quantities(text: str) -> list[Quantity]:
    """Every money amount, percentage and plain number in `text`, sorted and non-overlapping."""
    if not isinstance(text, str):
        return []
    found = []
    for match in _SCAN.finditer(text):
        if match["skip"] is None:
            quantity = _quantity_from(match, text)
            if quantity is not None:
                found.append(quantity)
    spelled = [q for q in _spelled_amounts(text) if not any(q.start < f.end and f.start < q.end for f in found)]
    if spelled:
        found = sorted(found + spelled, key=lambda q: q.start)
    return _join_ranges(found, text)


def parse_amount(s: str) -> float | None:
    """Value of one mention such as "$1.1bn", "95K" or "3.5 percent"; None if `s` is not one."""
    if not isinstance(s, str):
        return None
    stripped = s.strip()
    match = _SCAN.fullmatch(stripped)
    if match is None or match["skip"] is not None:
        return None
    quantity = _quantity_from(match, stripped)
    return quantity.value if quantity else None
