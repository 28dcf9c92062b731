"""Export every table to a directory, one file per table, for pandas, DuckDB or a spreadsheet.

JSON columns (authors, provenance, model versions, sentences, warnings) stay nested
in JSON Lines and become JSON text in CSV and Parquet, whose columns must be flat.
Rows are written in primary-key order so two exports of one database are identical.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Optional

import pandas as pd
import sqlalchemy as sa

from extractor.db.schema import metadata

FORMATS = {"parquet": "parquet", "csv": "csv", "jsonl": "jsonl"}  # format -> file extension


def table_frame(engine: sa.Engine, table: sa.Table) -> pd.DataFrame:
    """All rows of `table`, in primary-key order."""
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(sa.select(table).order_by(*table.primary_key.columns))
                .mappings()]
    return pd.DataFrame(rows, columns=[c.name for c in table.columns])


def _flatten_json(frame: pd.DataFrame, table: sa.Table) -> pd.DataFrame:
    for column in table.columns:
        if isinstance(column.type, sa.JSON):
            frame[column.name] = [None if v is None else json.dumps(v, ensure_ascii=False)
                                  for v in frame[column.name]]
    return frame


def export(engine: sa.Engine, directory: Path | str, fmt: str = "parquet",
           tables: Optional[Iterable[str]] = None) -> list[Path]:
    """Write `<table>.<ext>` for each table (default: all) into `directory`; returns the paths."""
    if fmt not in FORMATS:
        raise ValueError(f"export format {fmt!r}: expected one of {', '.join(FORMATS)}")
    wanted = list(tables) if tables is not None else [t.name for t in metadata.sorted_tables]
    unknown = [name for name in wanted if name not in metadata.tables]
    if unknown:
        raise ValueError(f"unknown table(s) {', '.join(unknown)}; "
                         f"expected some of {', '.join(sorted(metadata.tables))}")
    out_dir = Path(directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in wanted:
        table = metadata.tables[name]
        frame = table_frame(engine, table)
        path = out_dir / f"{name}.{FORMATS[fmt]}"
        if fmt == "jsonl":
            frame.to_json(path, orient="records", lines=True, force_ascii=False)
        elif fmt == "csv":
            _flatten_json(frame, table).to_csv(path, index=False)
        else:
            _flatten_json(frame, table).to_parquet(path, index=False)
        written.append(path)
    return written
