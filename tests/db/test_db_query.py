"""Queries: who said what about a level, on both engines, with the same answers."""
from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa
from db_engines import postgres_schema
from db_samples import INJECTION_NAME, RUN_V1, sample_records

from extractor.db import connect, query
from extractor.db.schema import quotes as quotes_table
from extractor.db.store import store_many


@pytest.fixture
def filled(engine: sa.Engine) -> sa.Engine:
    assert store_many(engine, sample_records(), RUN_V1).errors == []
    return engine


def test_claims_at_95000_list_selby_and_kruger(filled):
    found = query.claims(filled, asset="btc", level=95000)
    assert list(zip(found["speaker"], found["org"])) == [("Gabe Selby", "CF Benchmarks"),
                                                         ("Joel Kruger", "LMAX Group")]
    assert found.loc[0, "quote"].startswith("The break above $95,000")
    assert list(found.columns) == list(query.CLAIM_COLUMNS)


@pytest.mark.parametrize("tolerance, speakers", [
    (None, ["Gabe Selby", "Joel Kruger"]),      # 0.5%: 93,500 is 1.6% away
    ("2%", ["Gabe Selby", "Joel Kruger", INJECTION_NAME]),
    (0.02, ["Gabe Selby", "Joel Kruger", INJECTION_NAME]),
    ("0%", ["Gabe Selby", "Joel Kruger"]),
])
def test_claims_tolerance(filled, tolerance, speakers):
    assert list(query.claims(filled, asset="BTC", level=95000, tolerance=tolerance)["speaker"]) == speakers


@pytest.mark.parametrize("filters, speakers", [
    ({"speaker": "kruger"}, ["Joel Kruger", "Joel Kruger"]),
    ({"org": "cf benchmarks"}, ["Gabe Selby"]),
    ({"since": "2024-11-22"}, ["Joel Kruger", "Joel Kruger"]),
    ({"until": "2024-11-21"}, ["Gabe Selby"]),
    ({"until": "2024-11-21T09:00:00"}, []),
    ({"asset": "ETH"}, ["Joel Kruger"]),
    ({"speaker": INJECTION_NAME}, [INJECTION_NAME]),
])
def test_claims_filters(filled, filters, speakers):
    assert list(query.claims(filled, **filters)["speaker"]) == speakers


def test_injection_name_is_just_a_name(filled):
    query.quotes(filled, speaker=INJECTION_NAME)
    with filled.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(quotes_table)).scalar_one() == 4


@pytest.mark.parametrize("bad", [{"tolerance": "lots"}, {"tolerance": "150%"}, {"since": "yesterday"},
                                 {"speaker": "%"}])
def test_bad_arguments_name_themselves(filled, bad):
    with pytest.raises(query.QueryError, match=next(iter(bad))):
        query.claims(filled, asset="BTC", level=95000, **bad)


def test_levels_count_mentions_and_speakers(filled):
    table = query.levels(filled, asset="BTC").set_index("level")
    assert table.loc[95000.0, ["mentions", "articles", "claims"]].tolist() == [2, 2, 2]
    assert table.loc[95000.0, "roles"] == "support, threshold"
    assert table.loc[95000.0, "speakers"] == "Gabe Selby, Joel Kruger"
    assert table.index.tolist() == [95000.0, 93500.0, 97800.0]


@pytest.mark.parametrize("filters, expected", [
    ({}, 1), ({"side": "short"}, 1), ({"side": "long"}, 0), ({"asset": "market"}, 1),
    ({"asset": "BTC"}, 0), ({"min_usd": 1e9}, 0), ({"projected": False}, 1),
])
def test_liquidations_filters(filled, filters, expected):
    assert len(query.liquidations(filled, **filters)) == expected


@pytest.mark.parametrize("filters, count", [({"asset": "ETH"}, 1), ({"contains": "SUPPORT"}, 1),
                                            ({"contains": "%"}, 0), ({}, 4)])
def test_quotes_filters(filled, filters, count):
    assert len(query.quotes(filled, **filters)) == count


def _all_answers(engine: sa.Engine) -> dict[str, pd.DataFrame]:
    return {"claims": query.claims(engine), "quotes": query.quotes(engine),
            "levels": query.levels(engine, asset="BTC"), "liquidations": query.liquidations(engine),
            "claims 95000 2%": query.claims(engine, asset="BTC", level=95000, tolerance="2%")}


def test_same_answers_on_sqlite_and_postgresql(tmp_path):
    with postgres_schema() as pg_url:
        answers = []
        for url in (f"sqlite:///{tmp_path / 'same.db'}", pg_url):
            eng = connect(url)
            store_many(eng, sample_records(), RUN_V1)
            answers.append(_all_answers(eng))
            eng.dispose()
    lite_answers, pg_answers = answers
    for name, frame in lite_answers.items():
        assert len(frame) > 0, name
        pd.testing.assert_frame_equal(frame, pg_answers[name], obj=name)


def test_level_mentions_label_claimed_levels(filled):
    table = query.level_mentions(filled, asset="ETH")
    assert list(zip(table["level"], table["role"], table["speakers"])) == [
        (3300.0, "current", ""), (3500.0, "target", "Joel Kruger")]
