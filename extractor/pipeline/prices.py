"""Price levels: which dollar amounts are per-unit prices of a crypto asset, and their role.

A chain of rules, each with its reason:
1. Only USD amounts (USD stablecoins count); bare numbers only as the partner of a dollar range end.
2. Not a price when the words next to it make it a total (market cap, volume, flows, fees, raises,
   liquidations, open interest, company spending, rates "a month"), a price per ounce/share, or
   when the clause is about a stock, index, commodity or company. A level preposition ("a
   settlement below $X"), a per-coin cost ("an average cost of $X") or a condition ("if it lost
   $X") keeps it a level. Amounts in millions and up are totals unless written per coin.
3. Attach an asset (see `attach.py`); no plausible asset, no price.
4. Role from cues next to the number (`models/lexicons/price_roles.json`): phrases left and right
   of it, patterns over its subject and the rest of its clause; the strongest cue wins, then the
   nearest. "rose 5% to $X" is the current price, "as much as 9% to $X" or "touched $X" an
   extreme whose side (high/low) the move around it decides, "if it drops to $X" a threshold,
   "could fall to $X" a target; a current price of a dated past moment is history ("other").
   A range's edges are support/resistance when the price is confined there or buyers/sellers
   sit there, the zone's role when called an area or zone, else low/high.
5. Levels in one list share a role ("opens $98,000, then the psychological $100K", "the $87,000
   and $90,000 strikes"), and a measure continued across "from" keeps its role.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..numbers import Quantity
from ..records import Price
from ..resources import compile_phrases, lexicon, phrase_pattern
from .assets import load_gazetteer
from .attach import ResolverFactory
from .context import Cue, CueSet, clause_end, clause_start, mirror_spans, windows, without_hedge

BIG_SCALES = {"m", "mm", "mn", "mln", "million", "b", "bn", "bln", "billion", "t", "tn", "trillion"}
# a price in millions is only believed when written per coin ("$1 million per bitcoin")
BIG_VALUE = 1e6
DOWN_MOVE = re.compile(r"\b(?:fall|fell|drop|dip|slid|slide|slump|sank|sink|lost|los|declin|tumbl|plung|crash|dump|shed|"
                       r"flush|sell-?off|capitulat|wick|nosediv|tank|skid|bled|bleed|puk)", re.I)
UP_MOVE = re.compile(r"\b(?:rise|rose|risen|rising|climb|jump|rall|surg|soar|spik|pump|squeez|premium|gain|advanc|"
                     r"rebound|bounc|recover|rocket|moon)", re.I)
SNAPSHOT = re.compile(r"\b[A-Z]{2,10}\s*[:|│]?\s*$")  # market snapshot: "BTC $104,380", "$ETH: $2.6K", "| ETH | $3,842"
# a preposition of position before the amount makes it a level, whatever noun came before
LEVEL_PREPOSITION = re.compile(r"\b(?:below|above|beneath|underneath|under|toward|towards|through|past|near)\s*$", re.I)
PER_UNIT_REACH = 40  # characters before an amount searched for "average cost", "cost basis" ...
# a year that dates the clause's event ("In 2021, ...", "in March 2022", "ended 2024 at", "March 2020, when"), not a noun's
# ("its January 2018 peak"),
# and one named right after a level ("$16,000 in late 2022")
MONTH = (r"(?:(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?|january|february|march|april|may|june|july|"
         r"august|september|october|november|december)\s+")
YEAR = re.compile(rf"\b(?:in|during|ended|finished|closed|started|began|entered)\s+(?:early\s+|late\s+|mid-?)?(?:{MONTH})?"
                  r"(?:19|20)\d\d\b|\b(?:19|20)\d\d,?\s+when\b", re.I)
DATED_AFTER = re.compile(rf"^\s+(?:back\s+)?(?:in|during)\s+(?:early\s+|late\s+|mid-?)?(?:{MONTH})?(?:19|20)\d\d\b", re.I)
PRESENT = re.compile(r"\b(?:is|are|has|have|now|currently|trades|sits|stands|heads|remains)\b", re.I)
# characters read after a level: its clause may say what it became ("..., should now act as support")
RIGHT_WIDTH = 160
# a right cue that starts like this says something about the level, it does not name it
PREDICATE = re.compile(r"(?:is|was|are|were|would|will|could|gets?|got|has|have|had|as|acts?|acted)\b", re.I)
# a subject pronoun right after a level starts the level's own clause, which no list continues
OWN_CLAUSE = re.compile(r"\s+(?:we|i|it|they|he|she|you)\s+(?!and\b|or\b)[a-z’']+", re.IGNORECASE)
# measures that are not the market price go on across "from": "cost rose to $X from $Y", "target to $X from $Y"
CONTINUED_ROLES = ("other", "target")
# a cue at least this strong is explicit enough to carry over to a level that continues its measure
STRONG_CUE = 2.7
# a cue this strong overrides what a range means by itself (its edges as low and high)
RANGE_CUE_STRENGTH = 2.5
# a line headed by an asset, as trader notes and chats write levels: "ETH: ...", "• SOL — ...", "3/ $ETH held ..."
LEVELS_LINE = re.compile(r"[ \t]*(?:[•\-*·▪►]\s*|\d{1,2}/\s*)?(?:(?P<label>\$?[A-Za-z]{2,12})\s*(?::|\s[—–-]\s)"
                         r"|(?P<cashtag>\$[A-Za-z]{2,12})\b)")
YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
# the coin named after a number of coins ("450 BTC", "1.2 million solana tokens")
COIN_UNIT = re.compile(r"\s+(\$?[A-Za-z][\w.-]*)(?:\s+(?:tokens?|coins?))?")
# "a Bitcoin cost 112,950 dollars", "one ether had fetched": a verb of price after a single unit of an asset
PER_UNIT_COST = re.compile(
    r"\b(?:a|an|one|each|a\s+single)\s+(?P<unit>[\w-]+)\s+(?P<aux>(?:(?:had|has|have|still|already|then|now|"
    r"only|just|would|will|could|might)\s+){0,3})(?:cost|costs|was\s+worth|is\s+worth|fetched|fetches|went\s+for|"
    r"goes\s+for|sold\s+for|sells\s+for|traded\s+for|trades\s+for)"
    r"(?:\s+(?:more\s+than|less\s+than|over|under|just\s+over|just\s+under|above|below))?\s*$", re.IGNORECASE)
UNIT_WORDS = ("coin", "token")
# hedges that say nothing about the role; "over", "under", "north of" stay in the context as cues
APPROXIMATE = {"about", "around", "roughly", "nearly", "approximately", "almost", "some", "close to", "~", "≈"}
# what may stand between a local-currency amount and its dollar equivalent: "on Thursday, roughly",
# ", or about", ", equivalent to", " (about"
CONVERSION = re.compile(
    r"[^,;.$\d()]{0,60}?(?:,\s*(?:or\s+)?|\s+or\s+|\s*\(\s*)"
    r"(?:(?:the\s+)?equivalent\s+(?:of|to)\s+|equal\s+to\s+)?"
    r"(?:roughly|about|around|approximately|approx\.|some|nearly|almost|close\s+to|just\s+over|just\s+under|~|≈)?\s*",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RoleEvidence:
    """A level's role, how strong the cue for it was, and where the cue stood ("left", "right", "")."""

    role: str
    strength: float
    side: str = ""
    cue: str = ""


