"""People and organisations who speak in an article, and how a mention resolves to one of them.

News introduces a source once, in full ("Gabe Selby, head of research at CF Benchmarks";
"LMAX strategist Joel Kruger"; "analysts at Brindlewood Research") and then says "Kruger",
"he", "the analyst" or "the firm". The registry collects every introduction in the article
with its title and organisation, then resolves later references: a surname to the person
who carries it, a pronoun or a person role noun to the person mentioned last, "they", "the
firm" and the like to the organisation mentioned last.
"""
from __future__ import annotations

import re
from bisect import insort
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc

from ..records import Speaker
from ..resources import lexicon, phrase_pattern

UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
WORD = rf"[{UPPER}](?:[\w&\-]|['’](?=\w)|\.(?=[A-Za-z]))*"  # a capitalised word; inner dots only ("U.S"), never a full stop
POSSESSIVE = re.compile(r"['’]s?$")
# a name right after "at"/"of" (past places and lower-case descriptors) fills an organisation's slot
ORG_POSITION = re.compile(rf"\b(?:at(?:\s+the)?|of\s+the)\s+(?:(?:[a-z][\w-]*|{WORD}-based)\s+){{0,4}}$")
# a run that owns a title names an organisation: "Halvorsen Bank's head of digital asset strategy"
OWNS_A_TITLE = re.compile(r"['’]s?\s+(?:[a-z][\w-]*\s+){0,3}?(?:head|chief|analyst|analysts|strategist|strategists|economist|"
                          r"economists|founder|director|president|manager|officer|partner|team|desk|researchers?)\b")
# a person introduced by first name with age or job: "Thandeka, 34, a nurse in Durban,"
FIRST_NAME_INTRO = re.compile(r"\s*,\s*\d{2},\s*(?:a|an|who)\s+")
DAYS_AND_MONTHS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
                   "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
                   "today", "yesterday", "tomorrow"}
# an organisation's name may join capitalised words with "&", "and", "of", "for", "e", "y":
# "Mehta & Bhandari", "Abdullahi and Okonkwo", "Tsukiji Institute for Monetary Studies"
ORG_NAME = rf"{WORD}(?:\s+(?:(?:&|and|of|for|e|y|de|del|da|do|dos|das)\s+)?{WORD})*"
# "who (now) runs the Singapore market maker Lanternfish Capital": the org is the last name of the clause
RUNS_OUTLET = re.compile(r"\bwho\s+(?:now\s+|also\s+|currently\s+)?(?:writes|runs|edits|hosts|publishes|founded|"
                         r"co-founded|leads|manages|heads|started|launched|owns|oversees|represents)\s+(?P<clause>[^,;:.]+)")
WH_CUT = re.compile(r"(?:^|\s+)(?:who|which|that|whose|where|and|but)\s+.*$")


@dataclass
class Entity:
    name: str
    kind: str  # "person" | "org"
    title: Optional[str] = None
    org: Optional[str] = None
    confirmed: bool = False  # a title, an attribution or NER says it really names someone
    aliases: set[str] = field(default_factory=set)

    def speaker(self) -> Speaker:
        if self.kind == "org":
            return Speaker(name=self.name, title=None, org=self.name, kind="org")
        return Speaker(name=self.name, title=self.title, org=self.org, kind="person")


