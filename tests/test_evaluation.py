"""The scorer on hand-computed cases, and its agreement with the referee script score.py."""
from __future__ import annotations

import copy
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.evaluation import EvalReport, load_gold, load_predictions, score
from extractor.records import FIELDS, ROLES

SHARED_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
REFEREE = SHARED_EVAL / "score.py"
DEV_GOLD = SHARED_EVAL / "dev"


def score_article(gold: dict, predicted: dict | None) -> EvalReport:
    """Score one article "a"; `predicted` None means no prediction line for it."""
    predictions = {} if predicted is None else {"a": predicted}
    return score([{"id": "a", "gold": gold}], predictions)


def counts(report: EvalReport, name: str) -> tuple[int, int, int]:
    field_score = report.fields[name]
    return field_score.tp, field_score.fp, field_score.fn


def price(value, role="current", asset="BTC"):
    return {"asset": asset, "value": value, "role": role}


def quote(speaker, text, org=None):
    return {"speaker": {"name": speaker, "org": org}, "text": text, "type": "direct"}


def gold_quote(speaker, text, org=None):
    return {"speaker": speaker, "title": None, "org": org, "type": "direct", "text": text}


GOLD_PRICE = {"prices": [{"asset": "BTC", "value": 100000, "roles": ["high"]}]}
GOLD_LIQUIDATION = {"liquidations": [{"amount_usd": 100e6, "side": "long", "asset": None, "projected": False}]}
GOLD_QUOTE_TEXT = "bitcoin needs a daily close above resistance"  # 7 tokens


