import pytest

from extractor.collect.urls import canonical_url, matches_domains, netloc_of, on_hosts, origin_of


@pytest.mark.parametrize("url,expected", [
    ("HTTPS://WWW.CoinDesk.com/markets/x", "https://www.coindesk.com/markets/x"),
    ("https://www.coindesk.com:443/x", "https://www.coindesk.com/x"),
    ("http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x"),
    ("https://decrypt.co", "https://decrypt.co/"),
    ("https://decrypt.co/x#comments", "https://decrypt.co/x"),
    ("https://decrypt.co/x?utm_source=rss&utm_medium=feed", "https://decrypt.co/x"),
    ("https://decrypt.co/x?fbclid=abc&page=2", "https://decrypt.co/x?page=2"),
    ("https://decrypt.co/x?b=2&a=1", "https://decrypt.co/x?a=1&b=2"),
    ("https://user:pw@decrypt.co/x", "https://decrypt.co/x"),
    ("  https://decrypt.co/x\n", "https://decrypt.co/x"),
    ("https://www.coindesk.com/arc/outboundfeeds/rss/?outputType=xml",
     "https://www.coindesk.com/arc/outboundfeeds/rss/?outputType=xml"),
])
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_canonical_url_resolves_relative_links():
    assert canonical_url("../b?gclid=1", "https://blockworks.co/news/a/") == "https://blockworks.co/news/b"


@pytest.mark.parametrize("url", ["ftp://x.org/a", "mailto:a@b.c", "javascript:alert(1)", "/relative", "http://"])
def test_canonical_url_refuses_what_is_not_http(url):
    with pytest.raises(ValueError):
        canonical_url(url)


@pytest.mark.parametrize("url,hosts,expected", [
    ("https://decrypt.co/x", ["decrypt.co"], True),
    ("https://DECRYPT.co/x", ["decrypt.co"], True),
    ("https://evil.decrypt.co/x", ["decrypt.co"], False),
    ("https://decrypt.co.evil.com/x", ["decrypt.co"], False),
    ("ftp://decrypt.co/x", ["decrypt.co"], False),
])
def test_on_hosts_is_exact(url, hosts, expected):
    assert on_hosts(url, hosts) is expected


@pytest.mark.parametrize("url,expected", [
    ("https://es.cointelegraph.com/x", True),
    ("https://cointelegraph.com/x", True),
    ("https://notcointelegraph.com/x", False),
])
def test_matches_domains_includes_subdomains(url, expected):
    assert matches_domains(url, ["cointelegraph.com"]) is expected


def test_politeness_units():
    assert netloc_of("http://127.0.0.1:8080/a?b=1") == "127.0.0.1:8080"
    assert origin_of("HTTPS://Decrypt.co:443/a") == "https://decrypt.co"
