import pytest

from extractor.collect.dates import as_utc, to_iso


@pytest.mark.parametrize("value,expected", [
    ("Wed, 14 Jan 2026 15:20:00 GMT", "2026-01-14T15:20:00+00:00"),
    ("2026-01-14T15:20:00Z", "2026-01-14T15:20:00+00:00"),
    ("2026-01-14T15:20:00.000-05:00", "2026-01-14T15:20:00-05:00"),
    ("2026-01-14", "2026-01-14"),
    ("2026-01-14 15:20", "2026-01-14T15:20:00"),
    ("January 14, 2026", "2026-01-14"),
    ("14 Jan 2026", "2026-01-14"),
    ("yesterday", None),
    ("", None),
    (None, None),
    ("2026-13-45", None),
])
def test_to_iso(value, expected):
    assert to_iso(value) == expected


def test_as_utc_compares_dates_zones_and_naive_times():
    assert as_utc("2026-01-14T10:00:00+02:00") < as_utc("2026-01-14T09:00:00")
    assert as_utc("2026-01-14") < as_utc("2026-01-14T00:00:01Z")
