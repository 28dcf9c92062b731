"""Raw pages kept as WARC, and WARC archives read back through the same page parser.

Writing: every HTTP exchange the fetcher makes (robots.txt, feeds, sitemaps, pages,
redirects, retried errors) becomes a `response` record followed by its `request`
record, one gzip member each, in one `.warc.gz` file per crawl run. The fetcher has
already undone Content-Encoding, so the stored payload is the decoded body: the
Content-Encoding and Transfer-Encoding headers are left out and Content-Length is
the stored length. A body cut at the size cap carries `WARC-Truncated: length`.

Reading (`iter_warc_pages`): records are streamed one at a time, never the whole
archive; only `response` records for an HTML 200 on the wanted hosts have their
payload read and parsed. A record that fails is reported through `on_error` and
skipped; if the archive itself is damaged, reading resumes at the next record
boundary found after the damage.
"""
from __future__ import annotations

import itertools
import logging
import os
import zlib
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from typing import BinaryIO, Callable, Iterator, Optional
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractor.collect.fetch import Exchange
from extractor.collect.page import ParsedPage, parse_page
from extractor.collect.urls import matches_domains

MAX_PAGE_BYTES = 5_000_000  # a larger archived page is reported and skipped
PAGE_TYPES = ("text/html", "application/xhtml+xml")
HOP_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
GZIP_MEMBER = b"\x1f\x8b\x08"
WARC_RECORD = b"WARC/1."
SOFTWARE = "crypto-signal-extractor collector"

log = logging.getLogger(__name__)


class WarcWriter:
    """Appends exchanges to a new `.warc.gz` in `directory`; `write` returns "warc:PATH#OFFSET"."""

    def __init__(self, directory: str | Path, *, prefix: str = "crawl"):
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        for serial in itertools.count():  # never overwrite, even two writers in one second
            self.path = folder / f"{prefix}-{stamp}-{os.getpid()}-{serial}.warc.gz"
            try:
                self._file: BinaryIO = open(self.path, "xb")
                break
            except FileExistsError:
                continue
        self._writer = WARCWriter(self._file, gzip=True)
        self._writer.write_record(self._writer.create_warcinfo_record(
            self.path.name, {"software": SOFTWARE, "format": "WARC File Format 1.1", "robots": "obey"}))

    def write(self, exchange: Exchange) -> str:
        offset = self._file.tell()
        date = _warc_date(exchange.fetched_at)
        headers = [(k, v) for k, v in exchange.headers if k.lower() not in HOP_HEADERS]
        headers.append(("Content-Length", str(len(exchange.body))))
        response_headers = {"WARC-Date": date}
        if exchange.truncated:
            response_headers["WARC-Truncated"] = "length"
        response = self._writer.create_warc_record(
            exchange.url, "response", payload=BytesIO(exchange.body), warc_headers_dict=response_headers,
            http_headers=StatusAndHeaders(f"{exchange.status} {exchange.reason}".strip(), headers,
                                          protocol=_protocol(exchange.http_version)))
        parts = urlsplit(exchange.url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        request = self._writer.create_warc_record(
            exchange.url, "request", payload=BytesIO(b""),
            warc_headers_dict={"WARC-Date": date,
                               "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
            http_headers=StatusAndHeaders(f"GET {target} {_protocol(exchange.http_version)}",
                                          exchange.request_headers, is_http_request=True))
        self._writer.write_record(response)
        self._writer.write_record(request)
        self._file.flush()
        return f"warc:{self.path}#{offset}"

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "WarcWriter":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def iter_warc_pages(path: str | Path, hosts: Optional[set[str]] = None,
                    on_error: Optional[Callable[[str], None]] = None) -> Iterator[tuple[str, ParsedPage]]:
    """(url, page) for each archived HTML page on `hosts` (domains, subdomains included), streaming."""
    report = on_error or log.warning
    for url, body in iter_warc_html(path, hosts, report):
        try:
            page = parse_page(body, url)
        except Exception as err:  # one unparseable page never stops the archive
            report(f"{path}: {url}: page does not parse: {type(err).__name__}: {err}")
            continue
        yield url, page


def iter_warc_html(path: str | Path, hosts: Optional[set[str]],
                   report: Callable[[str], None]) -> Iterator[tuple[str, bytes]]:
    """(url, body) of each HTML 200 response record on `hosts`; bad records reported and skipped."""
    with open(path, "rb") as fh:
        for record in _records(fh, str(path), report):
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            if record.rec_type != "response" or not url.startswith(("http://", "https://")):
                continue
            if hosts and not matches_domains(url, hosts):
                continue
            try:
                body = _html_body(record)
            except (ValueError, OSError, zlib.error, EOFError) as err:
                report(f"{path}: {url}: broken record skipped: {type(err).__name__}: {err}")
                continue
            if body is not None:
                yield url, body


def _html_body(record) -> Optional[bytes]:
    """The decoded payload of an HTML 200 response, None for any other response; ValueError if too big."""
    http = record.http_headers
    if http is None or http.get_statuscode() != "200":
        return None
    mime = (http.get_header("Content-Type") or "").split(";", 1)[0].strip().lower()
    if mime not in PAGE_TYPES:
        return None
    body = record.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(body) > MAX_PAGE_BYTES:
        raise ValueError(f"page larger than {MAX_PAGE_BYTES} bytes")
    return body


def _records(fh: BinaryIO, name: str, report: Callable[[str], None]) -> Iterator:
    """Every record of an archive; a damaged one is reported and reading goes on after it."""
    marker = GZIP_MEMBER if fh.read(2) == GZIP_MEMBER[:2] else WARC_RECORD
    size = os.fstat(fh.fileno()).st_size
    start = 0
    while True:
        fh.seek(start)
        iterator = ArchiveIterator(fh)
        end = start  # where the last good record ends: where a damaged one starts
        try:
            for record in iterator:
                yield record
                end = start + iterator.get_record_offset() + iterator.get_record_length()
        except (ArchiveLoadFailed, ValueError, OSError, zlib.error, EOFError) as err:
            resume = _next_boundary(fh, end + 1, marker)
            report(f"{name}: damaged record at byte {end} skipped ({type(err).__name__}: {_short(str(err))})"
                   + ("" if resume is not None else "; nothing readable after it"))
            if resume is None:
                return
            start = resume
            continue
        if size - end > 4:  # more than the blank lines that may close a plain WARC
            report(f"{name}: {size - end} bytes after byte {end} are not a complete record "
                   "(truncated archive?); skipped")
        return


def _next_boundary(fh: BinaryIO, position: int, marker: bytes, block: int = 1 << 20) -> Optional[int]:
    """The offset of the next `marker` at or after `position`, or None."""
    fh.seek(position)
    carry = b""
    while True:
        chunk = fh.read(block)
        if not chunk:
            return None
        window = carry + chunk
        found = window.find(marker)
        if found >= 0:
            return position - len(carry) + found
        position += len(chunk)
        carry = window[-(len(marker) - 1):]


def _short(message: str, limit: int = 80) -> str:
    """An error message fit for a report line (warcio quotes whole binary lines)."""
    return message if len(message) <= limit else repr(message[:limit]) + "..."


def _warc_date(iso: str) -> str:
    moment = datetime.fromisoformat(iso).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _protocol(http_version: str) -> str:
    return http_version if http_version.startswith("HTTP/") else "HTTP/1.1"
