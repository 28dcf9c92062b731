"""Article pages parsed into fields, through a chain of sources with the first answer kept.

The chain, per field (title, authors, published, section, language, text):
1. JSON-LD: the page's `NewsArticle` (or another article type), read tolerantly:
   comments, trailing commas, raw control characters and several objects in one
   script are all accepted, `@graph` and `@id` references followed.
2. OpenGraph and meta tags (og:title, article:published_time, author, <html lang>, ...).
3. The site's parser (`sites/`), chosen by the page's domain: CSS rules for the byline,
   dates and the article body without navigation, ads and related-links boxes.
4. trafilatura for the body, title and author, htmldate for the date: the generic
   fallback, run only when a field is still missing after the first three.
A body shorter than `MIN_BODY_WORDS` does not stop the chain; the longest found is
kept if no source does better. `provenance` records where every field came from.

Paywalls: a page is flagged `paywalled` (with the reason in provenance) when JSON-LD
says `isAccessibleForFree: false`, a meta tag marks the content tier locked or
metered, the site parser sees its paywall box, or the body is much shorter than the
JSON-LD `wordCount` (`TRUNCATED_RATIO`). A flagged teaser is kept, never passed off
as the article.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from extractor.collect.dates import to_iso
from extractor.collect.sites import parser_for
from extractor.collect.sites.base import clean_authors
from extractor.collect.urls import canonical_url, host_of
from extractor.records import Article

FIELDS = ("title", "authors", "published", "section", "language", "text")
FALLBACK_FIELDS = ("title", "authors", "published", "text")  # what trafilatura + htmldate can give
MIN_BODY_WORDS = 40  # a body shorter than this lets later sources try
TRUNCATED_RATIO = 0.6  # body words below this share of JSON-LD wordCount: a teaser
ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
                           "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
                           "BlogPosting", "LiveBlogPosting", "Report", "TechArticle"})
LOCKED_TIERS = frozenset({"locked", "metered", "premium", "subscriber", "subscription"})
_TITLE_SUFFIX = re.compile(r"\s+[|\-–—·:]\s+([^|\-–—·:]{2,40})$")
_TRAILING_COMMAS = re.compile(r",\s*([}\]])")
_WRAPPER_OPEN = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)")
_WRAPPER_CLOSE = re.compile(r"(?://\s*)?(?:-->|\]\]>)\s*$")


@dataclass
class ParsedPage:
    """An article page's fields, each with the source it came from in `provenance`."""

    url: Optional[str] = None  # canonical URL: the page's own rel=canonical on its host, else the given one
    title: Optional[str] = None
    authors: list[str] = field(default_factory=list)
    published: Optional[str] = None  # ISO 8601
    section: Optional[str] = None
    language: Optional[str] = None  # primary subtag, lower case: "en", "de"
    text: str = ""
    paywalled: bool = False
    site: Optional[str] = None  # the site parser used, else the host
    provenance: dict[str, str] = field(default_factory=dict)

    def to_article(self, article_id: Optional[str] = None) -> Article:
        """The extractor's input; the id defaults to the canonical URL (a text hash without one)."""
        key = article_id or self.url or "sha256:" + hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        extra = {"canonical_url": self.url, "language": self.language, "section": self.section,
                 "paywalled": self.paywalled, "provenance": dict(self.provenance)}
        return Article(id=key, text=self.text, title=self.title, url=self.url, source=self.site,
                       published=self.published, authors=list(self.authors),
                       extra={name: value for name, value in extra.items() if value is not None})