class SpeakerLexicon:
    """The word lists of `models/lexicons/speakers.json`, compiled once."""

    def __init__(self):
        lex = lexicon("speakers")
        particles = "|".join(re.escape(p) for p in lex["name_particles"])
        self.name_pattern = rf"{WORD}(?:\s+(?:(?:{particles}|&)\s+)*{WORD})*"  # "Maarten van der Heijden"
        self.run = re.compile(self.name_pattern)
        self.org_suffixes = {w.lower().rstrip(".") for w in lex["org_suffixes"]}
        self.title_words = {w.lower() for w in lex["title_words"]}
        self.not_names = {w.lower().rstrip(".") for w in lex["not_names"]}
        self.honorifics = {w.lower().rstrip(".") for w in lex["honorifics"]}
        self.generic = {w.lower() for w in lex["generic_subjects"]}
        roles = lex["role_nouns"]
        self.person_roles = re.compile(rf"\b(?:the|The|this|This)\s+(?:\w+\s+)?(?P<role>{phrase_pattern(roles['person'], word_bounded=False)})\s*$")
        self.org_roles = re.compile(rf"\b(?:the|The|this|This)\s+(?:\w+\s+)?(?P<role>{phrase_pattern(roles['org'], word_bounded=False)})\s*$")
        groups = phrase_pattern(lex["org_groups"], word_bounded=False)
        self.group_at = re.compile(rf"(?:^|\b)(?i:{groups})\s+(?:at|from|with|for|of)\s+(?:the\s+)?(?P<org>{WORD}(?:\s+(?:&\s+)?{WORD})*)"
                                   rf"(?:\s+in\s+{WORD}(?:\s+{WORD})?)?(?:\s*,[^,;]{{1,110}},?)?\s*$")  # "analysts at X in Hong Kong"
        self.group_of = re.compile(rf"(?P<org>{WORD}(?:\s+{WORD})*?)(?:['’]s?)?\s+(?:[a-z][\w-]*\s+)?(?:{groups})\s*$")
        self.group_at_anywhere = re.compile(rf"\b(?i:{groups})\s+(?:at|from|with|for)\s+(?:the\s+)?(?P<org>{WORD}(?:\s+(?:&\s+)?{WORD})*)")
        self.group_of_anywhere = re.compile(rf"(?P<org>{WORD}(?:\s+(?:&\s+)?{WORD})*)['’]s?\s+(?i:analysts|strategists|"
                                            rf"economists|researchers|research team|trading desk)\b")
        self.scare = re.compile(phrase_pattern(lex["scare_markers"]) + r"\s*(?:\w+\s+){0,2}$", re.IGNORECASE)
        self.title_markers = re.compile(phrase_pattern(lex["title_markers"]) + r"\s*[,:]?\s*$", re.IGNORECASE)

    def is_title_word(self, word: str) -> bool:
        return word.lower().strip(",.") in self.title_words

    def org_like(self, name: str) -> bool:
        words = name.split()
        return bool(words) and ("&" in words or words[-1].lower().rstrip(".") in self.org_suffixes
                                or name.lower().rstrip(".") in self.org_suffixes)

    def person_like(self, name: str) -> bool:
        words = name.split()
        if not 2 <= len(words) <= 6 or self.org_like(name) or name.replace(" ", "").isupper():
            return False
        if words[0].lower().rstrip(".") in self.not_names or name.lower() in self.not_names:
            return False
        return not any(w.lower().rstrip(".") in self.title_words for w in words)


def split_owner(run: str) -> tuple[Optional[str], str]:
    """("Kestrel", "Tobias Wendt") from "Kestrel's Tobias Wendt"; (None, run) without an owner."""
    m = re.match(rf"^(?P<org>.+?)['’]s?\s+(?P<rest>{WORD}(?:\s+{WORD})*)$", run)
    if m and not m.group("org").endswith(("'", "’")) and m.group("org").lower() not in DAYS_AND_MONTHS:
        return m.group("org"), m.group("rest")
    return None, run


