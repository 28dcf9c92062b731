"""`extractor crawl` end to end against the fixture site, with a fake extraction."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

import extractor.collect.cli as crawl_cli
from extractor.db import connect
from extractor.db.schema import articles

from .conftest import RUN_INFO, FakeExtraction


@pytest.fixture
def fake_pipeline(monkeypatch) -> FakeExtraction:
    extraction = FakeExtraction()
    monkeypatch.setattr(crawl_cli, "load_extraction", lambda: (extraction, RUN_INFO))
    return extraction


def _invoke(*args: str):
    return CliRunner().invoke(crawl_cli.crawl, list(args), catch_exceptions=False)


def test_crawl_a_feed_into_the_database_jsonl_and_warc(site, fake_pipeline, tmp_path):
    db, out, warc = f"sqlite:///{tmp_path / 'c.db'}", tmp_path / "records.jsonl", tmp_path / "warc"
    result = _invoke("--feed", site.url("/feeds/markets.atom"), "--db", db, "--warc-dir", str(warc),
                     "-o", str(out), "--min-delay", "0")
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    # The default 5 MB cap lets the 3 MB page through; the 50 MB gzip bomb stops at the cap.
    assert ids == [site.url(p) for p in ("/news/solana-outage", "/news/malformed-jsonld",
                                         "/news/bitcoin-etf-inflows", "/news/huge-chunked")]
    with connect(db).connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar() == 4
    assert len(list(warc.glob("crawl-*.warc.gz"))) == 1
    assert f"skipped {site.url('/news/gzip-bomb')}: oversize" in result.stderr
    assert "4 articles stored, 4 extracted" in result.stderr


def test_unknown_site_is_a_usage_error_listing_the_known_ones(fake_pipeline):
    result = _invoke("--site", "nosuchsite")
    assert result.exit_code == 2 and "unknown site(s) nosuchsite" in result.stderr and "coindesk" in result.stderr


def test_bad_sources_file_is_a_usage_error(fake_pipeline, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[sites.x\n")
    result = _invoke("--sources", str(path))
    assert result.exit_code == 2 and "not valid TOML" in result.stderr


def test_a_sources_file_site_is_crawled_by_name(site, fake_pipeline, tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(f'[sites.ledgerwire]\nhosts = ["127.0.0.1"]\nfeeds = ["{site.url("/feeds/markets.atom")}"]\n')
    result = _invoke("--sources", str(path), "--site", "ledgerwire", "--max-articles", "1",
                     "--db", f"sqlite:///{tmp_path / 'c.db'}", "--warc-dir", str(tmp_path), "--min-delay", "0")
    assert result.exit_code == 0 and "1 articles stored" in result.stderr


def test_an_extraction_failure_exits_1(site, monkeypatch, tmp_path):
    monkeypatch.setattr(crawl_cli, "load_extraction", lambda: (FakeExtraction(fail_on="solana"), RUN_INFO))
    result = _invoke("--feed", site.url("/feeds/markets.atom"), "--db", f"sqlite:///{tmp_path / 'c.db'}",
                     "--warc-dir", str(tmp_path), "--min-delay", "0")
    assert result.exit_code == 1 and "error: " in result.stderr and "solana-outage" in result.stderr


def test_help_has_an_example():
    result = _invoke("--help")
    assert result.exit_code == 0 and "extractor crawl --site coindesk" in result.output