@pytest.mark.parametrize("name, gold, predicted, expected", [
    pytest.param("prices", GOLD_PRICE, {"prices": [price(100400)]}, (1, 0, 0), id="price-0.4%-above-hit"),
    pytest.param("prices", GOLD_PRICE, {"prices": [price(99600)]}, (1, 0, 0), id="price-0.4%-below-hit"),
    pytest.param("prices", GOLD_PRICE, {"prices": [price(100600)]}, (0, 1, 1), id="price-0.6%-above-miss"),
    pytest.param("prices", GOLD_PRICE, {"prices": [price(99400)]}, (0, 1, 1), id="price-0.6%-below-miss"),
    pytest.param("prices", GOLD_PRICE, {"prices": [price(100000, asset="ETH")]}, (0, 1, 1),
                 id="price-other-asset-miss"),
    pytest.param("prices", GOLD_PRICE, {"prices": [price(100000), price(100000.4, "high")]}, (1, 0, 0),
                 id="price-repeated-to-6-digits-is-one-prediction"),
    pytest.param("prices", GOLD_PRICE, {"prices": [price(100000), price(100100)]}, (1, 1, 0),
                 id="price-second-near-value-is-fp"),
    pytest.param("prices", GOLD_PRICE, {"prices": [price("abc"), price(None)]}, (0, 1, 1),
                 id="price-unreadable-values-are-one-fp"),
    pytest.param("quotes", {"quotes": [gold_quote("Ann Lee", GOLD_QUOTE_TEXT)]},
                 {"quotes": [quote("Ann Lee", GOLD_QUOTE_TEXT), quote("Ann Lee", GOLD_QUOTE_TEXT)]}, (1, 1, 0),
                 id="quote-duplicate-is-fp"),
    pytest.param("claims", {"claims": [{"speaker": "Ann Lee", "asset": "BTC", "level": 95000}]},
                 {"claims": [{"speaker": "Ann Lee", "asset": "BTC", "level": 95000},
                             {"speaker": "Ann Lee", "asset": "BTC", "level": 95300}]}, (1, 1, 0),
                 id="claim-second-near-level-is-fp"),
    pytest.param("claims", {"claims": [{"speaker": "Dr. Ann Lée", "asset": "BTC", "level": 95000}]},
                 {"claims": [{"speaker": {"name": "ann lee"}, "asset": "btc", "level": 95380}]}, (1, 0, 0),
                 id="claim-folded-speaker-0.4%-hit"),
    pytest.param("claims", {"claims": [{"speaker": "Ann Lee", "asset": "BTC", "level": 95000}]},
                 {"claims": [{"speaker": "Bo Chan", "asset": "BTC", "level": 95000}]}, (0, 1, 1),
                 id="claim-other-speaker-miss"),
    pytest.param("liquidations", GOLD_LIQUIDATION, {"liquidations": [{"amount_usd": 101.9e6, "side": "long"}]},
                 (1, 0, 0), id="liquidation-1.9%-hit"),
    pytest.param("liquidations", GOLD_LIQUIDATION, {"liquidations": [{"amount_usd": 97.5e6, "side": "long"}]},
                 (0, 1, 1), id="liquidation-2.5%-miss"),
    pytest.param("liquidations", GOLD_LIQUIDATION, {"liquidations": [{"amount_usd": 100e6, "side": "short"}]},
                 (0, 1, 1), id="liquidation-other-side-miss"),
    pytest.param("liquidations", GOLD_LIQUIDATION,
                 {"liquidations": [{"amount_usd": 100e6, "side": "long", "asset": "BTC"}]}, (0, 1, 1),
                 id="liquidation-asset-where-gold-is-market-wide-miss"),
    pytest.param("percentages", {"percentages": [{"value": 3.5, "asset": None, "metric": "other"}]},
                 {"percentages": [{"value": 3.51, "asset": "BTC"}]}, (1, 0, 0),
                 id="percent-gold-without-asset-takes-any"),
    pytest.param("percentages", {"percentages": [{"value": 3.5, "asset": "BTC", "metric": "other"}]},
                 {"percentages": [{"value": 3.5, "asset": "ETH"}]}, (0, 1, 1),
                 id="percent-other-asset-miss"),
    pytest.param("assets", {"assets": ["BTC", "ETH"]},
                 {"assets": [{"symbol": "btc"}, "BTC", {"symbol": "SOL"}]}, (1, 1, 1),
                 id="assets-case-folded-and-repeats-merged"),
    pytest.param("quotes", {"quotes": [gold_quote("Dr. José Núñez", GOLD_QUOTE_TEXT)]},
                 {"quotes": [quote("jose nunez", GOLD_QUOTE_TEXT)]}, (1, 0, 0), id="speaker-folded-hit"),
    pytest.param("quotes", {"quotes": [gold_quote("Joel Kruger", GOLD_QUOTE_TEXT)]},
                 {"quotes": [quote("Kruger", GOLD_QUOTE_TEXT)]}, (0, 1, 1), id="speaker-surname-only-miss"),
    # 7 gold tokens, 8 predicted, 6 shared: F1 = 12/15 = 0.8.
    pytest.param("quotes", {"quotes": [gold_quote("Ann Lee", GOLD_QUOTE_TEXT)]},
                 {"quotes": [quote("Ann Lee", "Bitcoin needs a daily close above $95,000")]}, (1, 0, 0),
                 id="quote-text-f1-0.8-hit"),
    # 5 and 5 tokens, 3 shared: F1 = 6/10 = 0.6 exactly, the threshold.
    pytest.param("quotes", {"quotes": [gold_quote("Ann Lee", "the bulls are back now")]},
                 {"quotes": [quote("Ann Lee", "the bulls are gone again")]}, (1, 0, 0),
                 id="quote-text-f1-0.6-hit"),
    # 5 and 6 tokens, 3 shared: F1 = 6/11 = 0.545.
    pytest.param("quotes", {"quotes": [gold_quote("Ann Lee", "the bulls are back now")]},
                 {"quotes": [quote("Ann Lee", "the bulls are gone for good")]}, (0, 1, 1),
                 id="quote-text-f1-0.55-miss"),
    # Tokens are counted with repeats: 2 shared of 5 and 2 gives 4/7 = 0.57.
    pytest.param("quotes", {"quotes": [gold_quote("Ann Lee", "up up up and away")]},
                 {"quotes": [quote("Ann Lee", "and away")]}, (0, 1, 1), id="quote-text-repeated-tokens-miss"),
])
def test_field_counts(name, gold, predicted, expected):
    assert counts(score_article(gold, predicted), name) == expected


