"""A full crawl of the fixture site, then a second run, then a run after the site changed.

The runs share one fixture site and one database, in this order (module fixtures):
first run, second run (nothing changed), third run (a new article in the feed, and a
sitemap saying an article was modified).
"""
from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from warcio.archiveiterator import ArchiveIterator

from extractor.collect.crawler import Crawler, CrawlOptions, CrawlReport
from extractor.collect.fetch import Fetcher
from extractor.collect.state import CrawlState
from extractor.collect.warc import WarcWriter, iter_warc_pages
from extractor.db import connect
from extractor.db.schema import articles, crawl_state, extractions

from .conftest import RUN_INFO, TEST_POLICY, FakeExtraction, ledger_wire
from .fixture_site import SITE_DIR, FixtureSite, Hit

EXPECTED = {k: v for k, v in json.loads((SITE_DIR / "expected.json").read_text()).items() if k.startswith("/")}
CRAWL_DELAY = 0.3  # corpus/site/robots.txt

FIRST_RUN_PATHS = [
    "/robots.txt", "/feeds/news.xml", "/feeds/markets.atom", "/feeds/broken.xml",
    "/sitemaps/index.xml", "/sitemaps/news.xml", "/sitemaps/bomb.xml", "/sitemaps/external-entity.xml",
    "/sitemaps/archive.xml.gz",
    "/news/bitcoin-etf-inflows", "/news/ether-staking", "/news/old-link", "/news/stablecoin-rules",
    "/news/premium-report", "/de/news/bitcoin-kurs", "/news/busy", "/news/busy", "/news/flaky", "/news/flaky",
    "/news/slow", "/news/slow", "/news/huge", "/news/report.pdf", "/news/loop-a", "/news/loop-b",
    "/news/elsewhere", "/news/gone", "/news/solana-outage", "/news/malformed-jsonld", "/news/huge-chunked",
    "/news/gzip-bomb", "/news/defi-hack", "/news/archive-2025",
]
STORED = ["/news/bitcoin-etf-inflows", "/news/ether-staking", "/news/stablecoin-rules", "/news/premium-report",
          "/de/news/bitcoin-kurs", "/news/busy", "/news/flaky", "/news/solana-outage", "/news/malformed-jsonld",
          "/news/defi-hack", "/news/archive-2025"]
SKIPPED = {  # url (site path, or full URL off the site) -> reason
    "/private/insider": "robots",
    "https://partner.example/news/syndicated-story": "off-host",
    "https://partner.example/sitemap.xml": "off-host",
    "/feeds/broken.xml": "bad-xml",
    "/sitemaps/bomb.xml": "bad-xml",
    "/sitemaps/external-entity.xml": "bad-xml",
    "/news/slow": "timeout",
    "/news/huge": "oversize",
    "/news/huge-chunked": "oversize",
    "/news/gzip-bomb": "oversize",
    "/news/report.pdf": "content-type",
    "/news/loop-a": "redirects",
    "/news/elsewhere": "off-host",
    "/news/gone": "http-404",
}


@dataclass
class Run:
    report: CrawlReport
    hits: list[Hit]
    extraction: FakeExtraction
    warc: Path
    seconds: float


@pytest.fixture(scope="module")
def site():
    server = FixtureSite()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = connect(f"sqlite:///{tmp_path_factory.mktemp('db') / 'crawl.db'}")
    yield engine
    engine.dispose()


def _crawl(site: FixtureSite, engine, warc_dir: Path) -> Run:
    site.clear_log()
    extraction = FakeExtraction()
    started = time.monotonic()
    with WarcWriter(warc_dir) as archive, Fetcher(TEST_POLICY, archive=archive) as fetcher:
        report = Crawler(CrawlState(engine), fetcher, extraction, RUN_INFO,
                         options=CrawlOptions(batch_size=4)).run([ledger_wire(site)])
    return Run(report, list(site.log), extraction, archive.path, time.monotonic() - started)


