"""Reading articles from .txt, .jsonl, .html, .warc(.gz), folders and standard input."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractor.inputs import iter_articles

PAGE = """<html lang="en"><head><title>Ether slips | Example News</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ether slips below $3,000",
 "datePublished": "2025-02-03T08:00:00Z", "author": {"@type": "Person", "name": "Dana Reyes"}}</script>
</head><body><article><p>Ether fell 4% to $2,950 on Monday as traders cut risk ahead of the
US jobs report, while bitcoin held near $97,000 and funding rates cooled across major venues.</p>
<p>Analysts said the $2,900 level is the next support to watch if selling continues into the week,
with options desks reporting heavy put buying for the Friday expiry.</p></article></body></html>"""


class Collected:
    """Articles, errors and warnings of one read."""

    def __init__(self, paths: list[str], stdin: bytes = b"", hosts: set[str] | None = None):
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.articles = list(iter_articles(paths, self.errors.append, self.warnings.append,
                                           stdin=io.BytesIO(stdin), hosts=hosts))

    @property
    def ids(self) -> list[str]:
        return [article.id for article in self.articles]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def test_txt_file_is_one_article_named_by_its_stem(tmp_path: Path) -> None:
    path = write(tmp_path / "btc-open.txt", "Bitcoin opened at $97,100.\n")
    got = Collected([str(path)])
    assert [(a.id, a.text) for a in got.articles] == [("btc-open", "Bitcoin opened at $97,100.\n")]
    assert got.articles[0].extra["raw_location"] == str(path.resolve())
    assert got.errors == got.warnings == []


def test_jsonl_fields_metadata_and_extra_keys(tmp_path: Path) -> None:
    path = write(tmp_path / "in.jsonl", jsonl(
        {"id": "a-1", "text": "SOL rose 5%.", "title": "Solana rallies", "url": "https://x.test/a",
         "source": "x", "published": "2025-01-02", "authors": ["Ann Lee", "Bo Kim"], "section": "markets"},
        {"id": 7, "text": "XRP fell.", "authors": "Cy Dee"}))
    first, second = Collected([str(path)]).articles
    assert (first.id, first.text, first.title, first.url, first.source, first.published, first.authors) == (
        "a-1", "SOL rose 5%.", "Solana rallies", "https://x.test/a", "x", "2025-01-02", ["Ann Lee", "Bo Kim"])
    assert first.extra == {"section": "markets", "raw_location": f"{path.resolve()}:1"}
    assert (second.id, second.authors) == ("7", ["Cy Dee"])


def test_jsonl_line_without_id_is_named_by_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "in.jsonl", "\n" + jsonl({"text": "DOGE doubled."}))
    assert Collected([str(path)]).ids == [f"{path}:2"]


@pytest.mark.parametrize("bad_line, reason", [
    ("{not json", "not JSON"),
    ('["text"]', "not a JSON object (got list)"),
    ('"just a string"', "not a JSON object (got str)"),
    ('{"id": "x", "title": "no body"}', 'no "text" field'),
    ('{"id": "x", "text": 42}', '"text" is a int, not a string'),
    ('{"id": {"a": 1}, "text": "t"}', '"id" is a dict'),
    ('{"text": "t", "authors": 3}', '"authors" is a int'),
], ids=["not-json", "array", "string", "no-text", "text-not-string", "id-object", "authors-number"])
def test_malformed_jsonl_line_is_reported_and_the_rest_read(tmp_path: Path, bad_line: str, reason: str) -> None:
    path = write(tmp_path / "in.jsonl", jsonl({"id": "before", "text": "a"}) + bad_line + "\n"
                 + jsonl({"id": "after", "text": "b"}))
    got = Collected([str(path)])
    assert got.ids == ["before", "after"]
    assert len(got.errors) == 1
    assert got.errors[0].startswith(f"{path}:2: ")
    assert reason in got.errors[0]


@pytest.mark.parametrize("name, content, where", [
    ("bad.txt", b"Bitcoin \xff rose.", "bad.txt"),
    ("bad.jsonl", b'{"id": "ok", "text": "fine"}\n{"id": "b", "text": "caf\xe9"}\n', "bad.jsonl:2"),
], ids=["txt", "jsonl-line"])
def test_invalid_utf8_is_replaced_with_a_warning_naming_the_article(tmp_path: Path, name: str,
                                                                    content: bytes, where: str) -> None:
    got = Collected([str(write(tmp_path / name, content))])
    damaged = got.articles[-1]
    assert "\ufffd" in damaged.text
    assert got.errors == []
    assert len(got.warnings) == 1 and got.warnings[0].startswith(f"{tmp_path / where}: invalid UTF-8")
    assert damaged.extra["decode_warning"] == got.warnings[0]


def test_html_file_is_parsed_as_a_page(tmp_path: Path) -> None:
    path = write(tmp_path / "ether-slips.html", PAGE)
    got = Collected([str(path)])
    assert got.errors == []
    (article,) = got.articles
    assert (article.id, article.title, article.authors) == ("ether-slips", "Ether slips below $3,000", ["Dana Reyes"])
    assert article.published.startswith("2025-02-03")
    assert "Ether fell 4% to $2,950" in article.text


def warc_response(writer: WARCWriter, url: str, html: str, content_type: str = "text/html") -> None:
    body = html.encode("utf-8")
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                               protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))


@pytest.mark.parametrize("name, gzip", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_warc_pages_become_articles_named_by_url(tmp_path: Path, name: str, gzip: bool) -> None:
    path = tmp_path / name
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        warc_response(writer, "https://news.example.com/ether-slips", PAGE)
        warc_response(writer, "https://other.example.org/story", PAGE)
        warc_response(writer, "https://news.example.com/logo.png", "x", content_type="image/png")
    everything = Collected([str(path)])
    assert everything.errors == []
    assert everything.ids == ["https://news.example.com/ether-slips", "https://other.example.org/story"]
    assert everything.articles[0].extra["raw_location"] == f"warc:{path.resolve()}"
    assert "Ether fell 4%" in everything.articles[0].text
    assert Collected([str(path)], hosts={"example.com"}).ids == ["https://news.example.com/ether-slips"]


def test_folder_is_read_recursively_in_name_order_skipping_other_files(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "second")
    write(tmp_path / "a" / "z.jsonl", jsonl({"id": "first", "text": "x"}))
    write(tmp_path / "c" / "page.HTML", PAGE)
    write(tmp_path / "notes.md", "not an article")
    got = Collected([str(tmp_path)])
    assert got.ids == ["first", "b", "page"]
    assert got.errors == []


def test_empty_folder_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path / "notes.md", "nothing to read")
    got = Collected([str(tmp_path)])
    assert got.articles == [] and got.errors == []
    assert got.warnings == [f"{tmp_path}: no .txt, .jsonl, .html, .htm, .warc, .warc.gz files in this folder"]


@pytest.mark.parametrize("stdin, expected", [
    (b'\n  {"id": "s1", "text": "BTC"}\n{"text": "ETH"}\n', [("s1", "BTC"), ("stdin:3", "ETH")]),
    (b"Bitcoin rose 2%.\n\n{not a record}\n", [("stdin", "Bitcoin rose 2%.\n\n{not a record}\n")]),
    (b"  \n", [("stdin", "  \n")]),
    (b"", [("stdin", "")]),
], ids=["jsonl", "plain-text", "whitespace", "empty"])
def test_stdin_is_jsonl_when_it_starts_with_a_brace_else_one_article(stdin: bytes, expected: list) -> None:
    got = Collected(["-"], stdin=stdin)
    assert [(a.id, a.text) for a in got.articles] == expected
    assert got.errors == []


def test_stdin_jsonl_errors_name_stdin_and_line() -> None:
    got = Collected(["-"], stdin=b'{"text": "a"}\nnope\n')
    assert got.errors == ["stdin:2: not JSON (Expecting value at column 1)"]


@pytest.mark.parametrize("name, exists, reason", [
    ("missing.txt", False, "no such file or folder"),
    ("data.csv", True, "unsupported file type (expected one of .txt, .jsonl, .html, .htm, .warc, .warc.gz)"),
], ids=["missing", "unsupported"])
def test_unreadable_path_is_reported_and_the_next_read(tmp_path: Path, name: str, exists: bool,
                                                       reason: str) -> None:
    if exists:
        write(tmp_path / name, "a,b\n")
    good = write(tmp_path / "good.txt", "ok")
    got = Collected([str(tmp_path / name), str(good)])
    assert got.ids == ["good"]
    assert got.errors == [f"{tmp_path / name}: {reason}"]


def test_jsonl_is_read_lazily_line_by_line(tmp_path: Path) -> None:
    """The first article arrives before a bad line further down is even looked at."""
    path = write(tmp_path / "in.jsonl", jsonl({"id": "one", "text": "x"}) + "bad\n")
    errors: list[str] = []
    articles = iter_articles([str(path)], errors.append)
    assert next(articles).id == "one" and errors == []
    assert list(articles) == [] and errors == [f"{path}:2: not JSON (Expecting value at column 1)"]
