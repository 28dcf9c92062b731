"""The polite HTTP client: robots.txt first, one request at a time, a delay between two.

Rules, in the order a fetch meets them:
- Only http(s) URLs on the hosts the caller allows, on every redirect hop too.
- robots.txt of each origin is read once per `Fetcher` (one crawl run). Allowed
  paths only; its Crawl-delay / Request-rate lengthen the per-host delay. A robots.txt
  that cannot be read (5xx, 429, network error) or that answers 401/403 means the
  origin is not crawled at all; 404 and other 4xx mean it has no rules.
- The fetcher is synchronous: at most one request in flight in total, hence per host.
  Between the end of one response and the next request to the same host it waits
  the host's delay: max(`min_delay`, Crawl-delay, Request-rate interval).
- 429 and 5xx answers, timeouts and connection errors are retried `retries` times,
  waiting `backoff` * 2**attempt or the server's Retry-After, whichever is longer; a
  Retry-After above `max_wait` gives the URL up instead of stalling the crawl.
- Bodies are streamed and capped at `max_bytes` after decompression (the fetcher
  inflates gzip/deflate itself, in bounded steps, so a compression bomb stops at the
  cap); a declared Content-Length above the cap is refused before reading. A whole
  response must arrive within `total_timeout`, so a trickling server cannot hold it.
- The Content-Type must suit what was asked for (page, feed, sitemap).
- The User-Agent names this crawler; no browser is impersonated.
Every response received (redirects and retried errors included) is handed to the
archive (the WARC writer) when one is given.
"""
from __future__ import annotations

import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterable, Iterator, Optional, Protocol

import httpx
from protego import Protego

from extractor.collect.dates import as_utc
from extractor.collect.urls import canonical_url, netloc_of, on_hosts, origin_of

USER_AGENT = "crypto-signal-extractor/0.1 (news research crawler; obeys robots.txt)"
ROBOTS_TOKEN = "crypto-signal-extractor"
ROBOTS_MAX_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB of robots.txt

ACCEPTED_TYPES: dict[str, frozenset[str]] = {
    "page": frozenset({"text/html", "application/xhtml+xml"}),
    "feed": frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                       "application/xml", "text/xml"}),
    "sitemap": frozenset({"application/xml", "text/xml", "application/gzip", "application/x-gzip",
                          "application/octet-stream"}),
}
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Reasons a URL can fail for which a later run should try again.
TRANSIENT_REASONS = frozenset({"http-429", "http-5xx", "timeout", "network", "retry-after", "robots-unavailable"})


@dataclass(frozen=True)
class FetchPolicy:
    """How polite and how patient the fetcher is; the defaults are for real sites."""

    user_agent: str = USER_AGENT
    robots_token: str = ROBOTS_TOKEN
    min_delay: float = 5.0  # seconds between two requests to one host, even without Crawl-delay
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # longest silence while waiting for bytes
    total_timeout: float = 60.0  # a whole response, headers to last byte
    max_bytes: int = 5_000_000  # a body after decompression
    max_redirects: int = 5
    retries: int = 3  # further attempts after 429/5xx/timeouts
    backoff: float = 2.0  # wait before the first retry; doubles each time
    max_wait: float = 300.0  # a longer Retry-After gives the URL up for this run
    trust_env: bool = True  # honour HTTP(S)_PROXY / NO_PROXY from the environment


class FetchFailed(Exception):
    """A URL that was not fetched, with a short reason code and a readable detail."""

    def __init__(self, url: str, reason: str, detail: str, status: Optional[int] = None):
        super().__init__(f"{url}: {reason}: {detail}")
        self.url, self.reason, self.detail, self.status = url, reason, detail, status

    @property
    def transient(self) -> bool:
        return self.reason in TRANSIENT_REASONS


@dataclass
class Exchange:
    """One HTTP request and the response to it, as the archive records it."""

    url: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]  # as received
    body: bytes  # decoded (Content-Encoding undone), at most max_bytes
    truncated: bool
    fetched_at: str  # ISO 8601 UTC


class Archive(Protocol):
    def write(self, exchange: Exchange) -> str:
        """Store the exchange; return where it went ("warc:/path#offset")."""


