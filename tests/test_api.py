"""The Python API: records in input order, one failing article never stops a batch, long
articles cut into chunks keep exact character spans."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import extractor.api as api
import extractor.pipeline  # noqa: F401 (registers the factories)
from extractor.api import Extractor
from extractor.cli import Problems, extract_records
from extractor.records import Article

PIPELINE = Path(__file__).resolve().parents[1] / "models" / "pipeline"


@Language.component("explodes_on_boom")
def explodes_on_boom(doc):
    if "BOOM" in doc.text:
        raise RuntimeError("boom")
    return doc


@pytest.fixture(scope="module")
def real() -> Extractor:
    return Extractor.from_disk(PIPELINE)


@pytest.fixture()
def fragile() -> Extractor:
    nlp = spacy.blank("en")
    nlp.add_pipe("news_segmenter")
    nlp.add_pipe("explodes_on_boom")
    return Extractor(nlp)


def test_a_failing_article_gets_an_error_and_the_rest_go_on(fragile: Extractor):
    articles = [Article(id="a", text="Calm."), Article(id="b", text="A BOOM here."), Article(id="c", text="Calm too.")]
    records = list(fragile.extract_many(articles))
    assert [r.id for r in records] == ["a", "b", "c"]
    assert [bool(r.errors) for r in records] == [False, True, False]
    assert records[1].errors[0].startswith("b: extraction failed at character 0: RuntimeError: boom")
    assert records[1].to_dict()["errors"] == records[1].errors


def test_the_cli_reports_a_record_error_and_counts_it(fragile: Extractor, capsys: pytest.CaptureFixture):
    problems = Problems()
    got = list(extract_records([Article(id="b", text="BOOM")], fragile.extract_many, batch_size=4, problems=problems))
    assert [r.id for r in got] == ["b"] and problems.errors == 1
    assert "b: extraction failed" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["", "   \n\t  "], ids=["empty", "blank"])
def test_empty_text_gives_an_empty_record(real: Extractor, text: str):
    record = real.extract(Article(id="e", text=text))
    assert (record.assets, record.prices, record.quotes, record.errors) == ([], [], [], [])


def test_chunked_article_keeps_exact_spans(real: Extractor, monkeypatch: pytest.MonkeyPatch):
    paragraph = ("Bitcoin rose 3% to $97,800 on Tuesday. \"A weekly close above $100,000 would confirm it,\" "
                 "said Jane Roe, head of research at Example Capital.\n")
    text = paragraph * 40
    monkeypatch.setattr(api, "CHUNK_CHARS", 1_000)  # many chunks, each cut after a line break
    record = real.extract(Article(id="long", text=text))
    assert len(api._chunks(record.article)) > 5
    assert len(record.prices) == 80 and len(record.quotes) == 40
    for item in record.prices + record.quotes:
        assert text[item.start:item.end] == item.text
    assert all(record.quotes[c.quote_index].speaker.name == c.speaker for c in record.claims)
    assert record.sentences == sorted(record.sentences)


def test_extract_accepts_plain_text(real: Extractor):
    record = real.extract("Ether slid 2% to $3,100.")
    assert [(p.asset, p.value, p.role) for p in record.prices] == [("ETH", 3100.0, "current")]
