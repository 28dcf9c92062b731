"""Who a quote or a speech verb belongs to: the speaker phrase next to the cue.

The phrase before a verb ("Darnell Okafor, a derivatives strategist at Pelliston Capital,
said"), after it (", said Gabe Selby, head of research at CF Benchmarks"), a pronoun, a role
noun ("the analyst", "the firm"), a group ("analysts at Brindlewood Research"), or the subject
a sentence opens with; each resolves through the article's `Registry` to one person or org.
"""
from __future__ import annotations

import re
from typing import Optional

from ..resources import compile_phrases, lexicon
from .speakers import (Entity, Registry, SpeakerLexicon, last_name, parse_appositive, split_owner,
                       split_premodifier)

# "X was quoted by the newspaper Y as saying": X is the speaker
QUOTED_AS = re.compile(r"\s+(?:was|were|is|has been)\s+quoted(?:\s+by\s+[^,;]*?)?\s+as\s*$")
ADVERBS = re.compile(r"(?:\s+(?:also|later|then|further|separately|previously|earlier|recently|now|again|too|"
                     r"similarly|likewise|meanwhile|however|instead|still|even|once|only|first))+\s*$", re.IGNORECASE)
# between a name and its verb only appositives may stand, each closed by a comma
APPOSITIVES_ONLY = re.compile(r"^\.?\s*,?\s*$|^\.?(?:\s*,(?!\s*(?:and|but|or|while|as|when)\b)[^,;]{1,110})+,\s*$")
# "Lucas Ferreira of Brightwater Trading", "Ilse Brandt at Corvid Ventures"
# "of the Hamburg fund house X", "of Rautio Capital, a Helsinki-based hedge fund,"
OF_ORG = re.compile(r"^\s+(?:of|at|from|with)\s+(?P<phrase>[^,;:]{2,80}?)(?:\s*,[^,;]{1,110})*\s*,?\s*$")
# titles of people who speak for their company: "Chief Executive Jane Roe" works for the company in the story
EXECUTIVE = re.compile(r"\b(?:chief|ceo|cfo|coo|cto|cio|founder|co-founder|president|chairman|chairwoman|chair|"
                       r"spokesperson|spokesman|spokeswoman|executive|director|treasurer)\b", re.IGNORECASE)


