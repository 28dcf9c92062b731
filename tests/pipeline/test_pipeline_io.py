"""The assembled pipeline survives a save and a load unchanged."""
from __future__ import annotations

import spacy

import extractor.pipeline  # noqa: F401 (registers the factories spacy.load needs)

TEXT = ("Bitcoin rose 4% to $97,500 on Monday, its highest since March, while ether slipped 1.2% to $3,410.\n\n"
        '"A weekly close above $100,000 opens $110,000," said Ana Ruiz, head of research at Tidewell Markets. '
        "CoinGlass data show $320 million of shorts were liquidated over 24 hours.")


def signals(doc) -> dict:
    """Everything the pipeline extracts from a Doc, as plain comparable values."""
    return {
        "assets": [(m.symbol, m.start) for m in doc._.asset_mentions],
        "prices": [(p.asset, p.value, p.role) for p in doc._.prices],
        "percentages": [(p.value, p.asset, p.direction) for p in doc._.percentages],
        "liquidations": [(l.amount_usd, l.side, l.asset) for l in doc._.liquidations],
        "quotes": [repr(q) for q in doc._.quotes or []],
        "parse": [(t.dep_, t.head.i, t.pos_) for t in doc],
    }


def test_round_trip_gives_identical_output(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names and loaded.disabled == nlp.disabled
    assert signals(loaded(TEXT)) == signals(nlp(TEXT))


def test_round_trip_output_is_not_empty(nlp):
    found = signals(nlp(TEXT))
    assert all(found[field] for field in ("assets", "prices", "percentages", "liquidations", "quotes"))
