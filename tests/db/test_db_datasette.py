"""The Datasette canned queries run on a SQLite database this package wrote."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from db_samples import RUN_V1, sample_records

from extractor.db import connect
from extractor.db.store import store_many

yaml = pytest.importorskip("yaml", reason="PyYAML is needed to read datasette/metadata.yml")

METADATA = Path(__file__).parents[2] / "datasette" / "metadata.yml"
QUERIES = yaml.safe_load(METADATA.read_text())["databases"]["extractor"]["queries"]
PARAMS = {"asset": "btc", "level": "95000", "tolerance_percent": ""}
# query -> (column, value) expected in its first row
EXPECTED_FIRST = {"who_said_what_about_a_level": ("speaker", "Gabe Selby"),
                  "top_speakers_per_asset": ("asset", "BTC"),
                  "levels_of_an_asset": ("level", 95000.0),
                  "liquidations_by_day": ("day", "2024-11-21")}


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("datasette") / "extractor.db"
    engine = connect(f"sqlite:///{path}")
    store_many(engine, sample_records(), RUN_V1)
    engine.dispose()
    return path


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_query_runs(sample_db, name):
    sql = QUERIES[name]["sql"]
    params = {p: PARAMS[p] for p in set(re.findall(r":(\w+)", sql))}
    with sqlite3.connect(sample_db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(sql, params).fetchall()
    column, value = EXPECTED_FIRST[name]
    assert rows and rows[0][column] == value


def test_level_query_lists_both_analysts(sample_db):
    sql = QUERIES["who_said_what_about_a_level"]["sql"]
    with sqlite3.connect(sample_db) as conn:
        speakers = [row[1] for row in conn.execute(sql, PARAMS)]
    assert speakers == ["Gabe Selby", "Joel Kruger"]
