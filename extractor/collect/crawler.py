"""The crawl: listings (feeds, sitemaps) to pages to stored, extracted articles.

Order of work: every host has its own queue (feeds, then sitemaps, then pages, each
in the order found) and the next request goes to the host that may be asked soonest,
so several sites are crawled side by side while each one sees one request at a
time with its delay (the `Fetcher` enforces the delay; this module only chooses).

Incremental and resumable (state in `crawl_state`, see `state.py`):
- feeds and sitemaps are asked with If-None-Match / If-Modified-Since; a 304, or a
  body with the hash of last time, lists nothing new;
- a child sitemap whose <lastmod> is not newer than our last fetch is not asked again;
- a listed page already stored is fetched again only when its listing says it was
  modified after we fetched it (conditional GET again); a page that failed for good
  (404, robots, oversize, ...) is not retried, one that failed for a passing reason is;
- pages listed by an interrupted run, and articles stored but not yet extracted, are
  picked up by the next run.

A page goes: fetch (archived to WARC) -> `parse_page` -> `articles` row -> extraction
in batches -> `store_record`. Paywalled teasers and pages outside `languages` are
stored (flagged) but not extracted. Nothing that fails for one URL stops the crawl:
the URL is reported with a reason and the crawl goes on.
"""
from __future__ import annotations

import hashlib
import heapq
import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Mapping, Optional

from extractor.collect.dates import as_utc
from extractor.collect.feeds import parse_feed
from extractor.collect.fetch import FetchFailed, Fetcher, Response
from extractor.collect.page import ParsedPage, parse_page
from extractor.collect.sitemaps import parse_sitemap
from extractor.collect.sources import Site
from extractor.collect.state import CrawlState, UrlState
from extractor.collect.urls import canonical_url, netloc_of, origin_of
from extractor.collect.xmldocs import BadXML, Entry
from extractor.db.store import content_hash, now_iso, store_record
from extractor.records import Article, ArticleRecord

ExtractMany = Callable[[Iterable[Article]], Iterator[ArticleRecord]]
KIND_ORDER = {"feed": 0, "sitemap": 1, "page": 2}
NOT_ATTEMPTED = frozenset({"off-host", "robots", "robots-unavailable"})  # refused before any request
EPOCH = as_utc("1970-01-01")


@dataclass(frozen=True)
class CrawlOptions:
    max_articles: Optional[int] = None  # stop after storing this many new or changed articles
    languages: tuple[str, ...] = ("en",)  # other languages are stored but not extracted
    max_child_sitemaps: int = 10  # per sitemap index, most recently modified first
    batch_size: int = 16  # articles per extraction batch


@dataclass
class CrawlReport:
    """What a run did, URL by URL where it matters."""

    fetched: list[str] = field(default_factory=list)  # answered 200
    not_modified: list[str] = field(default_factory=list)  # answered 304
    unchanged: list[str] = field(default_factory=list)  # answered 200 with the same content as last time
    stored: list[str] = field(default_factory=list)  # pages stored as articles (new or changed)
    known: int = 0  # listed pages already stored and unchanged: not fetched
    not_extracted: list[tuple[str, str]] = field(default_factory=list)  # (url, why): paywall, language
    extracted: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (url, "reason: detail")
    errors: list[str] = field(default_factory=list)
    requests_per_host: Counter = field(default_factory=Counter)

    def skip_reasons(self) -> Counter:
        return Counter(reason.split(":", 1)[0] for _url, reason in self.skipped)

    def summary(self) -> str:
        reasons = ", ".join(f"{count} {reason}" for reason, count in sorted(self.skip_reasons().items()))
        hosts = ", ".join(f"{host} {count}" for host, count in sorted(self.requests_per_host.items()))
        return (f"{sum(self.requests_per_host.values())} requests ({hosts or 'none'}): "
                f"{len(self.fetched)} answered 200, {len(self.not_modified)} not modified, "
                f"{len(self.unchanged)} unchanged; "
                f"{len(self.stored)} articles stored, {self.extracted} extracted, "
                f"{len(self.not_extracted)} kept without extraction, {self.known} already known; "
                f"skipped: {reasons or 'none'}; {len(self.errors)} errors")


