"""Database benchmark: store synthetic records, time the writes and the queries, draw the plot.

    .venv/bin/python bench/db_bench.py --db sqlite:////tmp/bench.db --articles 2000 --plot /tmp/btc.png

The records are generated (fixed seed): dated articles over `--days` days, each with a
few BTC/ETH levels and a claim by one of a handful of analysts, so the numbers and the
picture look like a real month of news without needing the NLP pipeline.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from extractor.db import connect, query  # noqa: E402
from extractor.db.plot import plot_levels  # noqa: E402
from extractor.db.store import store_many  # noqa: E402
from extractor.records import Article, ArticleRecord, Claim, Price, Quote, Speaker  # noqa: E402

ANALYSTS = [Speaker("Gabe Selby", "head of research", "CF Benchmarks"),
            Speaker("Joel Kruger", "market strategist", "LMAX Group"),
            Speaker("Ana Ruiz", "derivatives analyst", "Example Desk"),
            Speaker("Wen Li", "chief economist", "Sample Capital")]
ROLES = ("current", "high", "low", "support", "resistance", "target", "threshold")
BASE = {"BTC": 95_000, "ETH": 3_300}
RUN = {"pipeline_version": "bench", "models": {}, "config_hash": "bench"}


def synthetic_record(i: int, rng: random.Random, days: int) -> ArticleRecord:
    day = date(2024, 11, 1) + timedelta(days=rng.randrange(days))
    asset = rng.choice(list(BASE))
    step = 1000 if asset == "BTC" else 50
    levels = [round(BASE[asset] * rng.uniform(0.9, 1.1) / step) * step for _ in range(rng.randint(1, 3))]
    sentences = [f"{asset} was seen at ${level:,}." for level in levels]
    analyst = rng.choice(ANALYSTS)
    words = f"The ${levels[0]:,} level decides the next move"
    text = " ".join(sentences) + f' "{words}," said {analyst.name}.'
    start = text.index(words)
    prices, offset = [], 0
    for level, sentence in zip(levels, sentences):
        at = text.index(f"${level:,}", offset)
        prices.append(Price(asset, float(level), rng.choice(ROLES), f"${level:,}", at,
                            at + len(f"${level:,}"), sentence))
        offset = at + 1
    return ArticleRecord(
        Article(f"bench-{i}", text, title=f"{asset} note {i}", published=day.isoformat()),
        prices=prices,
        quotes=[Quote(analyst, words, "direct", "said", start, start + len(words))],
        claims=[Claim(analyst.name, asset, float(levels[0]), prices[0].role, "neutral", 0,
                      analyst.title, analyst.org)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--plot", help="also draw BTC levels to this PNG")
    args = parser.parse_args()
    rng = random.Random(7)
    records = [synthetic_record(i, rng, args.days) for i in range(args.articles)]
    engine = connect(args.db)

    started = time.perf_counter()
    result = store_many(engine, records, RUN)
    stored = time.perf_counter() - started
    print(f"store: {result.summary()} in {stored:.2f}s ({args.articles / stored:.0f} articles/s)")
    started = time.perf_counter()
    again = store_many(engine, records, RUN)
    print(f"store again: {again.summary()} in {time.perf_counter() - started:.2f}s")
    for name, run in (("claims BTC 95000 2%", lambda: query.claims(engine, asset="BTC", level=95000,
                                                                    tolerance="2%")),
                      ("levels BTC", lambda: query.levels(engine, asset="BTC")),
                      ("quotes by Kruger", lambda: query.quotes(engine, speaker="kruger"))):
        started = time.perf_counter()
        rows = len(run())
        print(f"query {name}: {rows} rows in {1000 * (time.perf_counter() - started):.0f} ms")
    if args.plot:
        print(f"plot: {plot_levels(engine, 'BTC', args.plot)}")


if __name__ == "__main__":
    main()
