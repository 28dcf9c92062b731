"""What the crawler has seen, kept in the database so that runs are incremental and resumable.

One `crawl_state` row per canonical URL (robots.txt, feed, sitemap or page) with the
ETag / Last-Modified of its last answer (for a conditional GET next time), a content
hash (sha256 of the body for feeds and sitemaps, of the article text for pages), the
HTTP status and error of the last attempt, and the stored article's id.

A page row is written as soon as a feed or sitemap lists the page, before it is
fetched: `pending` rows (no article, no permanent error) are what an interrupted run
left undone, and the next run fetches them even when every listing answers 304.
Articles stored but not yet extracted (`unextracted`) are extracted from their stored
text, without fetching them again.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Optional

import sqlalchemy as sa

from extractor.collect.fetch import TRANSIENT_REASONS
from extractor.db import WRITE
from extractor.db.schema import articles, crawl_state, extractions
from extractor.db.store import PAGE_FIELDS, ensure_schema, upsert_article
from extractor.records import Article


@dataclass(frozen=True)
class UrlState:
    """One crawl_state row."""

    url: str
    site: Optional[str]
    kind: str
    etag: Optional[str]
    last_modified: Optional[str]
    content_hash: Optional[str]
    status: Optional[int]
    fetched_at: Optional[str]
    error: Optional[str]  # "reason: detail" of the last failure, None after a success
    article_id: Optional[int]

    @property
    def retry(self) -> bool:
        """True for a page still to fetch: never tried, or last failed for a passing reason."""
        if self.article_id is not None:
            return False
        if self.error is None:
            return self.status is None
        return self.error.split(":", 1)[0] in TRANSIENT_REASONS


class CrawlState:
    """Reads and writes crawl_state (and the collector's side of `articles`) for one engine."""

    def __init__(self, engine: sa.Engine):
        ensure_schema(engine)
        self.engine = engine
        self._writer = engine.execution_options(**WRITE)

    def get(self, url: str) -> Optional[UrlState]:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(crawl_state).where(crawl_state.c.url == url)).first()
        return UrlState(**row._mapping) if row else None

    def record(self, url: str, *, site: Optional[str], kind: str, **values: Any) -> None:
        """Insert or update the row for `url`; only the columns given change."""
        unknown = set(values) - set(crawl_state.c.keys())
        if unknown:
            raise ValueError(f"unknown crawl_state column(s): {', '.join(sorted(unknown))}")
        with self._writer.begin() as conn:
            found = conn.execute(sa.select(crawl_state.c.url).where(crawl_state.c.url == url)).first()
            if found is None:
                conn.execute(crawl_state.insert().values(url=url, site=site, kind=kind, **values))
            else:
                conn.execute(crawl_state.update().where(crawl_state.c.url == url)
                             .values(site=site, kind=kind, **values))

    def discover(self, url: str, site: str) -> None:
        """Note a page a listing points to, unless already known."""
        if self.get(url) is None:
            self.record(url, site=site, kind="page")

    def pending(self, site: str) -> list[str]:
        """Pages of `site` listed earlier and still to fetch (see `UrlState.retry`)."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(crawl_state).where(crawl_state.c.site == site,
                                                             crawl_state.c.kind == "page",
                                                             crawl_state.c.article_id.is_(None))
                                .order_by(crawl_state.c.url)).all()
        return [row.url for row in rows if UrlState(**row._mapping).retry]

    def store_article(self, article: Article, **page_fields: Any) -> int:
        """The article's row id after inserting or updating it (see `extractor.db.store.upsert_article`)."""
        return upsert_article(self.engine, article, **page_fields)

    def unextracted(self, sites: Iterable[str], languages: Iterable[str]) -> list[tuple[Article, Optional[str]]]:
        """Crawled articles of `sites` with no extraction yet, in `languages` (or none given), not paywalled."""
        languages = list(languages)
        query = (sa.select(articles).distinct()
                 .join(crawl_state, crawl_state.c.article_id == articles.c.id)
                 .where(crawl_state.c.site.in_(list(sites)), crawl_state.c.kind == "page",
                        ~sa.exists().where(extractions.c.article_id == articles.c.id),
                        sa.or_(articles.c.paywalled.is_(None), articles.c.paywalled.is_(False)),
                        sa.or_(articles.c.language.is_(None), articles.c.language.in_(languages)))
                 .order_by(articles.c.id))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [(_article(row), row.raw_location) for row in rows]


def _article(row: sa.Row) -> Article:
    extra = {name: getattr(row, name) for name in PAGE_FIELDS
             if name not in ("fetched_at", "content_hash", "raw_location") and getattr(row, name) is not None}
    return Article(id=row.article_key, text=row.text or "", title=row.title, url=row.url, source=row.source,
                   published=row.published, authors=list(row.authors or []), extra=extra)

