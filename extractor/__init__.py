"""Crypto news to market signals: assets, price levels, percentages, liquidations, quotes and claims."""
from __future__ import annotations

__version__ = "0.1.0"

from .api import Extractor, extract, extract_many, pipeline_info  # noqa: E402
from .records import Article, ArticleRecord, frames  # noqa: E402

__all__ = ["Article", "ArticleRecord", "Extractor", "extract", "extract_many", "frames", "pipeline_info", "__version__"]
