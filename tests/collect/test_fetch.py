"""The fetcher against the fixture site: robots.txt, spacing, retries, caps, types, redirects."""
from __future__ import annotations

import itertools
import socket

import pytest

from extractor.collect.fetch import USER_AGENT, FetchFailed, Fetcher

from .conftest import TEST_POLICY
from .fixture_site import FixtureSite

HOSTS = ("127.0.0.1",)


@pytest.fixture
def fresh_site():
    """A site of its own, with the corpus robots.txt (Crawl-delay 0.3)."""
    server = FixtureSite()
    yield server
    server.stop()


def _gaps(hits) -> list[float]:
    return [later.at - earlier.at for earlier, later in itertools.pairwise(hits)]


def test_robots_txt_is_read_first_and_once_with_an_honest_user_agent(fresh_site):
    with Fetcher(TEST_POLICY) as fetcher:
        for path in ("/news/ether-staking", "/news/solana-outage"):
            fetcher.fetch(fresh_site.url(path), "page", HOSTS)
    assert fresh_site.paths() == ["/robots.txt", "/news/ether-staking", "/news/solana-outage"]
    assert {hit.headers["User-Agent"] for hit in fresh_site.log} == {USER_AGENT}


def test_requests_to_one_host_are_spaced_by_crawl_delay(fresh_site):
    with Fetcher(TEST_POLICY) as fetcher:
        for path in ("/news/ether-staking", "/news/solana-outage", "/news/busy.html", "/news/flaky.html"):
            fetcher.fetch(fresh_site.url(path), "page", HOSTS)
    gaps = _gaps(fresh_site.log)
    assert len(gaps) == 4 and min(gaps) >= 0.3, gaps


def test_robots_disallowed_path_is_never_requested(site, fetcher):
    site.clear_log()
    with pytest.raises(FetchFailed) as caught:
        fetcher.fetch(site.url("/private/insider"), "page", HOSTS)
    assert caught.value.reason == "robots"
    assert not any(path.startswith("/private/") for path in site.paths())


def test_off_host_url_is_never_requested(site, fetcher):
    with pytest.raises(FetchFailed) as caught:
        fetcher.fetch("http://offsite.invalid/news", "page", HOSTS)
    assert caught.value.reason == "off-host"


def test_429_is_retried_after_retry_after(site, fetcher):
    site.clear_log()
    response = fetcher.fetch(site.url("/news/busy"), "page", HOSTS)
    hits = site.hits("/news/busy")
    assert [hit.status for hit in hits] == [429, 200] and response.status == 200
    assert hits[1].at - hits[0].at >= 1.0


def test_500_is_retried_with_backoff(site, fetcher):
    site.clear_log()
    response = fetcher.fetch(site.url("/news/flaky"), "page", HOSTS)
    hits = site.hits("/news/flaky")
    assert [hit.status for hit in hits] == [500, 200] and b"Dogecoin slides" in response.body
    assert hits[1].at - hits[0].at >= TEST_POLICY.backoff


def test_slow_answer_times_out_after_the_retries(site, fetcher):
    site.clear_log()
    with pytest.raises(FetchFailed) as caught:
        fetcher.fetch(site.url("/news/slow"), "page", HOSTS)
    assert caught.value.reason == "timeout" and caught.value.transient
    assert len(site.hits("/news/slow")) == TEST_POLICY.retries + 1


@pytest.mark.parametrize("path", ["/news/huge", "/news/huge-chunked", "/news/gzip-bomb"],
                         ids=["declared-length", "chunked", "gzip-bomb"])
def test_oversized_body_is_refused(site, fetcher, path):
    with pytest.raises(FetchFailed) as caught:
        fetcher.fetch(site.url(path), "page", HOSTS)
    assert caught.value.reason == "oversize" and not caught.value.transient


@pytest.mark.parametrize("path,kind", [("/news/report.pdf", "page"), ("/news/ether-staking", "feed"),
                                       ("/feeds/news.xml", "page")])
def test_content_type_must_suit_the_kind(site, fetcher, path, kind):
    with pytest.raises(FetchFailed) as caught:
        fetcher.fetch(site.url(path), kind, HOSTS)
    assert caught.value.reason == "content-type"


def test_redirect_is_followed_to_a_canonical_address(site, fetcher):
    response = fetcher.fetch(site.url("/news/old-link"), "page", HOSTS)
    assert response.url == site.url("/news/stablecoin-rules")
    assert response.redirects == [site.url("/news/old-link")]


@pytest.mark.parametrize("path,reason", [("/news/loop-a", "redirects"), ("/news/elsewhere", "off-host"),
                                         ("/news/gone", "http-404")])
def test_bad_redirects_and_errors(site, fetcher, path, reason):
    with pytest.raises(FetchFailed) as caught:
        fetcher.fetch(site.url(path), "page", HOSTS)
    assert caught.value.reason == reason


def test_conditional_get_is_answered_304(site, fetcher):
    first = fetcher.fetch(site.url("/feeds/news.xml"), "feed", HOSTS)
    again = fetcher.fetch(site.url("/feeds/news.xml"), "feed", HOSTS, etag=first.etag)
    assert first.status == 200 and first.etag and again.status == 304 and again.body == b""


def test_content_encoding_is_undone(site, fetcher):
    response = fetcher.fetch(site.url("/news/defi-hack"), "page", HOSTS)
    assert response.body.startswith(b"<!DOCTYPE html>")


@pytest.mark.parametrize("robots_route,error", [
    ({"status": 503, "file": "errors/server-error.txt"}, "answered HTTP 503"),
    ({"status": 403, "file": "errors/server-error.txt"}, "forbidden"),
])
def test_unreadable_robots_means_the_origin_is_not_crawled(fresh_site, robots_route, error):
    fresh_site.routes["/robots.txt"] = robots_route
    with Fetcher(TEST_POLICY) as fetcher, pytest.raises(FetchFailed) as caught:
        fetcher.fetch(fresh_site.url("/news/ether-staking"), "page", HOSTS)
    assert caught.value.reason == "robots-unavailable" and error in caught.value.detail
    assert "/news/ether-staking" not in fresh_site.paths()


def test_robots_on_a_closed_port_means_the_origin_is_not_crawled():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/news/x"
    with Fetcher(TEST_POLICY) as fetcher, pytest.raises(FetchFailed) as caught:
        fetcher.fetch(closed, "page", HOSTS)
    assert caught.value.reason == "robots-unavailable" and "robots.txt unreadable" in caught.value.detail


def test_missing_robots_means_no_rules(fresh_site):
    fresh_site.routes["/robots.txt"] = {"status": 404, "file": "errors/not-found.html"}
    with Fetcher(TEST_POLICY) as fetcher:
        assert fetcher.fetch(fresh_site.url("/private/insider"), "page", HOSTS).status == 200


def test_a_retry_after_beyond_the_limit_gives_up_at_once(fresh_site):
    fresh_site.routes["/news/busy"] = {"status": 503, "headers": {"Retry-After": "3600"},
                                       "file": "errors/slow-down.txt"}
    with Fetcher(TEST_POLICY) as fetcher, pytest.raises(FetchFailed) as caught:
        fetcher.fetch(fresh_site.url("/news/busy"), "page", HOSTS)
    assert caught.value.reason == "retry-after" and len(fresh_site.hits("/news/busy")) == 1
