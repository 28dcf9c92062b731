"""Links from sitemaps: sitemap indexes, URL sets and Google News sitemaps.

An index lists further sitemaps (with <lastmod>), a URL set lists pages; a Google
News sitemap is a URL set whose entries carry <news:news> with the publication
date, title and language. Gzipped sitemaps (.xml.gz) are inflated with the same
size cap as any response body.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree

from extractor.collect.dates import to_iso
from extractor.collect.fetch import decode_capped
from extractor.collect.xmldocs import BadXML, Entry, child_text, children, local_name, parse_xml

GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class Sitemap:
    """What one sitemap document lists: further sitemaps (an index) or pages (a URL set)."""

    sitemaps: list[Entry] = field(default_factory=list)
    pages: list[Entry] = field(default_factory=list)


def parse_sitemap(data: bytes, sitemap_url: str, *, max_bytes: int) -> Sitemap:
    """The entries of a sitemap; BadXML when it is not a readable sitemap."""
    if data.startswith(GZIP_MAGIC):
        data = _gunzip(data, max_bytes)
    root = parse_xml(data)
    kind = local_name(root)
    if kind == "sitemapindex":
        return Sitemap(sitemaps=[entry for node in children(root, "sitemap")
                                 if (entry := _entry(node, sitemap_url)) is not None])
    if kind == "urlset":
        return Sitemap(pages=[entry for node in children(root, "url")
                              if (entry := _entry(node, sitemap_url)) is not None])
    raise BadXML(f"not a sitemap: root element <{kind}> (expected <urlset> or <sitemapindex>)")


def _entry(node: etree._Element, sitemap_url: str) -> Entry | None:
    loc = child_text(node, "loc")
    if not loc:
        return None
    news = next(children(node, "news"), None)
    publication = next(children(news, "publication"), None) if news is not None else None
    return Entry(url=urljoin(sitemap_url, loc),
                 title=child_text(news, "title") if news is not None else None,
                 published=to_iso(child_text(news, "publication_date")) if news is not None else None,
                 modified=to_iso(child_text(node, "lastmod")),
                 language=child_text(publication, "language") if publication is not None else None)


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    try:
        body, truncated = decode_capped([data], "gzip", max_bytes)
    except zlib.error as err:
        raise BadXML(f"gzipped sitemap does not decompress: {err}") from err
    if truncated:
        raise BadXML(f"gzipped sitemap is larger than {max_bytes} bytes once decompressed")
    return body
