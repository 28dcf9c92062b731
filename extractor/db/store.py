"""Writing articles and their extractions: idempotent, one transaction per article.

- `upsert_article` records a fetched page (the collector's entry point).
- `store_record` records an article and what the pipeline extracted from it. Storing
  the same article text with the same run (pipeline version + config hash) again
  changes nothing; any other run, or changed text, replaces the article's items in
  the same transaction. A process killed mid-batch therefore leaves every article
  either fully stored or untouched, and re-running the batch converges on exactly
  the rows an uninterrupted run gives.
- `store_many` stores a stream of records, turning a bad record into an error
  message naming it while the rest goes on.

All SQL goes through SQLAlchemy Core with bound parameters.
"""
from __future__ import annotations

import hashlib
import unicodedata
import weakref
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Iterable, Mapping, Optional

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from extractor.db import WRITE
from extractor.db.schema import (ITEM_TABLES, articles, asset_mentions, claims, create_schema,
                                 extractions, liquidations, percentages, prices, quotes, runs,
                                 speakers)
from extractor.records import Article, ArticleRecord

# Article columns a caller may set besides those an `Article` carries.
PAGE_FIELDS = ("canonical_url", "language", "section", "fetched_at", "content_hash",
               "raw_location", "paywalled", "provenance")

_ready_engines: "weakref.WeakSet[sa.Engine]" = weakref.WeakSet()


