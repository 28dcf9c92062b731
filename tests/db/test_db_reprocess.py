"""Re-extracting stored articles with a (fake) current pipeline."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from db_samples import RUN_V1, RUN_V2, fake_extract_many, sample_records

from extractor.db.reprocess import reprocess
from extractor.db.schema import extractions, runs
from extractor.db.store import store_many, upsert_article


def _versions(engine: sa.Engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.execute(sa.select(runs.c.pipeline_version)
                                   .join_from(extractions, runs)).scalars())


def _reprocess(engine, run=RUN_V2, **kwargs):
    return reprocess(engine, extract_many=kwargs.pop("extract_many", fake_extract_many),
                     pipeline_info=lambda: run, batch_size=2, **kwargs)


def test_new_pipeline_redoes_stale_articles_once(engine):
    store_many(engine, sample_records(), RUN_V1)
    first = _reprocess(engine)
    assert (first.replaced, first.errors) == (3, [])
    assert _versions(engine) == [RUN_V2["pipeline_version"]] * 3
    again = _reprocess(engine)
    assert (again.inserted, again.replaced, again.unchanged) == (0, 0, 0)


def test_all_flag_revisits_current_articles(engine):
    store_many(engine, sample_records(), RUN_V1)
    assert _reprocess(engine, run=RUN_V1, only_stale=False).unchanged == 3


def test_articles_never_extracted_are_extracted(engine):
    upsert_article(engine, sample_records()[0].article)
    result = _reprocess(engine)
    assert (result.inserted, _versions(engine)) == (1, [RUN_V2["pipeline_version"]])


def test_failing_article_is_named_and_others_go_on(engine):
    store_many(engine, sample_records(), RUN_V1)
    bad_key = sample_records()[1].article.id
    result = _reprocess(engine, extract_many=lambda batch: fake_extract_many(batch, fail_on=bad_key))
    assert result.replaced == 2
    assert len(result.errors) == 1 and bad_key in result.errors[0] and "exploded" in result.errors[0]


@pytest.mark.parametrize("limit", [1, 2])
def test_limit_stops_early(engine, limit):
    store_many(engine, sample_records(), RUN_V1)
    assert _reprocess(engine, limit=limit).replaced == limit
