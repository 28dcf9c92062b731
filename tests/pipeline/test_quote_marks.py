"""Pairing quotation marks: which characters open and close a quoted span, across paragraphs.

`find_quoted_spans` is pure text work, so these tests need no pipeline. Whether a span is a
quote (and not a title or a scare quote) is decided later, in `test_quotes.py`.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.pipeline.quote_marks import QuotedSpan, find_quoted_spans

QUOTE_MARKS = "\"'“”‘’«»„"
BLANK_LINE = re.compile(r"\n[ \t]*\n")


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, paragraphs separated by a blank line."""
    bounds, start = [], 0
    for gap in BLANK_LINE.finditer(text):
        bounds.append((start, gap.start()))
        start = gap.end()
    bounds.append((start, len(text)))
    return bounds


def spans_of(text: str) -> list[tuple[str, bool, bool]]:
    """(words inside the marks, closed, continues a previous paragraph's quote) per span."""
    return [(text[s.start:s.end].strip(), s.closed, s.continues) for s in find_quoted_spans(text, paragraph_bounds(text))]


def case(text: str, expected: list[tuple[str, bool, bool]], name: str):
    return pytest.param(text, expected, id=name)


@pytest.mark.parametrize("text, expected", [
    case('Ruiz said "funding is the tell here" on Monday.', [("funding is the tell here", True, False)],
         "straight-double-pair"),
    case("Ruiz said “funding is the tell here” on Monday.", [("funding is the tell here", True, False)],
         "curly-double-pair"),
    case("She called it ‘a liquidity vacuum’ and moved on.", [("a liquidity vacuum", True, False)],
         "curly-single-pair"),
    case("She called it 'a liquidity vacuum' and moved on.", [("a liquidity vacuum", True, False)],
         "straight-single-pair"),
    case("“Nobody's hedging,” Okonjo's deputy said of the desks' positions.", [("Nobody's hedging,", True, False)],
         "apostrophes-and-plural-possessives-are-not-marks"),
    case('"The ‘carry’ trade is back," she said.', [("The ‘carry’ trade is back,", True, False)],
         "single-pair-inside-a-double-quote-stays-inside"),
    case('“Fees doubled” and "volumes halved" were both true.', [("Fees doubled", True, False),
                                                                ("volumes halved", True, False)],
         "curly-and-straight-pairs-side-by-side"),
    case("“Miners are selling into strength,\n\n“and that caps the rally near $70,000,” he said.",
         [("Miners are selling into strength,", False, False), ("and that caps the rally near $70,000,", True, True)],
         "reopened-paragraph-continues-the-quote"),
    case("“Miners are selling.\n\n“Funds are buying.\n\n“Nobody knows who wins,” she said.",
         [("Miners are selling.", False, False), ("Funds are buying.", False, True),
          ("Nobody knows who wins,", True, True)],
         "quote-over-three-paragraphs"),
    case("“Miners are selling into strength and funds are not\n\nEther fell 2% on the day.",
         [("Miners are selling into strength and funds are not", False, False)],
         "missing-close-ends-at-paragraph-end"),
    case("“Miners are selling into strength\n\nEther fell. “Funds are buying,” he said.",
         [("Miners are selling into strength", False, False), ("Funds are buying,", True, False)],
         "a-mark-later-in-the-next-paragraph-does-not-continue"),
    case("“Funds keep buying “every dip” they see.", [("Funds keep buying", False, False), ("every dip", True, False)],
         "an-opening-mark-ends-the-unclosed-one-before-it"),
    case("”Stray closing mark with nothing open.", [], "stray-closing-mark-opens-nothing"),
    case("The desk sized it at 5' 10\" of chart, give or take.", [], "feet-and-inches-are-not-quotes"),
])
def test_quoted_spans(text, expected):
    assert spans_of(text) == expected


# -- never raises, always in bounds -----------------------------------------------------------

MARK_HEAVY_TEXT = st.text(alphabet=st.sampled_from(list(QUOTE_MARKS) + list(" \n\t.,:;!?-—($aZ9")), max_size=120)
ANY_TEXT = st.text(max_size=120)


@st.composite
def text_with_paragraphs(draw) -> tuple[str, list[tuple[int, int]]]:
    """Text and paragraph bounds: from its blank lines, or cut at arbitrary places."""
    text = draw(st.one_of(MARK_HEAVY_TEXT, ANY_TEXT))
    if draw(st.booleans()):
        return text, paragraph_bounds(text)
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=5))))
    edges = [0, *cuts, len(text)]
    return text, list(zip(edges, edges[1:]))


def assert_in_bounds(span: QuotedSpan, text: str, paragraphs: list[tuple[int, int]]) -> None:
    lo, hi = paragraphs[span.paragraph]
    assert lo <= span.open_mark < span.start <= span.end <= hi <= len(text), span
    assert span.start == span.open_mark + 1, span
    assert text[span.open_mark] in QUOTE_MARKS, span
    assert span.close_mark is None or (span.close_mark == span.end and text[span.close_mark] in QUOTE_MARKS), span


@settings(max_examples=400, deadline=None)
@given(text_with_paragraphs())
def test_find_quoted_spans_never_raises_and_stays_in_bounds(text_and_paragraphs):
    text, paragraphs = text_and_paragraphs
    spans = find_quoted_spans(text, paragraphs)
    for span in spans:
        assert_in_bounds(span, text, paragraphs)
    assert [s.open_mark for s in spans] == sorted(s.open_mark for s in spans)