SPEAKER_SWAP = ({"quotes": [gold_quote("Ann Lee", GOLD_QUOTE_TEXT, org="LMAX Group")]},
                {"quotes": [quote("Bo Chan", GOLD_QUOTE_TEXT, org="LMAX Group")]})


@pytest.mark.parametrize("name, gold, predicted, check, expected", [
    pytest.param("prices", {"prices": [{"asset": "BTC", "value": 3000, "roles": ["support", "threshold"]}]},
                 {"prices": [price(3000, "threshold", "ETH")]}, "role accuracy", (0, 0), id="role-not-checked-on-miss"),
    pytest.param("prices", {"prices": [{"asset": "ETH", "value": 3000, "roles": ["support", "threshold"]}]},
                 {"prices": [price(3000, "threshold", "ETH")]}, "role accuracy", (1, 1), id="role-one-of-gold-roles"),
    pytest.param("prices", {"prices": [{"asset": "ETH", "value": 3000, "roles": ["support"]}]},
                 {"prices": [price(3000, "resistance", "ETH")]}, "role accuracy", (0, 1), id="role-wrong"),
    pytest.param("prices", {"prices": [{"asset": "ETH", "value": 3000, "roles": ["support"]}]},
                 {"prices": [price(3000, "high", "ETH"), price(3000, "support", "ETH")]}, "role accuracy", (1, 1),
                 id="role-any-of-repeated-prediction"),
    pytest.param("percentages", {"percentages": [{"value": 2, "asset": "BTC", "direction": "up",
                                                  "metric": "price_change"}]},
                 {"percentages": [{"value": 2, "asset": "BTC", "direction": "down"}]}, "direction accuracy", (0, 1),
                 id="direction-wrong"),
    pytest.param("percentages", {"percentages": [{"value": 2, "asset": "BTC", "direction": "up",
                                                  "metric": "price_change"}]},
                 {"percentages": [{"value": 2, "asset": "BTC", "direction": "up"}]}, "direction accuracy", (1, 1),
                 id="direction-right"),
    pytest.param("percentages", {"percentages": [{"value": 2, "asset": "BTC", "direction": "up", "metric": "other"}]},
                 {"percentages": [{"value": 2, "asset": "BTC", "direction": "down"}]}, "direction accuracy", (0, 0),
                 id="direction-only-on-price-changes"),
    pytest.param("percentages", {"percentages": [{"value": 2, "asset": "BTC", "direction": None,
                                                  "metric": "price_change"}]},
                 {"percentages": [{"value": 2, "asset": "BTC", "direction": "down"}]}, "direction accuracy", (0, 0),
                 id="direction-only-where-gold-has-one"),
    pytest.param("quotes", *SPEAKER_SWAP, "speaker accuracy", (0, 1), id="speaker-wrong-on-text-match"),
    pytest.param("quotes", *SPEAKER_SWAP, "org accuracy", (1, 1), id="org-checked-even-with-wrong-speaker"),
    pytest.param("quote text only", *SPEAKER_SWAP, None, (1, 0, 0), id="text-only-ignores-speaker"),
    pytest.param("quotes", *SPEAKER_SWAP, None, (0, 1, 1), id="full-quote-needs-speaker"),
    pytest.param("quotes", {"quotes": [gold_quote("Ann Lee", GOLD_QUOTE_TEXT, org="LMAX Group")]},
                 {"quotes": [quote("Ann Lee", GOLD_QUOTE_TEXT, org="LMAX")]}, "org accuracy", (1, 1),
                 id="org-LMAX-in-LMAX-Group"),
    pytest.param("quotes", {"quotes": [gold_quote("Ann Lee", GOLD_QUOTE_TEXT, org="The LMAX Group Ltd")]},
                 {"quotes": [quote("Ann Lee", GOLD_QUOTE_TEXT, org="lmax group")]}, "org accuracy", (1, 1),
                 id="org-run-of-words-inside"),
    pytest.param("quotes", {"quotes": [gold_quote("Ann Lee", GOLD_QUOTE_TEXT, org="LMAX Group")]},
                 {"quotes": [quote("Ann Lee", GOLD_QUOTE_TEXT, org="Group LMAX")]}, "org accuracy", (0, 1),
                 id="org-Group-LMAX-word-order-miss"),
    pytest.param("quotes", {"quotes": [gold_quote("Ann Lee", GOLD_QUOTE_TEXT, org="LMAX Group")]},
                 {"quotes": [{"speaker": "Ann Lee", "text": GOLD_QUOTE_TEXT}]}, "org accuracy", (0, 1),
                 id="org-missing-from-string-speaker"),
    pytest.param("quotes", {"quotes": [gold_quote("Ann Lee", GOLD_QUOTE_TEXT)]},
                 {"quotes": [quote("Ann Lee", GOLD_QUOTE_TEXT, org="LMAX")]}, "org accuracy", (0, 0),
                 id="org-only-where-gold-has-one"),
])
def test_accuracy_checks(name, gold, predicted, check, expected):
    """`check` None compares the field's (tp, fp, fn) instead of an extra."""
    report = score_article(gold, predicted)
    found = counts(report, name) if check is None else report.fields[name].extras[check]
    assert found == expected