def split_premodifier(lex: SpeakerLexicon, run: str) -> tuple[str, str]:
    """("Chief Executive", "Renata Solberg") from "Chief Executive Renata Solberg", and
    ("Bankruptcy Judge", "Rosalind Achterberg"): everything up to the last title word."""
    words = run.split()
    cut = 0
    for i, word in enumerate(words[:-1]):
        if lex.is_title_word(word) or word.lower().rstrip(".") in lex.honorifics:
            cut = i + 1
    if len(words) - cut < 1:
        cut = len(words) - 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def parse_appositive(lex: SpeakerLexicon, text: str) -> tuple[Optional[str], Optional[str]]:
    """(title, org) from "a derivatives strategist at Pelliston Capital" and its kin; the org of
    "who runs the Alpha Drip Telegram group" is the outlet named; "the firm's ..." gives "firm"."""
    outlet = RUNS_OUTLET.search(text)
    outlet_org = _outlet_name(outlet.group("clause")) if outlet else None
    text = WH_CUT.sub("", text.strip().strip(",")).strip()
    text = re.sub(r"^(?:a|an|the|now|as|currently|formerly)\s+", "", text, flags=re.IGNORECASE)
    place = re.match(r"^(?:of|at|from|with)\s+(?P<rest>.+)$", text)
    if place and last_name(place.group("rest")):  # "of Brightwater Trading", "of the Frankfurt fund house X"
        return None, last_name(place.group("rest"))
    owner = re.match(rf"^(?P<org>{WORD}(?:\s+(?:&\s+)?{WORD})*|firm|company|bank|fund|group)['’]s\s+(?P<title>.+)$", text)
    if owner and any(lex.is_title_word(w) for w in owner.group("title").split()):
        return owner.group("title").strip(), owner.group("org")
    # "head of research at CF Benchmarks": the org follows "at" first, else "with"/"for"/"of the"
    for connector in (r"\s+at\s+", r"\s+with\s+", r"\s+for\s+", r"\s+from\s+", r"\s+of\s+the\s+", r"\s+of\s+"):
        m = re.match(rf"^(?P<title>.+?){connector}(?:the\s+)?(?P<rest>.*{WORD}.*)$", text)
        if m and any(lex.is_title_word(w) for w in m.group("title").split()):
            org = last_name(m.group("rest"))
            if org:
                return m.group("title").strip(), org
    text = re.sub(rf"^{WORD}-based\s+|\s+with\s+[a-z].*$", "", text)  # "Lagos-based trader with a large following"
    if text and any(lex.is_title_word(w) for w in text.split()) and len(text.split()) <= 6:
        return text, outlet_org
    return None, outlet_org


def _outlet_name(clause: str) -> Optional[str]:
    """The named outlet of "runs the Margin Call Daily channel on Telegram" / "the desk at Nifty
    Nodes": the last name in the clause that is not the platform after "on"/"via"."""
    names = [m for m in re.finditer(ORG_NAME, clause) if not re.search(r"\b(?:on|via)\s+$", clause[:m.start()])]
    return _strip_place(names[-1].group(0)) if names else None


def _org_opening(phrase: str) -> Optional[str]:
    """The org a phrase after "of"/"at" names before its clause goes on: "the Munich fund house Isar
    Kapital was quoted ..." gives Isar Kapital; "Yotsuba Asset Management questioned ..." Yotsuba ..."""
    for m in re.finditer(ORG_NAME, phrase):
        if not re.match(rf"\s+(?:[a-z][\w-]*\s+){{0,3}}{WORD}", phrase[m.end():]):
            return _strip_place(m.group(0))
    return None


def last_name(phrase: str) -> Optional[str]:
    """The organisation a phrase ends with, past places and descriptors: "Hyderabad-based exchange
    Kosh", "Mumbai law firm Mehta & Bhandari", "the Düsseldorf bank Kessler & Vogt"."""
    phrase = re.sub(rf"\s+in\s+{WORD}(?:\s+{WORD})?$", "", phrase.strip().rstrip(" ,."))  # "... Partners in Calgary"
    found = re.search(rf"({ORG_NAME})$", phrase)
    if not found or found.group(1).endswith("-based"):
        return None
    return _strip_place(found.group(1))


def _strip_place(org: str) -> str:
    """"Singapore's Copperwick Markets" names Copperwick Markets."""
    parts = re.split(r"['’]s\s+", org)
    return parts[-1] if len(parts) > 1 and parts[-1] else org


