"""`extractor crawl`: collect articles from news sites, extract them, store them.

A thin layer over `crawler.Crawler`: it picks the sites, opens the database, the WARC
file and the fetcher, shows a progress bar on standard error and prints what the
run did. Skipped URLs (robots.txt, off-host, oversize, ...) are part of a normal
crawl and listed in the summary; an article that fails extraction or storage makes
the exit status 1; an interrupted crawl exits 130 and resumes when run again.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable, Mapping, Optional, TextIO

import click

from extractor.collect.crawler import Crawler, CrawlOptions, CrawlReport, ExtractMany
from extractor.collect.fetch import FetchPolicy, Fetcher
from extractor.collect.sources import Site, SourcesError, load_sources, site_for_addresses
from extractor.collect.state import CrawlState
from extractor.collect.warc import WarcWriter
from extractor.records import ArticleRecord


def load_extraction() -> tuple[ExtractMany, Mapping[str, Any]]:
    """The pipeline's `extract_many` and the run description stored with its records."""
    try:
        from extractor.api import extract_many, pipeline_info

        return extract_many, pipeline_info()
    except Exception as err:  # a missing or broken pipeline is a user-facing error, not a traceback
        raise click.ClickException(f"extraction pipeline unavailable: {type(err).__name__}: {err}") from err


@click.command("crawl")
@click.option("--sources", "sources_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TOML file of more sites (keys as in models/sources.toml); same names replace built-ins.")
@click.option("--site", "site_names", multiple=True, metavar="NAME",
              help="Crawl this site (repeatable). Default: every site, unless --feed/--sitemap is given.")
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="Also crawl this RSS/Atom feed (repeatable).")
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL",
              help="Also crawl this sitemap or sitemap index (repeatable).")
@click.option("--max-articles", type=click.IntRange(min=1), metavar="N",
              help="Stop after storing N new or changed articles.")
@click.option("--db", "db_url", metavar="URL",
              help="Database for articles, records and crawl state (default: $EXTRACTOR_DB, "
                   "else sqlite:///extractor.db).")
@click.option("--warc-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("warc"),
              show_default=True, help="Folder for the WARC file of this run's raw responses.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"),
              help="Also write the extracted records as JSON Lines to this file.")
@click.option("--min-delay", type=click.FloatRange(min=0.0), default=FetchPolicy.min_delay, show_default=True,
              help="Seconds between two requests to one host; a longer robots.txt Crawl-delay wins.")
def crawl(sources_file: Optional[Path], site_names: tuple[str, ...], feeds: tuple[str, ...],
          sitemaps: tuple[str, ...], max_articles: Optional[int], db_url: Optional[str], warc_dir: Path,
          output: Optional[TextIO], min_delay: float) -> None:
    """Collect news articles politely and incrementally, extract them, store them.

    Reads robots.txt first and obeys it, asks one host at a time with a delay, and
    asks feeds and sitemaps with conditional GETs, so a second run fetches only what
    is new or changed. Every response is kept in a WARC file.

    \b
    Examples:
      extractor crawl --site coindesk --site decrypt --max-articles 50
      extractor crawl --feed https://decrypt.co/feed --db sqlite:///research.db
      extractor crawl --sources my-sites.toml --site mysite -o records.jsonl
    """
    sites = choose_sites(sources_file, site_names, feeds, sitemaps)
    extract_many, run_info = load_extraction()
    from extractor.db import connect

    try:
        state = CrawlState(connect(db_url))
    except Exception as err:  # an unusable URL or database is one clear line, not a traceback
        raise click.ClickException(f"database {db_url or '(default)'}: {type(err).__name__}: {err}") from err
    write_record = _jsonl_writer(output) if output else None
    try:
        report = _run(state, sites, extract_many, run_info, warc_dir, min_delay, max_articles, write_record)
    except KeyboardInterrupt:
        click.echo("interrupted: run the same command again to resume", err=True)
        sys.exit(130)
    _print_report(report)
    if report.errors:
        sys.exit(1)


def choose_sites(sources_file: Optional[Path], site_names: tuple[str, ...], feeds: tuple[str, ...],
                 sitemaps: tuple[str, ...]) -> list[Site]:
    """The sites named with --site (all when none and no --feed/--sitemap), plus ad-hoc ones."""
    try:
        known = load_sources(sources_file)
        extra = site_for_addresses(feeds, sitemaps)
    except SourcesError as err:
        raise click.UsageError(str(err)) from err
    unknown = [name for name in site_names if name not in known]
    if unknown:
        raise click.UsageError(f"unknown site(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    chosen = [known[name] for name in site_names] if site_names or extra else list(known.values())
    return chosen + extra


def _run(state: CrawlState, sites: list[Site], extract_many: ExtractMany, run_info: Mapping[str, Any],
         warc_dir: Path, min_delay: float, max_articles: Optional[int],
         on_record: Optional[Callable[[ArticleRecord], None]]) -> CrawlReport:
    from tqdm import tqdm

    with WarcWriter(warc_dir) as archive, Fetcher(FetchPolicy(min_delay=min_delay), archive=archive) as fetcher, \
            tqdm(desc="crawl", unit="url", file=sys.stderr, disable=None) as bar:
        def progress(done: int, remaining: int) -> None:
            bar.total = done + remaining
            bar.update(done - bar.n)

        crawler = Crawler(state, fetcher, extract_many, run_info,
                          options=CrawlOptions(max_articles=max_articles), on_record=on_record,
                          on_progress=progress)
        report = crawler.run(sites)
    click.echo(f"raw responses: {archive.path}", err=True)
    return report


def _jsonl_writer(output: TextIO) -> Callable[[ArticleRecord], None]:
    def write(record: ArticleRecord) -> None:
        output.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        output.flush()
    return write


def _print_report(report: CrawlReport) -> None:
    for url, reason in report.skipped:
        click.echo(f"skipped {url}: {reason}", err=True)
    for url, why in report.not_extracted:
        click.echo(f"stored, not extracted {url}: {why}", err=True)
    for message in report.errors:
        click.echo(f"error: {message}", err=True)
    click.echo(report.summary(), err=True)
