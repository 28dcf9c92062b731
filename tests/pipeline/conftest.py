"""The saved pipeline from `models/pipeline`, loaded once for all pipeline tests."""
from __future__ import annotations

import pytest
from spacy.language import Language

from extractor.pipeline import load_pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline()
