"""parse_page on the fixture-site pages (the generic chain) and on hand-made edge cases."""
import json
from pathlib import Path

import pytest

from extractor.collect.page import MIN_BODY_WORDS, parse_page
from extractor.collect.sites.base import clean_authors

SITE = Path(__file__).resolve().parents[2] / "corpus" / "site"
EXPECTED = {path: fields for path, fields in json.loads((SITE / "expected.json").read_text()).items()
            if path.startswith("/")}
BASE = "http://127.0.0.1:9"
FIELDS = ("title", "authors", "published", "section", "language", "paywalled")


def _page(path: str):
    html = (SITE / f"{path.lstrip('/')}.html").read_bytes().replace(b"{{base}}", BASE.encode())
    return parse_page(html, BASE + path + "?utm_source=test")


@pytest.fixture(scope="module")
def pages() -> dict:
    return {path: _page(path) for path in EXPECTED}


CASES = [(path, field) for path in EXPECTED for field in FIELDS]


@pytest.mark.parametrize("path,field", CASES, ids=[f"{p}-{f}" for p, f in CASES])
def test_fields(pages, path, field):
    assert getattr(pages[path], field) == EXPECTED[path][field]


@pytest.mark.parametrize("path", EXPECTED)
def test_provenance(pages, path):
    provenance = pages[path].provenance
    assert {key: provenance.get(key) for key in EXPECTED[path]["provenance"]} == EXPECTED[path]["provenance"]


@pytest.mark.parametrize("path", EXPECTED)
def test_text_keeps_the_article_and_drops_the_rest(pages, path):
    text, expected = pages[path].text, EXPECTED[path]
    assert text.startswith(expected["text_starts"]) and text.endswith(expected["text_ends"])
    assert [junk for junk in expected["text_excludes"] if junk in text] == []


@pytest.mark.parametrize("path", EXPECTED)
def test_canonical_url_without_tracking_parameters(pages, path):
    assert pages[path].url == BASE + path


def test_to_article_carries_the_page_fields(pages):
    page = pages["/news/bitcoin-etf-inflows"]
    article = page.to_article()
    assert (article.id, article.url, article.title, article.published) == (page.url, page.url, page.title, page.published)
    assert article.extra["provenance"]["title"] == "json-ld:headline" and article.extra["paywalled"] is False
    assert page.to_article("my-id").id == "my-id"


def _html(head: str = "", body: str = "") -> str:
    paragraph = "<p>" + " ".join(["word"] * MIN_BODY_WORDS) + ".</p>"
    return f"<html><head>{head}</head><body><article>{body or paragraph}</article></body></html>"


@pytest.mark.parametrize("script,title", [
    ('{"@type": "NewsArticle", "headline": "Trailing comma",}', "Trailing comma"),
    ('<!-- {"@type": "NewsArticle", "headline": "In a comment"} -->', "In a comment"),
    ('{"@type": "NewsArticle", "headline": "Raw\nnewline"}', "Raw newline"),
    ('{"@type": "WebSite", "name": "x"} {"@type": "NewsArticle", "headline": "Second object"}', "Second object"),
    ('{"@graph": [{"@type": ["Article"], "headline": "Generic"}, {"@type": "NewsArticle", "headline": "News"}]}',
     "News"),
    ('{"@type": "https://schema.org/NewsArticle", "headline": "Full type URL"}', "Full type URL"),
])
def test_json_ld_is_read_tolerantly(script, title):
    page = parse_page(_html(f'<script type="application/ld+json">{script}</script>'), "https://a.example/x")
    assert (page.title, page.provenance["title"]) == (title, "json-ld:headline")


@pytest.mark.parametrize("script", ['{"@type": "NewsArticle", "headline": ', "not json at all", "[]", '"a string"'])
def test_hopeless_json_ld_falls_through_to_meta(script):
    head = f'<script type="application/ld+json">{script}</script><meta property="og:title" content="From meta">'
    assert parse_page(_html(head), "https://a.example/x").provenance["title"] == "meta:og:title"


@pytest.mark.parametrize("head,reason", [
    ('<meta property="article:content_tier" content="locked">', "meta:article:content_tier=locked"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "wordCount": 900}</script>', "truncated"),
])
def test_teasers_are_flagged(head, reason):
    page = parse_page(_html(head), "https://a.example/x")
    assert page.paywalled and page.provenance["paywalled"].startswith(reason)


@pytest.mark.parametrize("title,site_name,expected", [
    ("Bitcoin jumps | Ledger Wire", None, "Bitcoin jumps"),
    ("Bitcoin jumps - Decrypt", "Decrypt", "Bitcoin jumps"),
    ("Stablecoin rules: what the new bill means for issuers", None,
     "Stablecoin rules: what the new bill means for issuers"),
])
def test_title_tag_loses_the_site_name(title, site_name, expected):
    head = f"<title>{title}</title>" + (f'<meta property="og:site_name" content="{site_name}">' if site_name else "")
    assert parse_page(_html(head), "https://a.example/x").title == expected


def test_cross_host_canonical_is_not_trusted():
    page = parse_page(_html('<link rel="canonical" href="https://other.example/copy">'), "https://a.example/x?fbclid=1")
    assert page.url == "https://a.example/x"


@pytest.mark.parametrize("html", [b"", b"\x00\xff\xfe garbage", "<html><body></body></html>", "<p>unclosed <div>"])
def test_empty_or_broken_html_gives_an_empty_page_not_an_error(html):
    assert parse_page(html).text in ("", "unclosed")


@pytest.mark.parametrize("values,expected", [
    (["By Jane Doe and John Smith"], ["Jane Doe", "John Smith"]),
    (["Jane Doe, John Smith", "jane doe"], ["Jane Doe", "John Smith"]),
    (["https://facebook.com/janedoe", "@janedoe"], []),
    (["Alexandra Andersen"], ["Alexandra Andersen"]),
])
def test_clean_authors(values, expected):
    assert clean_authors(values) == expected