def test_percent_prefers_same_asset_over_closer_value():
    gold = {"percentages": [{"value": 5.0, "asset": None, "direction": "up", "metric": "price_change"},
                            {"value": 5.02, "asset": "BTC", "direction": "down", "metric": "price_change"}]}
    report = score_article(gold, {"percentages": [{"value": 5.0, "asset": "BTC", "direction": "down"}]})
    assert counts(report, "percentages") == (1, 0, 1)
    assert report.fields["percentages"].extras["direction accuracy"] == (1, 1)
    assert report.errors == [{"id": "a", "field": "percentages", "kind": "fn",
                              "item": gold["percentages"][0]}]


def test_empty_gold_and_empty_prediction_are_perfect():
    report = score_article({}, {"id": "a"})
    for name in report.fields:
        field_score = report.fields[name]
        assert (field_score.precision, field_score.recall, field_score.f1) == (1.0, 1.0, 1.0), name
    assert report.macro_f1 == 1.0


def test_nothing_predicted_where_gold_has_items_is_zero_precision():
    field_score = score_article({"assets": ["BTC"]}, {"assets": []}).fields["assets"]
    assert (field_score.tp, field_score.fp, field_score.fn, field_score.precision) == (0, 0, 1, 0.0)


def test_missing_prediction_counts_every_gold_item_as_missed():
    report = score_article({"assets": ["BTC"], **GOLD_PRICE}, None)
    assert (report.articles, report.missing) == (1, 1)
    assert [counts(report, name) for name in ("assets", "prices")] == [(0, 0, 1), (0, 0, 1)]


def test_table_row_and_json_extras():
    report = score_article({"prices": [{"asset": "BTC", "value": 1, "roles": ["low"]},
                                       {"asset": "BTC", "value": 2, "roles": ["low"]}]},
                           {"prices": [price(1, "low"), price(2, "high"), price(3)]})
    row = report.format_table().splitlines()[2]
    assert row == "prices              0.667  1.000  0.800   2/1/0      role accuracy 0.500 (1/2)"
    assert report.to_dict()["fields"]["prices"]["role accuracy"] == 0.5
    assert "direction accuracy" not in report.to_dict()["fields"]["percentages"]


# --- loading -------------------------------------------------------------------------------


def write_article(folder: Path, name: str, article_id: str) -> None:
    (folder / name).write_text(json.dumps({"id": article_id, "text": "", "gold": {}}), encoding="utf-8")


def test_load_gold_sorted_by_file_name(tmp_path):
    write_article(tmp_path, "b.json", "second")
    write_article(tmp_path, "a.json", "first")
    assert [article["id"] for article in load_gold(tmp_path)] == ["first", "second"]


