"""Database test helpers: a throwaway PostgreSQL schema and an id-free snapshot of all tables.

PostgreSQL is the server at $EXTRACTOR_TEST_PG_URL (default: the local `test` database
as `postgres`); each use gets a freshly created schema that is dropped afterwards, so
parallel runs never see each other's rows. Without a server, `postgres_schema` skips
the test, and the reason says which URL did not answer and why.
"""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from typing import Any, Iterator

import pytest
import sqlalchemy as sa

from extractor.db.schema import metadata

PG_URL = os.environ.get("EXTRACTOR_TEST_PG_URL",
                        "postgresql+psycopg://postgres@127.0.0.1:5432/test")

_pg_unavailable: list[str] = []  # the reason, once found, so the probe runs once per session


def pg_unavailable_reason() -> str | None:
    if not _pg_unavailable:
        try:
            probe = sa.create_engine(PG_URL, connect_args={"connect_timeout": 3})
            with probe.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
            probe.dispose()
            _pg_unavailable.append("")
        except Exception as err:  # any failure to reach the server means: skip, saying why
            _pg_unavailable.append(f"PostgreSQL not reachable at {PG_URL}: "
                                   f"{type(err).__name__}: {str(err).splitlines()[0]}")
    return _pg_unavailable[0] or None


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL whose connections see only a fresh, uniquely named schema, dropped on exit."""
    reason = pg_unavailable_reason()
    if reason:
        pytest.skip(reason)
    schema = f"test_db_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield sa.make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"}) \
            .render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


_NATURAL_KEYS = {"articles": ("article_key",), "runs": ("pipeline_version", "config_hash"),
                 "speakers": ("name_key", "org_key"), "quotes": ("article_id", "ordinal")}
_FOREIGN_KEYS = {"article_id": "articles", "run_id": "runs", "speaker_id": "speakers",
                 "quote_id": "quotes"}
_VOLATILE = {"id", "created_at", "extracted_at"}


def snapshot(engine: sa.Engine) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, with surrogate ids replaced by natural keys and clock times dropped.

    Two databases with the same snapshot hold the same facts, whatever ids their
    sequences handed out.
    """
    with engine.connect() as conn:
        raw = {t.name: [dict(r) for r in conn.execute(sa.select(t)).mappings()]
               for t in metadata.sorted_tables}
    keys: dict[str, dict[Any, tuple]] = {}
    out: dict[str, list[tuple]] = {}
    for table in metadata.sorted_tables:  # parents before children, so their keys exist
        rows = []
        for row in raw[table.name]:
            resolved = {col: (keys.get(_FOREIGN_KEYS[col], {}).get(val) if col in _FOREIGN_KEYS else val)
                        for col, val in row.items()}
            if table.name in _NATURAL_KEYS and "id" in row:
                keys.setdefault(table.name, {})[row["id"]] = tuple(
                    resolved[c] for c in _NATURAL_KEYS[table.name])
            rows.append(tuple(repr(resolved[c]) for c in sorted(resolved) if c not in _VOLATILE))
        out[table.name] = sorted(rows)
    return out
