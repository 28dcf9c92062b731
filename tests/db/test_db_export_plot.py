"""Export files per table and the levels plot."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from db_samples import RUN_V1, sample_records

from extractor.db.export import export
from extractor.db.plot import plot_levels
from extractor.db.schema import metadata
from extractor.db.store import store_many

READERS = {"parquet": pd.read_parquet, "csv": pd.read_csv,
           "jsonl": lambda path: pd.read_json(path, lines=True)}


@pytest.fixture
def filled(engine):
    store_many(engine, sample_records(), RUN_V1)
    return engine


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_export_writes_one_readable_file_per_table(filled, tmp_path, fmt):
    paths = export(filled, tmp_path / "out", fmt)
    assert sorted(p.stem for p in paths) == sorted(metadata.tables)
    claims = READERS[fmt](tmp_path / "out" / f"claims.{fmt}")
    assert sorted(claims["level"]) == [3500.0, 93500.0, 95000.0, 95000.0]


def test_export_keeps_json_columns_nested_in_jsonl(filled, tmp_path):
    export(filled, tmp_path, "jsonl", tables=["runs"])
    run = json.loads((tmp_path / "runs.jsonl").read_text().splitlines()[0])
    assert run["models"] == RUN_V1["models"]


@pytest.mark.parametrize("fmt, tables, message", [("xlsx", None, "xlsx"),
                                                  ("csv", ["claims", "nope"], "nope")])
def test_export_rejects_unknown_format_or_table(filled, tmp_path, fmt, tables, message):
    with pytest.raises(ValueError, match=message):
        export(filled, tmp_path, fmt, tables=tables)


def test_plot_levels_writes_png(filled, tmp_path):
    path = plot_levels(filled, "btc", tmp_path / "levels.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 10_000


def test_plot_without_dated_levels_says_so(filled, tmp_path):
    with pytest.raises(ValueError, match="no dated SOL levels"):
        plot_levels(filled, "SOL", tmp_path / "none.png")
