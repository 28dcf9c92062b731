"""Shared fixtures: the fixture site on 127.0.0.1, a fast fetch policy, a fake extraction."""
from __future__ import annotations

from typing import Iterable, Iterator

import pytest

from extractor.collect.fetch import Fetcher, FetchPolicy
from extractor.collect.sources import Site
from extractor.collect.state import CrawlState
from extractor.db import connect
from extractor.records import Article, ArticleRecord

from .fixture_site import FixtureSite

# Real sites get the defaults; the fixture site is on this machine, so the tests are
# impatient (short timeouts, one retry) and rely on robots.txt's Crawl-delay alone.
TEST_POLICY = FetchPolicy(min_delay=0.0, connect_timeout=1.0, read_timeout=0.5, total_timeout=3.0,
                          max_bytes=1_000_000, retries=1, backoff=0.1, max_wait=5.0, trust_env=False)
FAST_ROBOTS = "User-agent: *\nDisallow: /private/\nCrawl-delay: 0.02\n"
RUN_INFO = {"pipeline_version": "test-fake", "config_hash": "fake", "models": {}}


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(TEST_POLICY) as client:
        yield client


@pytest.fixture
def state(tmp_path) -> Iterator[CrawlState]:
    engine = connect(f"sqlite:///{tmp_path / 'crawl.db'}")
    yield CrawlState(engine)
    engine.dispose()


def ledger_wire(site: FixtureSite, *, feeds: Iterable[str] = ("/feeds/news.xml", "/feeds/markets.atom",
                                                               "/feeds/broken.xml"),
                sitemaps: Iterable[str] = ("/sitemaps/index.xml",)) -> Site:
    """The fixture site as a crawl profile."""
    return Site(name="ledgerwire", hosts=("127.0.0.1",), feeds=tuple(site.url(p) for p in feeds),
                sitemaps=tuple(site.url(p) for p in sitemaps))


class FakeExtraction:
    """Stands in for the pipeline: one empty record per article, remembering what it saw."""

    def __init__(self, fail_on: str | None = None):
        self.seen: list[str] = []
        self.fail_on = fail_on

    def __call__(self, articles: Iterable[Article]) -> Iterator[ArticleRecord]:
        for article in articles:
            if self.fail_on and self.fail_on in article.id:
                raise RuntimeError(f"cannot extract {article.id}")
            self.seen.append(article.id)
            yield ArticleRecord(article=article, warnings=["fake extraction"])


@pytest.fixture(scope="module")
def site() -> Iterator[FixtureSite]:
    """The fixture site with a short Crawl-delay, one server per test module."""
    server = FixtureSite()
    server.replace("/robots.txt", FAST_ROBOTS)
    yield server
    server.stop()
