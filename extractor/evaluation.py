"""Score extractor output against hand-checked gold, by the rules of ../shared/eval/README.md.

This is the product's own copy of the referee: `extractor eval GOLD_DIR` must report
the same counts as `score.py`, so a number seen during development is the number the
held-out set will give. Each field is matched per article, one to one, best pair first,
and the counts are summed over articles (micro average). Where the README leaves a
detail open, the behaviour of `score.py` (observed as a black box) decides it; the
notes at each rule say which.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Hashable, Optional

from extractor.records import FIELDS

QUOTE_TEXT_ONLY = "quote text only"
REPORTED_FIELDS = FIELDS + (QUOTE_TEXT_ONLY,)

# Named thresholds of the scoring rules.
LEVEL_TOLERANCE = 0.005  # prices, percentages, claims: within 0.5% of the larger value
LIQUIDATION_TOLERANCE = 0.02  # liquidation amounts: within 2%
QUOTE_TEXT_MIN_F1 = 0.6  # token F1 at which two quote texts are the same quote
IDENTITY_DIGITS = 6  # significant digits under which two predicted numbers are one value
ERROR_TEXT_CHARS = 100  # quote text shown in a miss or a false hit
SPEAKER_ERROR_TEXT_CHARS = 80  # quote text shown beside a wrong speaker

# Part of the referee's rule, not a lexicon: titles dropped before comparing names.
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "prof", "sir"})

_NOT_WORD = re.compile(r"[^\w\s]")
_WORD = re.compile(r"\w+")


@dataclass
class FieldScore:
    """Counts for one field, summed over articles; `extras` maps a check to (correct, checked)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    extras: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        # Nothing predicted is perfect precision only when nothing was there to find.
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: FieldScore) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        for name, (ok, total) in other.extras.items():
            old_ok, old_total = self.extras.get(name, (0, 0))
            self.extras[name] = (old_ok + ok, old_total + total)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                               "tp": self.tp, "fp": self.fp, "fn": self.fn}
        out.update({name: ok / total for name, (ok, total) in self.extras.items() if total})
        return out

    def table_row(self, name: str) -> str:
        extras = "  ".join(f"{check} {ok / total:.3f} ({ok}/{total})"
                           for check, (ok, total) in self.extras.items() if total)
        return (f"{name:<18}{self.precision:7.3f}{self.recall:7.3f}{self.f1:7.3f}"
                f"   {self.tp}/{self.fp}/{self.fn:<6} {extras}")


@dataclass
class EvalReport:
    """Scores of a prediction set against a gold folder, plus every miss and false hit."""

    fields: dict[str, FieldScore]
    articles: int
    missing: int  # gold articles without a prediction
    errors: list[dict] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        """The headline: mean F1 of the six fields ("quote text only" is not one of them)."""
        return sum(self.fields[name].f1 for name in FIELDS) / len(FIELDS)

    def to_dict(self) -> dict[str, Any]:
        """The JSON that `score.py --json` writes."""
        return {"articles": self.articles, "missing_predictions": self.missing,
                "fields": {name: field_score.to_dict() for name, field_score in self.fields.items()},
                "macro_f1": self.macro_f1}

    def format_table(self) -> str:
        lines = [f"{'field':<18}{'P':>7}{'R':>7}{'F1':>7}   tp/fp/fn    extra"]
        lines += [field_score.table_row(name) for name, field_score in self.fields.items()]
        lines.append(f"{'macro F1':<32}{self.macro_f1:7.3f}   over {self.articles} articles, "
                     f"{self.missing} without a prediction")
        return "\n".join(lines)


# --- loading -----------------------------------------------------------------------------


