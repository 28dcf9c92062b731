from pathlib import Path

import pytest

from extractor.collect.feeds import parse_feed
from extractor.collect.xmldocs import BadXML

SITE = Path(__file__).resolve().parents[2] / "corpus" / "site"
BASE = "http://127.0.0.1:9"


def _fixture(name: str) -> bytes:
    return (SITE / "feeds" / name).read_bytes().replace(b"{{base}}", BASE.encode())


def test_rss_items_in_order_with_dates():
    entries = parse_feed(_fixture("news.xml"), BASE + "/feeds/news.xml")
    assert len(entries) == 15
    first = entries[0]
    assert first.url == BASE + "/news/bitcoin-etf-inflows?utm_source=rss&utm_medium=feed#comments"
    assert first.title == "Bitcoin ETFs log $1.1 billion of inflows as price nears record"
    assert first.published == "2026-10-12T14:05:00+00:00"


def test_atom_entries_use_the_alternate_link():
    entries = parse_feed(_fixture("markets.atom"), BASE + "/feeds/markets.atom")
    assert [e.url.rsplit("/", 1)[1] for e in entries] == [
        "solana-outage", "malformed-jsonld", "bitcoin-etf-inflows", "huge-chunked", "gzip-bomb"]
    assert entries[1].published == entries[1].modified == "2026-10-08T12:00:00+00:00"


@pytest.mark.parametrize("item,expected", [
    ("<item><link>/relative</link></item>", "https://a.example/relative"),
    ("<item><guid>https://a.example/g</guid></item>", "https://a.example/g"),
    ('<item><guid isPermaLink="false">id-1</guid></item>', None),
    ("<item><title>no link</title></item>", None),
])
def test_rss_item_links(item, expected):
    entries = parse_feed(f"<rss><channel>{item}</channel></rss>".encode(), "https://a.example/feed")
    assert [e.url for e in entries] == ([expected] if expected else [])


def test_rdf_feed():
    data = (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
            b'<item><link>https://a.example/1</link><title>One</title></item></rdf:RDF>')
    assert [e.url for e in parse_feed(data, "https://a.example/rdf")] == ["https://a.example/1"]


def test_a_sitemap_is_not_a_feed():
    with pytest.raises(BadXML, match="not a feed: root element <urlset>"):
        parse_feed(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', "https://a.example/f")