@pytest.fixture(scope="module")
def first(site, engine, tmp_path_factory) -> Run:
    return _crawl(site, engine, tmp_path_factory.mktemp("warc1"))


@pytest.fixture(scope="module")
def second(first, site, engine, tmp_path_factory) -> Run:
    return _crawl(site, engine, tmp_path_factory.mktemp("warc2"))


@pytest.fixture(scope="module")
def third(second, site, engine, tmp_path_factory) -> Run:
    feed = (SITE_DIR / "feeds" / "news.xml").read_text()
    new_item = "<item><title>Record</title><link>{{base}}/news/late-breaking</link></item>\n  <item>"
    site.replace("/feeds/news.xml", feed.replace("<item>", new_item, 1))
    index = (SITE_DIR / "sitemaps" / "index.xml").read_text()
    site.replace("/sitemaps/index.xml", index.replace("2026-10-12T15:00:00Z", "2099-01-01T00:00:00Z"))
    news = (SITE_DIR / "sitemaps" / "news.xml").read_text()
    site.replace("/sitemaps/news.xml", news.replace(
        "<news:publication_date>2026-10-12T11:40:00+00:00</news:publication_date>",
        "<news:publication_date>2026-10-12T11:40:00+00:00</news:publication_date></news:news>"
        "<lastmod>2099-01-01T00:00:00Z</lastmod><news:news>"))
    return _crawl(site, engine, tmp_path_factory.mktemp("warc3"))


def _path(site: FixtureSite, url: str) -> str:
    return url.removeprefix(site.base)


# --- first run: politeness --------------------------------------------------------------------

def test_robots_then_feeds_then_sitemaps_then_pages_in_order(first):
    assert [hit.path for hit in first.hits] == FIRST_RUN_PATHS


def test_every_request_waits_for_crawl_delay(first):
    gaps = [b.at - a.at for a, b in itertools.pairwise(first.hits)]
    assert min(gaps) >= CRAWL_DELAY, gaps


def test_429_retry_waits_for_retry_after(first):
    busy = [hit for hit in first.hits if hit.path == "/news/busy"]
    assert [hit.status for hit in busy] == [429, 200] and busy[1].at - busy[0].at >= 1.0


def test_skipped_urls_and_why(first, site):
    reasons = {_path(site, url): reason.split(":", 1)[0] for url, reason in first.report.skipped}
    assert reasons == SKIPPED


def test_hostile_sitemaps_were_rejected_not_expanded(first, site):
    details = {_path(site, url): reason for url, reason in first.report.skipped}
    for path in ("/sitemaps/bomb.xml", "/sitemaps/external-entity.xml"):
        assert "DOCTYPE" in details[path] and "nothing was expanded" in details[path]
    assert not [hit.path for hit in first.hits if "aaaa" in hit.path or "passwd" in hit.path]


def test_nothing_off_the_site_was_requested(first):
    assert first.report.requests_per_host.keys() == {first.hits[0].headers["Host"]}


# --- first run: what was stored and extracted -------------------------------------------------

def test_stored_articles(first, site):
    assert [_path(site, url) for url in first.report.stored] == STORED


@pytest.mark.parametrize("path", STORED)
def test_stored_fields(first, site, engine, path):
    with engine.connect() as conn:
        row = conn.execute(sa.select(articles).where(articles.c.article_key == site.url(path))).one()
    expected = EXPECTED[path]
    assert {"title": row.title, "authors": row.authors, "published": row.published, "language": row.language,
            "paywalled": row.paywalled} == {key: expected[key] for key in
                                            ("title", "authors", "published", "language", "paywalled")}
    assert row.text.startswith(expected["text_starts"]) and row.provenance["title"]


def test_paywalled_and_foreign_pages_are_stored_but_not_extracted(first, site):
    assert {_path(site, url): why.split(" ", 1)[0] for url, why in first.report.not_extracted} == {
        "/news/premium-report": "paywalled", "/de/news/bitcoin-kurs": "language"}
    assert sorted(_path(site, url) for url in first.extraction.seen) == sorted(
        set(STORED) - {"/news/premium-report", "/de/news/bitcoin-kurs"})


