"""Articles from files, folders and standard input: what `extractor extract` reads.

Supported inputs: `.txt` (one article, id = file name without suffix), `.jsonl` (one
article per line, as `make_input.py` writes), `.html`/`.htm` pages, `.warc`/`.warc.gz`
archives, folders of these (recursively, in name order) and `-` for standard input.

Everything streams: JSON Lines are read line by line and archives record by record, so
a large input never sits in memory whole. Bad input never stops the stream: a line that
cannot be an article is passed to `on_error` as `file:line: reason` and skipped. Invalid
UTF-8 is decoded with U+FFFD replacements; the article is kept and carries a warning in
`extra["decode_warning"]` (also passed to `on_warning`).
"""
from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator, Optional

from .records import Article

Report = Callable[[str], None]

STDIN = "-"
STDIN_ID = "stdin"
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)
HTML_SUFFIXES = (".html", ".htm")
WARC_SUFFIXES = (".warc", ".warc.gz")
SUPPORTED = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES + WARC_SUFFIXES
META_KEYS = ("title", "url", "source", "published")  # optional string fields of a JSONL line


class BadLine(ValueError):
    """A JSON Lines record that cannot become an article; the message is the reason."""


def iter_articles(paths: Iterable[str], on_error: Report, on_warning: Optional[Report] = None, *,
                  stdin: Optional[BinaryIO] = None, hosts: Optional[set[str]] = None) -> Iterator[Article]:
    """Articles from every path in order; problems go to `on_error` and reading goes on.

    `stdin` is the byte stream `-` reads (default: the process's standard input);
    `hosts` limits WARC archives to pages on these domains (subdomains included).
    """
    warn = on_warning or (lambda _message: None)
    for name in paths:
        if name == STDIN:
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, on_error, warn)
            continue
        path = Path(name)
        if path.is_dir():
            files: Iterable[Path] = input_files(path)
            if not files:
                warn(f"{name}: no {', '.join(SUPPORTED)} files in this folder")
        elif path.is_file():
            files = [path]
        else:
            on_error(f"{name}: no such file or folder")
            continue
        for file in files:
            try:
                yield from read_file(file, on_error, warn, hosts)
            except OSError as exc:
                on_error(f"{file}: cannot read ({exc.strerror or exc})")


def input_kind(path: Path) -> Optional[str]:
    """The suffix that decides how a file is read ('.warc.gz', '.jsonl', ...), None if unsupported."""
    name = path.name.lower()
    return next((suffix for suffix in SUPPORTED if name.endswith(suffix)), None)


def input_files(folder: Path) -> list[Path]:
    """Readable files under a folder, recursively, sorted by path; other files are ignored."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and input_kind(p) is not None)


def read_file(path: Path, on_error: Report, on_warning: Report,
              hosts: Optional[set[str]] = None) -> Iterator[Article]:
    """The articles of one file, chosen by its suffix."""
    kind = input_kind(path)
    if kind in TEXT_SUFFIXES:
        yield _text_article(path.read_bytes(), path.stem, str(path), on_warning, location=str(path.resolve()))
    elif kind in JSONL_SUFFIXES:
        with path.open("rb") as lines:
            yield from _read_jsonl(lines, str(path), on_error, on_warning, location=str(path.resolve()))
    elif kind in HTML_SUFFIXES:
        yield from _read_html(path, on_error)
    elif kind in WARC_SUFFIXES:
        yield from _read_warc(path, on_error, hosts)
    else:
        on_error(f"{path}: unsupported file type (expected one of {', '.join(SUPPORTED)})")


def _decode(data: bytes, where: str) -> tuple[str, Optional[str]]:
    """Text and, when bytes were not valid UTF-8, a warning naming `where`."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        warning = f"{where}: invalid UTF-8 at byte {exc.start}, replaced by U+FFFD"
        return data.decode("utf-8", errors="replace"), warning


def _with_warning(article: Article, warning: Optional[str], on_warning: Report) -> Article:
    if warning:
        article.extra["decode_warning"] = warning
        on_warning(warning)
    return article


def _text_article(data: bytes, article_id: str, where: str, on_warning: Report, *,
                  location: Optional[str]) -> Article:
    text, warning = _decode(data, where)
    article = Article(id=article_id, text=text.removeprefix("\ufeff"))
    if location:
        article.extra["raw_location"] = location
    return _with_warning(article, warning, on_warning)


def _read_jsonl(lines: Iterable[bytes], where: str, on_error: Report, on_warning: Report, *,
                location: Optional[str] = None) -> Iterator[Article]:
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        line_where = f"{where}:{number}"
        text, warning = _decode(raw, line_where)
        try:
            article = article_from_json(text.removeprefix("\ufeff"), line_where)
        except BadLine as exc:
            on_error(f"{line_where}: {exc}")
            continue
        if location:
            article.extra.setdefault("raw_location", f"{location}:{number}")
        yield _with_warning(article, warning, on_warning)


def article_from_json(line: str, default_id: str) -> Article:
    """One JSON Lines record as an article; raises `BadLine` saying what is wrong with it."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(data, dict):
        raise BadLine(f"not a JSON object (got {type(data).__name__})")
    text = data.pop("text", None)
    if not isinstance(text, str):
        raise BadLine('no "text" field' if text is None else f'"text" is a {type(text).__name__}, not a string')
    article_id = data.pop("id", None)
    if isinstance(article_id, (dict, list, bool)):
        raise BadLine(f'"id" is a {type(article_id).__name__}, not a string or number')
    meta = {key: _optional_text(data.pop(key, None)) for key in META_KEYS}
    authors = _authors(data.pop("authors", None))
    return Article(id=default_id if article_id is None else str(article_id), text=text,
                   authors=authors, extra=data, **meta)


def _optional_text(value: Any) -> Optional[str]:
    return None if value is None else str(value)


def _authors(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(name) for name in value if name]
    raise BadLine(f'"authors" is a {type(value).__name__}, not a list of names')


def _read_stdin(stream: BinaryIO, on_error: Report, on_warning: Report) -> Iterator[Article]:
    """JSON Lines when the first non-blank character is `{`, else the whole input is one article."""
    lines = iter(stream.readline, b"")
    leading = []
    for raw in lines:
        leading.append(raw)
        if raw.strip():
            break
    head = b"".join(leading).lstrip().removeprefix(b"\xef\xbb\xbf")
    if head.startswith(b"{"):
        yield from _read_jsonl(itertools.chain(leading, lines), STDIN_ID, on_error, on_warning)
    else:  # plain text; empty input is an empty article, not an error
        data = b"".join(leading) + stream.read()
        yield _text_article(data, STDIN_ID, STDIN_ID, on_warning, location=None)


def _read_html(path: Path, on_error: Report) -> Iterator[Article]:
    from .collect.page import parse_page

    try:
        page = parse_page(path.read_bytes())
    except Exception as exc:  # noqa: BLE001 - a parser failure on one page must not stop the batch
        on_error(f"{path}: cannot parse HTML ({exc})")
        return
    article = page.to_article(path.stem)
    article.extra["raw_location"] = str(path.resolve())
    yield article


def _read_warc(path: Path, on_error: Report, hosts: Optional[set[str]]) -> Iterator[Article]:
    """Archived HTML pages (on `hosts` when given), parsed as the crawler parses live pages."""
    from .collect.warc import iter_warc_pages

    for _url, page in iter_warc_pages(path, hosts, on_error):
        article = page.to_article()  # id: the page's canonical URL
        article.extra["raw_location"] = f"warc:{path.resolve()}"
        yield article
