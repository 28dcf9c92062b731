"""Dates as feeds, sitemaps and pages write them, turned into ISO 8601.

RSS uses RFC 822 ("Wed, 14 Jan 2026 15:20:00 GMT"), Atom, sitemaps and JSON-LD use
ISO 8601, bylines use words ("January 14, 2026"). A date without a time stays a
date; a time without a zone stays without one (the page did not say).
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime

WORDY_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%b. %d, %Y")


def parse_date(value: object) -> datetime | date | None:
    """The date or datetime `value` spells, or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = " ".join(value.split())
    if len(text) == 10 and text[4] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in WORDY_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def to_iso(value: object) -> str | None:
    """ISO 8601 text for `value`, or None when it is not a readable date."""
    parsed = parse_date(value)
    if isinstance(parsed, datetime):
        return parsed.isoformat(timespec="seconds")
    return parsed.isoformat() if parsed else None


def as_utc(value: object) -> datetime | None:
    """A comparable UTC datetime (a bare date is its midnight, a zone-less time is taken as UTC)."""
    parsed = parse_date(value)
    if parsed is None:
        return None
    if not isinstance(parsed, datetime):
        parsed = datetime(parsed.year, parsed.month, parsed.day)
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)
