"""Speed benchmark: articles per second of bare spaCy, the tokenizer alone, and our full pipeline.

    .venv/bin/python bench/speed.py --json /tmp/speed.json

The texts are the shared dev articles and the project's corpus, repeated in order up to
`--articles`, all in one process. Each contender first runs a few untimed articles (lazy
loading), then the whole list once:
- `spacy_sm`: en_core_web_sm with all its components, through `nlp.pipe` (its fastest single
  process use), as a baseline;
- `tokenizer`: the tokenizer of our pipeline alone, the floor no spaCy pipeline goes under;
- `pipeline`: `Extractor.extract_many`, the records users get.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

sys.path.insert(0, str(Path(__file__).parents[1]))

import spacy  # noqa: E402

from extractor.api import Extractor  # noqa: E402
from extractor.cli import gold_articles  # noqa: E402
from extractor.evaluation import load_gold  # noqa: E402
from extractor.pipeline import load_base  # noqa: E402
from extractor.records import Article  # noqa: E402
from extractor.resources import PIPELINE_DIR  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = (REPO.parent / "shared" / "eval" / "dev", REPO / "corpus" / "articles")
WARM_UP_ARTICLES = 3


def load_articles(sources: Iterable[Path], count: int) -> list[Article]:
    """The gold articles of each folder, repeated in order until there are `count` of them."""
    found = [article for folder in sources if folder.is_dir() for article in gold_articles(load_gold(folder))]
    if not found:
        raise SystemExit("no articles found in " + ", ".join(str(folder) for folder in sources))
    return [found[i % len(found)] for i in range(count)]


def timed(run: Callable[[list[Article]], None], articles: list[Article]) -> dict:
    """Seconds and articles per second of one run over all articles, after an untimed warm-up."""
    run(articles[:WARM_UP_ARTICLES])
    start = time.perf_counter()
    run(articles)
    seconds = time.perf_counter() - start
    characters = sum(len(a.text) for a in articles)
    return {"articles": len(articles), "seconds": round(seconds, 3),
            "articles_per_second": round(len(articles) / seconds, 1),
            "characters_per_second": round(characters / seconds)}


def contenders() -> dict[str, Callable[[list[Article]], None]]:
    """What is timed, by name; each consumes every result so lazy work is not skipped."""
    base = load_base()
    extractor = Extractor.from_disk(PIPELINE_DIR)
    tokenizer = extractor.nlp.tokenizer

    def spacy_sm(articles: list[Article]) -> None:
        for _ in base.pipe(a.text for a in articles):
            pass

    def tokenizer_only(articles: list[Article]) -> None:
        for article in articles:
            tokenizer(article.text)

    def pipeline(articles: list[Article]) -> None:
        for _ in extractor.extract_many(articles):
            pass

    return {"spacy_sm": spacy_sm, "tokenizer": tokenizer_only, "pipeline": pipeline}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="articles per run (texts repeat; default 200)")
    parser.add_argument("--json", dest="json_out", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument("sources", nargs="*", type=Path, default=list(DEFAULT_SOURCES),
                        help="folders of gold article files (default: the shared dev set and corpus/articles)")
    args = parser.parse_args(argv)

    articles = load_articles(args.sources, args.articles)
    results = {name: timed(run, articles) for name, run in contenders().items()}

    print(f"{'':<12}{'articles/s':>12}{'seconds':>10}{'chars/s':>12}")
    for name, figures in results.items():
        print(f"{name:<12}{figures['articles_per_second']:>12.1f}{figures['seconds']:>10.2f}"
              f"{figures['characters_per_second']:>12,}")
    print(f"{len(articles)} articles ({len({a.id for a in articles})} distinct), one process")
    if args.json_out:
        report = {"results": results, "sources": [str(s) for s in args.sources],
                  "python": platform.python_version(), "spacy": spacy.__version__, "machine": platform.machine()}
        args.json_out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
