"""Direct and indirect quotes with their speakers.

Direct quotes are the spans `quote_marks.py` pairs. Each takes its speaker from the words
right after its closing mark (", he said", "said Gabe Selby, head of ..."), else from a speech
verb before it in its sentence ("Okafor said:", "described the rally as"), else, when it
continues a paragraph-spanning quote or stands cue-less next to the last attributed one, from
that speaker. Short unattributed spans are terms and scare quotes, not quotes.

Indirect quotes are a speech verb of `models/lexicons/speech.json` with its clause ("said
that ...", "..., Kruger noted, ...", "pointed to ..."), and "according to" a person or firm;
"according to CoinGlass data" and other data sources are not speakers. A reported clause
that holds a quoted span is left to the direct quote; "noted ... and warned ..." is two.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Quote
from ..resources import compile_phrases, lexicon, phrase_pattern
from .context import Sentences, mirror_spans
from .quote_marks import QuotedSpan, find_quoted_spans
from .attribution import Attribution
from .speakers import WORD, Entity, Registry, SpeakerLexicon, split_premodifier

if not Doc.has_extension("quote_regions"):
    Doc.set_extension("quote_regions", default=None)  # per quote: the text its claims are drawn from

SHORT_QUOTE_WORDS = 4  # a quoted span this short needs an explicit attribution to count
# what may follow the verb of a trailing attribution ("..., the firm told investors in a letter reviewed by X.")
ADJUNCT = re.compile(r"^\s*(?:[,.;]|$|(?:in|on|at|during|after|before|while|when|as|via|reviewed|seen|obtained|"
                     r"according|speaking|adding|noting|citing|referring|late|early|last|this|outside|inside|near|"
                     r"ahead|laughing|smiling)\b)", re.IGNORECASE)
# forms that are nouns as often as verbs ("the 10-year Treasury note"): speech only with "that"
NOUN_LIKE_FORMS = {"note", "notes", "call", "calls", "post", "posts", "report", "reports", "claim", "claims", "forecast",
                   "forecasts", "estimate", "estimates", "comment", "comments", "stress", "flag", "flags", "tweet", "tweets",
                   "warning", "expect", "add", "write", "warn", "argue", "tell", "suggest", "predict", "highlight",
                   "highlights", "replies", "answers", "warnings"}


@dataclass
class Finding:
    """A quote before its speaker is turned into a record, with the region its claims come from."""

    start: int
    end: int
    kind: str  # "direct" | "indirect"
    cue: Optional[str]
    speaker: Entity
    region: tuple[int, int]


class QuoteFinder:
    def __init__(self):
        self.lex = SpeakerLexicon()
        self.attribution = Attribution(self.lex)
        speech = lexicon("speech")
        forms = {form: lemma for lemma, fs in speech["verbs"].items() for form in fs}
        self.lemma = forms
        indirect = [f for lemma in speech["indirect_verbs"] for f in speech["verbs"].get(lemma, [])]
        self.any_verb = re.compile(phrase_pattern(forms), re.IGNORECASE)
        self.indirect_verb = re.compile(phrase_pattern(indirect), re.IGNORECASE)
        self.np_verbs = {f for lemma in speech["noun_phrase_verbs"] for f in speech["verbs"].get(lemma, [])}
        nouns = phrase_pattern(speech["channel_nouns"], word_bounded=False)
        # "in an email", "in a note to clients", "in an interview with Ledgerline", "on Tuesday"
        self.channel = re.compile(
            r"\s*,?\s*(?i:(?:" + phrase_pattern(speech["channel_phrases"], word_bounded=False)
            + rf"|\b(?:in|on|during|via|at|to|with|from|after|before)\s+(?:a|an|the|his|her|their|its|our)?\s*(?:[\w'’-]+\s+){{0,5}}?(?:{nouns})"
            + r"|on\s+\w+day|last\s+\w+|this\s+\w+|on\s+X|on\s+Twitter)\b)"
            + rf"(?:\s+(?i:to|for|with|on|at)\s+(?:(?i:the)\s+)?(?:{WORD}(?:\s+{WORD})*|(?i:clients|investors|reporters)))?"
            + r"(?i:\s+(?:last|this|on)\s+\w+)?")
        audiences = phrase_pattern(speech["told_audiences"], word_bounded=False)
        # "told us", "told Meridian Wire", "told a packed main hall that"
        self.told = re.compile(rf"\s*(?:(?i:{audiences})\b|(?:[Tt]he\s+)?{WORD}(?:\s+(?:&\s+)?{WORD}){{0,4}}|"
                               rf"(?:a|an|the)\s+(?:[\w-]+\s+){{0,4}}?[\w-]+(?=\s+that\b))")
        view = phrase_pattern(speech["view_of"], word_bounded=False)
        # "... — that, at least, is the view of NAME"
        self.view_of = re.compile(rf"\s[—–-]+\s*(?:that|this)(?:,\s*at\s+least,)?\s+is\s+(?:the|also\s+the)\s+(?:{view})"
                                  rf"\s+of\s+(?P<name>{self.lex.name_pattern})(?P<rest>[^.;]*)")
        self.colon_indirect = re.compile(rf"(?P<name>{self.lex.name_pattern})(?:['’]s?\s+(?i:{phrase_pattern(speech['colon_nouns'], word_bounded=False)})"
                                         rf"(?:\s+on\s+[^:]{{1,40}}|,[^:]{{1,80}})?)?\s*:\s+(?=[^\"“‘'\s])")
        self.message = re.compile(rf"\s+(?:had|has|offered|gave|delivered|sent)\s+(?:a|an|one)\s+(?:\w+\s+){{0,2}}?"
                                  rf"(?i:{phrase_pattern(speech['colon_nouns'] + ['message'], word_bounded=False)})\s*:\s+(?=[^\"“‘'\s])")
        self.according = re.compile(r"\b[Aa]ccording to\s+")
        self.sources = compile_phrases(lexicon("liquidations")["sources"])
        self.data_markers = compile_phrases(speech["data_source_markers"])
        self.colon_nouns = phrase_pattern(speech["colon_nouns"], word_bounded=False)
        self.followers = re.compile(r"^\s*(?:,\s*|\s+)(?:and|but|though|although|while|adding|noting|warning|arguing|"
                                    r"saying|who)\b", re.IGNORECASE)

    def __call__(self, doc: Doc) -> Doc:
        findings = self.find(doc)
        text = doc.text
        doc._.quotes = [Quote(speaker=f.speaker.speaker(), text=text[f.start:f.end], type=f.kind, cue=f.cue,
                              start=f.start, end=f.end) for f in findings]
        doc._.quote_regions = [f.region for f in findings]
        mirror_spans(doc, "quotes", doc._.quotes, lambda q: q.type)
        return doc

    # -- the whole article --------------------------------------------------------------------
    def find(self, doc: Doc) -> list[Finding]:
        text = doc.text
        if not text.strip():
            return []
        sentences = Sentences(doc)
        assets = [(m.start, m.end) for m in doc._.asset_mentions or []]
        registry = Registry(doc, self.lex, assets, sentences)
        paragraphs = [(p.start_char, p.end_char) for p in doc.spans.get("paragraphs", [])] or [(0, len(text))]
        spans = find_quoted_spans(text, paragraphs)
        findings: list[Finding] = []
        pending = list(spans)
        for bounds in sentences.bounds:  # a sentence's direct quotes first: they name its speaker
            while pending and pending[0].open_mark < bounds[1]:
                finding = self._direct(text, pending.pop(0), spans, sentences, registry, findings, paragraphs)
                if finding:
                    findings.append(finding)
            findings.extend(self._indirect(text, bounds, spans, registry))
            colon = self._colon(text, bounds, spans, paragraphs, registry)
            if colon:
                findings.append(colon)
        findings.sort(key=lambda f: f.start)
        return findings

    # -- direct quotes ------------------------------------------------------------------------
    def _direct(self, text: str, span: QuotedSpan, spans: list[QuotedSpan], sentences: Sentences,
                registry: Registry, found: list[Finding], paragraphs) -> Optional[Finding]:
        start, end = span.start, span.end
        after_from = (span.close_mark + 1) if span.closed else end
        if not span.closed:  # a missing closing mark ends at the attribution inside the span
            cut = re.search(r",\s+(?:(?:(?:he|she|they)|" + WORD + r"(?:\s+" + WORD + r"){0,3})\s+(?:" +
                            self.any_verb.pattern + r")|(?:" + self.any_verb.pattern + r")\s+" + WORD + ")",
                            text[start:end])  # ", he said" / ", said Jane Roe"
            if cut:
                end, after_from = start + cut.start() + 1, start + cut.start()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            return None
        s_end = sentences.bounds_of(max(after_from - 1, start))[1]
        after = text[after_from:max(s_end, after_from)]
        nxt = next((s.open_mark for s in spans if s.open_mark >= after_from), None)
        if nxt is not None and nxt < after_from + len(after):
            after = after[:nxt - after_from]
        s_start = sentences.bounds_of(span.open_mark)[0]
        before = text[s_start:span.open_mark]
        words = len(text[start:end].split())
        if words <= SHORT_QUOTE_WORDS and self.lex.scare.search(before[-40:]):
            return None  # the so-called "max pain" level
        speaker, cue = self._speaker_after(after, after_from, registry)
        if speaker is None:
            speaker, cue = self._speaker_before(before, span.open_mark, registry, words > SHORT_QUOTE_WORDS)
        if speaker is None and (self.lex.title_markers.search(before[-30:]) and _title_case(text[start:end])):
            return None
        if words <= SHORT_QUOTE_WORDS and _title_case(text[start:end]) and re.search(
                r"\b(?:[Oo]n|[Ii]n|[Aa]t|[Ff]rom|[Oo]f|[Ff]or)\s*$", before):
            return None  # a show or report named after a preposition: On “Closing Bell Rundown,” ...
        if speaker is None:
            if words <= SHORT_QUOTE_WORDS and not span.continues:
                return None
            speaker, cue = self._inherited(span, found, paragraphs, text, sentences, registry)
        if speaker is None:
            return None
        registry.note(speaker, span.open_mark)
        region_end = sentences.bounds_of(max(after_from + len(after) - 1, start))[1]
        return Finding(start, end, "direct", cue, speaker, (min(s_start, start), max(region_end, end)))

    def _speaker_after(self, after: str, base: int, registry: Registry) -> tuple[Optional[Entity], Optional[str]]:
        """", he said", ", said Gabe Selby, head of ...", " — Jane Roe, strategist at X"."""
        dash = re.match(rf"^\s*[—–-]\s*(?P<name>{self.lex.name_pattern})(?P<rest>[^.]*)", after)
        if dash:
            return self.attribution.named(dash.group("name"), dash.group("rest"), base + dash.start("name"), registry), "dash"
        found = self._verbs(self.any_verb, after[:160], 0, len(after[:160]))
        m = found[0] if found else None
        if m is None:
            return None, None
        head = after[:m.start()]
        if len(head.split()) > 14 or re.search(r"[.!?]", head):
            return None, None
        subject = head.strip(" ,")
        if subject:
            return self.attribution.subject(head, base, registry), m.group(0)
        obj = self._object_name(after[m.end():])
        if obj:
            return self.attribution.named(obj.group("name"), obj.group("rest"), base + m.end() + obj.start("name"), registry), m.group(0)
        return None, None

    def _object_name(self, after: str) -> Optional[re.Match]:
        """The speaker after a verb: "said Gabe Selby, head of ...", "said Rugproof Capital founder
        Desmond Achebe, whose fund ...", "said the analyst"."""
        name = self.lex.name_pattern
        titled = re.match(rf"^\s*(?P<name>(?:{name}\s+)?(?P<title>(?:[a-z][\w-]*\s+){{1,4}}){name})(?P<rest>[^.;]*)", after)
        if titled and all(self.lex.is_title_word(w) for w in titled.group("title").split()):
            return titled
        return re.match(rf"^\s*(?P<name>{name}|the\s+\w+(?:\s+\w+)?)(?P<rest>[^.;]*)", after)

    def _speaker_before(self, before: str, base: int, registry: Registry,
                        long_quote: bool = True) -> tuple[Optional[Entity], Optional[str]]:
        """"Okafor said:", "described the rally as", "Lindqvist's take:", "He laid out his levels:"
        before the opening mark; failing a parse, the sentence's own subject."""
        start = base - len(before)
        colon = re.search(rf"(?P<name>{self.lex.name_pattern})(?:['’]s\s+(?:{self.colon_nouns}))?\s*:\s*$", before)
        verbs = self._verbs(self.any_verb, before, 0, len(before))
        for verb in reversed(verbs):
            speaker = self.attribution.subject(before[:verb.start()], start, registry)
            if speaker is not None:
                return speaker, verb.group(0)
        if before.rstrip().endswith(":") and long_quote:
            return self.attribution.colon_speaker(before, start, registry), "colon"
        if verbs and long_quote:
            return self.attribution.sentence_subject(before, start, registry), verbs[-1].group(0)
        if colon:
            return self.attribution.named(colon.group("name"), "", start + colon.start("name"), registry), "colon"
        if before.rstrip().endswith(":") and long_quote:
            return self.attribution.colon_speaker(before, start, registry), "colon"
        return None, None

    def _inherited(self, span: QuotedSpan, found: list[Finding], paragraphs, text: str, sentences: Sentences,
                   registry: Registry) -> tuple[Optional[Entity], Optional[str]]:
        """A cue-less quote belongs to the person the sentence before it introduces ("Tunde Bakare,
        a Lagos trader, was blunter. ‘...’"), else continues the last speaker of this or the
        previous paragraph."""
        index = sentences.index(span.open_mark)
        if index > 0:
            p0, p1 = sentences.bounds[index - 1]
            same_paragraph = not any(a <= p0 < b and not a <= span.open_mark < b for a, b in paragraphs)
            if same_paragraph and not self._verbs(self.any_verb, text, p0, p1) and not any(
                    p0 <= f.start < p1 for f in found):
                subject = self.attribution.sentence_subject(text[p0:p1], p0, registry)
                if subject is not None and subject.kind == "person" and self.lex.person_like(subject.name):
                    return subject, None
        if not found:
            return None, None
        last = found[-1]
        last_paragraph = next((i for i, (a, b) in enumerate(paragraphs) if a <= last.start < b), -1)
        if span.paragraph - last_paragraph <= 1:
            return last.speaker, last.cue
        return None, None

    # -- indirect speech ----------------------------------------------------------------------
    def _colon(self, text: str, bounds: tuple[int, int], spans: list[QuotedSpan], paragraphs,
               registry: Registry) -> Optional[Finding]:  # noqa: C901 (three small patterns)
        """Attributions without a speech verb: "Kruger's take: ...", a Q&A answer "Barzani: ...",
        and "... — that, at least, is the view of NAME"."""
        s0, s1 = bounds
        quoted = [(s.open_mark, (s.close_mark + 1) if s.closed else s.end) for s in spans]
        view = self.view_of.search(text, s0, s1)
        if view:
            speaker = self.attribution.named(view.group("name"), view.group("rest"), view.start("name"), registry)
            return self._finding(text, [(s0, view.start())], view, speaker, s0, s1, quoted)
        message = self.message.search(text, s0, s1)
        if message:  # "Jonas Eklund, co-founder of X, had a simple message: ..."
            speaker = self.attribution.subject(text[s0:message.start()], s0, registry)
            return self._finding(text, [(message.end(), s1)], message, speaker, s0, s1, quoted)
        colon = self.colon_indirect.search(text, s0, s1)
        if colon is None:
            return None
        label_only = "'" not in colon.group(0) and "’" not in colon.group(0)
        paragraph_end = next((b for a, b in paragraphs if a <= s0 < b), s1)
        if label_only and (colon.start() != s0 or not any(a == s0 for a, _ in paragraphs)):
            return None  # a bare "NAME:" counts only as an interview answer opening its paragraph
        head = text[s0:colon.start("name")]
        if label_only and head.strip():
            return None
        name = colon.group("name")
        premod, bare = split_premodifier(self.lex, name)
        known = registry.by_name(bare, colon.start())
        if bare.lower() in self.lex.not_names or (label_only and (known is None or (known.kind == "org" and not known.confirmed))):
            return None  # "Derivatives: ..." is a section label, not a speaker
        speaker = self.attribution.named(name, "", colon.start("name"), registry)
        end = paragraph_end if label_only else s1
        return self._finding(text, [(colon.end(), end)], colon, speaker, s0, end, quoted)

    def _indirect(self, text: str, bounds: tuple[int, int], spans: list[QuotedSpan],
                  registry: Registry) -> list[Finding]:
        s0, s1 = bounds
        quoted = [(s.open_mark, (s.close_mark + 1) if s.closed else s.end) for s in spans]
        out: list[Finding] = []
        taken_until = s0
        for verb in self._cues(text, s0, s1, quoted):
            if verb.start() < taken_until:
                continue
            finding = self._one_indirect(text, verb, s0, s1, quoted, registry)
            if finding is not None:
                out.append(finding)
                registry.note(finding.speaker, verb.start())
                # "wrote in a note that it expects ...": "note" and "expects" are inside this finding
                taken_until = max(verb.end(), finding.end)
        return out

    def _cues(self, text: str, s0: int, s1: int, quoted) -> list[re.Match]:
        cues = self._verbs(self.indirect_verb, text, s0, s1)
        cues += [m for m in self.according.finditer(text, s0, s1)]
        return sorted((m for m in cues if not any(a <= m.start() < b for a, b in quoted)), key=lambda m: m.start())

    @staticmethod
    def _verbs(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> list[re.Match]:
        """Speech-verb matches that are verbs: "a note", "the call" are nouns."""
        return [m for m in pattern.finditer(text, lo, hi)
                if text[m.start() - 1:m.start()] != "-"  # "so-called"
                and (m.group(0).lower() not in NOUN_LIKE_FORMS or not re.search(r"(?:\b(?:a|an|the|his|her|their|its|this|that|our|my|your)\s+(?:[\w-]+\s+)?|\d[\d,.]*[kKmMbB]?\s+)$",
                                 text[max(lo, m.start() - 30):m.start()], re.IGNORECASE))]

    def _one_indirect(self, text: str, verb: re.Match, s0: int, s1: int, quoted, registry: Registry) -> Optional[Finding]:
        if verb.group(0).lower().startswith("according"):
            return self._according(text, verb, s0, s1, quoted, registry)
        after = text[verb.end():s1]
        if self.lemma.get(verb.group(0).lower()) == "add" and re.match(
                r"^\s*(?:[$+\-−\d]|to\s+(?:its|his|her|their|the)\s+\w+\s+position|up\b|down\b|by\s+\d)", after, re.IGNORECASE):
            return None  # "added 4.4%", "added to its position": a move, not speech
        before = text[s0:verb.start()]
        form = verb.group(0).lower()
        if form in NOUN_LIKE_FORMS and not re.match(r"^\s*(?:[^.;]{0,60}?\s)?that\s", after):
            return None
        if form.split()[0].endswith("ing") and re.search(r",\s*$", before):  # "..., noting that ...": the sentence's speaker
            speaker = self.attribution.sentence_speaker(text, s0, verb.start(), registry)
            return self._complement(text, verb, verb.end(), s0, s1, quoted, speaker)
        coordinated = re.search(r"(?:,\s*|\s)(?:and|but)\s+(?:also\s+)?$", before)
        if coordinated:  # "... described the rally as ... and said she ...": same subject
            speaker = self.attribution.sentence_speaker(text, s0, verb.start(), registry)
            return self._complement(text, verb, verb.end(), s0, s1, quoted, speaker)
        relative = re.search(r",\s*(?:who|whose\s+(?:analysts|economists|strategists|researchers|team))\s+(?:also\s+)?$",
                             before)
        if relative:  # "according to Teodor Vasquez-Lind, ..., who pointed to ...": the antecedent
            speaker = self.attribution.sentence_speaker(text, s0, verb.start(), registry)
            if form not in self.np_verbs and not re.match(r"^\s*that\s", after):
                return None
            return self._complement(text, verb, verb.end(), s0, s1, quoted, speaker)
        # ", said NAME[, title]." only: "said DOT's move was ..." is a subject-first clause
        inverted = re.search(r",\s*$", before) and re.match(
            rf"^\s*{self.lex.name_pattern}\s*(?:,[^.;]*)?[.;]?\s*$", after) is not None
        if inverted:  # "..., said Joel Kruger, market strategist at LMAX Group."
            obj = self._object_name(after)
            speaker = self.attribution.named(obj.group("name"), obj.group("rest"), verb.end() + obj.start("name"), registry)
            clause = (s0, s0 + len(before.rstrip().rstrip(",")))
            return self._finding(text, [clause], verb, speaker, s0, s1, quoted)
        speaker = self.attribution.subject(before, s0, registry)
        if speaker is None:
            return None
        head = text[s0:s0 + self.attribution.subject_start(before)]
        rest_from = self._past_channels(text, verb.end(), s1)  # "she said on Tuesday", "told analysts on the call"
        if form.startswith(("told", "tell")) and self.told.match(text, rest_from, s1):
            rest_from = self._past_channels(text, self.told.match(text, rest_from, s1).end(), s1)
        rest = text[rest_from:s1]
        if re.match(r"^\s*:?\s*[\"“‘']", rest):
            return None  # the quote that follows carries it
        trailing = head.rstrip().endswith(",") and len(head.split()) >= 4 and ADJUNCT.match(rest)
        if trailing or re.match(r"^\s*[,.]|^\s*$", rest):  # "CLAUSE, Kruger noted, suggesting ..." / ", he said."
            parts = [(s0, s0 + len(head.rstrip().rstrip(",")))]
            tail = re.match(r"^\s*,\s*(?P<t>.+)$", rest.rstrip(), re.DOTALL)
            if tail and re.match(r"^[\"“‘']", tail.group("t")):
                return None  # "..., they wrote, “...”": the quote carries it
            if tail and not self.any_verb.match(tail.group("t")):
                parts.append((rest_from + tail.start("t"), s1))
            return self._finding(text, parts, verb, speaker, s0, s1, quoted)
        if form.startswith(("told", "tell")) and ADJUNCT.match(rest):
            return None  # "she told reporters outside the courthouse": no reported clause
        return self._complement(text, verb, verb.end(), s0, s1, quoted, speaker)

    def _complement(self, text: str, verb: re.Match, offset: int, s0: int, s1: int, quoted,
                    speaker: Optional[Entity]) -> Optional[Finding]:
        """The reported clause after a speech verb: past channels ("in an email"), "told X", "that"."""
        if speaker is None:
            return None
        offset = self._past_channels(text, offset, s1)
        if verb.group(0).lower().startswith(("told", "tell")):
            told = self.told.match(text, offset, s1)
            if not told:
                return None
            offset = self._past_channels(text, told.end(), s1)
        offset += len(re.match(r"^\s*:?", text[offset:s1]).group(0))  # "said: bitcoin could ..."
        if verb.group(0).lower().startswith("ask"):  # "asked two guests whether ...": the question only
            question = re.search(r"\b(?:whether|if)\b", text[offset:s1])
            if question is None:
                return None
            return self._finding(text, [(offset + question.start(), s1)], verb, speaker, s0, s1, quoted)
        that = re.match(r"^[\s,]*that\s+", text[offset:s1])
        if that:
            offset += that.end()
        elif (verb.group(0).lower() not in self.np_verbs and not self._clause_start(text[offset:s1])) or re.match(
                r"^\s*to\s", text[offset:s1]):
            return None  # "expects to give more detail" is a plan, not a reported clause
        return self._finding(text, [(offset, s1)], verb, speaker, s0, s1, quoted)

    def _past_channels(self, text: str, offset: int, end: int) -> int:
        """Skip "in an email", "in a note to clients", "on Monday" after a speech verb."""
        channel = self.channel.match(text, offset, end)
        while channel and channel.end() > offset:
            offset = channel.end()
            channel = self.channel.match(text, offset, end)
        return offset

    def _according(self, text: str, cue: re.Match, s0: int, s1: int, quoted, registry: Registry) -> Optional[Finding]:
        after = text[cue.end():s1]
        source = re.match(rf"^(?P<who>(?:(?:analysts|strategists|economists|researchers)\s+(?:at|from)\s+)?"
                          rf"{self.lex.name_pattern})(?P<rest>[^.;]*)", after)
        if source is None or self.sources.match(source.group("who")) or self.data_markers.search(
                source.group("who").split()[-1]):
            return None  # "according to Luxor's Hashrate Index": data, not a view
        rest = source.group("rest")
        if self.data_markers.match(rest.strip(" ,'’s")) or re.match(r"^['’]s\s+\w*\s*(?:data|tool|figures|index)", rest):
            return None
        speaker = self.attribution.named(source.group("who"), rest, cue.end(), registry)
        if speaker is None or (speaker.kind == "person" and not self.lex.person_like(speaker.name)):
            return None
        before = text[s0:cue.start()].rstrip().rstrip(",")
        if before.strip():
            return self._finding(text, [(s0, s0 + len(before))], cue, speaker, s0, s1, quoted)
        clause = re.match(r"^[^,]*,\s*(?:[^,]*,\s*)?", after)  # "According to X, a strategist at Y, CLAUSE"
        start = cue.end() + (clause.end() if clause else len(after))
        return self._finding(text, [(start, s1)], cue, speaker, s0, s1, quoted)

    def _finding(self, text: str, parts: list[tuple[int, int]], cue: re.Match, speaker: Optional[Entity],
                 s0: int, s1: int, quoted) -> Optional[Finding]:
        if speaker is None:
            return None
        pieces = []
        for a, b in self._split_on_quotes(text, parts, quoted):
            while a < b and text[a].isspace():
                a += 1
            b = self._cut_at_next_speech(text, a, b)
            if any(a < qb and qa < b for qa, qb in quoted):
                continue  # a reported clause holding a quoted span is the direct quote's
            while b > a and (text[b - 1].isspace() or text[b - 1] in ".;:,"):
                b -= 1
            if len(text[a:b].split()) >= 3:
                pieces.append((a, b))
        if not pieces:
            return None
        start, end = pieces[0][0], pieces[-1][1]
        return Finding(start, end, "indirect", cue.group(0), speaker, (s0, s1))

    @staticmethod
    def _split_on_quotes(text: str, parts: list[tuple[int, int]], quoted) -> list[tuple[int, int]]:
        """"that bitcoin was "..." and that the $73,000 area ...": split at "and that" only when a
        quoted span makes one half the direct quote's."""
        out = []
        for a, b in parts:
            if not any(a < qb and qa < b for qa, qb in quoted):
                out.append((a, b))
                continue
            cuts = [m for m in re.finditer(r"[\"”’]?\s*,?\s+and\s+that\s+", text[a:b])]
            edges = [a] + [a + m.end() for m in cuts]
            ends = [a + m.start() for m in cuts] + [b]
            out.extend(zip(edges, ends))
        return out

    def _cut_at_next_speech(self, text: str, a: int, b: int) -> int:
        """"... last year and argued that ...": the clause ends where the next speech verb takes over."""
        for m in self._verbs(self.any_verb, text, a, b):  # "... over the weekend, and described them as ..."
            lead = text[max(a, m.start() - 40):m.start()]
            if re.search(r"(?:,\s*|\s)(?:and|but|though|although|while|who|,)\s+(?:(?:he|she|they)\s+)?(?:also\s+)?$", lead) \
                    or re.search(r",\s*$", lead):
                cut = max(a, m.start() - len(re.search(r"(?:,?\s*(?:and|but|though|although|while|who)?\s*(?:(?:he|she|they)\s+)?(?:also\s+)?)$", lead).group(0)))
                if (text[m.end():m.end() + 6].strip().startswith("that") or m.group(0).lower() in self.np_verbs
                        or (re.search(r"\b(?:and|but)\s+(?:also\s+)?$", lead) and self._clause_start(text[m.end():b]))):
                    return cut
        return b

    # -- speaker phrases ----------------------------------------------------------------------
    @staticmethod
    def _clause_start(rest: str) -> bool:
        """Does a reported clause start here ("said flows on Deribit showed", "said $73,000 was the
        level"), not a preposition or an infinitive ("said in", "told to")?"""
        return bool(re.match(r"^\s*[\w$“\"‘']", rest)) and not re.match(
            r"^\s*(?:in|on|at|to|for|of|by|with|from|during|after|before|about|over|under|into|via|through|as|"
            r"than|up|down|off|out|so)\b", rest, re.IGNORECASE)

def _title_case(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha()]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


@Language.factory("quote_finder", requires=["doc._.asset_mentions", "doc.spans"],
                  assigns=["doc._.quotes", "doc.spans"], default_config={})
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder()
