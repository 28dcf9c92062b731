"""Hand-built ArticleRecords for the database tests (and the kill-and-resume driver).

Spans are computed from the text, so every stored start/end points at its words.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from extractor.records import (Article, ArticleRecord, Asset, Claim, Liquidation, Mention,
                               Percentage, Price, Quote, Speaker)

INJECTION_NAME = "O'Brien'; DROP TABLE quotes;--"


class Draft:
    """An article text with helpers that turn phrases into spans and sentences."""

    def __init__(self, text: str):
        self.text = text
        self.sentences = [(m.start(), m.end()) for m in re.finditer(r'\S.*?[.!?]"?(?=\s|$)', text)]

    def span(self, phrase: str, after: int = 0) -> tuple[int, int]:
        start = self.text.index(phrase, after)
        return start, start + len(phrase)

    def sentence(self, start: int) -> str:
        return next(self.text[s:e] for s, e in self.sentences if s <= start < e)

    def price(self, asset: str, value: float, role: str, phrase: str) -> Price:
        start, end = self.span(phrase)
        return Price(asset, value, role, phrase, start, end, self.sentence(start))

    def quote(self, speaker: Speaker, words: str, cue: str = "said") -> Quote:
        start, end = self.span(words)
        return Quote(speaker, words, "direct", cue, start, end)

    def mention(self, symbol: str, name: str, phrase: str) -> Asset:
        start, end = self.span(phrase)
        return Asset(symbol, name, [Mention(phrase, start, end)])


def selby_record() -> ArticleRecord:
    d = Draft('Bitcoin touched $97,800 before sliding. "The break above $95,000 triggered a '
              'wave of short covering," said Gabe Selby, head of research at CF Benchmarks. '
              'Shorts worth $700 million were liquidated, CoinGlass data show. BTC is up 3.5%.')
    selby = Speaker("Gabe Selby", "head of research", "CF Benchmarks")
    liq_start, liq_end = d.span("$700 million")
    pct_start, pct_end = d.span("3.5%")
    return ArticleRecord(
        Article("cf-2024-11-21", d.text, title="Bitcoin shorts squeezed above $95K",
                url="https://example.com/cf", source="example", published="2024-11-21T09:30:00Z",
                authors=["A. Writer"]),
        assets=[d.mention("BTC", "Bitcoin", "Bitcoin")],
        prices=[d.price("BTC", 97800, "high", "$97,800"),
                d.price("BTC", 95000, "threshold", "$95,000")],
        percentages=[Percentage(3.5, "BTC", "up", "price_change", None, "3.5%", pct_start, pct_end,
                                d.sentence(pct_start))],
        liquidations=[Liquidation(700e6, "short", None, False, None, "CoinGlass", "$700 million",
                                  liq_start, liq_end, d.sentence(liq_start))],
        quotes=[d.quote(selby, "The break above $95,000 triggered a wave of short covering,")],
        claims=[Claim("Gabe Selby", "BTC", 95000, "threshold", "bullish", 0, "head of research",
                      "CF Benchmarks")],
        sentences=d.sentences)


def kruger_record() -> ArticleRecord:
    d = Draft('Joel Kruger, market strategist at LMAX Group, said "$95,000 is now support" for '
              'bitcoin. He added that ether could reach $3,500. Ether traded at $3,300.')
    kruger = Speaker("Joel Kruger", "market strategist", "LMAX Group")
    return ArticleRecord(
        Article("lmax-2024-11-22", d.text, title="Bitcoin holds support", published="2024-11-22",
                url="https://example.com/lmax"),
        assets=[d.mention("BTC", "Bitcoin", "bitcoin"), d.mention("ETH", "Ether", "ether")],
        prices=[d.price("BTC", 95000, "support", "$95,000"),
                d.price("ETH", 3500, "target", "$3,500"),
                d.price("ETH", 3300, "current", "$3,300")],
        quotes=[d.quote(kruger, "$95,000 is now support"),
                Quote(kruger, "ether could reach $3,500", "indirect", "added",
                      *d.span("ether could reach $3,500"))],
        claims=[Claim("Joel Kruger", "BTC", 95000, "support", "bullish", 0, "market strategist",
                      "LMAX Group"),
                Claim("Joel Kruger", "ETH", 3500, "target", "bullish", 1, "market strategist",
                      "LMAX Group")],
        sentences=d.sentences)


def injection_record() -> ArticleRecord:
    """An undated article whose speaker's name is an SQL injection attempt, near BTC 95,000."""
    d = Draft(f'"Bitcoin may retest $93,500," said {INJECTION_NAME} of Bobby Tables Capital.')
    bobby = Speaker(INJECTION_NAME, None, "Bobby Tables Capital")
    return ArticleRecord(
        Article("undated-injection", d.text, title="A named source"),
        assets=[d.mention("BTC", "Bitcoin", "Bitcoin")],
        prices=[d.price("BTC", 93500, "target", "$93,500")],
        quotes=[d.quote(bobby, "Bitcoin may retest $93,500,")],
        claims=[Claim(INJECTION_NAME, "BTC", 93500, "target", "bearish", 0, None,
                      "Bobby Tables Capital")],
        sentences=d.sentences)


def sample_records() -> list[ArticleRecord]:
    return [selby_record(), kruger_record(), injection_record()]


def numbered_records(count: int) -> list[ArticleRecord]:
    """`count` distinct records (the samples, re-keyed) for batch tests."""
    records = []
    for i in range(count):
        record = sample_records()[i % 3]
        record.article.id = f"{record.article.id}#{i}"
        record.article.url = None
        records.append(record)
    return records


RUN_V1 = {"pipeline_version": "1.0.0", "models": {"en_core_web_sm": "3.8.0"}, "config_hash": "abc"}
RUN_V2 = {"pipeline_version": "1.1.0", "models": {"en_core_web_sm": "3.8.0"}, "config_hash": "abc"}


def fake_extract_many(articles: Iterable[Article], fail_on: str = "") -> Iterator[ArticleRecord]:
    """The sample record of each article, as if a pipeline found it again; `fail_on` raises."""
    samples = {record.article.id: record for record in sample_records()}
    for article in articles:
        if article.id == fail_on:
            raise RuntimeError("tokenizer exploded")
        yield ArticleRecord(article, **{name: getattr(samples[article.id], name) for name in
                                        ("assets", "prices", "quotes", "claims", "sentences")})