class Attribution:
    """Resolves speaker phrases; stateless apart from the word lists."""

    def __init__(self, lex: SpeakerLexicon):
        self.lex = lex
        self.data_sources = compile_phrases(lexicon("liquidations")["sources"] + lexicon("speech")["data_source_markers"])

    def subject(self, before: str, base: int, registry: Registry) -> Optional[Entity]:
        """The speaker at the end of the text before a speech verb."""
        head = QUOTED_AS.sub("", ADVERBS.sub("", before.rstrip(" ,")))
        before = QUOTED_AS.sub("", before)
        pos = base + len(head)
        pronoun = re.search(r"(?<![\w])(he|she|they|it|He|She|They|It)\s*$", head)
        if pronoun:
            word = pronoun.group(1).lower()
            kind = "org" if word in ("they", "it") else "person"
            entity = None
            if kind == "person" and not head[:pronoun.start()].strip() and registry.sentences is not None:
                entity = self.previous_subject(base, registry)  # "Ravi ... was less relaxed. He said ..."
            entity = entity or registry.last(kind, pos) or (registry.last("person", pos) if word == "they" else None)
            fronted = re.match(r"^\s*(?P<a>[^,]{3,100}),", head)  # "Now chief investment officer at X, ..., he says"
            if entity is not None and entity.kind == "person" and fronted and not entity.org:
                title, org = parse_appositive(self.lex, fronted.group("a"))
                if title and org:
                    entity.title, entity.org = entity.title or title, org
            return entity
        role = self.lex.person_roles.search(head)
        if role:
            return registry.last("person", pos, role.group("role").lower())
        role = self.lex.org_roles.search(head)
        if role:  # "the company" is the story's company; "the firm", "the bank" the organisation last named
            story = registry.main_org(exclude=self.data_sources) if role.group("role").lower() == "company" else None
            return story or registry.last("org", pos) or registry.last("person", pos)
        group = self.lex.group_at.search(head) or self.lex.group_of.search(head)
        if group and any(self.lex.person_like(r.group(0)) for r in self.lex.run.finditer(head[:group.start()])):
            group = None  # "Ravi Menon, who runs the desk at X, said": the group is inside an appositive
        if group:
            org = re.sub(r"^(?:A|An|The)\s+", "", group.group("org"))  # "A Baltica Exchange spokesperson"
            if org.lower() in self.lex.not_names:
                return None  # "Wall Street analysts" are nobody in particular
            entity = registry.by_name(org, pos)
            if entity is None or entity.kind != "org":
                entity = registry.add(re.sub(r"['’]s$", "", org), "org", base + group.start("org"))
            entity.confirmed = True
            return entity
        named = ADVERBS.sub("", before.rstrip())  # keep the comma that closes an appositive
        for run in self.lex.run.finditer(named):
            rest = named[run.end():]
            of_org = OF_ORG.match(rest)
            org = last_name(of_org.group("phrase")) if of_org else None
            if org and self.lex.person_like(split_premodifier(self.lex, run.group(0))[1]):
                return self.named(run.group(0), f"at {org}", base + run.start(), registry)
            if not APPOSITIVES_ONLY.match(rest):
                continue
            appositive = rest.strip(" ,")
            entity = self.named(run.group(0), ", " + appositive + "," if appositive else "", base + run.start(), registry)
            if entity is not None:
                return entity
        return None

    def subject_start(self, before: str) -> int:
        """Where the subject phrase of a trailing attribution begins (", Kruger noted", ", Greta
        Holm, a trader at X, said")."""
        named = ADVERBS.sub("", before.rstrip())
        for run in self.lex.run.finditer(named):
            name = split_premodifier(self.lex, run.group(0))[1]
            if APPOSITIVES_ONLY.match(named[run.end():]) and name.lower() not in self.lex.not_names and (
                    self.lex.person_like(name) or self.lex.org_like(name) or " " not in name):
                titled = re.search(r"(?:\b[a-z][\w-]*\s+){1,4}$", named[:run.start()])  # "chief financial officer NAME"
                if titled and all(self.lex.is_title_word(w) for w in titled.group(0).split()):
                    return titled.start()
                return run.start()
        head = named.rstrip(" ,")
        m = re.search(r"(?:(?:he|she|they|He|She|They)|(?:the|The)\s+\w+(?:\s+\w+)?)\s*$", head)
        return m.start() if m else len(head)

    def named(self, name: str, rest: str, pos: int, registry: Registry) -> Optional[Entity]:
        """An explicitly named speaker: a registered person or org, or a new one."""
        owner, name = split_owner(re.sub(r"['’]s$", "", name.strip()))
        words = name.split()
        while len(words) > 1 and ((words[0].isupper() and len(words[0]) > 2 and not words[1].isupper())
                                  or words[0].lower() in self.lex.not_names):
            words = words[1:]  # a heading or a function word glued to a name: "BEST COMMENTS Sats", "In Tokyo"
        name = " ".join(words)
        low = name.lower()
        if len(words) > 1 and name.replace(" ", "").isupper():
            return None  # "WHAT PEOPLE ARE SAYING" is a heading
        if registry.overlaps_asset(pos, pos + len(name)):
            return None  # "Tether's USDT" is an asset, not a source
        if low.startswith("the "):  # "said the analyst", "the firm wrote"
            role = self.lex.person_roles.search(name)
            if role:
                return registry.last("person", pos, role.group("role").lower())
            return registry.last("org", pos) if self.lex.org_roles.search(name) else None
        if low in self.lex.generic or low.split()[0] in self.lex.generic:
            return None
        premod, bare = ("", name) if self.lex.org_like(name) else split_premodifier(self.lex, name)
        entity = registry.by_name(bare, pos)
        if entity is None:
            if self.lex.org_like(bare) or (not self.lex.person_like(bare) and len(bare.split()) >= 2):
                kind = "org" if self.lex.org_like(bare) else "person"
            elif len(bare.split()) == 1:
                if bare.lower().rstrip(".") in self.lex.not_names:
                    return None
                kind = "person"
            else:
                kind = "person"
            entity = registry.add(bare, kind, pos)
        title, org = parse_appositive(self.lex, rest) if rest.strip(" ,") else (None, None)
        org = org or owner
        if entity.kind == "person":
            employer = re.match(r"^(?P<org>(?:[A-Z][\w&'’.-]*\s+)+?)(?P<title>[a-z].*)$", premod + " ") if premod else None
            if employer and not any(self.lex.is_title_word(w) for w in employer.group("org").split()):
                premod, org = employer.group("title").strip(), org or employer.group("org").strip()  # "Rugproof Capital founder"
            if premod and not entity.title:
                entity.title = premod.lower()
            entity.title = entity.title or title
            entity.org = entity.org or org
            if not entity.org and entity.title and EXECUTIVE.search(entity.title):
                employer = registry.main_org(exclude=self.data_sources)  # "Chief Executive Jane Roe" of the story's company
                entity.org = employer.name if employer else None
        entity.confirmed = True
        registry.note(entity, pos)
        return entity

    def sentence_subject(self, head: str, base: int, registry: Registry) -> Optional[Entity]:
        """The subject a sentence opens with: a pronoun, or a name with its appositives."""
        pronoun = re.match(r"^\s*(?:[\"“‘']\s*)?(He|She|They|It)\b", head)
        if pronoun:
            return self.subject(pronoun.group(0), base, registry)
        run = self.lex.run.match(head.lstrip())
        if run is None:
            return None
        offset = len(head) - len(head.lstrip())
        rest = head.lstrip()[run.end():]
        appositive = re.match(r"^\s*,([^,;:]{1,110})[,:]", rest)
        return self.named(run.group(0), appositive.group(1) if appositive else "", base + offset, registry)

    def previous_subject(self, base: int, registry: Registry) -> Optional[Entity]:
        """The person the sentence before `base` opens with, when it opens with a name."""
        index = registry.sentences.index(base)
        if index == 0:
            return None
        p0, p1 = registry.sentences.bounds[index - 1]
        head = registry.text[p0:p1]
        if re.match(r"^\s*(?:[\"“‘']\s*)?(?:He|She|They|It)\b", head):
            return None  # a pronoun there: recency decides
        run = self.lex.run.match(head.lstrip())
        if run is None:
            return None
        entity = registry.by_name(split_premodifier(self.lex, re.sub(r"['’]s$", "", run.group(0)))[1], p0)
        return entity if entity is not None and entity.kind == "person" else None

    def colon_speaker(self, before: str, base: int, registry: Registry) -> Optional[Entity]:
        """"... came from Jane Roe, a former market maker who trades her own money: “...”": the
        last name before the colon whose only followers are appositives; else the subject."""
        head = before.rstrip()[:-1]
        for run in self.lex.run.finditer(head):
            rest = head[run.end():]
            bracket = re.match(r"^\s*\(([^()]{1,110})\)\s*$", rest)  # "Kenji Ito (quant at Bluefin Arc):"
            if (bracket or re.match(r"^(?:\s*,[^,;:]{1,110})*\s*$", rest)) and (
                    registry.by_name(run.group(0), base + run.start()) or self.lex.person_like(run.group(0))):
                return self.named(run.group(0), bracket.group(1) if bracket else rest, base + run.start(), registry)
        return self.sentence_subject(before, base, registry)

    def sentence_speaker(self, text: str, s0: int, pos: int, registry: Registry) -> Optional[Entity]:
        """The speaker already found in this sentence, else its first named subject."""
        in_sentence = [e for p, e in registry.mentions_between(s0, pos)]
        people = [e for e in in_sentence if e.kind == "person"]
        if people or in_sentence:
            return (people or in_sentence)[-1]
        head = text[s0:pos]
        for run in self.lex.run.finditer(head):
            entity = registry.by_name(re.sub(r"['’]s$", "", run.group(0)), run.start() + s0)
            if entity is not None:
                return entity
        return None
