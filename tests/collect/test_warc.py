"""WARC: what the crawler writes is read back through the same page parser; damage is skipped."""
from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import extractor.collect.warc as warc_module
from extractor.collect.fetch import Exchange
from extractor.collect.page import parse_page
from extractor.collect.warc import WarcWriter, iter_warc_pages

GOLDEN = Path(__file__).resolve().parents[2] / "corpus" / "html"
COINDESK = (GOLDEN / "coindesk.html").read_bytes()
DECRYPT = (GOLDEN / "decrypt.html").read_bytes()
HTML = [("Content-Type", "text/html; charset=utf-8")]


def _exchange(url: str, body: bytes = COINDESK, *, status: int = 200, headers=HTML, truncated=False) -> Exchange:
    return Exchange(url=url, request_headers=[("User-Agent", "test")], status=status, reason="OK",
                    http_version="HTTP/1.1", headers=list(headers), body=body, truncated=truncated,
                    fetched_at="2026-10-12T14:05:00+00:00")


def _archive(tmp_path: Path, exchanges: list[Exchange]) -> tuple[Path, list[str]]:
    with WarcWriter(tmp_path) as writer:
        locations = [writer.write(exchange) for exchange in exchanges]
    return writer.path, locations


def _read(path: Path, hosts=None) -> tuple[list[str], list[str]]:
    errors: list[str] = []
    urls = [url for url, _page in iter_warc_pages(path, hosts, errors.append)]
    return urls, errors


def test_written_pages_read_back_as_the_live_parser_sees_them(tmp_path):
    url = "https://www.coindesk.com/markets/2026/03/10/x"
    path, _ = _archive(tmp_path, [_exchange(url, headers=HTML + [("Content-Encoding", "gzip")])])
    [(read_url, page)] = list(iter_warc_pages(path))
    assert read_url == url and page == parse_page(COINDESK, url)


def test_location_points_at_the_response_record(tmp_path):
    urls = [f"https://decrypt.co/{n}" for n in range(3)]
    path, locations = _archive(tmp_path, [_exchange(u, DECRYPT) for u in urls])
    for url, location in zip(urls, locations):
        file, offset = location.removeprefix("warc:").rsplit("#", 1)
        with open(file, "rb") as fh:
            fh.seek(int(offset))
            record = next(iter(ArchiveIterator(fh)))
            assert (record.rec_type, record.rec_headers.get_header("WARC-Target-URI")) == ("response", url)
            assert record.http_headers.get_header("Content-Encoding") is None


def test_each_response_has_its_request_and_truncation_is_marked(tmp_path):
    path, _ = _archive(tmp_path, [_exchange("https://decrypt.co/big", b"<html>", truncated=True)])
    with open(path, "rb") as fh:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Truncated")) for r in ArchiveIterator(fh)]
    assert records == [("warcinfo", None), ("response", "length"), ("request", None)]


def test_only_html_200_on_the_wanted_hosts_is_parsed(tmp_path, monkeypatch):
    parsed: list[str] = []
    monkeypatch.setattr(warc_module, "parse_page", lambda body, url: parsed.append(url) or parse_page(body, url))
    path, _ = _archive(tmp_path, [
        _exchange("https://www.coindesk.com/a"),
        _exchange("https://es.cointelegraph.com/b"),
        _exchange("https://www.coindesk.com/robots.txt", b"User-agent: *", headers=[("Content-Type", "text/plain")]),
        _exchange("https://www.coindesk.com/moved", b"", status=301),
        _exchange("https://other.example/c"),
    ])
    urls, errors = _read(path, {"coindesk.com", "cointelegraph.com"})
    assert urls == parsed == ["https://www.coindesk.com/a", "https://es.cointelegraph.com/b"] and errors == []


def _damage(path: Path, at: int) -> Path:
    data = bytearray(path.read_bytes())
    data[at + 30:at + 60] = b"\0" * 30
    damaged = path.with_name("damaged.warc.gz")
    damaged.write_bytes(bytes(data))
    return damaged


def test_a_damaged_record_is_reported_and_skipped(tmp_path):
    urls = [f"https://decrypt.co/{n}" for n in range(4)]
    path, locations = _archive(tmp_path, [_exchange(u, DECRYPT) for u in urls])
    damaged = _damage(path, int(locations[1].rsplit("#", 1)[1]))
    read, errors = _read(damaged)
    assert read == [urls[0], urls[2], urls[3]]
    assert len(errors) == 1 and "damaged.warc.gz: damaged record at byte" in errors[0]


def test_a_truncated_archive_is_reported(tmp_path):
    urls = [f"https://decrypt.co/{n}" for n in range(3)]
    path, locations = _archive(tmp_path, [_exchange(u, DECRYPT) for u in urls])
    cut = path.with_name("cut.warc.gz")
    cut.write_bytes(path.read_bytes()[: int(locations[2].rsplit("#", 1)[1]) + 200])
    read, errors = _read(cut)
    assert read == urls[:2] and len(errors) == 1 and "truncated archive" in errors[0]


def _plain_warc(urls: list[str]) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for url in urls:
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(DECRYPT),
            http_headers=StatusAndHeaders("200 OK", HTML + [("Content-Length", str(len(DECRYPT)))],
                                          protocol="HTTP/1.1")))
    return out.getvalue()


def test_uncompressed_warc_with_a_broken_header_in_the_middle(tmp_path):
    urls = [f"https://decrypt.co/{n}" for n in range(3)]
    data = _plain_warc(urls)
    second = data.index(b"WARC/1.", 10)
    path = tmp_path / "plain.warc"
    path.write_bytes(data[:second] + b"GARBAGE" + data[second + 7:])
    read, errors = _read(path)
    assert read == [urls[0], urls[2]] and len(errors) == 1


@pytest.mark.parametrize("content", [b"", b"not a warc at all\n" * 10])
def test_something_that_is_not_an_archive_is_reported(tmp_path, content):
    path = tmp_path / "x.warc"
    path.write_bytes(content)
    read, errors = _read(path)
    assert read == [] and len(errors) == (1 if content else 0)


def test_reading_streams_instead_of_loading_the_archive(tmp_path):
    filler = b"<html><body>" + b"<p>%d filler paragraph of an archived page</p>" * 20_000 + b"</body></html>"
    exchanges = [_exchange(f"https://other.example/{n}", filler % tuple([n] * 20_000)) for n in range(30)]
    path, _ = _archive(tmp_path, exchanges + [_exchange("https://decrypt.co/last", DECRYPT)])
    uncompressed = sum(len(e.body) for e in exchanges)
    tracemalloc.start()
    urls, _ = _read(path, {"decrypt.co"})
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert urls == ["https://decrypt.co/last"] and peak < uncompressed / 10, (peak, uncompressed)