@dataclass
class Response:
    """A successful fetch: the final answer after redirects (200, or 304 to a conditional GET)."""

    url: str  # canonical address that answered
    status: int
    headers: httpx.Headers
    body: bytes
    fetched_at: str
    redirects: list[str] = field(default_factory=list)
    archived_at: Optional[str] = None

    @property
    def etag(self) -> Optional[str]:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> Optional[str]:
        return self.headers.get("last-modified")


@dataclass
class RobotsRules:
    """What an origin's robots.txt says to this crawler."""

    origin: str
    status: Optional[int]
    rules: Optional[Protego]  # None: no rules (robots.txt absent)
    error: Optional[str] = None  # set when the origin must not be crawled
    delay: float = 0.0

    def allows(self, url: str, token: str) -> bool:
        return self.error is None and (self.rules is None or self.rules.can_fetch(url, token))


@dataclass(frozen=True)
class RequestLog:
    """One request sent: for the crawl report (requests per host) and tests."""

    url: str
    host: str
    started: float  # the fetcher's clock
    status: Optional[int]  # None when no answer came


class Fetcher:
    """Fetches URLs politely; see the module docstring for the rules."""

    def __init__(self, policy: FetchPolicy = FetchPolicy(), *, archive: Optional[Archive] = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.policy, self.archive, self._clock, self._sleep = policy, archive, clock, sleep
        self._client = httpx.Client(
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout),
            follow_redirects=False, trust_env=policy.trust_env)
        self._next_at: dict[str, float] = {}
        self._delays: dict[str, float] = {}
        self._robots: dict[str, RobotsRules] = {}
        self.log: list[RequestLog] = []

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def ready_at(self, url: str) -> float:
        """When the host of `url` may next be asked (the fetcher's clock)."""
        return self._next_at.get(netloc_of(url), 0.0)

    def robots(self, url: str) -> RobotsRules:
        """The robots.txt rules for the origin of `url`, fetched on first use."""
        origin = origin_of(url)
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        return self._robots[origin]

    def check(self, url: str, hosts: Iterable[str]) -> None:
        """FetchFailed unless `url` may be fetched: http(s), on `hosts`, allowed by robots.txt."""
        if not on_hosts(url, hosts):
            raise FetchFailed(url, "off-host", f"{url} is not on the site's hosts ({', '.join(hosts)})")
        rules = self.robots(url)
        if rules.error:
            raise FetchFailed(url, "robots-unavailable", rules.error, rules.status)
        if not rules.allows(url, self.policy.robots_token):
            raise FetchFailed(url, "robots", "disallowed by robots.txt")

    def fetch(self, url: str, kind: str, hosts: Iterable[str], *, etag: Optional[str] = None,
              last_modified: Optional[str] = None) -> Response:
        """GET `url` (a page, feed or sitemap), following allowed redirects; FetchFailed otherwise."""
        hosts = tuple(hosts)
        conditional = {name: value for name, value in (("If-None-Match", etag),
                                                       ("If-Modified-Since", last_modified)) if value}
        current, redirects = canonical_url(url), []
        while True:
            self.check(current, hosts)
            exchange, archived_at = self._send(current, conditional)
            if exchange.status in REDIRECT_STATUSES:
                current = self._follow(current, exchange, redirects)
                continue
            return self._accept(current, kind, exchange, archived_at, conditional, redirects)

    def _follow(self, current: str, exchange: Exchange, redirects: list[str]) -> str:
        location = header(exchange.headers, "location")
        if not location:
            raise FetchFailed(current, "redirect", f"HTTP {exchange.status} without a Location", exchange.status)
        if len(redirects) >= self.policy.max_redirects:
            raise FetchFailed(current, "redirects", f"more than {self.policy.max_redirects} redirects",
                              exchange.status)
        try:
            target = canonical_url(location, current)
        except ValueError as err:
            raise FetchFailed(current, "redirect", f"redirect to an unusable address: {err}") from err
        if target == current or target in redirects:
            raise FetchFailed(current, "redirects", f"redirect loop back to {target}", exchange.status)
        redirects.append(current)
        return target

    def _accept(self, current: str, kind: str, exchange: Exchange,
                archived_at: Optional[str], conditional: dict[str, str], redirects: list[str]) -> Response:
        status = exchange.status
        if status == 304 and conditional:
            return self._response(current, exchange, archived_at, redirects)
        if status == 429 or status >= 500:
            retried = f" after {self.policy.retries} retries" if status in RETRY_STATUSES else ""
            reason = "http-429" if status == 429 else "http-5xx"
            raise FetchFailed(current, reason, f"HTTP {status} {exchange.reason}{retried}".strip(), status)
        if status != 200:
            raise FetchFailed(current, f"http-{status}", f"HTTP {status} {exchange.reason}".strip(), status)
        if exchange.truncated:
            raise FetchFailed(current, "oversize", f"body larger than {self.policy.max_bytes} bytes", status)
        mime = content_type(exchange.headers)
        if mime not in ACCEPTED_TYPES[kind]:
            raise FetchFailed(current, "content-type", f"{mime or 'no Content-Type'} is not a {kind} type",
                              status)
        return self._response(current, exchange, archived_at, redirects)

    def _response(self, current: str, exchange: Exchange, archived_at: Optional[str],
                  redirects: list[str]) -> Response:
        return Response(url=current, status=exchange.status,
                        headers=httpx.Headers(exchange.headers), body=exchange.body,
                        fetched_at=exchange.fetched_at, redirects=redirects, archived_at=archived_at)

    def _load_robots(self, origin: str) -> RobotsRules:
        url = origin + "/robots.txt"
        netloc = netloc_of(url)
        self._delays[netloc] = self.policy.min_delay
        for _hop in range(self.policy.max_redirects + 1):
            try:
                exchange, _ = self._send(url, {}, max_bytes=ROBOTS_MAX_BYTES)
            except FetchFailed as err:
                return RobotsRules(origin, err.status, None, error=f"robots.txt unreadable: {err.detail}")
            location = header(exchange.headers, "location")
            if exchange.status not in REDIRECT_STATUSES or not location:
                break
            try:
                url = canonical_url(location, url)
            except ValueError:
                break
        status = exchange.status
        if status in REDIRECT_STATUSES or status in RETRY_STATUSES or status >= 500:
            return RobotsRules(origin, status, None, error=f"robots.txt answered HTTP {status}")
        if status in (401, 403):
            return RobotsRules(origin, status, None, error=f"robots.txt is forbidden (HTTP {status})")
        if status != 200:
            return RobotsRules(origin, status, None)
        rules = Protego.parse(exchange.body.decode("utf-8", errors="replace"))
        delay = max(self.policy.min_delay, _robots_delay(rules, self.policy.robots_token))
        self._delays[netloc] = delay
        self._next_at[netloc] = max(self._next_at.get(netloc, 0.0), self._clock() + delay)
        return RobotsRules(origin, status, rules, delay=delay)

    def _send(self, url: str, extra_headers: dict[str, str], *,
              max_bytes: Optional[int] = None) -> tuple[Exchange, Optional[str]]:
        """GET one URL, retrying 429/5xx/timeouts: the last exchange, and where it was archived."""
        netloc = netloc_of(url)
        for attempt in range(self.policy.retries + 1):
            last_try = attempt == self.policy.retries
            self._wait_turn(netloc)
            started = self._clock()
            try:
                exchange = self._exchange(url, extra_headers, max_bytes or self.policy.max_bytes, started)
            except (httpx.TimeoutException, _Deadline) as err:
                self._after(netloc, url, started, None, self._backoff(attempt))
                if last_try:
                    raise FetchFailed(url, "timeout", f"no complete answer in time ({type(err).__name__})") from err
                continue
            except httpx.TransportError as err:
                self._after(netloc, url, started, None, self._backoff(attempt))
                if last_try:
                    raise FetchFailed(url, "network", f"{type(err).__name__}: {err}") from err
                continue
            except zlib.error as err:
                self._after(netloc, url, started, None, 0.0)
                raise FetchFailed(url, "bad-encoding", f"body does not decompress: {err}") from err
            archived_at = self.archive.write(exchange) if self.archive else None
            wait = 0.0
            if exchange.status in RETRY_STATUSES and not last_try:
                wait = max(self._backoff(attempt), retry_after(exchange.headers) or 0.0)
                if wait > self.policy.max_wait:
                    self._after(netloc, url, started, exchange.status, 0.0)
                    raise FetchFailed(url, "retry-after", f"server asks to wait {wait:.0f} s "
                                      f"(more than {self.policy.max_wait:.0f} s)", exchange.status)
            self._after(netloc, url, started, exchange.status, wait)
            if not wait:
                return exchange, archived_at
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _exchange(self, url: str, extra_headers: dict[str, str], max_bytes: int, started: float) -> Exchange:
        deadline = started + self.policy.total_timeout
        with self._client.stream("GET", url, headers=extra_headers) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                body, truncated = b"", True
            else:
                chunks = self._until(deadline, response.iter_raw())
                body, truncated = decode_capped(chunks, response.headers.get("content-encoding", ""), max_bytes)
            return Exchange(url=url, request_headers=response.request.headers.multi_items(),
                            status=response.status_code, reason=response.reason_phrase,
                            http_version=response.http_version, headers=response.headers.multi_items(),
                            body=body, truncated=truncated,
                            fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))

    def _until(self, deadline: float, chunks: Iterator[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            if self._clock() > deadline:
                raise _Deadline(f"response took longer than {self.policy.total_timeout} s")
            yield chunk

    def _backoff(self, attempt: int) -> float:
        return self.policy.backoff * 2 ** attempt

    def _wait_turn(self, netloc: str) -> None:
        pause = self._next_at.get(netloc, 0.0) - self._clock()
        if pause > 0:
            self._sleep(pause)

    def _after(self, netloc: str, url: str, started: float, status: Optional[int], wait: float) -> None:
        self.log.append(RequestLog(url=url, host=netloc, started=started, status=status))
        delay = self._delays.get(netloc, self.policy.min_delay)
        self._next_at[netloc] = self._clock() + max(delay, wait)


class _Deadline(Exception):
    """A response that did not finish within the total timeout."""


def header(headers: Iterable[tuple[str, str]], name: str) -> str:
    """The first value of header `name` ("" when absent)."""
    return next((value for key, value in headers if key.lower() == name), "")


def content_type(headers: Iterable[tuple[str, str]]) -> str:
    """The media type of a response, lower case, without parameters ("" when absent)."""
    return header(headers, "content-type").split(";", 1)[0].strip().lower()


def retry_after(headers: Iterable[tuple[str, str]]) -> Optional[float]:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None."""
    value = header(headers, "retry-after").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    when = as_utc(value)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds()) if when else None


def decode_capped(chunks: Iterable[bytes], encoding: str, max_bytes: int) -> tuple[bytes, bool]:
    """Undo Content-Encoding in bounded steps: the body up to `max_bytes`, and whether there was more.

    Raises zlib.error for a corrupt stream, and for an encoding other than gzip/deflate
    (this client never advertises any other).
    """
    name = encoding.strip().lower()
    if name in ("", "identity"):
        inflater = None
    elif name in ("gzip", "x-gzip", "deflate"):
        inflater = zlib.decompressobj(32 + zlib.MAX_WBITS)  # accepts gzip and zlib headers
    else:
        raise zlib.error(f"unsupported Content-Encoding {encoding!r}")
    body = bytearray()
    for chunk in chunks:
        if inflater is None:
            body += chunk
        else:
            body += inflater.decompress(chunk, max_bytes - len(body) + 1)
            if inflater.unconsumed_tail:
                return bytes(body[:max_bytes]), True
        if len(body) > max_bytes:
            return bytes(body[:max_bytes]), True
    if inflater is not None:
        body += inflater.flush()
    return bytes(body[:max_bytes]), len(body) > max_bytes


def _robots_delay(rules: Protego, token: str) -> float:
    """Seconds between requests that robots.txt asks for: Crawl-delay or Request-rate, the longer."""
    delay = float(rules.crawl_delay(token) or 0.0)
    rate = rules.request_rate(token)
    if rate and rate.requests:
        delay = max(delay, rate.seconds / rate.requests)
    return delay