class Registry:
    """The speakers of one article, their introductions and the order they are mentioned in."""

    def __init__(self, doc: Doc, lex: SpeakerLexicon, asset_spans: list[tuple[int, int]], sentences=None):
        self.text = doc.text
        self.sentences = sentences  # context.Sentences, for "the subject of the sentence before"
        self.lex = lex
        self.entities: dict[str, Entity] = {}
        self._mentions: list[tuple[int, Entity]] = []
        self._assets = asset_spans
        self._ents = {(e.start_char, e.end_char): e.label_ for e in doc.ents}
        self._introduce_all()

    # -- building -------------------------------------------------------------------------
    def _introduce_all(self) -> None:
        """Register every person and organisation the article names, in text order."""
        for m in self.lex.run.finditer(self.text):
            owner, run = split_owner(m.group(0))
            # an org keeps its whole name ("Northpine Digital Fund"); a person loses a title in front
            premod, name = ("", run) if self.lex.org_like(POSSESSIVE.sub("", run)) else split_premodifier(self.lex, run)
            name = POSSESSIVE.sub("", name)
            start = m.start() + len(m.group(0)) - len(name)
            if not name or self.overlaps_asset(start, start + len(name)):
                continue
            label = self._ner_label(start, start + len(name))
            if label in ("LOC", "DATE", "TIME", "EVENT", "PRODUCT", "MONEY", "CARDINAL", "FAC"):
                continue  # (the small model calls unusual names GPE or NORP too often to trust those)
            possessive = m.group(0).endswith(("'s", "’s")) or self.text[m.end():m.end() + 1] in ("'", "’")
            if OWNS_A_TITLE.match(self.text, m.end() - (2 if m.group(0).endswith(("'s", "’s")) else 0)) and (
                    possessive or not self.lex.person_like(name)):
                known = self.by_name(name, start)  # "Brindlewood's analysts" after "Brindlewood Research"
                entity = known if known is not None and known.kind == "org" else self.add(name, "org", start)
                entity.confirmed = True  # "Banca Lirona's head of digital assets"
                self.note(entity, start)
                continue
            if self.lex.org_like(name):
                self.add(name, "org", start)
            elif " " not in name and name.lower() not in self.lex.not_names and FIRST_NAME_INTRO.match(self.text, m.end()):
                self._read_introduction(self.add(name, "person", start), m.start(), m.end(), "")
            elif self.lex.person_like(name) and ORG_POSITION.search(self.text, max(0, m.start() - 60), m.start()):
                self.add(name, "org", start)  # "of the Frankfurt fund house Aurelia Vermögen": an org's slot
            elif self.lex.person_like(name):
                known = next((e for e in self.entities.values() if e.kind == "person" and (
                    e.name.lower().endswith(" " + name.lower()) or e.name.lower().startswith(name.lower() + " "))), None)
                if known is not None:  # "Ní Bhriain" or "Siti Aminah" after "Siti Aminah Ní Bhriain": the same person
                    self.note(known, start)
                    continue
                entity = self.add(name, "person", start)
                entity.confirmed |= label == "PERSON"
                if owner and not entity.org:  # "Kestrel's Tobias Wendt"
                    entity.org, entity.confirmed = owner, True
                self._read_introduction(entity, m.start(), start + len(name), premod)
        for pattern in (self.lex.group_at_anywhere, self.lex.group_of_anywhere):  # "Analysts at X", "X's analysts"
            for m in pattern.finditer(self.text):
                name = POSSESSIVE.sub("", m.group("org"))
                known = self.by_name(name, m.start("org"))
                entity = known if known is not None and known.kind == "org" else self.add(name, "org", m.start("org"))
                entity.kind, entity.confirmed = "org", True
                self.note(entity, m.start("org"))
        for m in self.lex.run.finditer(self.text):  # later mentions by surname keep a person in focus
            word = POSSESSIVE.sub("", m.group(0))
            if " " not in word:  # and short names keep an org in view: "Lumenvault" for "Lumenvault Finance"
                entity = self._alias(word.lower())
                if entity is not None:
                    self.note(entity, m.start())

    def _read_introduction(self, entity: Entity, run_start: int, end: int, premod: str) -> None:
        """Title and org from what surrounds a name: premodifiers and an appositive."""
        before = self.text[max(0, run_start - 80):run_start]
        pre = re.search(rf"(?:(?P<org>{WORD}(?:\s+{WORD})*?)(?:['’]s?)?\s+)?(?P<title>(?:[a-z][\w-]*\s+){{0,4}}?)$", before)
        org = pre.group("org") if pre else None
        leading = ""
        if org and all(self.lex.is_title_word(w) for w in org.split()):  # "Market strategist Ilse Brandt"
            leading, org = org, None
        words = f"{leading} {pre.group('title') if pre else ''} {premod}".split()
        owns = bool(org) and re.search(r"['’]s?\s+$", before[:len(before) - len(pre.group("title") or "")]) is not None
        if (words and any(self.lex.is_title_word(w) for w in words)) or owns:
            if words:
                entity.title = entity.title or " ".join(w.lower() if w.istitle() else w for w in words)
            if org and org.split()[0].lower().rstrip(".") not in self.lex.not_names:
                entity.org = entity.org or _strip_place(org)
            entity.confirmed = True
        owned = re.search(rf"(?P<org>{WORD}(?:\s+(?:&\s+)?{WORD})*)['’]s?\s+(?P<title>[a-z][\w\s-]{{2,50}}),\s*$", before)
        if owned and any(self.lex.is_title_word(w) for w in owned.group("title").split()):
            entity.title = entity.title or owned.group("title").strip()
            entity.org = entity.org or owned.group("org")
            entity.confirmed = True
        after = self.text[end:end + 160]
        of_org = re.match(r"^\s+(?:of|at|from)\s+(?P<phrase>[^,;:.()]{2,120})", after)
        org = _org_opening(of_org.group("phrase")) if of_org else None
        if org and not entity.org:  # "Rashid Al-Mansoori of Dune Harbour Capital went first"
            entity.org, entity.confirmed = org, True
        copula = re.match(r"^\s+(?:is|was|has been|serves as|works as)\s+(?P<a>(?:a|an|the)?\s*[^,.;]{3,100})", after)
        if copula:
            title, org = parse_appositive(self.lex, copula.group("a"))
            if title and org:
                entity.title, entity.org, entity.confirmed = entity.title or title, entity.org or org, True
        runs = re.match(rf"^\s+(?:runs|heads|leads|founded|co-founded|manages|started)\s+(?P<org>{ORG_NAME})", after)
        if runs and not entity.org:  # "Oluwaseun Adeyemi-Cole runs Ndani Pay, a Lagos startup"
            entity.org, entity.confirmed = runs.group("org"), True
        appos = re.match(r"^\s*,\s*(?P<a>[^,;.]{3,120}?)(?:,|\s+(?:said|says|told|wrote|noted|added|who)\b|\.)", after)
        if appos:
            title, org = parse_appositive(self.lex, appos.group("a"))
            if title:
                entity.title = entity.title or title
                entity.confirmed = True
            if org and not entity.org:
                entity.org = self._resolve_org_word(org, end)
        single = re.match(r"^\s*,\s*(?:\d{2},\s*)?(?:a|an|the)\s+", after)
        if single and len(entity.name.split()) == 1:  # "Thandeka, 34, a nurse in Durban"
            entity.confirmed = True
        if entity.org:
            self.add(entity.org, "org", end).confirmed = True

    def _resolve_org_word(self, org: str, pos: int) -> str:
        if org.lower() in ("firm", "company", "bank", "fund"):
            last = self.last("org", pos)
            return last.name if last else org
        return org

    def add(self, name: str, kind: str, pos: int) -> Entity:
        key = name.lower()
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = Entity(name=name, kind=kind)
            words = name.lower().split()
            if kind == "person":
                entity.aliases.update({words[-1], words[0]})  # "Kruger"; "Zhou" of "Zhou Minghao"
            else:
                entity.aliases.add(words[0])
        self.note(entity, pos)
        return entity

    def note(self, entity: Entity, pos: int) -> None:
        insort(self._mentions, (pos, entity), key=lambda mention: mention[0])  # kept in text order

    def main_org(self, exclude: Optional[re.Pattern[str]] = None) -> Optional[Entity]:
        """The organisation the article names most (first named on a tie): the company of the story."""
        counts: dict[str, tuple[int, int]] = {}
        for pos, entity in self._mentions:
            if entity.kind == "org" and not (exclude and exclude.search(entity.name)):
                n, first = counts.get(entity.name, (0, pos))
                counts[entity.name] = (n + 1, first)
        if not counts:
            return None
        name = min(counts, key=lambda k: (-counts[k][0], counts[k][1]))
        return self.entities.get(name.lower())

    def mentions_between(self, start: int, end: int) -> list[tuple[int, Entity]]:
        return [(p, e) for p, e in self._mentions if start <= p < end]

    # -- resolving ------------------------------------------------------------------------
    def last(self, kind: str, pos: int, role: Optional[str] = None) -> Optional[Entity]:
        """The entity of that kind mentioned last before pos: confirmed ones first (and with the
        role in its title, if asked), then any."""
        candidates = [e for p, e in reversed(self._mentions) if p < pos and e.kind == kind]
        confirmed = [e for e in candidates if e.confirmed]
        if role is not None:
            for entity in confirmed:
                if entity.title and role in entity.title.lower():
                    return entity
        if kind == "org":  # a confirmed org (a speaker, an employer) before one merely named
            return (confirmed or candidates or [None])[0]
        return (confirmed or candidates or [None])[0]

    def by_name(self, name: str, pos: int) -> Optional[Entity]:
        """A full name, a surname, or an org's short name, as introduced anywhere in the article."""
        key = POSSESSIVE.sub("", name.strip()).lower()
        if key in self.entities:
            return self.entities[key]
        found = self._alias(key)
        if found is not None:
            return found
        for entity in self.entities.values():
            if entity.kind == "org" and key.startswith(entity.name.lower() + " "):
                entity.name = POSSESSIVE.sub("", name.strip())  # the fuller form: "Corrigan Ridge Mining"
                self.entities[key] = entity
                return entity
            if entity.kind == "org" and entity.name.lower().startswith(key + " "):
                return entity
        return None

    def _alias(self, key: str) -> Optional[Entity]:
        """Surnames first ("Kruger"), then first words ("Zhou" of "Zhou Minghao", "Brindlewood")."""
        people = [e for e in self.entities.values() if e.kind == "person"]
        for entity in people:  # "Kruger", and surnames of several words: "de Wolff", "Ní Bhriain"
            if entity.name.lower().split()[-1] == key or entity.name.lower().endswith(" " + key):
                return entity
        for entity in people:  # "Ferrer" of "Lucía Ferrer Olmedo": a double surname's first part
            if len(entity.name.split()) >= 3 and key in entity.name.lower().split()[1:]:
                return entity
        if " " in key:  # given names of a long name: "Ahmad Faisal" of "Ahmad Faisal bin Rahman"
            for entity in people:
                if entity.name.lower().startswith(key + " "):
                    return entity
        for entity in self.entities.values():
            if key in entity.aliases:
                return entity
        return None

    def _ner_label(self, start: int, end: int) -> Optional[str]:
        for (s, e), label in self._ents.items():
            if s <= start < e or start <= s < end:
                return label
        return None

    def overlaps_asset(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self._assets)
