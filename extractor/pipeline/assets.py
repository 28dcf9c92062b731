"""Find crypto assets: gazetteer names and tickers, cashtags and tickers glued to prices.

Names match case-insensitively; tickers only in capitals (unambiguous ones of three or more
letters also in lower case, as traders write "btc"). A surface form that is also an English
word, a person, a fiat currency or a commodity ("LINK", "Near", "GAS", "SOL") needs evidence:
a cashtag, a glued price, "Project's TICKER", a parenthesised ticker, a price, percentage or
market verb right after it ("SOL at $180", "OP jumped"), or crypto vocabulary in its sentence;
an ambiguous name ("Avalanche") needs a crypto noun or market verb right after it, and a ticker
that is also a time zone ("1500 GMT") never counts on context alone. Once one mention of an
ambiguous ticker is accepted, its other capitalised mentions in the article are too. A stablecoin
written as the currency of an amount ("98,500 USDT") is a unit, and a name heading a company's
name ("Celestia Partners") is the company; neither is a mention.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..resources import MODELS_DIR, compile_phrases, lexicon, phrase_pattern
from .context import AssetMention, Sentences, mirror_spans

POSSESSIVE = re.compile(r"[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)?['’]s?\s*$")
PAREN_BEFORE = re.compile(r"\(\s*$")
PAREN_AFTER = re.compile(r"^\s*\)")
EVIDENCE_AFTER = re.compile(
    r"^(?:['’]s)?\s*[:|│]?\s*(?:\(\w+\)\s*)?(?:token|coin|network|protocol|blockchain|chain|price|holders|perps?|futures|"
    r"(?:(?:at|near|around|above|below|under|over|to)\s+)?[~≈]?\$\d|(?:[▲▼↑↓🔺🔻]\s*)?[+\-−]?\d[\d.,]*\s*(?:%|percent|per cent)|"
    r"(?:\w+\s+){0,3}?(?:rose|fell|gained|lost|climbed|jumped|added|slid|dropped|rallied|surged|tumbled|sank|"
    r"slipped|rose|soared|plunged|traded|trades|trading|changed hands|was (?:up|down)|is (?:up|down))\b)",
    re.IGNORECASE)
# a capitalised name that is also a word ("Avalanche", "Near") needs its asset sense right after it:
# a crypto noun or a market verb with nothing between ("Avalanche slid", "Near's token")
NAME_EVIDENCE_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:token|coin|network|protocol|blockchain|price|rose|fell|gained|lost|climbed|jumped|slid|dropped|"
    r"rallied|surged|tumbled|sank|slipped|soared|plunged|traded|trades|changed hands|was (?:up|down)|is (?:up|down))\b",
    re.IGNORECASE)
# what joins the items of a list of coins: ", ", " and ", ", or ", " & "
LIST_JOIN = re.compile(r"\s*(?:,|,?\s+(?:and|or|&))\s+")
# tickers of this length or more that are not ambiguous may also be written in lower case ("btc")
LOWERCASE_TICKER_MIN = 3


@dataclass(frozen=True, slots=True)
class Form:
    symbol: str
    text: str
    is_ticker: bool
    ambiguous: bool


class Gazetteer:
    """Surface forms of the assets in `models/assets.jsonl`."""

    def __init__(self, path: Path):
        self.names: dict[str, str] = {}
        self.forms: dict[str, Form] = {}  # key: lower-cased text for names, exact text for tickers
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            entry = json.loads(line)
            symbol = entry["symbol"].upper()
            self.names[symbol] = entry.get("name")
            ambiguous = {a.lower() for a in entry.get("ambiguous", [])}
            for text in [entry["symbol"], entry.get("name"), *entry.get("aliases", [])]:
                if not text:
                    continue
                is_ticker = text.isupper() and " " not in text and len(text) <= 12
                form = Form(symbol, text, is_ticker, text.lower() in ambiguous)
                key = text if is_ticker else text.lower()
                self.forms.setdefault(key, form)

    def ticker_pattern(self) -> re.Pattern[str]:
        tickers = sorted((f.text for f in self.forms.values() if f.is_ticker), key=len, reverse=True)
        lower = sorted((f.text.lower() for f in self.forms.values()
                        if f.is_ticker and not f.ambiguous and len(f.text) >= LOWERCASE_TICKER_MIN
                        and f.text.isalpha()), key=len, reverse=True)
        alternation = "|".join(re.escape(t) for t in tickers + lower)
        # a trading pair names its base asset ("BTC-USDT", "ETH-PERP"); other hyphenated words do not
        return re.compile(rf"(?<![\w$.@#/-])(\$)?({alternation})(?!\w|-(?!(?:USDT|USDC|USD|PERP|BTC|ETH)\b)|\.\w)")

    def name_pattern(self) -> re.Pattern[str]:
        names = [f.text for f in self.forms.values() if not f.is_ticker]
        return compile_phrases(names)

    def ticker_symbols(self) -> dict[str, str]:
        return {f.text: f.symbol for f in self.forms.values() if f.is_ticker}

    def lookup(self, text: str) -> Form | None:
        return self.forms.get(text) or self.forms.get(text.lower()) or (
            self.forms.get(text.upper()) if text.islower() else None)


class AssetFinder:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.tickers = gazetteer.ticker_pattern()
        self.names = gazetteer.name_pattern()
        not_assets = lexicon("not_assets")
        self.not_assets = compile_phrases(not_assets.get("phrases", []))
        # "Celestia Partners", "Render Capital": a name heading a company's name
        self.org_suffix = re.compile(r"\s+" + phrase_pattern(not_assets["org_suffixes"]))
        context = lexicon("asset_context")
        self.context = compile_phrases(context["crypto_context_words"])
        self.time_zones = frozenset(context["time_zones"])
        moves = lexicon("moves")
        verbs = [w for w in moves["up"] + moves["down"] if w not in moves["not_moves_alone"] and w[0].isalpha()]
        # "SOL: Ripped 11%", "• SOL: down 4%": any move word, or up/down with a figure, right after the ticker
        self.move_after = re.compile(
            rf"^\s*[:|│]?\s*(?:(?:\w+\s+)?{phrase_pattern(verbs)}|(?:(?:is|was)\s+)?(?:up|down)\s+[+\-−]?\d"
            rf"|(?:is|was)\s+[+\-−]\d)", re.IGNORECASE)
        # "Cosmos gave up 7%": an ambiguous name followed right away by a move word
        self.name_move_after = re.compile(rf"^(?:['’]s)?\s+{phrase_pattern(verbs)}", re.IGNORECASE)

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.find(doc)
        doc._.asset_mentions = mentions
        mirror_spans(doc, "assets", mentions, lambda m: m.symbol)
        return doc

    def find(self, doc: Doc) -> list[AssetMention]:
        text = doc.text
        blocked = [(m.start(), m.end()) for m in self.not_assets.finditer(text)]
        sentences = Sentences(doc)
        candidates: list[tuple[AssetMention, Form]] = []
        for match in self.names.finditer(text):
            form = self.gazetteer.lookup(match.group(0))
            if form is None or (form.ambiguous and not match.group(0)[0].isupper()):
                continue
            candidates.append((AssetMention(form.symbol, match.start(), match.end(), match.group(0), "name"), form))
        for match in self.tickers.finditer(text):
            word = match.group(2)
            form = self.gazetteer.lookup(word)
            if form is None:
                continue
            start = match.start(2)
            glued = text.startswith("$", match.end(2)) and text[match.end(2) + 1:match.end(2) + 2].isdigit()
            evidence = "cashtag" if match.group(1) else "glued" if glued else "ticker"
            candidates.append((AssetMention(form.symbol, start, match.end(2), word, evidence), form))

        # "98,500 USDT": a stablecoin written as the currency of an amount is its unit, not a subject
        blocked += [(q.start, q.end) for q in doc._.quantities or [] if q.kind == "money"]
        accepted: list[AssetMention] = []
        pending: list[tuple[AssetMention, Form]] = []
        for mention, form in candidates:
            if any(a <= mention.start and mention.end <= b for a, b in blocked):
                continue
            if self.org_suffix.match(text, mention.end):
                continue
            if not form.ambiguous or mention.evidence in ("cashtag", "glued"):
                accepted.append(mention)
                continue
            reason = self._evidence(text, mention, form, sentences)
            if reason:
                accepted.append(_with_evidence(mention, reason))
            else:
                pending.append((mention, form))
        confirmed = {m.symbol for m in accepted if m.evidence != "name"}
        for mention, form in pending:
            if form.is_ticker and mention.symbol in confirmed:
                accepted.append(_with_evidence(mention, "confirmed"))
        accepted += self._listed(text, accepted, [m for m, _ in pending if m not in accepted])
        return _without_overlaps(accepted)

    @staticmethod
    def _listed(text: str, accepted: list[AssetMention], pending: list[AssetMention]) -> list[AssetMention]:
        """Capitalised ambiguous names listed with accepted assets ("Polkadot, Cardano and Avalanche
        all fell"): a list of coins holds coins. Each accepted one may admit its neighbours in turn."""
        found: list[AssetMention] = []
        anchors = sorted((m.start, m.end) for m in accepted)
        waiting = sorted((m for m in pending if m.text[0].isupper()), key=lambda m: m.start)
        changed = True
        while changed:
            changed = False
            for mention in list(waiting):
                if any(LIST_JOIN.fullmatch(text, end, mention.start) or LIST_JOIN.fullmatch(text, mention.end, start)
                       for start, end in anchors):
                    found.append(_with_evidence(mention, "listed"))
                    anchors.append((mention.start, mention.end))
                    waiting.remove(mention)
                    changed = True
        return found

    def _evidence(self, text: str, mention: AssetMention, form: Form, sentences: Sentences) -> str | None:
        before = text[max(0, mention.start - 40):mention.start]
        after = text[mention.end:mention.end + 60]
        if form.is_ticker and POSSESSIVE.search(before):
            return "possessive"
        if form.is_ticker and PAREN_BEFORE.search(before) and PAREN_AFTER.match(after):
            return "parenthesised"
        if re.match(r"^['’]s\s+[A-Z0-9]{2,10}\b", after):
            follower = self.gazetteer.lookup(after.split()[1]) if len(after.split()) > 1 else None
            if follower is not None and follower.symbol == form.symbol:
                return "name+ticker"
        if re.match(r"^\s*\(\$?[A-Z0-9]{2,10}\)", after):
            return "name+ticker"
        if not form.is_ticker:
            return "named" if NAME_EVIDENCE_AFTER.match(after) or self.name_move_after.match(after) else None
        if form.text in self.time_zones:
            return None  # "by 1500 GMT" in a market report is a clock, however crypto the sentence
        if EVIDENCE_AFTER.match(after) or self.move_after.match(after):
            return "market-context"
        start, end = sentences.bounds_of(mention.start)
        if self.context.search(text, start, end):
            return "crypto-context"
        return None


def _with_evidence(mention: AssetMention, evidence: str) -> AssetMention:
    return AssetMention(mention.symbol, mention.start, mention.end, mention.text, evidence)


def _without_overlaps(mentions: list[AssetMention]) -> list[AssetMention]:
    """Longest mention wins where two overlap ("Bitcoin Cash" over "Bitcoin")."""
    out: list[AssetMention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


@lru_cache(maxsize=None)
def load_gazetteer(file_name: str = "assets.jsonl") -> Gazetteer:
    return Gazetteer(MODELS_DIR / file_name)


@Language.factory("asset_finder", requires=["doc._.quantities"], assigns=["doc._.asset_mentions", "doc.spans"],
                  default_config={"gazetteer": "assets.jsonl"})
def make_asset_finder(nlp: Language, name: str, gazetteer: str) -> AssetFinder:
    return AssetFinder(load_gazetteer(gazetteer))