def parse_page(html: str | bytes, url: Optional[str] = None) -> ParsedPage:
    """Parse one article page; `url` (where it was fetched) picks the site parser and resolves links."""
    soup = BeautifulSoup(html, "lxml")
    base = _safe_canonical(url) if url else None
    page = ParsedPage(url=_page_url(soup, base))
    site_parser = parser_for(page.url or base or "")
    page.site = site_parser.NAME if site_parser else (host_of(page.url) if page.url else None)
    json_ld = _article_json_ld(soup)

    sources: list[tuple[tuple[str, ...], Callable[[], dict[str, Any]]]] = [
        (FIELDS, lambda: _json_ld_fields(json_ld)),
        (FIELDS, lambda: _meta_fields(soup)),
    ]
    if site_parser:
        sources.append((FIELDS, lambda: _site_fields(site_parser, soup)))
    sources.append((FALLBACK_FIELDS, lambda: _fallback_fields(html, page.url)))

    found: dict[str, tuple[Any, str]] = {}
    short_texts: list[tuple[str, str]] = []
    for provides, read in sources:
        if all(name in found for name in provides):
            continue
        for key, (value, where) in read().items():
            if key == "text" and len(value.split()) < MIN_BODY_WORDS:
                short_texts.append((value, where))
            elif key not in found:
                found[key] = (value, where)
    if "text" not in found and short_texts:
        found["text"] = max(short_texts, key=lambda pair: len(pair[0]))
    for key, (value, where) in found.items():
        setattr(page, key, value)
        page.provenance[key] = where

    paywall = _paywall_reason(json_ld, soup, site_parser, page.text)
    if paywall:
        page.paywalled, page.provenance["paywalled"] = True, paywall
    return page


def _safe_canonical(url: str) -> Optional[str]:
    try:
        return canonical_url(url)
    except ValueError:
        return None


def _page_url(soup: BeautifulSoup, base: Optional[str]) -> Optional[str]:
    """rel=canonical or og:url when on the same host as `base` (a syndicated copy keeps its own URL)."""
    for tag, attr in ((soup.find("link", rel="canonical"), "href"),
                      (soup.find("meta", property="og:url"), "content")):
        value = tag.get(attr) if isinstance(tag, Tag) else None
        if isinstance(value, str) and value.strip():
            candidate = _safe_canonical(urljoin(base, value.strip()) if base else value)
            if candidate and (base is None or host_of(candidate) == host_of(base)):
                return candidate
    return base


# --- 1. JSON-LD -----------------------------------------------------------------------------

def _article_json_ld(soup: BeautifulSoup) -> Optional[dict[str, Any]]:
    """The page's article object from JSON-LD (a NewsArticle type preferred), with @id links resolved."""
    objects = [obj for script in soup.find_all("script", type=re.compile(r"ld\+json", re.I))
               for obj in _loads_tolerant(script.string or script.get_text())]
    nodes = list(_walk(objects))
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str) and len(node) > 1}
    articles = [node for node in nodes if _types(node) & ARTICLE_TYPES]
    if not articles:
        return None
    articles.sort(key=lambda node: not any(t.endswith("NewsArticle") for t in _types(node)))
    return _resolve(articles[0], by_id)


def _loads_tolerant(raw: str) -> list[Any]:
    """All JSON values in a script, repairing what sites commonly get wrong; [] when hopeless."""
    text = _WRAPPER_CLOSE.sub("", _WRAPPER_OPEN.sub("", raw)).strip()
    for candidate in (text, _TRAILING_COMMAS.sub(r"\1", text)):
        values = _decode_all(candidate)
        if values:
            return values
    return []


def _decode_all(text: str) -> list[Any]:
    decoder, values, pos = json.JSONDecoder(strict=False), [], 0
    while pos < len(text):
        while pos < len(text) and text[pos] in " \t\r\n;,":
            pos += 1
        if pos >= len(text):
            break
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            return values
        values.append(value)
    return values


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _walk(child)
    elif isinstance(value, list):
        for child in value:
            yield from _walk(child)


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def _resolve(value: Any, by_id: dict[str, dict[str, Any]], depth: int = 0) -> Any:
    """Replace {"@id": ...} stubs by the node they name (a few levels deep, no cycles)."""
    if depth > 3:
        return value
    if isinstance(value, dict):
        if set(value) == {"@id"} and value["@id"] in by_id:
            value = by_id[value["@id"]]
        return {key: _resolve(child, by_id, depth + 1) for key, child in value.items()}
    if isinstance(value, list):
        return [_resolve(child, by_id, depth + 1) for child in value]
    return value


