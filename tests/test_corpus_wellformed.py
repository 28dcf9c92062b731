"""Every annotated article in corpus/articles is checked against the gold contract.

A wrong gold item silently moves every score measured on it, so each file is
checked on its own (parametrised by file name) for the shape of its gold, for
assets named but not listed, for quotes that are not in the text and for claims
whose speaker never speaks. The contract is ../shared/eval/README.md.
"""
from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from numbers import Real
from pathlib import Path
from typing import Any

import pytest

from extractor.records import FIELDS, ROLES

ARTICLES_DIR = Path(__file__).resolve().parent.parent / "corpus" / "articles"
ARTICLE_FILES = sorted(ARTICLES_DIR.glob("*.json"))
FILE_NAMES = [path.name for path in ARTICLE_FILES]

META_KEYS = {"source", "url", "title", "published", "authors"}
ASSET_FIELDS = ("prices", "percentages", "liquidations", "claims")
OPTIONAL_STR = (str, type(None))

# For each gold field: key -> (accepted types, allowed values or None for any, required).
ITEM_SPECS: dict[str, dict[str, tuple[tuple[type, ...], tuple[Any, ...] | None, bool]]] = {
    "prices": {
        "asset": ((str,), None, True),
        "value": ((Real,), None, True),
        "roles": ((list,), None, True),
    },
    "percentages": {
        "value": ((Real,), None, True),
        "asset": (OPTIONAL_STR, None, True),
        "direction": (OPTIONAL_STR, ("up", "down", None), True),
        "metric": ((str,), ("price_change", "other"), True),
    },
    "liquidations": {
        "amount_usd": ((Real,), None, True),
        "side": ((str,), ("long", "short", "total"), True),
        "asset": (OPTIONAL_STR, None, True),
        "projected": ((bool,), None, True),
    },
    "quotes": {
        "speaker": ((str,), None, True),
        "title": (OPTIONAL_STR, None, True),
        "org": (OPTIONAL_STR, None, True),
        "type": ((str,), ("direct", "indirect"), True),
        "text": ((str,), None, True),
    },
    "claims": {
        "speaker": ((str,), None, True),
        "asset": ((str,), None, True),
        "level": ((Real,), None, True),
        "stance": ((str,), ("bullish", "bearish", "neutral"), False),
    },
}


@lru_cache(maxsize=None)
def load_article(name: str) -> dict[str, Any]:
    """The parsed article, or a test failure that names the file and the JSON error."""
    path = ARTICLES_DIR / name
    try:
        article = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        pytest.fail(f"{name}: cannot be read as JSON: {err}")
    if not isinstance(article, dict):
        pytest.fail(f"{name}: top level is {type(article).__name__}, expected an object")
    return article


def load_gold(name: str) -> dict[str, Any]:
    gold = load_article(name).get("gold")
    if not isinstance(gold, dict):
        pytest.fail(f"{name}: 'gold' is missing or not an object")
    return gold


def item_problems(field: str, index: int, item: Any) -> list[str]:
    """What is wrong with one gold item of `field`, each problem naming the item."""
    where = f"{field}[{index}]"
    if not isinstance(item, dict):
        return [f"{where} is {type(item).__name__}, expected an object"]
    spec = ITEM_SPECS[field]
    problems = [f"{where} has unknown key {key!r}" for key in item if key not in spec]
    for key, (types, allowed, required) in spec.items():
        if key not in item:
            if required:
                problems.append(f"{where} lacks {key!r}")
            continue
        value = item[key]
        numeric = Real in types
        if not isinstance(value, types) or (numeric and isinstance(value, bool)):
            problems.append(f"{where}.{key} = {value!r} has the wrong type")
        elif allowed is not None and value not in allowed:
            problems.append(f"{where}.{key} = {value!r} is not one of {allowed}")
        elif numeric and not (value > 0 or (value == 0 and field == "percentages")):
            problems.append(f"{where}.{key} = {value!r} is out of range")
        elif isinstance(value, str) and key in ("speaker", "text", "asset") and not value.strip():
            problems.append(f"{where}.{key} is empty")
    if field == "prices" and isinstance(item.get("roles"), list):
        roles = item["roles"]
        if not roles:
            problems.append(f"{where}.roles is empty")
        problems += [f"{where}.roles has unknown role {role!r}" for role in roles if role not in ROLES]
        problems += [f"{where}.roles repeats {role!r}" for role, n in Counter(roles).items() if n > 1]
    return problems


def field_problems(field: str, items: Any) -> list[str]:
    """Problems of one whole gold field (a list of tickers for assets, of objects otherwise)."""
    if not isinstance(items, list):
        return [f"{field} is {type(items).__name__}, expected a list"]
    if field == "assets":
        problems = [f"assets[{i}] = {a!r} is not an upper-case ticker"
                    for i, a in enumerate(items) if not isinstance(a, str) or not a or a != a.upper()]
        return problems + [f"assets lists {a!r} {n} times" for a, n in Counter(items).items() if n > 1]
    problems = [p for i, item in enumerate(items) for p in item_problems(field, i, item)]
    if field == "prices" and not problems:
        keys = Counter((p["asset"], float(p["value"])) for p in items)
        problems += [f"prices lists {key} {n} times" for key, n in keys.items() if n > 1]
    return problems


def normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", FILE_NAMES)
def test_top_level_and_meta(name: str) -> None:
    article = load_article(name)
    problems = [f"missing key {k!r}" for k in ("id", "meta", "text", "gold") if k not in article]
    meta = article.get("meta")
    if not isinstance(meta, dict):
        problems.append("meta is not an object")
    else:
        problems += [f"meta lacks {k!r}" for k in sorted(META_KEYS - meta.keys())]
        problems += [f"meta.{k} is not a string or null" for k in ("source", "url", "title", "published")
                     if not isinstance(meta.get(k), OPTIONAL_STR)]
        authors = meta.get("authors")
        if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
            problems.append("meta.authors is not a list of strings")
    if not isinstance(article.get("text"), str) or not article.get("text", "").strip():
        problems.append("text is missing or empty")
    assert problems == [], f"{name}: {problems}"


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("name", FILE_NAMES)
def test_gold_field_schema(name: str, field: str) -> None:
    gold = load_gold(name)
    assert field in gold, f"{name}: gold lacks {field!r}"
    problems = field_problems(field, gold[field])
    assert problems == [], f"{name}: {problems}"


@pytest.mark.parametrize("name", FILE_NAMES)
def test_every_asset_named_is_listed(name: str) -> None:
    gold = load_gold(name)
    listed = set(gold.get("assets", []))
    unlisted = sorted({item["asset"] for field in ASSET_FIELDS for item in gold.get(field, [])
                       if isinstance(item, dict) and item.get("asset") and item["asset"] not in listed})
    assert unlisted == [], f"{name}: assets used but not in gold.assets: {unlisted}"


@pytest.mark.parametrize("name", FILE_NAMES)
def test_quote_texts_occur_in_article(name: str) -> None:
    text = normalised(load_article(name).get("text", ""))
    missing = [q["text"] for q in load_gold(name).get("quotes", [])
               if isinstance(q, dict) and isinstance(q.get("text"), str) and normalised(q["text"]) not in text]
    assert missing == [], f"{name}: quote texts not found in the article: {missing}"


@pytest.mark.parametrize("name", FILE_NAMES)
def test_quote_speakers_occur_in_article(name: str) -> None:
    text = load_article(name).get("text", "").casefold()
    speakers = {q["speaker"] for q in load_gold(name).get("quotes", [])
                if isinstance(q, dict) and isinstance(q.get("speaker"), str) and q["speaker"].strip()}
    absent = sorted(s for s in speakers if s.split()[-1].casefold() not in text)
    assert absent == [], f"{name}: speakers whose name (surname at least) is not in the text: {absent}"


@pytest.mark.parametrize("name", FILE_NAMES)
def test_claim_speakers_are_quoted(name: str) -> None:
    gold = load_gold(name)
    quoted = {q.get("speaker") for q in gold.get("quotes", []) if isinstance(q, dict)}
    unquoted = sorted({c["speaker"] for c in gold.get("claims", [])
                       if isinstance(c, dict) and c.get("speaker") not in quoted})
    assert unquoted == [], f"{name}: claim speakers with no quote: {unquoted}"


@pytest.mark.parametrize("name", FILE_NAMES)
def test_id_matches_file_name(name: str) -> None:
    assert load_article(name).get("id") == Path(name).stem, f"{name}: id differs from the file name"


def test_ids_are_unique() -> None:
    ids = Counter(load_article(name).get("id") for name in FILE_NAMES)
    assert [i for i, n in ids.items() if n > 1] == []


# The checks above must be able to fail: each bad item below names its own problem.
@pytest.mark.parametrize("field, item, expected", [
    ("prices", {"asset": "BTC", "value": 95000, "roles": ["floor"]}, "unknown role 'floor'"),
    ("prices", {"asset": "BTC", "value": "95000", "roles": ["current"]}, "prices[0].value = '95000' has the wrong type"),
    ("prices", {"asset": "BTC", "value": 95000, "roles": []}, "roles is empty"),
    ("percentages", {"value": 2.1, "asset": None, "direction": "sideways", "metric": "other"}, "direction = 'sideways'"),
    ("percentages", {"value": 2.1, "asset": None, "direction": None}, "lacks 'metric'"),
    ("liquidations", {"amount_usd": 1e6, "side": "both", "asset": None, "projected": False}, "side = 'both'"),
    ("liquidations", {"amount_usd": 1e6, "side": "long", "asset": None, "projected": "no"}, "projected = 'no'"),
    ("liquidations", {"amount_usd": True, "side": "long", "asset": None, "projected": False}, "amount_usd = True"),
    ("quotes", {"speaker": "A B", "title": None, "org": None, "type": "paraphrase", "text": "x"}, "type = 'paraphrase'"),
    ("claims", {"speaker": "A B", "asset": "BTC", "level": 0}, "level = 0 is out of range"),
    ("prices", {"asset": "BTC", "value": -5, "roles": ["low"]}, "value = -5 is out of range"),
    ("claims", {"speaker": "A B", "asset": "BTC", "level": 1, "mood": "up"}, "unknown key 'mood'"),
])
def test_item_problems_name_the_fault(field: str, item: dict[str, Any], expected: str) -> None:
    problems = item_problems(field, 0, item)
    assert any(expected in p for p in problems), problems


def test_field_problems_catch_bad_assets_and_repeated_prices() -> None:
    assert field_problems("assets", ["BTC", "eth", "BTC"]) == [
        "assets[1] = 'eth' is not an upper-case ticker", "assets lists 'BTC' 2 times"]
    repeated = [{"asset": "ETH", "value": 3000, "roles": ["support"]},
                {"asset": "ETH", "value": 3000.0, "roles": ["threshold"]}]
    assert field_problems("prices", repeated) == ["prices lists ('ETH', 3000.0) 2 times"]
