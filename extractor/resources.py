"""Where the pipeline's data lives and how it is read.

Lexicons, the asset gazetteer and the saved spaCy pipeline sit under `models/`
at the repository root, so changing a cue word never means changing code.
"""
from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

MODELS_DIR = Path(os.environ.get("EXTRACTOR_MODELS", Path(__file__).resolve().parent.parent / "models"))
LEXICON_DIR = MODELS_DIR / "lexicons"
PIPELINE_DIR = MODELS_DIR / "pipeline"


@lru_cache(maxsize=None)
def lexicon(name: str) -> Any:
    """A JSON lexicon from `models/lexicons/<name>.json` (read once per process)."""
    path = LEXICON_DIR / f"{name}.json"
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def phrase_pattern(phrases: Iterable[str], *, word_bounded: bool = True) -> str:
    """A regex alternation of phrases, longest first, spaces matching any run of white space.

    A trailing `*` on a phrase allows any word ending ("liquidat*").
    """
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        wildcard = phrase.endswith("*")
        body = re.escape(phrase.rstrip("*")).replace(r"\ ", r"\s+")
        if wildcard:
            body += r"\w*"
        parts.append(body)
    alternation = "|".join(parts) or r"(?!x)x"
    return rf"(?<![\w$])(?:{alternation})(?![\w])" if word_bounded else f"(?:{alternation})"


def compile_phrases(phrases: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(phrase_pattern(phrases), flags)