@pytest.mark.parametrize("content", [pytest.param("{not json", id="not-json"),
                                     pytest.param('{"text": "no id"}', id="no-id")])
def test_load_gold_names_broken_file(tmp_path, content):
    write_article(tmp_path, "a.json", "fine")
    (tmp_path / "b.json").write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=r"b\.json"):
        load_gold(tmp_path)


def test_load_predictions_takes_id_under_article(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text('{"article": {"id": "a"}, "assets": [{"symbol": "BTC"}]}\n\n{"id": "b"}\n', encoding="utf-8")
    predictions = load_predictions(path)
    assert sorted(predictions) == ["a", "b"]
    assert counts(score([{"id": "a", "gold": {"assets": ["BTC"]}}], predictions), "assets") == (1, 0, 0)


@pytest.mark.parametrize("line, reason", [
    pytest.param("{broken", "not JSON", id="not-json"),
    pytest.param("[1, 2]", "not a JSON object", id="not-object"),
    pytest.param('{"assets": []}', "no id", id="no-id"),
])
def test_load_predictions_names_bad_line(tmp_path, line, reason):
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "a"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"{path}:2: {reason}")):
        load_predictions(path)


# --- agreement with the referee ----------------------------------------------------------

SHIFTS = (1.003, 0.997, 1.01, 0.99)  # 0.3% stays a price hit, 1% does not (but does for liquidations)


def perturb_numbers(golds: list[dict], to_prediction, key: str, alter, rng: random.Random) -> list[dict]:
    """Each gold item kept, dropped, shifted, duplicated or altered; then shuffled."""
    predicted = []
    for gold in golds:
        item = to_prediction(gold)
        action = rng.choice(("keep", "keep", "drop", "shift", "duplicate", "alter"))
        if action == "drop":
            continue
        if action == "shift":
            item[key] = item[key] * rng.choice(SHIFTS)
        if action == "alter":
            alter(item, rng)
        predicted.append(item)
        if action == "duplicate":
            twin = copy.deepcopy(item)
            alter(twin, rng)
            predicted.append(twin)
    if golds and rng.random() < 0.5:
        spurious = to_prediction(rng.choice(golds))
        spurious[key] = spurious[key] * 1.5
        predicted.append(spurious)
    rng.shuffle(predicted)
    return predicted


def perturb_quotes(golds: list[dict], rng: random.Random) -> list[dict]:
    speakers = [gold["speaker"] for gold in golds] + ["Someone Else"]
    predicted = []
    for gold in golds:
        words = gold["text"].split()
        name, org = gold["speaker"], gold.get("org")
        action = rng.choice(("keep", "drop", "cut", "swap", "fold", "duplicate", "org"))
        if action == "drop":
            continue
        if action == "cut":  # keep a leading share of the words: some above F1 0.6, some below
            words = words[:max(1, int(len(words) * rng.choice((0.3, 0.5, 0.7, 0.9))))]
        if action == "swap":
            name = rng.choice(speakers)
        if action == "fold":
            name = "Dr. " + name.upper()
        if action == "org":
            org = rng.choice((None, (org or "X").split()[0], "Group " + (org or "X")))
        speaker = name if rng.random() < 0.2 else {"name": name, "title": gold.get("title"), "org": org}
        predicted.append({"speaker": speaker, "text": " ".join(words), "type": gold["type"]})
        if action == "duplicate":
            predicted.append(copy.deepcopy(predicted[-1]))
    rng.shuffle(predicted)
    return predicted


def _swap_speaker(item, rng):
    item["speaker"] = rng.choice(("Someone Else", item["speaker"].lower()))