# the edges of a range the price moved in, written "a range of $X to $Y" / "ran from $X to $Y"
_RANGE_OPENING = r"\b(?:(?:a|its|the|session|daily|trading)\s+range\s+of|ranged\s+from|ran\s+from|swung\s+from|traded\s+from)"
TRADED_RANGE_START = re.compile(_RANGE_OPENING + r"\s*$", re.IGNORECASE)
TRADED_RANGE_END = re.compile(_RANGE_OPENING + r"\s+(?:US)?\$?\s?[\d.,]+\s*[kKmM]?\s+to\s*$", re.IGNORECASE)


class PriceFinder:
    def __init__(self, resolvers: ResolverFactory):
        self.resolvers = resolvers
        self.gazetteer = load_gazetteer()
        roles = lexicon("price_roles")
        gap = roles["max_gap_words"]
        self.left = CueSet(roles["left"], "left", gap)
        self.right = CueSet(roles["right"], "right", roles["right_max_words"])
        self.modal_target = re.compile(roles["modal_target"], re.IGNORECASE)
        self.conditional = re.compile(roles["conditional_threshold"], re.IGNORECASE)
        self.move_to = re.compile(roles["move_to_current"], re.IGNORECASE)
        self.extreme = re.compile(roles["extreme_move"], re.IGNORECASE)
        self.other_anywhere = compile_phrases(roles["other_anywhere"])
        self.subject_cues = [(c["role"], c["strength"], re.compile(c["pattern"], re.IGNORECASE)) for c in roles["subject_cues"]]
        self.right_patterns = [(c["role"], c["strength"], re.compile(c["pattern"], re.IGNORECASE))
                               for c in roles["right_patterns"]]
        self.cluster = re.compile(roles["liquidation_cluster"], re.IGNORECASE)
        self.hypothetical_left = re.compile(roles["hypothetical_at"]["left"], re.IGNORECASE)
        self.hypothetical_right = re.compile(roles["hypothetical_at"]["right"])
        self.future = compile_phrases(roles["future_words"])
        ranges = roles["range_rules"]
        self.range_support = compile_phrases(ranges["support_words"])
        self.range_resistance = compile_phrases(ranges["resistance_words"])
        self.range_target = compile_phrases(ranges["target_words"])
        self.confined = compile_phrases(roles["confinement_verbs"])
        lists = roles["lists"]
        adjectives = phrase_pattern(lists["adjectives"], word_bounded=False)
        connectors = phrase_pattern(lists["connectors"], word_bounded=False)
        # what may stand between two levels of one list: "/", ", then the psychological", "and HBAR to"
        self.coordination = re.compile(
            rf"^\s*(?:(?:for|in)\s+\w+\s+)?(?:[,/;]\s*)?(?:(?:{connectors})\s+)?(?:the\s+)?"
            rf"(?:(?:{adjectives})\s+)?(?-i:[A-Z]{{2,10}}\s+)?(?:(?:back\s+)?(?:to|at|near|around|above|below)\s*)?$"
            # a hedged afterthought: "$2,000 comes quickly, maybe $1,800"
            rf"|^[^.;:$]*,\s*(?:{phrase_pattern(lists['afterthoughts'], word_bounded=False)})\s+$",
            re.IGNORECASE)
        move_lexicon = lexicon("moves")
        verbs = [w for w in move_lexicon["up"] + move_lexicon["down"] if w not in move_lexicon["not_moves_alone"]]
        self.move_words = compile_phrases(verbs)
        self.down_words = {w.lower() for w in move_lexicon["down"]}
        moves = phrase_pattern(lists["continuing_moves"], word_bounded=False)
        # a move that goes on from one level to the next: ", rising to", " from", "today, falling to"
        self.continuation = re.compile(rf"^\s*(?:\w+\s*)?,?\s*(?:(?:{moves})\s+)?(?:to|from)\s*$", re.IGNORECASE)
        context = lexicon("money_context")
        self.not_price_left = CueSet([{"role": "total", "strength": 1, "phrases": context["left"]},
                                      {"role": "total", "strength": 1, "phrases": context["left_direct"], "max_gap": 0}],
                                     "left", 2)
        self.not_price_right = CueSet([{"role": "total", "strength": 1, "phrases": context["right"]},
                                       {"role": "total", "strength": 1, "phrases": context["right_rates"], "max_gap": 0},
                                       {"role": "total", "strength": 1, "phrases": context["right_nouns"], "max_gap": 0}],
                                      "right", 1)
        self.not_total_right = re.compile(r"^\s*" + phrase_pattern(context["right_not"]), re.IGNORECASE)
        self.counted_noun = re.compile(r"\s*" + phrase_pattern(context["counted_nouns"]), re.IGNORECASE)
        self.per_coin = CueSet([{"role": "price", "strength": 1, "phrases": context["big_amount_price_right"]}],
                               "right", 1)

    def __call__(self, doc: Doc) -> Doc:
        prices = self.find(doc)
        doc._.prices = prices
        mirror_spans(doc, "prices", prices, lambda p: p.role)
        return doc

    def find(self, doc: Doc) -> list[Price]:
        text = doc.text
        quantities: list[Quantity] = doc._.quantities or []
        resolver = self.resolvers(doc)
        # cut context at other amounts only: "rose 5% to $3,380" needs the percentage
        neighbours = [(q.start, q.end) for q in quantities
                      if q.kind == "money" or _bare_thousands(q) or self._in_levels_line(q, text, resolver)]
        sentences = resolver.sentences
        ranges = _range_partners(quantities)
        out: list[Price] = []
        evidence: list[RoleEvidence] = []
        respective = resolver.respective([(q.start, q.end) for q in quantities
                                          if q.kind == "money" and q.range_id is None])
        for index, q in enumerate(quantities):
            partner = ranges.get((q.range_id, "end" if q.range_pos == "start" else "start")) if q.range_id is not None else None
            bare = not _is_dollar(q, partner) and (_bare_thousands(q) or self._in_levels_line(q, text, resolver))
            if not bare and not _is_dollar(q, partner):
                continue
            bounds = sentences.bounds_of(q.start)
            others = [n for n in neighbours if n != (q.start, q.end) and (partner is None or n != (partner.start, partner.end))]
            left, right = self._windows(text, q, partner, bounds, others)
            if bare and not self._bare_level(q, partner, left, right, text, resolver):
                continue
            if _value_of_coins(quantities, index, text, bounds, resolver):
                continue  # "450 BTC, or about $30k": what a number of coins is worth, not a price
            foreign = _converted(quantities, index, text, bounds)
            if foreign is not None:
                # "Rs 82.4 lakh, or roughly US$94,700": the dollar figure stands where the local one does
                left, _ = self._windows(text, foreign, None, bounds, others)
            unit_cost = self._unit_cost(left)
            if unit_cost is None and self._is_total(q, left, right):
                continue
            per_coin = bool(unit_cost or self.other_anywhere.search(left[-PER_UNIT_REACH:]) or self.per_coin.best(right))
            attached = resolver.for_price(q.start, q.end, q.value, q.ticker, per_coin)
            if q.start in respective and resolver.plausible(respective[q.start], q.value):
                attached = respective[q.start], "respectively"
            if attached is None:
                continue
            symbol, how = attached
            found = self._role(q, partner, left, right, how, text, bounds)
            out.append(Price(asset=symbol, value=q.value, role=found.role, text=q.text, start=q.start, end=q.end,
                             sentence=sentences.text_of(q.start), qualifier=q.qualifier))
            evidence.append(found)
        self._settle_extremes(out, evidence, text, sentences)
        self._coordinate(out, evidence, text)
        return out

    @staticmethod
    def _windows(text: str, q: Quantity, partner: Optional[Quantity], bounds: tuple[int, int],
                 others: list[tuple[int, int]]) -> tuple[str, str]:
        """A range end shares its context: left of the range's start, right of its end."""
        first = q if partner is None or q.start < partner.start else partner
        last = q if partner is None or q.start > partner.start else partner
        left, _ = windows(text, first.start, first.end, bounds, others)
        _, right = windows(text, last.start, last.end, bounds, others, width=RIGHT_WIDTH)
        if first.qualifier in APPROXIMATE:
            left = without_hedge(left, first.qualifier)
        if partner is not None:
            left = re.sub(r"\bbetween\s*$", "", left, flags=re.IGNORECASE)
        return left, right

    def _unit_cost(self, left: str) -> Optional[RoleEvidence]:
        """"a Bitcoin cost $X" is a price per coin whatever "cost" usually means: the current one,
        history after "had", a forecast after a modal."""
        m = PER_UNIT_COST.search(left)
        if m is None or not (m["unit"].lower() in UNIT_WORDS or self.gazetteer.lookup(m["unit"])):
            return None
        aux = m["aux"].lower().split()
        role = "other" if "had" in aux else "target" if set(aux) & {"would", "will", "could", "might"} else "current"
        return RoleEvidence(role, 3.1, "left", m.group(0))

    @staticmethod
    def _in_levels_line(q: Quantity, text: str, resolver) -> bool:
        """A plain number on a trader's line headed by its asset ("ETH: Chopping at 3,520. Bought
        back at 3,380.") reads as a dollar level; a year never does."""
        if q.kind != "number" or q.scale is not None or YEAR_LIKE.fullmatch(q.text):
            return False
        line = text.rfind("\n", 0, q.start) + 1
        label = LEVELS_LINE.match(text, line)
        if label is None:
            return False
        head = "label" if label["label"] else "cashtag"
        return bool(resolver.mentions.between(label.start(head), label.end(head)))

    def _bare_level(self, q: Quantity, partner: Optional[Quantity], left: str, right: str, text: str,
                    resolver) -> bool:
        """A bare "94.2k" is a dollar level when it is not counting something ("1.9k upvotes",
        "10k ETH") and a level cue stands next to it ("took it to 94.2k", "the 95k level"), or it
        is an edge of a range ("between 64k and 69k")."""
        last = q if partner is None or q.start > partner.start else partner
        if self.counted_noun.match(text, last.end) or resolver.mentions.between(last.end, last.end + 2):
            return False
        return partner is not None or self.left.best(left) is not None or self.right.best(right) is not None

    def _is_total(self, q: Quantity, left: str, right: str) -> bool:
        big = q.value >= BIG_VALUE or (q.scale or "").lower() in BIG_SCALES
        if big:
            return self.per_coin.best(right) is None
        if LEVEL_PREPOSITION.search(left) or self.other_anywhere.search(left[-PER_UNIT_REACH:]) \
                or self.conditional.search(left):
            return False  # "a settlement below $82,000", "an average cost of $3,540", "if it lost $92,000"
        if self.not_price_right.best(right) is not None and not self.not_total_right.match(right):
            return True
        return self.not_price_left.best(left) is not None

    def _role(self, q: Quantity, partner: Optional[Quantity], left: str, right: str, how: str,
              text: str, bounds: tuple[int, int]) -> RoleEvidence:
        """The role, the strength of the evidence for it and the side it was read on."""
        if how == "glued":
            return RoleEvidence("current", 3.0)
        unit_cost = self._unit_cost(left)
        if unit_cost is not None and unit_cost.role == "current" and self._dated_past(right, text, q, bounds):
            return replace(unit_cost, role="other")  # "in March 2022, a bitcoin was worth roughly $44,000"
        if unit_cost is not None:
            return unit_cost
        first = partner if partner is not None and partner.start < q.start else q
        clause = _clause_before(text, first, bounds)
        if self.other_anywhere.search(clause):
            return RoleEvidence("other", 3.0, "left")
        opening = text[bounds[0]:q.start]
        if TRADED_RANGE_END.search(opening):  # "traded in a range of $74,480 to $82,750": the edges
            return RoleEvidence("high", 2.8, "left")
        if TRADED_RANGE_START.search(opening):
            return RoleEvidence("low", 2.8, "left")
        left_cues = self.left.matches(left)
        left_cues += [Cue(label, strength, 0, "") for label, strength, rx in self.subject_cues if rx.search(left)]
        for label, strength, rx in ((("threshold", 2.5, self.conditional)), ("target", 2.6, self.modal_target),
                                    ("current", 2.4, self.move_to), ("extreme", 2.6, self.extreme)):
            if rx.search(left):
                left_cues.append(Cue(label, strength, 0, ""))
        right_cues = self.right.matches(right)
        right_cues += [Cue(label, strength, 0, "") for label, strength, rx in self.right_patterns if rx.search(right)]
        cues = left_cues + right_cues
        if self.hypothetical_left.search(left) and self.hypothetical_right.match(right):
            cues.append(Cue("threshold", 3.0, 0, "at"))  # "At $100,000 bitcoin, every machine ..."
        if self.cluster.search(text, bounds[0], bounds[1]):
            cues.append(Cue("threshold", 2.7, 0, ""))
        best = max(cues, key=lambda c: (c.strength, -c.gap)) if cues else None
        side = "right" if best is not None and any(best is c for c in right_cues) else "left"
        if best is not None and best.label == "extreme":
            # an undecided side stays "extreme" until the other prices of the sentence are known
            best = Cue(_extreme_side(left) or "extreme", best.strength, best.gap, best.text)
        if partner is not None and (best is None or best.strength < RANGE_CUE_STRENGTH):
            role = self._range_role(q.start < partner.start, text, bounds, first, partner)
            if role is None:
                # "the $90-92K area": a zone is a level, its edges are not a traded low and high
                zone = any(c.label == "threshold" for c in right_cues)
                role = "threshold" if zone else ("low" if q.start < partner.start else "high")
            return RoleEvidence(role, RANGE_CUE_STRENGTH)
        if best is not None and best.label == "current" and self._dated_past(right, text, q, bounds):
            return RoleEvidence("other", best.strength, side, best.text)
        if best is not None and best.strength >= 2:
            return RoleEvidence(best.label, best.strength, side, best.text)
        if self.future.search(clause):
            return RoleEvidence("target", 1.8, "left")
        if best is not None:
            return RoleEvidence(best.label, best.strength, side, best.text)
        if SNAPSHOT.search(left):
            return RoleEvidence("current", 1.5)
        return RoleEvidence("other", 0.0)

    def _settle_extremes(self, prices: list[Price], evidence: list[RoleEvidence], text: str, sentences) -> None:
        """"touched $91,250" with no move word just before it: below the asset's current price in
        the same sentence it was a low, above it a high; failing one, the balance of move words so
        far in the paragraph decides, or in the article when the paragraph is even."""
        for index, price in enumerate(prices):
            if price.role != "extreme":
                continue
            bounds = sentences.bounds_of(price.start)
            current = [p.value for p in prices if p.role == "current" and p.asset == price.asset
                       and bounds[0] <= p.start < bounds[1]]
            if current:
                price.role = "low" if price.value < current[0] else "high"
            else:
                paragraph = text.rfind("\n", 0, bounds[0]) + 1
                balance = self._move_balance(text[paragraph:price.start]) or self._move_balance(text[:price.start])
                price.role = "low" if balance < 0 else "high"
            evidence[index] = replace(evidence[index], role=price.role)

    def _move_balance(self, text: str) -> int:
        """Rises minus falls named in `text`."""
        moves = [m.group(0).lower() for m in self.move_words.finditer(text)]
        return sum(-1 if word in self.down_words else 1 for word in moves)

    @staticmethod
    def _dated_past(right: str, text: str, q: Quantity, bounds: tuple[int, int]) -> bool:
        """"Bitcoin ended 2024 at $93,400", "traded at $16,000 in late 2022": a price of a past,
        dated moment is history, not the current price (present tenses keep it current)."""
        clause = text[clause_start(text, q.start, bounds[0]):q.start]
        if PRESENT.search(clause):
            return False
        return bool(YEAR.search(clause) or DATED_AFTER.match(right))

    @staticmethod
    def _head_noun(evidence: RoleEvidence) -> bool:
        """A cue after a list that names what its levels are ("strikes", "support"), not a predicate."""
        return not PREDICATE.match(evidence.cue)

    def _range_role(self, lower: bool, text: str, bounds: tuple[int, int], first: Quantity,
                    partner: Quantity) -> Optional[str]:
        """Both edges of "$X-$Y" / "between $X and $Y" share the range's meaning, read in the
        range's own clause; None when nothing there says more than "it traded in this range"."""
        c0 = clause_start(text, first.start, bounds[0])
        before = text[c0:first.start]
        clause = text[c0:clause_end(text, max(first.end, partner.end), bounds[1])]
        after = text[max(first.end, partner.end):clause_end(text, max(first.end, partner.end), bounds[1])]
        for words, role in ((self.range_support, "support"), (self.range_resistance, "resistance")):
            if words.search(before[-60:]) or words.search(after[:40]):  # "held between $X and $Y on every dip"
                return role
        if self.range_target.search(before):
            return "target"
        if self.confined.search(clause):
            return "support" if lower else "resistance"
        return None


    def _coordinate(self, prices: list[Price], evidence: list[RoleEvidence], text: str) -> None:
        """Levels in one list share a role: a cue before the list governs the levels after it
        ("opens $98,000, then the psychological $100K"), a noun after it the levels before it
        ("the $87,000 and $90,000 strikes"); a clear cue lends its role to a bare neighbour. A
        move that continues a measure other than the market price stays in it ("cost rose to
        $71,300 from $52,800", "cut its target to $3,000 from $4,500")."""
        for i in range(1, len(prices)):
            a, b = prices[i - 1], prices[i]
            ea, eb = evidence[i - 1], evidence[i]
            if a.sentence != b.sentence:
                continue
            between = without_hedge(text[a.end:b.start], b.qualifier)
            if OWN_CLAUSE.match(text, b.end):
                continue  # ", and at $127 we are sitting on a loss": a level with its own subject opens a clause
            if ea.role in CONTINUED_ROLES and ea.strength >= STRONG_CUE and self.continuation.match(between):
                b.role, evidence[i] = ea.role, ea
            elif not self.coordination.match(between):
                continue
            elif eb.side == "right" and eb.strength > ea.strength and self._head_noun(eb):
                a.role, evidence[i - 1] = eb.role, eb
            elif ea.side == "left" and ea.strength > eb.strength and eb.strength < RANGE_CUE_STRENGTH:
                b.role, evidence[i] = ea.role, ea
            elif eb.strength < 2 <= ea.strength:
                b.role, evidence[i] = ea.role, ea
            elif ea.strength < 2 <= eb.strength:
                a.role, evidence[i - 1] = eb.role, eb


