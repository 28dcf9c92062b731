"""An interrupted crawl resumes without refetching what it stored, and extracts what it missed."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from extractor.collect.crawler import Crawler, CrawlOptions
from extractor.collect.fetch import Fetcher
from extractor.collect.state import CrawlState
from extractor.db.schema import articles, extractions

from .conftest import FAST_ROBOTS, RUN_INFO, TEST_POLICY, FakeExtraction, ledger_wire
from .fixture_site import FixtureSite

PAGES = ["/news/bitcoin-etf-inflows", "/news/ether-staking", "/news/solana-outage", "/news/defi-hack",
         "/news/malformed-jsonld", "/news/stablecoin-rules"]
FEED = ("<rss version='2.0'><channel>"
        + "".join(f"<item><link>{{{{base}}}}{path}</link></item>" for path in PAGES)
        + "</channel></rss>")


@pytest.fixture
def small_site():
    server = FixtureSite()
    server.replace("/robots.txt", FAST_ROBOTS)
    server.replace("/feeds/small.xml", FEED)
    yield server
    server.stop()


class Interrupt:
    """Raises KeyboardInterrupt (as Ctrl-C would) on the n-th call."""

    def __init__(self, on_call: int):
        self.calls, self.on_call = 0, on_call

    def __call__(self, *_args: object) -> None:
        self.calls += 1
        if self.calls == self.on_call:
            raise KeyboardInterrupt


def _crawl(site: FixtureSite, state: CrawlState, extraction, max_articles=None, **hooks):
    site.clear_log()
    with Fetcher(TEST_POLICY) as fetcher:
        crawler = Crawler(state, fetcher, extraction, RUN_INFO,
                          options=CrawlOptions(batch_size=2, max_articles=max_articles), **hooks)
        return crawler.run([ledger_wire(site, feeds=["/feeds/small.xml"], sitemaps=[])])


def _page_requests(site: FixtureSite) -> list[str]:
    return [hit.path for hit in site.log if hit.path.startswith("/news/")]


def _paths(site: FixtureSite, urls: list[str]) -> list[str]:
    return sorted(url.removeprefix(site.base) for url in urls)


def test_interrupted_during_fetching_resumes_with_the_rest(small_site, state):
    first = FakeExtraction()
    with pytest.raises(KeyboardInterrupt):  # after the feed and three pages: one batch of two extracted
        _crawl(small_site, state, first, on_progress=Interrupt(on_call=4))
    assert _page_requests(small_site) == PAGES[:3] and _paths(small_site, first.seen) == sorted(PAGES[:2])

    extraction = FakeExtraction()
    report = _crawl(small_site, state, extraction)
    assert [hit.status for hit in small_site.log if hit.path == "/feeds/small.xml"] == [304]
    assert _page_requests(small_site) == sorted(PAGES[3:])
    assert _paths(small_site, extraction.seen) == sorted(PAGES[2:])
    assert _paths(small_site, report.stored) == sorted(PAGES[3:])


def test_interrupted_during_extraction_extracts_from_the_database(small_site, state):
    first = FakeExtraction()
    interrupt = Interrupt(on_call=2)

    def extract_then_interrupt(batch):
        interrupt()
        return first(batch)

    with pytest.raises(KeyboardInterrupt):  # the second batch of two is never extracted
        _crawl(small_site, state, extract_then_interrupt)
    assert len(first.seen) == 2

    extraction = FakeExtraction()
    _crawl(small_site, state, extraction)
    stored_unextracted = PAGES[2:4]
    assert _page_requests(small_site) == sorted(PAGES[4:])
    assert _paths(small_site, extraction.seen) == sorted(stored_unextracted + PAGES[4:])
    with state.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(extractions)).scalar() == len(PAGES)
        assert conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar() == len(PAGES)


def test_max_articles_stops_the_crawl_and_the_next_run_continues(small_site, state):
    assert _paths(small_site, _crawl(small_site, state, FakeExtraction(), max_articles=2).stored) == sorted(PAGES[:2])
    assert _page_requests(small_site) == PAGES[:2]
    assert _paths(small_site, _crawl(small_site, state, FakeExtraction()).stored) == sorted(PAGES[2:])
    assert _page_requests(small_site) == sorted(PAGES[2:])


def test_a_failing_article_does_not_sink_its_batch(small_site, state):
    report = _crawl(small_site, state, FakeExtraction(fail_on="solana-outage"))
    assert report.extracted == len(PAGES) - 1
    assert len(report.errors) == 1 and "solana-outage" in report.errors[0]
