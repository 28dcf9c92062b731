"""Article links from RSS 2.0, RSS 1.0 (RDF) and Atom feeds.

Only what the crawler needs is read: each item's link, title and dates. Links are
resolved against the feed's address; items without a usable link are left out.
"""
from __future__ import annotations

from typing import Iterator, Optional
from urllib.parse import urljoin

from lxml import etree

from extractor.collect.dates import to_iso
from extractor.collect.xmldocs import BadXML, Entry, child_text, children, descendants, local_name, parse_xml


def parse_feed(data: bytes, feed_url: str) -> list[Entry]:
    """The entries of a feed; BadXML when it is not a readable feed."""
    root = parse_xml(data)
    kind = local_name(root)
    if kind == "rss":
        items: Iterator[etree._Element] = (item for channel in children(root, "channel")
                                           for item in children(channel, "item"))
        read = _rss_item
    elif kind == "RDF":
        items, read = descendants(root, "item"), _rss_item
    elif kind == "feed":
        items, read = children(root, "entry"), _atom_entry
    else:
        raise BadXML(f"not a feed: root element <{kind}> (expected <rss>, <feed> or <rdf:RDF>)")
    entries = (read(item, feed_url) for item in items)
    return [entry for entry in entries if entry is not None]


def _rss_item(item: etree._Element, feed_url: str) -> Optional[Entry]:
    link = child_text(item, "link")
    if not link:
        guid = next(children(item, "guid"), None)
        permalink = guid is not None and guid.get("isPermaLink", "true").lower() != "false"
        link = (guid.text or "").strip() if permalink else None
    if not link:
        return None
    published = to_iso(child_text(item, "pubDate", "date", "published"))
    return Entry(url=urljoin(feed_url, link), title=child_text(item, "title"),
                 published=published, modified=to_iso(child_text(item, "updated", "modified")) or published)


def _atom_entry(entry: etree._Element, feed_url: str) -> Optional[Entry]:
    links = list(children(entry, "link"))
    chosen = next((link for link in links if link.get("rel", "alternate") == "alternate" and link.get("href")),
                  None)
    if chosen is None:
        return None
    published = to_iso(child_text(entry, "published", "issued"))
    updated = to_iso(child_text(entry, "updated", "modified"))
    return Entry(url=urljoin(feed_url, chosen.get("href").strip()), title=child_text(entry, "title"),
                 published=published or updated, modified=updated or published)
