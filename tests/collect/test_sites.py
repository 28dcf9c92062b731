"""Golden pages: each saved site page parses to the fields in its JSON, field by field."""
import json
from pathlib import Path

import pytest

from extractor.collect.page import parse_page
from extractor.collect.sites import PARSERS, parser_for

GOLDEN_DIR = Path(__file__).resolve().parents[2] / "corpus" / "html"
GOLDEN = sorted(GOLDEN_DIR.glob("*.json"))
FIELDS = ("url", "title", "authors", "published", "section", "language", "paywalled", "text", "provenance")


def _golden(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parsed() -> dict:
    return {path.stem: parse_page(path.with_suffix(".html").read_bytes(), _golden(path)["url"])
            for path in GOLDEN}


@pytest.mark.parametrize("path,field", [(p, f) for p in GOLDEN for f in FIELDS],
                         ids=[f"{p.stem}-{f}" for p in GOLDEN for f in FIELDS])
def test_golden_field(parsed, path, field):
    assert getattr(parsed[path.stem], field) == _golden(path)["expected"][field]


def test_every_site_parser_has_a_golden_page(parsed):
    covered = {page.site for page in parsed.values()}
    assert {parser.NAME for parser in PARSERS} - covered == set()


@pytest.mark.parametrize("url,name", [
    ("https://www.coindesk.com/markets/x", "coindesk"),
    ("https://cointelegraph.com/news/x", "cointelegraph"),
    ("https://es.cointelegraph.com/news/x", "cointelegraph"),
    ("https://www.theblock.co/post/1/x", "theblock"),
    ("https://decrypt.co/1/x", "decrypt"),
    ("https://blockworks.co/news/x", "blockworks"),
    ("https://bitcoinmagazine.com/business/x", "bitcoinmagazine"),
    ("https://notcoindesk.com/x", None),
    ("https://example.org/x", None),
])
def test_parser_is_chosen_by_domain(url, name):
    parser = parser_for(url)
    assert (parser.NAME if parser else None) == name


@pytest.mark.parametrize("junk", ["Advertisement", "Read more", "More For You", "Sign up", "Related",
                                  "Newsletter", "Subscribe", "Markets Finance", "All rights reserved"])
def test_body_text_drops_boilerplate(parsed, junk):
    leaking = [name for name, page in parsed.items() if junk.lower() in page.text.lower()]
    assert leaking == []
