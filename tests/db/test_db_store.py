"""Storing records: idempotency, replacement by a new pipeline version, page upserts."""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from db_engines import snapshot
from db_samples import RUN_V1, RUN_V2, kruger_record, sample_records, selby_record

from extractor.db.schema import articles, claims, extractions, quotes, runs, speakers
from extractor.db.store import fold, store_many, store_record, upsert_article
from extractor.records import Article


def _count(engine: sa.Engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_same_version_twice_changes_nothing(engine):
    first = store_many(engine, sample_records(), RUN_V1)
    before = snapshot(engine)
    again = store_many(engine, sample_records(), RUN_V1)
    assert (first.inserted, again.unchanged, again.errors) == (3, 3, [])
    assert snapshot(engine) == before


def test_new_version_replaces_extraction(engine):
    article_id = store_record(engine, kruger_record(), RUN_V1)
    newer = kruger_record()
    newer.claims = newer.claims[:1]  # the new pipeline finds one claim fewer
    assert store_record(engine, newer, RUN_V2) == article_id
    with engine.connect() as conn:
        version = conn.execute(sa.select(runs.c.pipeline_version).join_from(
            extractions, runs, extractions.c.run_id == runs.c.id)).scalar_one()
    assert version == RUN_V2["pipeline_version"]
    assert (_count(engine, claims), _count(engine, quotes), _count(engine, articles)) == (1, 2, 1)


def test_changed_text_same_version_replaces(engine):
    store_record(engine, selby_record(), RUN_V1)
    edited = selby_record()
    edited.article.text += " Updated."
    edited.claims = []
    store_record(engine, edited, RUN_V1)
    assert _count(engine, claims) == 0


def test_speaker_registry_is_unique_by_folded_name_and_org(engine):
    record = selby_record()
    record.quotes[0].speaker.name = "GABE  Selby"
    store_many(engine, [selby_record(), kruger_record()], RUN_V1)
    store_record(engine, record, RUN_V2)
    with engine.connect() as conn:
        names = conn.execute(sa.select(speakers.c.name_key).order_by(speakers.c.name_key)).scalars()
        assert list(names) == ["gabe selby", "joel kruger"]


def test_upsert_article_updates_page_fields_by_canonical_url(engine):
    page = Article("https://example.com/a", "body", title="First title")
    first = upsert_article(engine, page, canonical_url="https://example.com/a", paywalled=False)
    page.title = "Second title"
    assert upsert_article(engine, page, canonical_url="https://example.com/a") == first
    with engine.connect() as conn:
        row = conn.execute(sa.select(articles)).one()
    assert (row.title, row.paywalled, row.text) == ("Second title", False, "body")


def test_upsert_article_rejects_unknown_field(engine):
    try:
        upsert_article(engine, Article("x", "t"), colour="blue")
    except ValueError as err:
        assert "colour" in str(err)
    else:
        raise AssertionError("unknown field accepted")


def test_bad_record_is_reported_and_batch_goes_on(engine):
    bad = kruger_record()
    bad.article.id = ""
    result = store_many(engine, [bad, selby_record()], RUN_V1)
    assert result.inserted == 1
    assert len(result.errors) == 1 and "no id" in result.errors[0]


def test_claim_keeps_quote_span_and_sentence(engine):
    record = selby_record()
    store_record(engine, record, RUN_V1)
    with engine.connect() as conn:
        row = conn.execute(sa.select(claims.c.start, claims.c.end, claims.c.sentence)).one()
    assert record.article.text[row.start:row.end] == record.quotes[0].text
    assert row.sentence.startswith('"The break above $95,000')


def test_fold_ignores_case_accents_and_punctuation():
    assert fold("  José  O'Brien ") == fold("jose o brien") == "jose o brien"


def test_claim_without_org_joins_its_quote_speaker(engine):
    record = selby_record()
    record.claims[0].org = record.claims[0].title = None
    store_record(engine, record, RUN_V1)
    with engine.connect() as conn:
        orgs = conn.execute(sa.select(speakers.c.org)).scalars().all()
        claim_org = conn.execute(sa.select(claims.c.speaker_org)).scalar_one()
    assert orgs == ["CF Benchmarks"] and claim_org == "CF Benchmarks"


def test_page_fields_are_stored_as_given_or_iso_text(engine):
    fetched = datetime(2024, 11, 21, 9, 30, tzinfo=timezone.utc)
    article_id = store_record(engine, selby_record(), RUN_V1, raw_location="warc:/a.warc.gz#120")
    upsert_article(engine, selby_record().article, fetched_at=fetched, provenance={"title": "og:title"})
    with engine.connect() as conn:
        row = conn.execute(sa.select(articles).where(articles.c.id == article_id)).one()
    assert (row.raw_location, row.fetched_at, row.provenance) == (
        "warc:/a.warc.gz#120", "2024-11-21T09:30:00+00:00", {"title": "og:title"})