def load_gold(gold_dir: str | Path) -> list[dict]:
    """Every article file (*.json) of a gold folder, in file-name order."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise ValueError(f"{folder}: not a folder")
    golds = []
    for path in sorted(folder.glob("*.json")):
        try:
            article = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: {exc}") from exc
        if not isinstance(article, dict) or "id" not in article or not isinstance(article.get("gold"), dict):
            raise ValueError(f"{path}: not an article with an id and a gold object")
        golds.append(article)
    return golds


def prediction_id(record: dict) -> Optional[str]:
    """The article id of one prediction: at `id`, else at `article.id`."""
    if record.get("id") is not None:
        return record["id"]
    article = record.get("article")
    return article.get("id") if isinstance(article, dict) else None


def load_predictions(path: str | Path) -> dict[str, dict]:
    """Predictions from a JSON Lines file, keyed by article id; a later line for an id wins."""
    predictions: dict[str, dict] = {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise ValueError(f"{path}:{number}: not a JSON object")
            article_id = prediction_id(record)
            if article_id is None:
                raise ValueError(f"{path}:{number}: no id (expected 'id' or 'article.id')")
            predictions[article_id] = record
    return predictions


# --- normalising what is compared --------------------------------------------------------


def fold(text: Any) -> str:
    """A name, org or quote as compared: no accents, case or punctuation, honorifics dropped."""
    if not isinstance(text, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = _NOT_WORD.sub(" ", bare.casefold()).split()
    return " ".join(word for word in words if word not in HONORIFICS)


def token_f1(gold_text: Any, predicted_text: Any) -> float:
    """F1 of the word tokens two quote texts share, each token counted as often as it occurs."""
    gold_tokens = Counter(_WORD.findall(fold(gold_text)))
    predicted_tokens = Counter(_WORD.findall(fold(predicted_text)))
    size = sum(gold_tokens.values()) + sum(predicted_tokens.values())
    shared = sum((gold_tokens & predicted_tokens).values())
    return 2 * shared / size if size else 0.0


def org_matches(gold_org: Any, predicted_org: Any) -> bool:
    """Same org, or one's words appear as a run inside the other's ("LMAX" in "LMAX Group")."""
    gold_words, predicted_words = fold(gold_org).split(), fold(predicted_org).split()
    if not gold_words or not predicted_words:
        return False
    shorter, longer = sorted((gold_words, predicted_words), key=len)
    return any(longer[start:start + len(shorter)] == shorter
               for start in range(len(longer) - len(shorter) + 1))


def _number(value: Any) -> Optional[float]:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _identity(value: Any) -> Optional[float]:
    """A number as a de-duplication key: equal to IDENTITY_DIGITS significant digits."""
    number = _number(value)
    return None if number is None else float(f"{number:.{IDENTITY_DIGITS}g}")


def is_close(gold_value: Any, predicted_value: Any, tolerance: float) -> bool:
    """Relative closeness, measured against the larger of the two (score.py; README says "within")."""
    gold, predicted = _number(gold_value), _number(predicted_value)
    if gold is None or predicted is None:
        return False
    return abs(gold - predicted) <= tolerance * max(abs(gold), abs(predicted))


def _asset(value: Any) -> Optional[str]:
    return None if value is None else str(value).upper()


def _speaker_name(speaker: Any) -> Any:
    return speaker.get("name") if isinstance(speaker, dict) else speaker


def _speaker_org(speaker: Any) -> Any:
    return speaker.get("org") if isinstance(speaker, dict) else None


# --- matching ----------------------------------------------------------------------------


def greedy_match(golds: list, predictions: list, preference: Callable[[Any, Any], Optional[float]]
                 ) -> list[tuple[int, int]]:
    """One-to-one (gold, prediction) index pairs, highest preference first.

    `preference` is None for a pair that is no hit. Equal preferences go to the earlier
    gold, then the earlier prediction (how score.py breaks ties).
    """
    candidates = []
    for g, gold in enumerate(golds):
        for p, predicted in enumerate(predictions):
            rank = preference(gold, predicted)
            if rank is not None:
                candidates.append((-rank, g, p))
    candidates.sort()
    used_golds, used_predictions, pairs = set(), set(), []
    for _, g, p in candidates:
        if g not in used_golds and p not in used_predictions:
            used_golds.add(g)
            used_predictions.add(p)
            pairs.append((g, p))
    return pairs


def _dedupe(predictions: list[dict], key: Callable[[dict], Hashable]) -> list[list[dict]]:
    """Predictions grouped by key, in order of first appearance: a repeat is not a new claim."""
    groups: dict[Hashable, list[dict]] = {}
    for predicted in predictions:
        groups.setdefault(key(predicted), []).append(predicted)
    return list(groups.values())


@dataclass(frozen=True)
class AccuracyCheck:
    """A check on matched pairs, e.g. role accuracy: None when it does not apply to a pair."""

    name: str
    kind: str  # the error kind of a failed check
    judge: Callable[[dict, list[dict]], Optional[tuple[bool, dict]]]  # -> (correct, error item)


@dataclass(frozen=True)
class NumericField:
    """How one numeric field is de-duplicated, matched and checked."""

    name: str
    dedupe_key: Callable[[dict], Hashable]
    is_hit: Callable[[dict, dict], bool]
    prefers: Callable[[dict, dict], float] = lambda gold, predicted: 0.0
    check: Optional[AccuracyCheck] = None


@dataclass
class _Outcome:
    """One field of one article: its counts and the misses behind them (without the id)."""

    scores: dict[str, FieldScore]
    errors: list[dict]


def _error(field_name: str, kind: str, item: Any) -> dict:
    return {"field": field_name, "kind": kind, "item": item}


def _score_numeric(rule: NumericField, golds: list[dict], predictions: list[dict]) -> _Outcome:
    groups = _dedupe(predictions, rule.dedupe_key)
    firsts = [group[0] for group in groups]
    pairs = greedy_match(golds, firsts, lambda g, p: rule.prefers(g, p) if rule.is_hit(g, p) else None)
    field_score = FieldScore(tp=len(pairs), fp=len(firsts) - len(pairs), fn=len(golds) - len(pairs))
    errors = []
    if rule.check:
        correct = checked = 0
        for g, p in pairs:
            verdict = rule.check.judge(golds[g], groups[p])
            if verdict is None:
                continue
            ok, item = verdict
            checked += 1
            correct += ok
            if not ok:
                errors.append(_error(rule.name, rule.check.kind, item))
        field_score.extras[rule.check.name] = (correct, checked)
    errors += _misses(rule.name, golds, firsts, pairs)
    return _Outcome({rule.name: field_score}, errors)


def _misses(field_name: str, golds: list, predictions: list, pairs: list[tuple[int, int]],
            shown: Callable[[Any], Any] = lambda item: item,
            fp_shown: Optional[Callable[[Any], Any]] = None) -> list[dict]:
    """Unmatched gold (fn, gold order) then unmatched predictions (fp, prediction order)."""
    matched_golds = {g for g, _ in pairs}
    matched_predictions = {p for _, p in pairs}
    fp_shown = fp_shown or shown
    return ([_error(field_name, "fn", shown(gold)) for g, gold in enumerate(golds) if g not in matched_golds]
            + [_error(field_name, "fp", fp_shown(predicted)) for p, predicted in enumerate(predictions)
               if p not in matched_predictions])


# --- the fields --------------------------------------------------------------------------


def _judge_role(gold: dict, group: list[dict]) -> tuple[bool, dict]:
    # Repeats of a price are one prediction carrying all their roles; any one may be right.
    roles = {predicted.get("role") for predicted in group} - {None}
    ok = any(role in (gold.get("roles") or []) for role in roles)
    return ok, {"gold": gold, "pred_roles": sorted(roles, key=str)}


def _judge_direction(gold: dict, group: list[dict]) -> Optional[tuple[bool, dict]]:
    if gold.get("metric") != "price_change" or gold.get("direction") is None:
        return None
    predicted = group[0].get("direction")
    return predicted == gold["direction"], {"gold": gold, "pred": predicted}


# Prices, percentages, liquidations and claims merge repeated predictions (same key) into
# one, as score.py does; the README's "duplicates count as false positives" then holds for
# near repeats (another value to 6 digits) and for quotes, which are never merged. Hits are
# not ranked by nearness: among several hits the earlier gold and prediction pair up.
PRICES = NumericField(
    name="prices",
    dedupe_key=lambda p: (_asset(p.get("asset")), _identity(p.get("value"))),
    is_hit=lambda g, p: _asset(g.get("asset")) == _asset(p.get("asset"))
    and is_close(g.get("value"), p.get("value"), LEVEL_TOLERANCE),
    check=AccuracyCheck("role accuracy", "role", _judge_role),
)

# A gold percentage with an asset needs that asset; one without takes any, but a
# prediction with the same asset (null included) is matched first.
PERCENTAGES = NumericField(
    name="percentages",
    dedupe_key=lambda p: (_asset(p.get("asset")), _identity(p.get("value"))),
    is_hit=lambda g, p: is_close(g.get("value"), p.get("value"), LEVEL_TOLERANCE)
    and (g.get("asset") is None or _asset(g.get("asset")) == _asset(p.get("asset"))),
    prefers=lambda g, p: float(_asset(g.get("asset")) == _asset(p.get("asset"))),
    check=AccuracyCheck("direction accuracy", "direction", _judge_direction),
)

# The side is compared as written (score.py does not fold its case).
LIQUIDATIONS = NumericField(
    name="liquidations",
    dedupe_key=lambda p: (p.get("side"), _asset(p.get("asset")), _identity(p.get("amount_usd"))),
    is_hit=lambda g, p: g.get("side") == p.get("side") and _asset(g.get("asset")) == _asset(p.get("asset"))
    and is_close(g.get("amount_usd"), p.get("amount_usd"), LIQUIDATION_TOLERANCE),
)

CLAIMS = NumericField(
    name="claims",
    dedupe_key=lambda p: (fold(_speaker_name(p.get("speaker"))), _asset(p.get("asset")), _identity(p.get("level"))),
    is_hit=lambda g, p: fold(_speaker_name(g.get("speaker"))) == fold(_speaker_name(p.get("speaker")))
    and _asset(g.get("asset")) == _asset(p.get("asset"))
    and is_close(g.get("level"), p.get("level"), LEVEL_TOLERANCE),
)


def _score_assets(golds: list, predictions: list) -> _Outcome:
    """Assets are sets of upper-case tickers; misses are listed alphabetically, false hits first."""
    gold_symbols = {_asset(symbol) for symbol in golds if symbol is not None}
    predicted_symbols = set()
    for predicted in predictions:
        symbol = predicted.get("symbol") if isinstance(predicted, dict) else predicted
        if symbol is not None:
            predicted_symbols.add(_asset(symbol))
    field_score = FieldScore(tp=len(gold_symbols & predicted_symbols),
                             fp=len(predicted_symbols - gold_symbols), fn=len(gold_symbols - predicted_symbols))
    errors = ([_error("assets", "fp", symbol) for symbol in sorted(predicted_symbols - gold_symbols)]
              + [_error("assets", "fn", symbol) for symbol in sorted(gold_symbols - predicted_symbols)])
    return _Outcome({"assets": field_score}, errors)


def _same_speaker(gold: dict, predicted: dict) -> bool:
    return fold(gold.get("speaker")) == fold(_speaker_name(predicted.get("speaker")))


def _text_rank(gold: dict, predicted: dict) -> Optional[float]:
    overlap = token_f1(gold.get("text"), predicted.get("text"))
    return overlap if overlap >= QUOTE_TEXT_MIN_F1 else None


def _score_quotes(golds: list[dict], predictions: list[dict]) -> _Outcome:
    """Quotes twice: by text alone (with speaker and org checked on those matches), then text and speaker.

    Repeated quotes are not merged: each repeat is a false hit. Misses and false hits
    shown are those of the text-only matching; a wrong speaker is shown as its own kind.
    """
    text_pairs = greedy_match(golds, predictions, _text_rank)
    speakers_right = orgs_right = orgs_checked = 0
    errors = []
    for g, p in text_pairs:
        gold, predicted = golds[g], predictions[p]
        if _same_speaker(gold, predicted):
            speakers_right += 1
        else:
            errors.append(_error("quotes", "speaker", {
                "text": (gold.get("text") or "")[:SPEAKER_ERROR_TEXT_CHARS],
                "gold": gold.get("speaker"), "pred": _speaker_name(predicted.get("speaker"))}))
        if gold.get("org"):
            orgs_checked += 1
            orgs_right += org_matches(gold["org"], _speaker_org(predicted.get("speaker")))
    full_pairs = greedy_match(golds, predictions,
                              lambda g, p: _text_rank(g, p) if _same_speaker(g, p) else None)
    errors += _misses(
        "quotes", golds, predictions, text_pairs,
        shown=lambda q: {"speaker": q.get("speaker"), "type": q.get("type"),
                         "text": (q.get("text") or "")[:ERROR_TEXT_CHARS]},
        fp_shown=lambda q: {"speaker": _speaker_name(q.get("speaker")),
                            "text": (q.get("text") or "")[:ERROR_TEXT_CHARS]})
    quotes = FieldScore(tp=len(full_pairs), fp=len(predictions) - len(full_pairs),
                        fn=len(golds) - len(full_pairs),
                        extras={"speaker accuracy": (speakers_right, len(text_pairs)),
                                "org accuracy": (orgs_right, orgs_checked)})
    text_only = FieldScore(tp=len(text_pairs), fp=len(predictions) - len(text_pairs),
                           fn=len(golds) - len(text_pairs))
    return _Outcome({"quotes": quotes, QUOTE_TEXT_ONLY: text_only}, errors)


_SCORERS: dict[str, Callable[[list, list], _Outcome]] = {
    "assets": _score_assets,
    "prices": lambda golds, predictions: _score_numeric(PRICES, golds, predictions),
    "percentages": lambda golds, predictions: _score_numeric(PERCENTAGES, golds, predictions),
    "liquidations": lambda golds, predictions: _score_numeric(LIQUIDATIONS, golds, predictions),
    "quotes": _score_quotes,
    "claims": lambda golds, predictions: _score_numeric(CLAIMS, golds, predictions),
}


def _items(record: dict, name: str) -> list:
    """The items of one field; a missing or malformed list counts as empty."""
    items = record.get(name)
    if not isinstance(items, list):
        return []
    return items if name == "assets" else [item for item in items if isinstance(item, dict)]


def _empty_scores() -> dict[str, FieldScore]:
    scores = {name: FieldScore() for name in REPORTED_FIELDS}
    scores["prices"].extras["role accuracy"] = (0, 0)
    scores["percentages"].extras["direction accuracy"] = (0, 0)
    scores["quotes"].extras.update({"speaker accuracy": (0, 0), "org accuracy": (0, 0)})
    return scores


def score(golds: list[dict], predictions: dict[str, dict]) -> EvalReport:
    """Score predictions (keyed by article id) against gold articles; a missing prediction finds nothing."""
    report = EvalReport(fields=_empty_scores(), articles=len(golds), missing=0)
    for article in golds:
        predicted = predictions.get(article["id"])
        if predicted is None:
            report.missing += 1
            predicted = {}
        gold = article.get("gold") or {}
        for name in FIELDS:
            outcome = _SCORERS[name](_items(gold, name), _items(predicted, name))
            for reported, field_score in outcome.scores.items():
                report.fields[reported].add(field_score)
            report.errors += [{"id": article["id"], **error} for error in outcome.errors]
    return report
