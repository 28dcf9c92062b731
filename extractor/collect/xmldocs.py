"""Reading feeds and sitemaps safely, and the link entries they list.

Feeds and sitemaps come from the open web, so a document type declaration is
refused outright: that is where entity expansion ("billion laughs"), external
entities and DTD fetches live, and no real feed or sitemap needs one. The check is
made twice: on the raw bytes before parsing, and on what the parser saw (for
encodings the byte scan cannot read). The parser itself never resolves entities,
never touches the network and keeps libxml2's size limits (no `huge_tree`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from lxml import etree

_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_:]")


class BadXML(ValueError):
    """A feed or sitemap that is malformed or hostile; it was not expanded."""


@dataclass(frozen=True)
class Entry:
    """A link a feed or sitemap lists, with what the listing says about it."""

    url: str
    title: Optional[str] = None
    published: Optional[str] = None  # ISO 8601
    modified: Optional[str] = None  # ISO 8601: sitemap <lastmod>, Atom <updated>
    language: Optional[str] = None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False, dtd_validation=False, remove_comments=True, remove_pis=True)


def parse_xml(data: bytes) -> etree._Element:
    """The root element of `data`; BadXML when it is empty, malformed or declares a DTD."""
    body = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not body:
        raise BadXML("empty document")
    first = _FIRST_ELEMENT.search(body)
    prolog = body[:first.start()] if first else body
    if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
        raise BadXML("declares a DOCTYPE (entities and DTDs are refused, nothing was expanded)")
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as err:
        raise BadXML(f"malformed XML: {err}") from err
    if root is None:
        raise BadXML("no root element")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise BadXML("declares a DOCTYPE (entities and DTDs are refused, nothing was expanded)")
    return root


def local_name(element: etree._Element) -> str:
    """The tag without its namespace ("{http://www.w3.org/2005/Atom}entry" -> "entry")."""
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """Direct children called `name`, in any namespace."""
    return (child for child in element if local_name(child) == name)


def descendants(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """Elements called `name` anywhere below `element`, in any namespace."""
    return (node for node in element.iter() if local_name(node) == name)


def child_text(element: etree._Element, *names: str) -> Optional[str]:
    """The stripped text of the first non-empty direct child among `names`."""
    for name in names:
        for child in children(element, name):
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return None
