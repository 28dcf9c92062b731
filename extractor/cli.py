"""The `extractor` command: `extract`, `eval`, and the collector's and database's commands.

A thin layer over the Python API: `extractor.inputs` reads, `extractor.api` extracts,
`extractor.evaluation` scores and `extractor.db` stores. A user error (a missing file,
an unusable database URL, a pipeline that was never built) prints one `Error:` line and
exits non-zero. A problem with one article or one input line is printed on standard
error as it happens, the rest goes on, and the command exits with status 1 at the end.
"""
from __future__ import annotations

import itertools
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Optional, TextIO

import click

from . import __version__
from .collect.cli import crawl
from .db.cli import export, plot, query, reprocess
from .records import Article, ArticleRecord

if TYPE_CHECKING:  # tqdm and the pipeline are imported by the commands that need them
    from tqdm import tqdm

    from .api import Extractor

PROGRESS_MIN_ARTICLES = 5  # a progress bar only for more articles than this
DEFAULT_BATCH_SIZE = 16

ExtractMany = Callable[..., Iterator[ArticleRecord]]


class Problems:
    """Errors and warnings printed on standard error as they happen (above a running progress bar)."""

    def __init__(self) -> None:
        self.errors = 0
        self.bar: Optional["tqdm"] = None

    def error(self, message: str) -> None:
        self.errors += 1
        self._print(f"error: {message}")

    def warning(self, message: str) -> None:
        self._print(f"warning: {message}")

    def _print(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            click.echo(line, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="extractor")
def main() -> None:
    """Crypto news to market signals: assets, price levels, percentages, liquidations, quotes, claims.

    \b
    Examples:
      extractor extract articles.jsonl -o records.jsonl
      extractor eval corpus/articles
      extractor query claims --asset BTC --level 95000
    """


@main.command("extract")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...",
                type=click.Path(exists=True, allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="JSON Lines file to write (default: standard output).")
@click.option("--db", "db_url", metavar="URL",
              help="Also store every record in this database, e.g. sqlite:///research.db.")
@click.option("--host", "hosts", multiple=True, metavar="DOMAIN",
              help="Only archived pages on this domain, subdomains included (WARC input; repeatable).")
@click.option("--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH_SIZE, show_default=True,
              help="Articles per pipeline batch.")
def extract_command(inputs: tuple[str, ...], output: Optional[str], db_url: Optional[str],
                    hosts: tuple[str, ...], batch_size: int) -> None:
    """Extract signals from articles: one JSON record per article.

    INPUT is a .txt file (one article), a .jsonl file of {"id", "text", "title",
    "url", "published", ...} lines, an .html page, a .warc or .warc.gz archive, a
    folder of these, or - for standard input (JSON Lines, or one plain-text article).
    Bad lines are reported as FILE:LINE: REASON on standard error and skipped; the
    exit status is then 1.

    \b
    Examples:
      extractor extract articles.jsonl -o records.jsonl
      extractor extract news/ --db sqlite:///research.db -o records.jsonl
      extractor extract CC-NEWS-20240101.warc.gz --host coindesk.com -o records.jsonl
      echo 'Bitcoin rose 3% to $97,800.' | extractor extract -
    """
    problems = Problems()
    extractor = _load_extractor()
    articles = _read(inputs, problems, set(hosts) or None)
    with _database(db_url, problems) as store, _output(output) as out, \
            _progress(articles, problems, "extract") as (articles, bar):
        written = 0
        for record in extract_records(articles, extractor.extract_many, batch_size, problems):
            out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
            out.flush()
            written += 1
            if store:
                store(record)
            bar.update()
    _finish(problems, f"{_count(written, 'record')} written to {output or 'standard output'}")


@main.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--predictions", type=click.Path(exists=True, dir_okay=False),
              help="Score this JSON Lines file of records instead of running the pipeline.")
@click.option("--show-errors", is_flag=True, help="List every miss and false hit as a JSON line.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, writable=True),
              help="Also write the figures as JSON to this file.")
@click.option("--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH_SIZE, show_default=True,
              help="Articles per pipeline batch.")
def eval_command(gold_dir: str, predictions: Optional[str], show_errors: bool, json_out: Optional[str],
                 batch_size: int) -> None:
    """Score the pipeline against a folder of gold article files (*.json).

    Prints precision, recall and F1 per field, then the macro F1, by the rules of
    the gold format (the same figures as the shared score.py).

    \b
    Examples:
      extractor eval corpus/articles
      extractor eval corpus/articles --show-errors --json scores.json
      extractor eval gold/ --predictions records.jsonl
    """
    from .evaluation import load_gold, load_predictions, score

    problems = Problems()
    try:
        golds = load_gold(gold_dir)
        predicted = load_predictions(predictions) if predictions else None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if not golds:
        raise click.ClickException(f"no gold files (*.json) in {gold_dir}")
    if predicted is None:
        extractor = _load_extractor()
        with _progress(iter(gold_articles(golds)), problems, "eval") as (articles, bar):
            predicted = {}
            for record in extract_records(articles, extractor.extract_many, batch_size, problems):
                predicted[record.id] = record.to_dict()
                bar.update()
    report = score(golds, predicted)
    click.echo(report.format_table())
    if show_errors:
        for error in report.errors:
            click.echo(json.dumps(error, ensure_ascii=False))
    if json_out:
        Path(json_out).write_text(json.dumps(report.to_dict(), indent=2) + "\n", encoding="utf-8")
    click.echo(f"macro_f1={report.macro_f1:.3f}")
    _finish(problems)


