"""Typed records the extractor returns: one `ArticleRecord` per article.

Every extracted item keeps its character span in the article text and the text
of its sentence, so a researcher can always go back to the words behind a number.
`ArticleRecord.to_dict()` gives the JSON shape of `../shared/eval/README.md`
plus those spans; `frame()` gives a pandas view of one field.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:  # pandas is imported lazily: most callers never build frames
    import pandas as pd

FIELDS = ("assets", "prices", "percentages", "liquidations", "quotes", "claims")
ROLES = ("current", "high", "low", "ath", "support", "resistance", "target", "threshold", "other")


@dataclass
class Article:
    """An article to extract from: the text plus whatever metadata came with it."""

    id: str
    text: str
    title: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = None
    published: Optional[str] = None
    authors: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def meta(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "url": self.url, "source": self.source,
                "published": self.published, "authors": list(self.authors)}


@dataclass
class Mention:
    text: str
    start: int
    end: int


@dataclass
class Asset:
    symbol: str
    name: Optional[str]
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Price:
    asset: str
    value: float
    role: str
    text: str
    start: int
    end: int
    sentence: str
    qualifier: Optional[str] = None


@dataclass
class Percentage:
    value: float
    asset: Optional[str]
    direction: Optional[str]  # "up" | "down" | None
    metric: str  # "price_change" | "other"
    window: Optional[str]  # "24h", "7d", "ytd", ...
    text: str
    start: int
    end: int
    sentence: str
    qualifier: Optional[str] = None


@dataclass
class Liquidation:
    amount_usd: float
    side: str  # "long" | "short" | "total"
    asset: Optional[str]
    projected: bool
    window: Optional[str]
    source: Optional[str]  # data source such as "CoinGlass"
    text: str
    start: int
    end: int
    sentence: str
    qualifier: Optional[str] = None


@dataclass
class Speaker:
    name: str
    title: Optional[str] = None
    org: Optional[str] = None
    kind: str = "person"  # "person" | "org"


@dataclass
class Quote:
    speaker: Speaker
    text: str
    type: str  # "direct" | "indirect"
    cue: Optional[str]
    start: int
    end: int


@dataclass
class Claim:
    speaker: str
    asset: str
    level: float
    role: Optional[str]
    stance: str  # "bullish" | "bearish" | "neutral"
    quote_index: int
    title: Optional[str] = None
    org: Optional[str] = None


@dataclass
class ArticleRecord:
    """Everything extracted from one article."""

    article: Article
    assets: list[Asset] = field(default_factory=list)
    prices: list[Price] = field(default_factory=list)
    percentages: list[Percentage] = field(default_factory=list)
    liquidations: list[Liquidation] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # extraction failures: the record is incomplete

    @property
    def id(self) -> str:
        return self.article.id

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.article.id, "article": self.article.meta()}
        for name in FIELDS:
            out[name] = [asdict(item) for item in getattr(self, name)]
        out["sentences"] = [{"start": s, "end": e} for s, e in self.sentences]
        if self.warnings:
            out["warnings"] = list(self.warnings)
        if self.errors:
            out["errors"] = list(self.errors)
        return out

    def frame(self, name: str) -> "pd.DataFrame":
        """One field as a DataFrame, a row per item, with the article id in front."""
        return frames([self], name)


_ITEM_TYPES = {"assets": Asset, "prices": Price, "percentages": Percentage,
               "liquidations": Liquidation, "quotes": Quote, "claims": Claim}


def frames(records: list[ArticleRecord], name: str) -> "pd.DataFrame":
    """The `name` field of many records as one DataFrame (nested speakers flattened)."""
    import pandas as pd

    if name not in _ITEM_TYPES:
        raise ValueError(f"unknown field {name!r}; expected one of {', '.join(FIELDS)}")
    rows = []
    for rec in records:
        for item in getattr(rec, name):
            row = {"article_id": rec.article.id, **asdict(item)}
            if name == "quotes":
                sp = row.pop("speaker")
                row.update({"speaker": sp["name"], "speaker_title": sp["title"],
                            "speaker_org": sp["org"], "speaker_kind": sp["kind"]})
            if name == "assets":
                row["mentions"] = len(row["mentions"])
            rows.append(row)
    columns = ["article_id"] + [f.name for f in fields(_ITEM_TYPES[name])]
    if name == "quotes":
        columns[1:2] = ["speaker", "speaker_title", "speaker_org", "speaker_kind"]
    return pd.DataFrame(rows, columns=columns)
