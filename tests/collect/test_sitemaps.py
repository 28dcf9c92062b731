import gzip
from pathlib import Path

import pytest

from extractor.collect.sitemaps import parse_sitemap
from extractor.collect.xmldocs import BadXML

SITE = Path(__file__).resolve().parents[2] / "corpus" / "site"
BASE = "http://127.0.0.1:9"


def _fixture(name: str) -> bytes:
    return (SITE / "sitemaps" / name).read_bytes().replace(b"{{base}}", BASE.encode())


def test_sitemap_index_lists_child_sitemaps_with_lastmod():
    sitemap = parse_sitemap(_fixture("index.xml"), BASE + "/sitemaps/index.xml", max_bytes=100_000)
    assert sitemap.pages == []
    assert [e.url.rsplit("/", 1)[1] for e in sitemap.sitemaps] == [
        "news.xml", "archive.xml.gz", "bomb.xml", "external-entity.xml", "sitemap.xml"]
    assert sitemap.sitemaps[0].modified == "2026-10-12T15:00:00+00:00"


def test_google_news_sitemap_gives_title_date_and_language():
    page = parse_sitemap(_fixture("news.xml"), BASE + "/sitemaps/news.xml", max_bytes=100_000).pages[0]
    assert (page.url, page.title, page.published, page.language) == (
        BASE + "/news/defi-hack", "DeFi lender loses $48 million in oracle exploit", "2026-10-12T10:20:00+00:00", "en")


def test_gzipped_sitemap_is_inflated():
    sitemap = parse_sitemap(gzip.compress(_fixture("archive.xml")), BASE + "/a.xml.gz", max_bytes=100_000)
    assert [(e.url, e.modified) for e in sitemap.pages] == [(BASE + "/news/archive-2025", "2025-12-30T09:00:00+00:00")]


@pytest.mark.parametrize("data,message", [
    (gzip.compress(b"<urlset>" + b" " * 200_000 + b"</urlset>"), "larger than 100000 bytes"),
    (b"\x1f\x8b\x08garbage", "does not decompress"),
    (b"<feed xmlns='http://www.w3.org/2005/Atom'/>", "not a sitemap"),
])
def test_bad_sitemaps(data, message):
    with pytest.raises(BadXML, match=message):
        parse_sitemap(data, BASE + "/s.xml", max_bytes=100_000)
