"""The shape of a site parser: CSS selectors as class attributes, one method per field.

A subclass names its site and domains and sets the selectors it needs; selectors are
compiled once, when the class is defined. The body is read from the `BODY`
container(s): blocks (`BLOCKS`) in document order, after removing everything `DROP`
matches (navigation, ads, newsletter boxes, related-links boxes, captions) and the
paywall box (`PAYWALL`), each block's text on one line, paragraphs separated by a
blank line.
"""
from __future__ import annotations

import copy
import re
from typing import Any, ClassVar, Optional

import soupsieve
from bs4 import BeautifulSoup, Tag

from extractor.collect.dates import to_iso

BLOCKS = "p, h2, h3, h4, li, blockquote, pre"
DROP = ("script, style, noscript, template, nav, aside, figure, form, iframe, button, svg, "
        "[hidden], [aria-hidden=true]")
SELECTOR_NAMES = ("TITLE", "AUTHORS", "PUBLISHED", "SECTION", "BODY", "BLOCKS", "DROP", "PAYWALL")
_BYLINE_PREFIX = re.compile(r"^\s*(?:by|written by|von|por|par)\s+", re.IGNORECASE)
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b|\bund\b)\s*")


class SiteParser:
    """Reads one site's article markup. Subclasses set NAME, DOMAINS, BODY and what else they need."""

    NAME: ClassVar[str]
    DOMAINS: ClassVar[tuple[str, ...]]
    TITLE: ClassVar[Optional[str]] = "h1"
    AUTHORS: ClassVar[Optional[str]] = None
    PUBLISHED: ClassVar[Optional[str]] = None  # an element with datetime=/content=, or a date in words
    SECTION: ClassVar[Optional[str]] = None
    BODY: ClassVar[str]
    BLOCKS: ClassVar[str] = BLOCKS
    DROP: ClassVar[str] = DROP
    PAYWALL: ClassVar[Optional[str]] = None  # present only on a paywalled or truncated article
    _compiled: ClassVar[dict[str, soupsieve.SoupSieve]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._compiled = {name: soupsieve.compile(getattr(cls, name))
                         for name in SELECTOR_NAMES if getattr(cls, name, None)}

    def _select(self, soup: Tag, name: str) -> list[Tag]:
        pattern = self._compiled.get(name)
        return pattern.select(soup) if pattern else []

    def title(self, soup: BeautifulSoup) -> Optional[str]:
        return first_text(self._select(soup, "TITLE"))

    def authors(self, soup: BeautifulSoup) -> list[str]:
        return clean_authors(inline_text(tag) for tag in self._select(soup, "AUTHORS"))

    def published(self, soup: BeautifulSoup) -> Optional[str]:
        for tag in self._select(soup, "PUBLISHED"):
            value = to_iso(tag.get("datetime") or tag.get("content") or inline_text(tag))
            if value:
                return value
        return None

    def section(self, soup: BeautifulSoup) -> Optional[str]:
        return first_text(self._select(soup, "SECTION"))

    def text(self, soup: BeautifulSoup) -> Optional[str]:
        drop = [self._compiled[name] for name in ("DROP", "PAYWALL") if name in self._compiled]
        paragraphs: list[str] = []
        for container in self._select(soup, "BODY"):
            paragraphs.extend(block_texts(copy.copy(container), self._compiled["BLOCKS"], drop))
        return "\n\n".join(paragraphs) or None

    def paywalled(self, soup: BeautifulSoup) -> bool:
        return bool(self._select(soup, "PAYWALL"))


def inline_text(tag: Tag) -> str:
    """The text of an element on one line, white space collapsed."""
    return " ".join(tag.get_text().split())


def first_text(tags: list[Tag]) -> Optional[str]:
    """The text of the first element that has any."""
    return next((text for tag in tags if (text := inline_text(tag))), None)


def block_texts(container: Tag, blocks: soupsieve.SoupSieve, drop: list[soupsieve.SoupSieve]) -> list[str]:
    """The text of each outermost block in `container` once `drop` matches are removed (mutates it)."""
    for pattern in drop:
        for unwanted in pattern.select(container):
            unwanted.decompose()
    chosen = blocks.select(container)
    chosen_ids = {id(tag) for tag in chosen}
    texts = []
    for tag in chosen:
        if any(id(parent) in chosen_ids for parent in tag.parents):
            continue
        text = inline_text(tag)
        if text:
            texts.append(text)
    return texts


def clean_authors(names: Any) -> list[str]:
    """Author names from bylines and meta values: "By A and B" -> [A, B]; URLs dropped; no repeats."""
    seen: dict[str, str] = {}
    for value in names:
        if not isinstance(value, str):
            continue
        for part in _AUTHOR_SEPARATORS.split(_BYLINE_PREFIX.sub("", value.strip())):
            name = " ".join(part.split()).strip(" .|")
            if name and "://" not in name and not name.startswith(("@", "www.")):
                seen.setdefault(name.casefold(), name)
    return list(seen.values())
