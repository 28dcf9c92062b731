"""Pair quotation marks into quoted spans, robustly.

Curly marks say which way they face; a straight mark is read from its neighbours (after a
space it opens, before one it closes). Marks pair by type (curly with curly, straight with
straight, so a "term" inside a “quote” nests), per paragraph. A mark that opens
while a quote is still open ends the earlier one there (a forgotten closing mark); a quote
still open at the end of its paragraph ends with the paragraph, and if the next paragraph
opens with a mark, that quote continues it (news style for multi-paragraph quotes). Single
marks count as quotes only where they pair up and are not apostrophes. Nothing here raises.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

DOUBLE_OPEN, DOUBLE_CLOSE, DOUBLE_STRAIGHT = "“«„", "”»", '"'
SINGLE_OPEN, SINGLE_CLOSE, SINGLE_STRAIGHT = "‘", "’", "'"
OPENERS_BEFORE = " \t\n([{—–-:/"


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    start: int  # first character inside the marks
    end: int  # one past the last character inside
    open_mark: int
    close_mark: Optional[int]  # None: the closing mark is missing
    paragraph: int
    continues: bool  # opens a paragraph while the previous paragraph's quote was left open

    @property
    def closed(self) -> bool:
        return self.close_mark is not None


def _direction(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or '?' for a straight mark at i inside [lo, hi)."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    opens = before in OPENERS_BEFORE and not after.isspace()
    closes = not before.isspace() and (after.isspace() or after in ".,;:!?)]—–-")
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "?"


def _double_marks(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    out = []
    for i in range(lo, hi):
        ch = text[i]
        if ch in DOUBLE_OPEN:
            out.append((i, "open"))
        elif ch in DOUBLE_CLOSE:
            out.append((i, "close"))
        elif ch == DOUBLE_STRAIGHT:
            out.append((i, _direction(text, i, lo, hi)))
    return out


def _single_marks(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """Single marks that can be quotes: apostrophes inside words ("don't", "Kruger's") are not."""
    out = []
    for i in range(lo, hi):
        ch = text[i]
        if ch not in SINGLE_OPEN + SINGLE_CLOSE + SINGLE_STRAIGHT:
            continue
        before = text[i - 1] if i > lo else " "
        after = text[i + 1] if i + 1 < hi else " "
        if before.isalnum() and after.isalnum():
            continue  # apostrophe inside a word
        if ch in SINGLE_OPEN or (ch == SINGLE_STRAIGHT and before in OPENERS_BEFORE and not after.isspace()):
            out.append((i, "open"))
        elif not before.isspace() and (after.isspace() or after in ".,;:!?)]—–-"):
            if before in "sS" and after.isspace() and text[i + 1:i + 3].strip()[:1].islower():
                continue  # plural possessive: "traders' positions"
            out.append((i, "close"))
    return out


class _Pairer:
    """Pairs the marks of one text, paragraph by paragraph."""

    def __init__(self, text: str):
        self.text = text
        self.spans: list[QuotedSpan] = []

    def pair(self, marks: list[tuple[int, str]], lo: int, hi: int, paragraph: int, carried: bool) -> bool:
        """Pair one kind of mark in a paragraph; True if a quote is left open at its end."""
        open_at: Optional[int] = None
        continues = False
        for pos, kind in marks:
            if kind == "?":
                kind = "close" if open_at is not None else "open"
            if kind == "open":
                if open_at is not None:
                    self.spans.append(QuotedSpan(open_at + 1, pos, open_at, None, paragraph, continues))
                continues = carried and not self.text[lo:pos].strip()
                open_at = pos
            elif open_at is not None:
                self.spans.append(QuotedSpan(open_at + 1, pos, open_at, pos, paragraph, continues))
                open_at = None
                continues = False
        if open_at is None:
            return False
        end = hi
        while end > open_at + 1 and self.text[end - 1].isspace():
            end -= 1
        self.spans.append(QuotedSpan(open_at + 1, end, open_at, None, paragraph, continues))
        return True

    def inside(self, pos: int) -> bool:
        return any(s.start <= pos < s.end for s in self.spans)


def find_quoted_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[QuotedSpan]:
    """Every quoted span in the text, in order; `paragraphs` are (start, end) character bounds."""
    pairer = _Pairer(text)
    has_double = any(ch in text for ch in DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_STRAIGHT)
    open_curly = open_straight = open_single = False
    for index, (lo, hi) in enumerate(paragraphs):
        marks = _double_marks(text, lo, hi)  # curly and straight marks pair by type: “... "term" ...”
        open_curly = pairer.pair([m for m in marks if text[m[0]] != DOUBLE_STRAIGHT], lo, hi, index, open_curly)
        open_straight = pairer.pair([m for m in marks if text[m[0]] == DOUBLE_STRAIGHT], lo, hi, index, open_straight)
        singles = [m for m in _single_marks(text, lo, hi) if not pairer.inside(m[0])]
        if singles and (not has_double or any(text[i] in SINGLE_OPEN for i, _ in singles)):
            open_single = pairer.pair(singles, lo, hi, index, open_single)
    return sorted(pairer.spans, key=lambda s: s.open_mark)