def _json_ld_fields(article: Optional[dict[str, Any]]) -> dict[str, tuple[Any, str]]:
    if not article:
        return {}
    fields: dict[str, tuple[Any, str]] = {}
    title = _first_string(article.get("headline")) or _first_string(article.get("name"))
    authors = clean_authors(_names(article.get("author")))
    published = to_iso(_first_string(article.get("datePublished")) or _first_string(article.get("dateCreated")))
    section = _first_string(article.get("articleSection"))
    language = _language(_first_string(article.get("inLanguage")) or _names_first(article.get("inLanguage")))
    body = _first_string(article.get("articleBody"))
    for key, value, where in (("title", _clean_text(title), "headline"), ("authors", authors, "author"),
                              ("published", published, "datePublished"), ("section", section, "articleSection"),
                              ("language", language, "inLanguage"), ("text", _body_paragraphs(body), "articleBody")):
        if value:
            fields[key] = (value, f"json-ld:{where}")
    return fields


def _first_string(value: Any) -> Optional[str]:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _names(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            yield name
    elif isinstance(value, list):
        for item in value:
            yield from _names(item)


def _names_first(value: Any) -> Optional[str]:
    if isinstance(value, dict):
        return _first_string(value.get("alternateName")) or _first_string(value.get("name"))
    return None


def _body_paragraphs(body: Optional[str]) -> Optional[str]:
    if not body:
        return None
    if "<" in body and ">" in body:
        body = BeautifulSoup(body, "lxml").get_text("\n")
    paragraphs = [" ".join(line.split()) for line in body.splitlines()]
    return "\n\n".join(p for p in paragraphs if p) or None


# --- 2. OpenGraph and meta tags -------------------------------------------------------------

META_TITLE = (("property", "og:title"), ("name", "twitter:title"))
META_AUTHORS = (("name", "author"), ("property", "article:author"), ("name", "parsely-author"),
                ("name", "sailthru.author"), ("name", "byl"))
META_PUBLISHED = (("property", "article:published_time"), ("name", "article:published_time"),
                  ("itemprop", "datePublished"), ("property", "og:published_time"), ("name", "pubdate"),
                  ("name", "publishdate"), ("name", "parsely-pub-date"), ("name", "sailthru.date"),
                  ("name", "DC.date.issued"), ("name", "date"))
META_SECTION = (("property", "article:section"), ("name", "parsely-section"), ("name", "section"))
META_LANGUAGE = (("http-equiv", "content-language"), ("name", "language"), ("property", "og:locale"))


def _meta_values(soup: BeautifulSoup, attr: str, name: str) -> list[str]:
    pattern = re.compile(rf"^{re.escape(name)}$", re.I)
    values = []
    for tag in soup.find_all(["meta", "time"], attrs={attr: pattern}):
        value = tag.get("content") or tag.get("datetime")
        if isinstance(value, str) and value.strip():
            values.append(value.strip())
    return values


def _first_meta(soup: BeautifulSoup, keys: tuple[tuple[str, str], ...],
                accept: Callable[[str], Any] = lambda v: v) -> Optional[tuple[Any, str]]:
    for attr, name in keys:
        for value in _meta_values(soup, attr, name):
            accepted = accept(value)
            if accepted:
                return accepted, f"meta:{name}"
    return None


def _meta_fields(soup: BeautifulSoup) -> dict[str, tuple[Any, str]]:
    fields: dict[str, tuple[Any, str]] = {}
    title = _first_meta(soup, META_TITLE, _clean_text)
    if title is None and soup.title and soup.title.string:
        site_name = _first_meta(soup, (("property", "og:site_name"),))
        title = (_strip_site_suffix(soup.title.string, site_name[0] if site_name else None), "meta:title")
    if title and title[0]:
        fields["title"] = title
    for attr, name in META_AUTHORS:
        names = clean_authors(_meta_values(soup, attr, name))
        if names:
            fields["authors"] = (names, f"meta:{name}")
            break
    for key, found in (("published", _first_meta(soup, META_PUBLISHED, to_iso)),
                       ("section", _first_meta(soup, META_SECTION)),
                       ("language", _first_meta(soup, META_LANGUAGE, _language))):
        if found:
            fields[key] = found
    html_tag = soup.find("html")
    if "language" not in fields and isinstance(html_tag, Tag) and _language(html_tag.get("lang")):
        fields["language"] = (_language(html_tag.get("lang")), "meta:html-lang")
    return fields


def _strip_site_suffix(title: str, site_name: Optional[str]) -> Optional[str]:
    """"Bitcoin Jumps | CoinDesk" -> "Bitcoin Jumps": the site's name, or a short last segment."""
    title = _clean_text(title) or ""
    if site_name and title.endswith(site_name):
        trimmed = title[: -len(site_name)].rstrip(" |-–—·:")
        return trimmed or title
    match = _TITLE_SUFFIX.search(title)
    if match and len(match.group(1).split()) <= 3 and match.start() > 0:
        return title[: match.start()]
    return title or None


def _language(value: Any) -> Optional[str]:
    """"en-US", "en_GB", "EN" -> "en"; None for anything that is not a language tag."""
    if not isinstance(value, str):
        return None
    primary = re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _clean_text(value: Optional[str]) -> Optional[str]:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


# --- 3. The site's parser -------------------------------------------------------------------

def _site_fields(site_parser: Any, soup: BeautifulSoup) -> dict[str, tuple[Any, str]]:
    where = f"site:{site_parser.NAME}"
    values = {"title": site_parser.title(soup), "authors": site_parser.authors(soup),
              "published": site_parser.published(soup), "section": site_parser.section(soup),
              "text": site_parser.text(soup)}
    return {key: (value, where) for key, value in values.items() if value}


# --- 4. Generic fallback: trafilatura and htmldate ------------------------------------------

def _fallback_fields(html: str | bytes, url: Optional[str]) -> dict[str, tuple[Any, str]]:
    import htmldate  # imported on first need: slow to load, and most site pages never get here
    import trafilatura

    fields: dict[str, tuple[Any, str]] = {}
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_precision=True,
                                           include_comments=False, include_tables=False)
    if document is not None:
        title = _clean_text(document.title)
        lines = [" ".join(line.split()) for line in (document.text or "").splitlines()]
        if lines and title and lines[0].casefold() == title.casefold():
            lines = lines[1:]
        for key, value in (("title", title), ("authors", clean_authors([document.author or ""])),
                           ("text", "\n\n".join(line for line in lines if line))):
            if value:
                fields[key] = (value, "trafilatura")
    published = to_iso(htmldate.find_date(html, url=url, original_date=True, extensive_search=False))
    if published:
        fields["published"] = (published, "htmldate")
    return fields


# --- Paywalls and teasers -------------------------------------------------------------------

def _paywall_reason(article: Optional[dict[str, Any]], soup: BeautifulSoup, site_parser: Any,
                    text: str) -> Optional[str]:
    if article is not None:
        parts = [article] + [part for part in _walk(article.get("hasPart")) if isinstance(part, dict)]
        if any(str(part.get("isAccessibleForFree", "true")).lower() == "false" for part in parts):
            return "json-ld:isAccessibleForFree"
    tier = _first_meta(soup, (("property", "article:content_tier"), ("name", "article:content_tier")))
    if tier and tier[0].lower() in LOCKED_TIERS:
        return f"meta:article:content_tier={tier[0].lower()}"
    if site_parser is not None and site_parser.paywalled(soup):
        return f"site:{site_parser.NAME}"
    declared = article.get("wordCount") if article else None
    if isinstance(declared, (int, str)) and str(declared).isdigit() and int(declared) > 0:
        if len(text.split()) < TRUNCATED_RATIO * int(declared):
            return f"truncated: {len(text.split())} of {int(declared)} words (json-ld:wordCount)"
    return None

