"""The importable API: `extract(article)` and `extract_many(articles)` return `ArticleRecord`s.

Long articles are cut on paragraph boundaries into chunks well inside spaCy's `max_length`,
processed one after another and merged, so a 5 MB page neither fails nor fills memory.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Union

from spacy.language import Language
from spacy.tokens import Doc

from . import __version__
from .records import Article, ArticleRecord, Asset, Mention
from .resources import MODELS_DIR, PIPELINE_DIR

CHUNK_CHARS = 100_000  # far below spaCy's 1,000,000 max_length; a typical article is one chunk

ArticleLike = Union[Article, str]


class Extractor:
    """A loaded pipeline and the methods that turn text into records."""

    def __init__(self, nlp: Language):
        self.nlp = nlp

    @classmethod
    def from_disk(cls, path: Path | str = PIPELINE_DIR) -> "Extractor":
        from .pipeline import load_pipeline

        return cls(load_pipeline(path))

    def extract(self, article: ArticleLike) -> ArticleRecord:
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[ArticleLike], *, batch_size: int = 16) -> Iterator[ArticleRecord]:
        """Records in input order, streamed. An article whose extraction fails gets a record with
        `errors` set and the batch goes on. (`batch_size` is kept for API stability: the rule
        components work per document and the statistical ones batch sentences internally.)"""
        for index, item in enumerate(articles):
            article = _as_article(item, index)
            record = ArticleRecord(article=article)
            for offset, text in _chunks(article):
                try:
                    doc = self.nlp(text)
                except Exception as error:  # one bad article never stops a batch
                    record.errors.append(f"{article.id}: extraction failed at character {offset}: "
                                         f"{type(error).__name__}: {error}")
                    continue
                _merge(record, doc, offset)
            yield record


def _as_article(item: ArticleLike, index: int) -> Article:
    if isinstance(item, Article):
        return item
    return Article(id=str(index), text=str(item))


def _chunks(article: Article) -> list[tuple[int, str]]:
    """(offset, text) pieces cut after a line break; an empty article is one empty chunk."""
    text = article.text or ""
    if not text.strip():
        return [(0, "")]
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = text.rfind("\n", start + CHUNK_CHARS // 2, end)
            end = cut + 1 if cut != -1 else end
        out.append((start, text[start:end]))
        start = end
    return out


def _merge(record: ArticleRecord, doc: Doc, offset: int) -> None:
    """Add one chunk's results to the record, shifting character offsets by the chunk's start."""
    if not len(doc):
        return
    by_symbol = {a.symbol: a for a in record.assets}
    from .pipeline.assets import load_gazetteer

    names = load_gazetteer().names
    for m in doc._.asset_mentions or []:
        asset = by_symbol.get(m.symbol)
        if asset is None:
            asset = by_symbol[m.symbol] = Asset(symbol=m.symbol, name=names.get(m.symbol))
            record.assets.append(asset)
        asset.mentions.append(Mention(m.text, m.start + offset, m.end + offset))
    for name in ("prices", "percentages", "liquidations"):
        items = getattr(doc._, name) or []
        getattr(record, name).extend(_shifted(item, offset) for item in items)
    quote_base = len(record.quotes)
    record.quotes.extend(_shifted(q, offset) for q in (doc._.quotes or []))
    for claim in doc._.claims or []:
        claim.quote_index += quote_base
        record.claims.append(claim)
    record.sentences.extend((s.start_char + offset, s.end_char + offset) for s in doc.spans.get("sentences", []))


def _shifted(item, offset: int):
    if offset:
        item.start += offset
        item.end += offset
    return item


@lru_cache(maxsize=4)
def default_extractor(path: str = str(PIPELINE_DIR)) -> Extractor:
    """One loaded pipeline per path, shared by the module-level functions."""
    return Extractor.from_disk(path)


def extract(article: ArticleLike) -> ArticleRecord:
    """Extract one article (an `Article` or plain text) with the pipeline in `models/pipeline`."""
    return default_extractor().extract(article)


def extract_many(articles: Iterable[ArticleLike], *, batch_size: int = 16) -> Iterator[ArticleRecord]:
    """Extract many articles lazily, in input order."""
    return default_extractor().extract_many(articles, batch_size=batch_size)


def pipeline_info(path: Path | str = PIPELINE_DIR) -> dict:
    """Versions and a hash of the pipeline's config and data, recorded with every stored run."""
    nlp = default_extractor(str(path)).nlp
    digest = hashlib.sha256()
    for file in sorted(Path(path).glob("*.cfg")) + sorted(MODELS_DIR.glob("**/*.json*")):
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return {"pipeline_version": __version__,
            "models": {"spacy_pipeline": nlp.meta.get("version"), "base": "en_core_web_sm-3.8.0",
                       "spacy": nlp.meta.get("spacy_version")},
            "config_hash": digest.hexdigest()[:16]}