def _clause_before(text: str, q: Quantity, bounds: tuple[int, int]) -> str:
    """The sentence up to the amount, from the last dollar sign or semicolon before it."""
    head = text[bounds[0]:q.start]
    cut = max(head.rfind("$"), head.rfind(";"))
    return head[cut + 1:]


def _extreme_side(left: str) -> Optional[str]:
    """"fell as much as 9% to", "the dump took it to": low after a fall named just before, high
    after a rise or a premium ("traded at a premium and touched"); the nearer word decides."""
    near = left[-60:]
    down = [m.end() for m in DOWN_MOVE.finditer(near)]
    up = [m.end() for m in UP_MOVE.finditer(near)]
    if not down and not up:
        return None
    return "low" if max(down, default=-1) > max(up, default=-1) else "high"


def _bare_thousands(q: Quantity) -> bool:
    """"94.2k", "~97.1k": a number in thousands written without a currency, as forums and chats
    write prices."""
    return q.kind == "number" and (q.scale or "") in ("k", "K")


def _converted(quantities: list[Quantity], index: int, text: str, bounds: tuple[int, int]) -> Optional[Quantity]:
    """The local-currency amount a dollar amount converts ("R$605,000 on Thursday, roughly
    US$108,900", "¥15.2 million, equivalent to US$101,400", "Rs 82.4 lakh (about US$94,700)")."""
    q = quantities[index]
    if index == 0 or q.currency != "USD":
        return None
    previous = quantities[index - 1]
    if previous.kind != "money" or previous.currency in (None, "USD") or previous.start < bounds[0]:
        return None
    return previous if CONVERSION.fullmatch(text, previous.end, q.start) else None