for _command in (crawl, query, export, reprocess, plot):
    main.add_command(_command)


def extract_records(articles: Iterable[Article], extract_many: ExtractMany, batch_size: int,
                    problems: Problems) -> Iterator[ArticleRecord]:
    """Records in input order; an article whose extraction raises is reported by id and skipped.

    Articles go through `extract_many` a batch at a time; when a batch fails, its articles
    are redone one by one so only the failing one is lost.
    """
    pending = iter(articles)
    while batch := list(itertools.islice(pending, batch_size)):
        try:
            records = list(extract_many(batch, batch_size=batch_size))
        except Exception:  # noqa: BLE001 - one bad article must not cost the batch; found below
            records = list(_one_by_one(batch, extract_many, problems))
        for record in records:
            warning = record.article.extra.get("decode_warning")
            if warning and warning not in record.warnings:
                record.warnings.append(warning)
            for error in record.errors:  # the pipeline failed on part of this article
                problems.error(error)
            yield record


def _one_by_one(batch: list[Article], extract_many: ExtractMany, problems: Problems) -> Iterator[ArticleRecord]:
    for article in batch:
        try:
            yield from extract_many([article], batch_size=1)
        except Exception as exc:  # noqa: BLE001 - reported by article id, the batch goes on
            problems.error(f"{article.id}: extraction failed ({type(exc).__name__}: {exc})")


def gold_articles(golds: list[dict]) -> list[Article]:
    """The articles of gold files, with their metadata, as the pipeline's input."""
    out = []
    for gold in golds:
        meta = gold.get("meta") if isinstance(gold.get("meta"), dict) else {}
        out.append(Article(id=str(gold["id"]), text=gold.get("text") or "", title=meta.get("title"),
                           url=meta.get("url"), source=meta.get("source"), published=meta.get("published"),
                           authors=list(meta.get("authors") or [])))
    return out


def _read(inputs: Iterable[str], problems: Problems, hosts: Optional[set[str]]) -> Iterator[Article]:
    from .inputs import iter_articles

    return iter_articles(inputs, problems.error, problems.warning, hosts=hosts)


def _load_extractor() -> "Extractor":
    """The pipeline in models/pipeline, or a clear error saying how to build it."""
    from .api import default_extractor
    from .resources import PIPELINE_DIR

    try:
        return default_extractor()
    except OSError as exc:
        raise click.ClickException(f"cannot load the pipeline from {PIPELINE_DIR} ({exc}); "
                                   f"build it with: python -m extractor.pipeline.build") from exc


@contextmanager
def _progress(articles: Iterator[Article], problems: Problems, what: str
              ) -> Iterator[tuple[Iterator[Article], "tqdm"]]:
    """A progress bar on standard error, shown only for more than PROGRESS_MIN_ARTICLES articles."""
    from tqdm import tqdm

    head = list(itertools.islice(articles, PROGRESS_MIN_ARTICLES + 1))
    shown = len(head) > PROGRESS_MIN_ARTICLES
    with tqdm(desc=what, unit="article", file=sys.stderr, disable=not shown, dynamic_ncols=True) as bar:
        problems.bar = bar if shown else None
        try:
            yield itertools.chain(head, articles), bar
        finally:
            problems.bar = None


@contextmanager
def _output(path: Optional[str]) -> Iterator[TextIO]:
    """The file records go to; a reader that stops early (`| head`) ends the command quietly."""
    with click.open_file(path or "-", "w", encoding="utf-8") as out:
        try:
            yield out
        except BrokenPipeError:
            if path:
                raise
            # Further writes to the closed pipe (at exit) must not print a traceback.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(1)


@contextmanager
def _database(url: Optional[str], problems: Problems) -> Iterator[Optional[Callable[[ArticleRecord], None]]]:
    """A function storing one record in the database at `url` (None without a URL)."""
    if not url:
        yield None
        return
    import sqlalchemy as sa

    from .api import pipeline_info
    from .db import connect
    from .db.store import ensure_schema, store_record

    try:
        engine = connect(url)
        ensure_schema(engine)
    except (sa.exc.SQLAlchemyError, ValueError, OSError) as exc:
        raise click.ClickException(f"cannot open database {url!r}: {_first_line(exc)}") from exc
    run = pipeline_info()

    def store(record: ArticleRecord) -> None:
        try:
            store_record(engine, record, run, raw_location=record.article.extra.get("raw_location"))
        except (sa.exc.SQLAlchemyError, ValueError, TypeError) as exc:
            problems.error(f"{record.id}: not stored ({_first_line(exc)})")

    try:
        yield store
    finally:
        engine.dispose()


def _first_line(exc: BaseException) -> str:
    detail = str(getattr(exc, "orig", None) or exc).strip()
    return detail.splitlines()[0] if detail else type(exc).__name__


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _finish(problems: Problems, summary: Optional[str] = None) -> None:
    """The closing line on standard error; exit status 1 when any error was reported."""
    if summary:
        errors = f", {_count(problems.errors, 'error')}" if problems.errors else ""
        click.echo(summary + errors, err=True)
    if problems.errors:
        raise click.exceptions.Exit(1)