def test_extractions_are_in_the_database(first, engine):
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(extractions)).scalar() == 9


def test_crawl_state_rows(first, site, engine):
    with engine.connect() as conn:
        rows = {_path(site, row.url): row for row in conn.execute(sa.select(crawl_state))}
    assert rows["/robots.txt"].kind == "robots" and rows["/robots.txt"].status == 200
    assert rows["/feeds/news.xml"].etag and rows["/feeds/news.xml"].error is None
    assert rows["/news/gone"].status == 404 and rows["/news/gone"].error.startswith("http-404")
    assert rows["/private/insider"].fetched_at is None and rows["/private/insider"].error.startswith("robots")
    assert rows["/news/old-link"].article_id == rows["/news/stablecoin-rules"].article_id is not None


# --- first run: the WARC ----------------------------------------------------------------------

def test_every_answer_was_archived(first, site):
    with open(first.warc, "rb") as fh:
        archived = [_path(site, record.rec_headers.get_header("WARC-Target-URI"))
                    for record in ArchiveIterator(fh) if record.rec_type == "response"]
    answered = [hit.path for hit in first.hits if hit.path != "/news/slow"]  # timed out: no answer
    assert archived == answered


def test_archived_pages_parse_like_the_live_ones(first, site, engine):
    from_warc = {_path(site, page.url): page for _url, page in iter_warc_pages(first.warc)}
    with engine.connect() as conn:
        live = {_path(site, row.article_key): row for row in conn.execute(sa.select(articles))}
    assert set(STORED) <= set(from_warc)
    for path, row in live.items():
        assert (from_warc[path].title, from_warc[path].text) == (row.title, row.text), path


def test_raw_location_points_into_the_warc(first, site, engine):
    with engine.connect() as conn:
        location = conn.execute(sa.select(articles.c.raw_location)
                                .where(articles.c.article_key == site.url("/news/defi-hack"))).scalar_one()
    file, offset = location.removeprefix("warc:").rsplit("#", 1)
    with open(file, "rb") as fh:
        fh.seek(int(offset))
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_headers.get_header("WARC-Target-URI") == site.url("/news/defi-hack")
        assert b"DeFi lender loses" in record.content_stream().read()


# --- second run: nothing changed --------------------------------------------------------------

def test_second_run_gets_304s_and_refetches_no_stored_page(second):
    statuses = {hit.path: hit.status for hit in second.hits}
    assert {p: statuses[p] for p in ("/feeds/news.xml", "/feeds/markets.atom", "/sitemaps/index.xml")} == {
        "/feeds/news.xml": 304, "/feeds/markets.atom": 304, "/sitemaps/index.xml": 304}
    pages = {hit.path for hit in second.hits if hit.path.startswith(("/news/", "/de/"))}
    assert pages == {"/news/slow"}  # only the page that failed for a passing reason is tried again
    assert second.report.stored == [] and second.extraction.seen == []


def test_second_run_is_short(first, second):
    assert len(second.hits) <= 8 < len(first.hits)


# --- third run: one new article, one modified per the sitemap ---------------------------------

def test_third_run_fetches_only_the_new_and_the_modified(third, site):
    pages = [(hit.path, hit.status) for hit in third.hits if hit.path.startswith(("/news/", "/de/"))]
    assert sorted(set(pages)) == [("/news/ether-staking", 304), ("/news/late-breaking", 200), ("/news/slow", 200)]
    assert [_path(site, url) for url in third.report.stored] == ["/news/late-breaking"]
    assert [_path(site, url) for url in third.extraction.seen] == ["/news/late-breaking"]


def test_modified_page_is_asked_conditionally(third):
    [hit] = [hit for hit in third.hits if hit.path == "/news/ether-staking"]
    assert hit.headers.get("If-None-Match")