def perturb_article(article: dict, rng: random.Random) -> dict:
    gold = article["gold"]
    assets = [symbol if rng.random() < 0.7 else symbol.lower() for symbol in gold["assets"] if rng.random() < 0.8]
    prediction = {
        "assets": [{"symbol": symbol} for symbol in assets + ["ZZZ"] * (rng.random() < 0.3)],
        "prices": perturb_numbers(
            gold["prices"], lambda g: {"asset": g["asset"], "value": g["value"], "role": rng.choice(g["roles"])},
            "value", lambda item, r: item.update(role=r.choice(ROLES)), rng),
        "percentages": perturb_numbers(
            gold["percentages"], lambda g: {k: g.get(k) for k in ("value", "asset", "direction")}, "value",
            lambda item, r: item.update(r.choice(({"direction": "down" if item["direction"] == "up" else "up"},
                                                  {"asset": None}, {"asset": "ETH"}))), rng),
        "liquidations": perturb_numbers(
            gold["liquidations"], lambda g: {k: g.get(k) for k in ("amount_usd", "side", "asset")}, "amount_usd",
            lambda item, r: item.update(side=r.choice(("long", "short", "total"))), rng),
        "quotes": perturb_quotes(gold["quotes"], rng),
        "claims": perturb_numbers(
            gold["claims"], lambda g: {k: g.get(k) for k in ("speaker", "asset", "level")}, "level",
            _swap_speaker, rng),
    }
    if rng.random() < 0.3:
        return {"article": {"id": article["id"]}, **prediction}
    return {"id": article["id"], **prediction}


def run_referee(predictions_path: Path, json_path: Path) -> tuple[dict, list[str], list[dict]]:
    """score.py's JSON, its table lines and its error lines."""
    result = subprocess.run([sys.executable, str(REFEREE), str(DEV_GOLD), str(predictions_path),
                             "--json", str(json_path), "--show-errors"],
                            capture_output=True, text=True, timeout=60, check=True)
    lines = result.stdout.splitlines()
    table = lines[:len(FIELDS) + 3]
    errors = [json.loads(line) for line in lines[len(table):] if line.startswith("{")]
    return json.loads(json_path.read_text(encoding="utf-8")), table, errors


def table_extras(table: list[str]) -> dict[str, dict[str, tuple[int, int]]]:
    """Extras counts from the printed table: {"prices": {"role accuracy": (134, 134)}, ...}."""
    found = {}
    for line in table[1:-1]:
        name = line[:18].strip()
        found[name] = {check.strip(): (int(ok), int(total))
                       for check, ok, total in re.findall(r"([a-z ]+?) \d\.\d{3} \((\d+)/(\d+)\)", line[18:])}
    return found


@pytest.mark.skipif(not REFEREE.exists() or not DEV_GOLD.is_dir(),
                    reason=f"referee script or dev gold not found at {SHARED_EVAL}")
@pytest.mark.parametrize("seed", [11, 23, 47])
def test_agrees_with_referee_on_perturbed_dev_gold(tmp_path, seed):
    rng = random.Random(seed)
    golds = load_gold(DEV_GOLD)
    lines = [json.dumps(perturb_article(article, rng)) for article in golds if rng.random() > 0.1]
    predictions_path = tmp_path / "predictions.jsonl"
    predictions_path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    reference, reference_table, reference_errors = run_referee(predictions_path, tmp_path / "score.json")
    report = score(golds, load_predictions(predictions_path))

    ours = report.to_dict()
    assert ({name: (f["tp"], f["fp"], f["fn"]) for name, f in ours["fields"].items()}
            == {name: (f["tp"], f["fp"], f["fn"]) for name, f in reference["fields"].items()})
    assert ({name: {check: counts for check, counts in f.extras.items() if counts[1]}
             for name, f in report.fields.items()} == table_extras(reference_table))
    assert (ours["articles"], ours["missing_predictions"]) == (reference["articles"],
                                                               reference["missing_predictions"])
    assert ours["macro_f1"] == pytest.approx(reference["macro_f1"])
    assert report.format_table().splitlines() == reference_table
    assert report.errors == reference_errors
    # The perturbation must leave something to disagree about.
    assert all(f["fp"] + f["fn"] > 0 for f in reference["fields"].values())
