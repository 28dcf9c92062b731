"""Hostile and malformed XML is refused with a clear message and never expanded."""
import time
from pathlib import Path

import pytest

from extractor.collect.feeds import parse_feed
from extractor.collect.sitemaps import parse_sitemap
from extractor.collect.xmldocs import BadXML, parse_xml

SITE = Path(__file__).resolve().parents[2] / "corpus" / "site"
BILLION_LAUGHS = (SITE / "sitemaps" / "bomb.xml").read_bytes()
EXTERNAL_ENTITY = (SITE / "sitemaps" / "external-entity.xml").read_bytes()


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["entity-expansion", "external-entity"])
@pytest.mark.parametrize("reader", [
    lambda d: parse_sitemap(d, "http://127.0.0.1/s.xml", max_bytes=10_000),
    lambda d: parse_feed(d, "http://127.0.0.1/f.xml"),
], ids=["sitemap", "feed"])
def test_hostile_xml_is_refused_quickly(reader, data):
    started = time.monotonic()
    with pytest.raises(BadXML, match="DOCTYPE"):
        reader(data)
    assert time.monotonic() - started < 0.5


def test_doctype_in_utf16_is_caught_after_parsing():
    data = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>'.encode("utf-16")
    with pytest.raises(BadXML, match="DOCTYPE"):
        parse_xml(data)


@pytest.mark.parametrize("data,message", [
    (b"", "empty document"),
    (b"   \n", "empty document"),
    ((SITE / "feeds" / "broken.xml").read_bytes(), "malformed XML"),
    (b"<rss><channel><title>&nbsp;</title></channel></rss>", "malformed XML"),
    (b"\x00\x01binary", "malformed XML"),
])
def test_malformed_xml_is_refused_with_its_reason(data, message):
    with pytest.raises(BadXML, match=message):
        parse_xml(data)


def test_cdata_mentioning_a_doctype_is_fine():
    data = b"<rss><channel><item><link>http://a.example/x</link><description><![CDATA[<!DOCTYPE html>]]></description></item></channel></rss>"
    assert parse_xml(data).tag == "rss"
