"""The research database: one schema on SQLite (embedded default) or PostgreSQL (teams).

`connect()` resolves where the database lives and prepares SQLite for a crawl that
may be killed at any moment: WAL journal, foreign keys, a busy timeout, and write
transactions that take the write lock up front (`BEGIN IMMEDIATE`) so the single
writer never deadlocks with readers.
"""
from __future__ import annotations

import os

import sqlalchemy as sa
from sqlalchemy import event

DEFAULT_URL = "sqlite:///extractor.db"
ENV_VAR = "EXTRACTOR_DB"
SQLITE_BUSY_TIMEOUT_MS = 30_000  # how long a second writer waits for the lock
WRITE = {"sqlite_immediate": True}  # execution options for a write transaction


def resolve_url(url: str | None = None) -> str:
    """The database URL: the argument, else $EXTRACTOR_DB, else a SQLite file in the working directory."""
    return url or os.environ.get(ENV_VAR) or DEFAULT_URL


def connect(url: str | None = None) -> sa.Engine:
    """An engine for `url` (see `resolve_url`); tables are created by `schema.create_schema`."""
    engine = sa.create_engine(resolve_url(url))
    if engine.dialect.name == "sqlite":
        _prepare_sqlite(engine)
    return engine


def _prepare_sqlite(engine: sa.Engine) -> None:
    """WAL + foreign keys on every connection; BEGIN issued by us so writes can be IMMEDIATE."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # the driver must not open transactions behind our back
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


__all__ = ["connect", "resolve_url", "DEFAULT_URL", "ENV_VAR", "WRITE"]