def ensure_schema(engine: sa.Engine) -> None:
    """Create the tables once per engine, so writers work on an empty database."""
    if engine not in _ready_engines:
        create_schema(engine)
        _ready_engines.add(engine)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fold(name: Optional[str]) -> str:
    """A name reduced for matching: no accents, punctuation or case, single spaces."""
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    kept = "".join(ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(kept.casefold().split())


def upsert_article(engine: sa.Engine, article: Article, **page_fields: Any) -> int:
    """Insert or update an article row (found by key, else by canonical URL); returns its id."""
    unknown = sorted(set(page_fields) - set(PAGE_FIELDS))
    if unknown:
        raise ValueError(f"upsert_article: unknown field(s) {', '.join(unknown)}; "
                         f"expected some of {', '.join(PAGE_FIELDS)}")
    ensure_schema(engine)
    with engine.execution_options(**WRITE).begin() as conn:
        return _upsert_article(conn, article, page_fields)


def store_record(engine: sa.Engine, record: ArticleRecord, run: Mapping[str, Any], *,
                 raw_location: Optional[str] = None) -> int:
    """Store an article and its extraction under `run` (a `pipeline_info()` dict); returns the article id."""
    ensure_schema(engine)
    with engine.execution_options(**WRITE).begin() as conn:
        article_id, _outcome = _store(conn, record, run, raw_location)
    return article_id


@dataclass
class BatchResult:
    """What a batch did: articles newly extracted, replaced, left unchanged, and errors."""

    inserted: int = 0
    replaced: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def add(self, other: "BatchResult") -> None:
        self.inserted += other.inserted
        self.replaced += other.replaced
        self.unchanged += other.unchanged
        self.errors.extend(other.errors)

    def summary(self) -> str:
        return (f"{self.inserted} new, {self.replaced} replaced, {self.unchanged} unchanged, "
                f"{len(self.errors)} failed")


def store_many(engine: sa.Engine, records: Iterable[ArticleRecord], run: Mapping[str, Any], *,
               raw_location: Optional[str] = None) -> BatchResult:
    """Store records one transaction each; a record that fails is reported and skipped."""
    ensure_schema(engine)
    result = BatchResult()
    writer = engine.execution_options(**WRITE)
    for record in records:
        try:
            with writer.begin() as conn:
                _article_id, outcome = _store(conn, record, run, raw_location)
            result.count(outcome)
        except (sa.exc.SQLAlchemyError, ValueError, TypeError, AttributeError) as err:
            key = getattr(getattr(record, "article", None), "id", "?")
            result.errors.append(f"article {key!r}: {type(err).__name__}: {err}")
    return result


def _store(conn: sa.Connection, record: ArticleRecord, run: Mapping[str, Any],
           raw_location: Optional[str]) -> tuple[int, str]:
    """Store one record inside the caller's transaction; outcome is inserted|replaced|unchanged."""
    fields = {"raw_location": raw_location} if raw_location else {}
    article_id = _upsert_article(conn, record.article, fields)
    run_id = _run_id(conn, run)
    text_hash = content_hash(record.article.text or "")
    current = conn.execute(sa.select(extractions.c.run_id, extractions.c.content_hash)
                           .where(extractions.c.article_id == article_id)).first()
    if current is not None and current.run_id == run_id and current.content_hash == text_hash:
        return article_id, "unchanged"
    for table in ITEM_TABLES:
        conn.execute(table.delete().where(table.c.article_id == article_id))
    conn.execute(extractions.delete().where(extractions.c.article_id == article_id))
    _insert_items(conn, article_id, record)
    conn.execute(extractions.insert().values(
        article_id=article_id, run_id=run_id, content_hash=text_hash, extracted_at=now_iso(),
        sentences=[list(span) for span in record.sentences], warnings=list(record.warnings)))
    return article_id, ("inserted" if current is None else "replaced")


def _article_values(article: Article, page_fields: Mapping[str, Any]) -> dict[str, Any]:
    """Column values for an article; page fields may also travel in `article.extra`."""
    values: dict[str, Any] = {"url": article.url, "title": article.title, "source": article.source,
                              "published": article.published, "authors": list(article.authors) or None}
    if article.text:
        values["text"] = article.text
        values["content_hash"] = content_hash(article.text)
    extra = article.extra or {}
    values.update({name: extra[name] for name in PAGE_FIELDS if name in extra})
    values.update(page_fields)
    return {name: _as_text_if_time(value) for name, value in values.items() if value is not None}


def _as_text_if_time(value: Any) -> Any:
    """Dates and times are stored as ISO text, whichever form the caller had them in."""
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _upsert_article(conn: sa.Connection, article: Article, page_fields: Mapping[str, Any]) -> int:
    if not article.id:
        raise ValueError("article has no id (article_key)")
    values = _article_values(article, page_fields)
    match = articles.c.article_key == article.id
    if values.get("canonical_url"):
        match = sa.or_(match, articles.c.canonical_url == values["canonical_url"])
    existing = conn.execute(sa.select(articles).where(match)
                            .order_by((articles.c.article_key != article.id), articles.c.id)).first()
    if existing is None:
        return conn.execute(articles.insert().values(article_key=article.id, **values)
                            .returning(articles.c.id)).scalar_one()
    changed = {name: value for name, value in values.items() if getattr(existing, name) != value}
    if changed:
        conn.execute(articles.update().where(articles.c.id == existing.id).values(**changed))
    return existing.id


def _insert_ignoring_duplicates(conn: sa.Connection, table: sa.Table, values: dict[str, Any]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING in the dialect at hand."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).values(**values).on_conflict_do_nothing())


def _run_id(conn: sa.Connection, run: Mapping[str, Any]) -> int:
    version = run.get("pipeline_version")
    if not version:
        raise ValueError(f"run has no pipeline_version: {dict(run)!r}")
    config = str(run.get("config_hash") or "")
    _insert_ignoring_duplicates(conn, runs, {"pipeline_version": str(version), "config_hash": config,
                                             "models": dict(run.get("models") or {}),
                                             "created_at": now_iso()})
    return conn.execute(sa.select(runs.c.id).where(runs.c.pipeline_version == str(version),
                                                   runs.c.config_hash == config)).scalar_one()


def _speaker_id(conn: sa.Connection, name: str, title: Optional[str], org: Optional[str],
                kind: str) -> int:
    """The registry id of (name, org), created on first sight; a title fills a missing one."""
    name_key, org_key = fold(name), fold(org)
    if not name_key:
        raise ValueError(f"speaker name {name!r} is empty once folded")
    _insert_ignoring_duplicates(conn, speakers, {"name": name, "name_key": name_key, "org": org,
                                                 "org_key": org_key, "title": title, "kind": kind})
    row = conn.execute(sa.select(speakers.c.id, speakers.c.title)
                       .where(speakers.c.name_key == name_key, speakers.c.org_key == org_key)).one()
    if row.title is None and title:
        conn.execute(speakers.update().where(speakers.c.id == row.id).values(title=title))
    return row.id


class _Sentences:
    """Finds the sentence text around a span from the record's sentence boundaries."""

    def __init__(self, text: str, spans: list[tuple[int, int]]):
        self.text, self.spans = text, sorted(spans)

    def around(self, start: Optional[int], end: Optional[int]) -> Optional[str]:
        if start is None or end is None or not self.spans:
            return None
        touching = [(s, e) for s, e in self.spans if s < max(end, start + 1) and e > start]
        if not touching:
            return None
        return self.text[touching[0][0]:touching[-1][1]]


def _insert_items(conn: sa.Connection, article_id: int, record: ArticleRecord) -> None:
    sentences = _Sentences(record.article.text or "", list(record.sentences))
    base = {"article_id": article_id}

    mention_rows = [{**base, "symbol": asset.symbol, "name": asset.name, "ordinal": i,
                     "text": m.text, "start": m.start, "end": m.end,
                     "sentence": sentences.around(m.start, m.end)}
                    for i, asset in enumerate(record.assets) for m in asset.mentions]
    price_rows = [{**base, "ordinal": i, "asset": p.asset, "value": p.value, "role": p.role,
                   "qualifier": p.qualifier, "text": p.text, "start": p.start, "end": p.end,
                   "sentence": p.sentence} for i, p in enumerate(record.prices)]
    percentage_rows = [{**base, "ordinal": i, "value": p.value, "asset": p.asset,
                        "direction": p.direction, "metric": p.metric, "window": p.window,
                        "qualifier": p.qualifier, "text": p.text, "start": p.start, "end": p.end,
                        "sentence": p.sentence} for i, p in enumerate(record.percentages)]
    liquidation_rows = [{**base, "ordinal": i, "amount_usd": q.amount_usd, "side": q.side,
                         "asset": q.asset, "projected": q.projected, "window": q.window,
                         "data_source": q.source, "qualifier": q.qualifier, "text": q.text,
                         "start": q.start, "end": q.end, "sentence": q.sentence}
                        for i, q in enumerate(record.liquidations)]
    for table, rows in ((asset_mentions, mention_rows), (prices, price_rows),
                        (percentages, percentage_rows), (liquidations, liquidation_rows)):
        if rows:
            conn.execute(table.insert(), rows)

    quote_ids: list[int] = []
    for i, quote in enumerate(record.quotes):
        speaker = quote.speaker
        speaker_id = _speaker_id(conn, speaker.name, speaker.title, speaker.org, speaker.kind)
        quote_ids.append(conn.execute(quotes.insert().values(
            **base, ordinal=i, speaker_id=speaker_id, speaker_title=speaker.title,
            speaker_org=speaker.org, type=quote.type, cue=quote.cue, text=quote.text,
            start=quote.start, end=quote.end, sentence=sentences.around(quote.start, quote.end))
            .returning(quotes.c.id)).scalar_one())

    for i, claim in enumerate(record.claims):
        has_quote = 0 <= claim.quote_index < len(record.quotes)
        quote = record.quotes[claim.quote_index] if has_quote else None
        said_by = quote.speaker if quote and fold(quote.speaker.name) == fold(claim.speaker) else None
        # a claim that leaves title/org out inherits them from its quote's speaker, so one
        # person is one registry entry
        title = claim.title or (said_by.title if said_by else None)
        org = claim.org or (said_by.org if said_by else None)
        speaker_id = _speaker_id(conn, claim.speaker, title, org, said_by.kind if said_by else "person")
        conn.execute(claims.insert().values(
            **base, ordinal=i, quote_id=quote_ids[claim.quote_index] if has_quote else None,
            speaker_id=speaker_id, speaker_title=title, speaker_org=org,
            asset=claim.asset, level=claim.level, role=claim.role, stance=claim.stance,
            text=quote.text if quote else None, start=quote.start if quote else None,
            end=quote.end if quote else None,
            sentence=sentences.around(quote.start, quote.end) if quote else None))
