"""Re-extract stored articles with the current pipeline.

Articles keep their text in the database, so a new pipeline version can be applied
without fetching anything. By default only stale articles are redone: never
extracted, extracted by another run (pipeline version or config hash), or whose
text changed since. Articles are read in id order in pages, extracted in batches,
and stored one transaction each, so an interrupted reprocess simply resumes.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Optional

import sqlalchemy as sa

from extractor.db.schema import articles, extractions, runs
from extractor.db.store import BatchResult, ensure_schema, store_many
from extractor.records import Article, ArticleRecord

ExtractMany = Callable[[Iterable[Article]], Iterator[ArticleRecord]]
PAGE_SIZE = 200  # articles read from the database at a time


def _pending(engine: sa.Engine, run: dict[str, Any], only_stale: bool) -> Iterator[Article]:
    """Articles with text to (re-)extract, read page by page in id order."""
    current = (sa.select(extractions.c.article_id)
               .join(runs, extractions.c.run_id == runs.c.id)
               .where(runs.c.pipeline_version == str(run["pipeline_version"]),
                      runs.c.config_hash == str(run.get("config_hash") or ""),
                      extractions.c.content_hash == articles.c.content_hash,
                      extractions.c.article_id == articles.c.id))
    stmt = (sa.select(articles.c.id, articles.c.article_key, articles.c.text, articles.c.title,
                      articles.c.url, articles.c.source, articles.c.published, articles.c.authors)
            .where(articles.c.text.is_not(None)).order_by(articles.c.id).limit(PAGE_SIZE))
    if only_stale:
        stmt = stmt.where(~sa.exists(current))
    last_id = 0
    while True:
        with engine.connect() as conn:
            page = conn.execute(stmt.where(articles.c.id > last_id)).all()
        if not page:
            return
        for row in page:
            yield Article(row.article_key, row.text, title=row.title, url=row.url, source=row.source,
                          published=row.published, authors=list(row.authors or []))
        last_id = page[-1].id


def _batches(items: Iterator[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _extract_batch(extract_many: ExtractMany, batch: list[Article],
                   errors: list[str]) -> list[ArticleRecord]:
    """The batch's records; when the batch fails, article by article so one bad text costs only itself."""
    try:
        return list(extract_many(batch))
    except Exception:  # the extractor is pluggable: any failure falls back to one at a time
        records = []
        for article in batch:
            try:
                records.extend(extract_many([article]))
            except Exception as err:  # reported with the article key; the rest goes on
                errors.append(f"article {article.id!r}: extraction failed: {type(err).__name__}: {err}")
        return records


def reprocess(engine: sa.Engine, *, extract_many: Optional[ExtractMany] = None,
              pipeline_info: Optional[Callable[[], dict[str, Any]]] = None, only_stale: bool = True,
              batch_size: int = 16, limit: Optional[int] = None,
              progress: Optional[Callable[[int], None]] = None) -> BatchResult:
    """Re-extract stored articles (default: the stale ones) and store the results.

    `extract_many` and `pipeline_info` default to `extractor.api`'s; tests pass small fakes.
    `progress` is called with the number of articles done after each batch.
    """
    if extract_many is None or pipeline_info is None:
        from extractor import api
        extract_many = extract_many or api.extract_many
        pipeline_info = pipeline_info or api.pipeline_info
    ensure_schema(engine)
    run = pipeline_info()
    result = BatchResult()
    pending = _pending(engine, run, only_stale)
    if limit is not None:
        pending = (article for _, article in zip(range(limit), pending))
    for batch in _batches(pending, batch_size):
        result.add(store_many(engine, _extract_batch(extract_many, batch, result.errors), run))
        if progress:
            progress(len(batch))
    return result