def _value_of_coins(quantities: list[Quantity], index: int, text: str, bounds: tuple[int, int], resolver) -> bool:
    """True for the dollar value of a number of coins: "450 BTC, or about $30k", "1.2 million SOL ($180 million)"."""
    if index == 0:
        return False
    previous = quantities[index - 1]
    if previous.kind != "number" or previous.start < bounds[0]:
        return False
    unit = COIN_UNIT.match(text, previous.end, quantities[index].start)
    return (unit is not None and bool(resolver.mentions.between(unit.start(1), unit.end(1)))
            and CONVERSION.fullmatch(text, unit.end(), quantities[index].start) is not None)


def _is_dollar(q: Quantity, partner: Optional[Quantity]) -> bool:
    if q.kind != "money" and q.kind != "number":
        return False
    if q.currency == "USD":
        return True
    return q.kind == "number" and partner is not None and partner.currency == "USD"


def _range_partners(quantities: list[Quantity]) -> dict[tuple[int, str], Quantity]:
    return {(q.range_id, q.range_pos): q for q in quantities if q.range_id is not None}


@Language.factory("price_finder", requires=["doc._.quantities", "doc._.asset_mentions"],
                  assigns=["doc._.prices", "doc.spans"], default_config={})
def make_price_finder(nlp: Language, name: str) -> PriceFinder:
    return PriceFinder(ResolverFactory(load_gazetteer().ticker_symbols()))
