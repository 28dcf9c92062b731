"""The research database schema: every table, in SQLAlchemy Core, in this one module.

The same definitions serve SQLite (the embedded default) and PostgreSQL, so only
portable types are used: timestamps and publication dates are ISO-8601 TEXT (they
sort as strings on both engines), lists and dicts are JSON.

Layout:
- `articles` and `crawl_state` hold what was fetched; the collector writes them too.
- `runs` names one pipeline configuration (version + config hash + model versions);
  `extractions` says which run produced each article's current items.
- One table per extracted field (`asset_mentions`, `prices`, `percentages`,
  `liquidations`, `quotes`, `claims`), each row with its article, character span
  (`start`, `end`) and sentence, plus `speakers`, the registry of people and
  organisations quoted, unique by folded name and folded org.

Schema changes: `SCHEMA_VERSION` is recorded in `schema_info`; `create_schema` creates
missing tables and refuses a database written by another version. There are no
migrations yet; when the schema first changes, Alembic is the path for them.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import (JSON, Boolean, Column, Double, ForeignKey, Index, Integer, MetaData,
                        Table, Text, UniqueConstraint)

SCHEMA_VERSION = 1

metadata = MetaData()

schema_info = Table(
    "schema_info", metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_key", Text, nullable=False, unique=True),
    Column("url", Text),
    Column("canonical_url", Text, unique=True),
    Column("source", Text),
    Column("title", Text),
    Column("authors", JSON),
    Column("published", Text),
    Column("language", Text),
    Column("section", Text),
    Column("fetched_at", Text),
    Column("content_hash", Text),
    Column("raw_location", Text),
    Column("paywalled", Boolean),
    Column("text", Text),
    Column("provenance", JSON),
    Index("ix_articles_published", "published"),
)

crawl_state = Table(
    "crawl_state", metadata,
    Column("url", Text, primary_key=True),
    Column("site", Text),
    Column("kind", Text, nullable=False),  # "robots" | "feed" | "sitemap" | "page"
    Column("etag", Text),
    Column("last_modified", Text),
    Column("content_hash", Text),
    Column("status", Integer),
    Column("fetched_at", Text),
    Column("error", Text),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="SET NULL")),
    Index("ix_crawl_state_site", "site"),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("pipeline_version", Text, nullable=False),
    Column("config_hash", Text, nullable=False),
    Column("models", JSON),
    Column("created_at", Text, nullable=False),
    UniqueConstraint("pipeline_version", "config_hash", name="uq_runs_version_config"),
)

extractions = Table(
    "extractions", metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("content_hash", Text),  # hash of the text the items were extracted from
    Column("extracted_at", Text, nullable=False),
    Column("sentences", JSON),  # [[start, end], ...]
    Column("warnings", JSON),
    Index("ix_extractions_run", "run_id"),
)

speakers = Table(
    "speakers", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),  # folded name: casefold, no accents, single spaces
    Column("org", Text),
    Column("org_key", Text, nullable=False),  # folded org, "" when none
    Column("title", Text),
    Column("kind", Text, nullable=False),  # "person" | "org"
    UniqueConstraint("name_key", "org_key", name="uq_speakers_name_org"),
)


def _article_fk() -> Column:
    return Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


def _span_columns() -> list[Column]:
    """Where an item sits in its article: ordinal within the field, text, span and sentence."""
    return [Column("ordinal", Integer, nullable=False), Column("text", Text),
            Column("start", Integer), Column("end", Integer), Column("sentence", Text)]


asset_mentions = Table(
    "asset_mentions", metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("symbol", Text, nullable=False),
    Column("name", Text),
    *_span_columns(),
    Index("ix_asset_mentions_article", "article_id"),
    Index("ix_asset_mentions_symbol", "symbol"),
)

prices = Table(
    "prices", metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("asset", Text, nullable=False),
    Column("value", Double, nullable=False),
    Column("role", Text),
    Column("qualifier", Text),
    *_span_columns(),
    Index("ix_prices_article", "article_id"),
    Index("ix_prices_asset_value", "asset", "value"),
)

percentages = Table(
    "percentages", metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("value", Double, nullable=False),
    Column("asset", Text),
    Column("direction", Text),
    Column("metric", Text),
    Column("window", Text),
    Column("qualifier", Text),
    *_span_columns(),
    Index("ix_percentages_article", "article_id"),
    Index("ix_percentages_asset", "asset"),
)

liquidations = Table(
    "liquidations", metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("amount_usd", Double, nullable=False),
    Column("side", Text),
    Column("asset", Text),
    Column("projected", Boolean),
    Column("window", Text),
    Column("data_source", Text),  # e.g. "CoinGlass"; `Liquidation.source` in the records
    Column("qualifier", Text),
    *_span_columns(),
    Index("ix_liquidations_article", "article_id"),
    Index("ix_liquidations_asset", "asset"),
)

quotes = Table(
    "quotes", metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("speaker_id", Integer, ForeignKey("speakers.id"), nullable=False),
    Column("speaker_title", Text),  # as stated in this article
    Column("speaker_org", Text),
    Column("type", Text),  # "direct" | "indirect"
    Column("cue", Text),
    *_span_columns(),
    Index("ix_quotes_article", "article_id"),
    Index("ix_quotes_speaker", "speaker_id"),
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("quote_id", Integer, ForeignKey("quotes.id", ondelete="CASCADE")),
    Column("speaker_id", Integer, ForeignKey("speakers.id"), nullable=False),
    Column("speaker_title", Text),
    Column("speaker_org", Text),
    Column("asset", Text, nullable=False),
    Column("level", Double, nullable=False),
    Column("role", Text),
    Column("stance", Text),
    *_span_columns(),  # span and sentence of the quote the claim comes from
    Index("ix_claims_article", "article_id"),
    Index("ix_claims_asset_level", "asset", "level"),
    Index("ix_claims_speaker", "speaker_id"),
)

# Tables holding one article's extraction, children before parents (the delete order).
ITEM_TABLES = (claims, quotes, asset_mentions, prices, percentages, liquidations)


class SchemaVersionError(RuntimeError):
    """The database was written by a different schema version than this code."""


def create_schema(engine: sa.Engine) -> None:
    """Create missing tables and record the schema version; refuse another version's database."""
    metadata.create_all(engine)
    with engine.begin() as conn:
        found = conn.execute(sa.select(schema_info.c.value)
                             .where(schema_info.c.key == "schema_version")).scalar()
        if found is None:
            conn.execute(schema_info.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
        elif found != str(SCHEMA_VERSION):
            raise SchemaVersionError(
                f"database schema version {found}, this extractor expects {SCHEMA_VERSION}")