@dataclass(order=True)
class _Task:
    order: tuple[int, int]
    url: str = field(compare=False)
    kind: str = field(compare=False)
    site: Site = field(compare=False)


class _Frontier:
    """Per-host queues; `pop` serves the host that may be asked soonest."""

    def __init__(self, ready_at: Callable[[str], float]):
        self._ready_at = ready_at
        self._queues: dict[str, list[_Task]] = {}
        self._counter = itertools.count()

    def push(self, url: str, kind: str, site: Site) -> None:
        task = _Task((KIND_ORDER[kind], next(self._counter)), url, kind, site)
        heapq.heappush(self._queues.setdefault(netloc_of(url), []), task)

    def pop(self) -> Optional[_Task]:
        waiting = [queue for queue in self._queues.values() if queue]
        if not waiting:
            return None
        queue = min(waiting, key=lambda q: (self._ready_at(q[0].url), q[0].order[1]))
        return heapq.heappop(queue)

    def __len__(self) -> int:
        return sum(len(queue) for queue in self._queues.values())


class Crawler:
    """One crawl run over some sites; `run` returns its report."""

    def __init__(self, state: CrawlState, fetcher: Fetcher, extract_many: ExtractMany,
                 run_info: Mapping[str, object], *, options: CrawlOptions = CrawlOptions(),
                 on_record: Optional[Callable[[ArticleRecord], None]] = None,
                 on_progress: Optional[Callable[[int, int], None]] = None):
        self.state, self.fetcher, self.options = state, fetcher, options
        self._extract_many, self._run_info = extract_many, dict(run_info)
        self._on_record, self._on_progress = on_record, on_progress
        self._frontier = _Frontier(fetcher.ready_at)
        self._seen: set[str] = set()
        self._robots_noted: set[str] = set()
        self._batch: list[tuple[Article, Optional[str]]] = []
        self.report = CrawlReport()

    def run(self, sites: Iterable[Site]) -> CrawlReport:
        sites = list(sites)
        for article, raw_location in self.state.unextracted([s.name for s in sites], self.options.languages):
            self._queue_extraction(article, raw_location)
        for site in sites:
            for url in site.feeds:
                self._push(url, "feed", site)
            for url in site.sitemaps:
                self._push(url, "sitemap", site)
            for url in self.state.pending(site.name):
                self._push(url, "page", site)
        done = 0
        while not self._limit_reached() and (task := self._frontier.pop()) is not None:
            if task.kind == "page":
                self._page(task)
            else:
                self._listing(task)
            done += 1
            if self._on_progress:
                self._on_progress(done, len(self._frontier))
        self._flush()
        self.report.requests_per_host.update(entry.host for entry in self.fetcher.log)
        return self.report

    # --- listings --------------------------------------------------------------------------

    def _listing(self, task: _Task) -> None:
        known = self.state.get(task.url)
        response = self._fetch(task, known)
        if response is None:
            return
        body_hash = hashlib.sha256(response.body).hexdigest()
        values = {"status": response.status, "fetched_at": response.fetched_at, "error": None,
                  **_validators(response)}
        if response.status == 304 or (known and known.content_hash == body_hash):
            (self.report.not_modified if response.status == 304 else self.report.unchanged).append(task.url)
            self.state.record(task.url, site=task.site.name, kind=task.kind, **values)
            return
        try:
            if task.kind == "feed":
                pages, children = parse_feed(response.body, response.url), []
            else:
                sitemap = parse_sitemap(response.body, response.url, max_bytes=self.fetcher.policy.max_bytes)
                pages, children = sitemap.pages, sitemap.sitemaps
        except BadXML as err:
            self._skip(task.url, task.site, task.kind, "bad-xml", str(err), status=response.status)
            return
        self._child_sitemaps(task.site, children)
        for entry in pages:
            self._discover(task.site, entry)
        # Recorded last: a run stopped before its pages were noted must not get a 304 next time.
        self.state.record(task.url, site=task.site.name, kind=task.kind, content_hash=body_hash, **values)

    def _child_sitemaps(self, site: Site, children: list[Entry]) -> None:
        dated_first = sorted(children, reverse=True,
                             key=lambda e: (as_utc(e.modified) is not None, as_utc(e.modified) or EPOCH))
        for entry in dated_first[: self.options.max_child_sitemaps]:
            url = self._admit(site, entry.url)
            if url is None:
                continue
            known = self.state.get(url)
            if known and known.error is None and not _newer(entry.modified, known.fetched_at):
                continue
            self._push(url, "sitemap", site)

    def _discover(self, site: Site, entry: Entry) -> None:
        url = self._admit(site, entry.url)
        if url is None:
            return
        rules = self.fetcher.robots(url)
        self._note_robots(url)
        if rules.error:
            self._skip(url, site, "page", "robots-unavailable", rules.error, attempted=False)
            return
        if not rules.allows(url, self.fetcher.policy.robots_token):
            self._skip(url, site, "page", "robots", "disallowed by robots.txt", attempted=False)
            return
        known = self.state.get(url)
        if known is None:
            self.state.discover(url, site.name)
        elif not (known.retry or (known.article_id is not None and _newer(entry.modified, known.fetched_at))):
            self.report.known += 1
            return
        self._push(url, "page", site)

    def _admit(self, site: Site, address: str) -> Optional[str]:
        """The canonical URL of a listed address not yet queued or refused in this run, on the site's hosts.

        A URL found known and unchanged is not marked seen: a later listing may say it changed.
        """
        try:
            url = canonical_url(address)
        except ValueError as err:
            self.report.skipped.append((address, f"bad-url: {err}"))
            return None
        if url in self._seen:
            return None
        if not site.allows(url):
            self._seen.add(url)
            self.report.skipped.append((url, f"off-host: not on {site.name}'s hosts ({', '.join(site.hosts)})"))
            return None
        return url

    # --- pages -----------------------------------------------------------------------------

    def _page(self, task: _Task) -> None:
        known = self.state.get(task.url)
        response = self._fetch(task, known if known and known.article_id is not None else None)
        if response is None:
            return
        if response.status == 304:
            self.report.not_modified.append(task.url)
            self.state.record(task.url, site=task.site.name, kind="page", status=304,
                              fetched_at=response.fetched_at, error=None, **_validators(response))
            return
        try:
            page = parse_page(response.body, response.url)
        except Exception as err:  # a page that does not parse is reported, the crawl goes on
            self._skip(task.url, task.site, "page", "parse", f"{type(err).__name__}: {err}", status=response.status)
            return
        if not page.text.strip():
            self._skip(task.url, task.site, "page", "parse", "no article text found", status=response.status)
            return
        text_hash = content_hash(page.text)
        values = {"status": response.status, "fetched_at": response.fetched_at, "error": None,
                  "content_hash": text_hash, **_validators(response)}
        if known and known.article_id is not None and known.content_hash == text_hash:
            self.report.unchanged.append(task.url)
            self.state.record(task.url, site=task.site.name, kind="page", **values)
            return
        self._store(task, page, response, values)

    def _store(self, task: _Task, page: ParsedPage, response: Response, values: dict) -> None:
        article = page.to_article()
        article_id = self.state.store_article(article, fetched_at=response.fetched_at,
                                              raw_location=response.archived_at, content_hash=values["content_hash"])
        for url in dict.fromkeys((task.url, response.url, page.url or task.url)):
            self._seen.add(url)
            self.state.record(url, site=task.site.name, kind="page", article_id=article_id, **values)
        self.report.stored.append(article.id)
        why_not = self._why_not_extracted(page)
        if why_not:
            self.report.not_extracted.append((article.id, why_not))
        else:
            self._queue_extraction(article, response.archived_at)

    def _why_not_extracted(self, page: ParsedPage) -> Optional[str]:
        if page.paywalled:
            return f"paywalled ({page.provenance.get('paywalled')})"
        if page.language and page.language not in self.options.languages:
            return f"language {page.language}"
        return None

    # --- extraction ------------------------------------------------------------------------

    def _queue_extraction(self, article: Article, raw_location: Optional[str]) -> None:
        self._batch.append((article, raw_location))
        if len(self._batch) >= self.options.batch_size:
            self._flush()

    def _flush(self) -> None:
        batch, self._batch = self._batch, []
        if not batch:
            return
        try:
            records = list(self._extract_many([article for article, _ in batch]))
        except Exception:  # find the article that breaks the batch; the others still go through
            records = []
            for article, _ in batch:
                try:
                    records.extend(self._extract_many([article]))
                except Exception as err:
                    self.report.errors.append(f"{article.id}: extraction failed: {type(err).__name__}: {err}")
        locations = {article.id: raw_location for article, raw_location in batch}
        for record in records:
            try:
                store_record(self.state.engine, record, self._run_info, raw_location=locations.get(record.id))
            except Exception as err:  # reported by article; the batch goes on
                self.report.errors.append(f"{record.id}: not stored: {type(err).__name__}: {err}")
                continue
            self.report.extracted += 1
            if self._on_record:
                self._on_record(record)

    # --- shared ----------------------------------------------------------------------------

    def _push(self, url: str, kind: str, site: Site) -> None:
        self._seen.add(url)
        self._frontier.push(url, kind, site)

    def _fetch(self, task: _Task, known: Optional[UrlState]) -> Optional[Response]:
        """The response, or None after recording why there is none."""
        try:
            response = self.fetcher.fetch(task.url, task.kind, task.site.hosts,
                                          etag=known.etag if known else None,
                                          last_modified=known.last_modified if known else None)
        except FetchFailed as err:
            self._note_robots(task.url)
            self._skip(task.url, task.site, task.kind, err.reason, err.detail, status=err.status,
                       attempted=err.reason not in NOT_ATTEMPTED)
            return None
        self._note_robots(task.url)
        if response.status == 200:
            self.report.fetched.append(task.url)
        return response

    def _note_robots(self, url: str) -> None:
        """Record each origin's robots.txt answer once per run."""
        origin = origin_of(url)
        if origin in self._robots_noted:
            return
        self._robots_noted.add(origin)
        rules = self.fetcher.robots(url)
        self.state.record(origin + "/robots.txt", site=None, kind="robots", status=rules.status,
                          fetched_at=now_iso(), error=rules.error)

    def _skip(self, url: str, site: Site, kind: str, reason: str, detail: str, *,
              status: Optional[int] = None, attempted: bool = True) -> None:
        """Report a URL not fetched or not used, and remember why (`attempted`: a request was sent)."""
        self._seen.add(url)
        self.report.skipped.append((url, f"{reason}: {detail}"))
        self.state.record(url, site=site.name, kind=kind, status=status, error=f"{reason}: {detail}",
                          fetched_at=now_iso() if attempted else None)

    def _limit_reached(self) -> bool:
        limit = self.options.max_articles
        return limit is not None and len(self.report.stored) >= limit


def _validators(response: Response) -> dict[str, str]:
    """The ETag / Last-Modified an answer carries (a 304 may omit them: then the old ones stay)."""
    return {name: value for name, value in (("etag", response.etag),
                                            ("last_modified", response.last_modified)) if value}


def _newer(modified: Optional[str], fetched_at: Optional[str]) -> bool:
    """True when a listing's date says the resource changed after we fetched it."""
    changed, seen = as_utc(modified), as_utc(fetched_at)
    return changed is not None and (seen is None or changed > seen)
