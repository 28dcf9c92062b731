"""Questions researchers ask the database, answered as pandas DataFrames.

`claims` answers "who said what about which level"; `quotes`, `levels` and
`liquidations` cover the rest. Every query orders its rows completely (undated
articles last, then article key, then position in the article), so SQLite and
PostgreSQL return the same frame. Name filters match folded names (no case, accents
or punctuation) by substring, and every value travels as a bound parameter.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Optional, Union

import pandas as pd
import sqlalchemy as sa

from extractor.db.schema import articles, claims as claims_table, liquidations as liquidations_table
from extractor.db.schema import prices, quotes as quotes_table, speakers
from extractor.db.store import fold

DEFAULT_TOLERANCE = 0.005  # relative: 0.5%, the same tolerance the scorer uses for levels

ARTICLE_COLUMNS = ("article_title", "url", "article_key")
CLAIM_COLUMNS = ("date", "speaker", "title", "org", "asset", "level", "role", "stance", "quote",
                 *ARTICLE_COLUMNS)
QUOTE_COLUMNS = ("date", "speaker", "title", "org", "type", "cue", "quote", *ARTICLE_COLUMNS)
LEVEL_COLUMNS = ("level", "mentions", "articles", "claims", "roles", "speakers", "first_seen",
                 "last_seen")
MENTION_COLUMNS = ("date", "level", "role", "speakers", "article_key")
LIQUIDATION_COLUMNS = ("date", "asset", "side", "amount_usd", "projected", "window", "data_source",
                       "text", "sentence", *ARTICLE_COLUMNS)


class QueryError(ValueError):
    """A query argument that cannot be understood; the message names it."""


def parse_tolerance(value: Union[str, float, None]) -> float:
    """A relative tolerance from "2%", "0.02" or 0.02."""
    if value is None:
        return DEFAULT_TOLERANCE
    try:
        if isinstance(value, str) and value.strip().endswith("%"):
            tolerance = float(value.strip()[:-1]) / 100
        else:
            tolerance = float(value)
    except ValueError:
        raise QueryError(f"tolerance: expected a number or a percentage like 2%, got {value!r}") from None
    if not 0 <= tolerance < 1:
        raise QueryError(f"tolerance: expected between 0 and 100%, got {value!r}")
    return tolerance


def _parse_date(name: str, value: str) -> tuple[str, bool]:
    """The ISO text of a date filter and whether it is a bare date (a whole day)."""
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat(), True
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise QueryError(f"{name}: expected a date like 2024-11-20, got {value!r}") from None
    return text, False


def _dated(stmt: sa.Select, since: Optional[str], until: Optional[str]) -> sa.Select:
    """Keep articles published in [since, until]; a bare `until` date includes its whole day."""
    if since:
        start, _ = _parse_date("since", since)
        stmt = stmt.where(articles.c.published >= start)
    if until:
        end, whole_day = _parse_date("until", until)
        if whole_day:
            next_day = (date.fromisoformat(end) + timedelta(days=1)).isoformat()
            stmt = stmt.where(articles.c.published < next_day)
        else:
            stmt = stmt.where(articles.c.published <= end)
    return stmt


def _named(stmt: sa.Select, speaker: Optional[str], org: Optional[str]) -> sa.Select:
    """Keep speakers whose folded name / org contains the folded filter."""
    for name, value, column in (("speaker", speaker, speakers.c.name_key),
                                ("org", org, speakers.c.org_key)):
        if value is None:
            continue
        if not fold(value):
            raise QueryError(f"{name}: {value!r} has no letters or digits to match")
        stmt = stmt.where(column.contains(fold(value), autoescape=True))
    return stmt


def _article_labels() -> list[sa.ColumnElement]:
    return [articles.c.title.label("article_title"), articles.c.url, articles.c.article_key]


def _in_article_order(stmt: sa.Select, table: sa.Table) -> sa.Select:
    return stmt.order_by(articles.c.published.asc().nulls_last(), articles.c.article_key,
                         table.c.ordinal)


def _frame(engine: sa.Engine, stmt: sa.Select, columns: tuple[str, ...]) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = [dict(row) for row in conn.execute(stmt).mappings()]
    return pd.DataFrame(rows, columns=list(columns))


def claims(engine: sa.Engine, *, asset: Optional[str] = None, level: Optional[float] = None,
           tolerance: Union[str, float, None] = None, speaker: Optional[str] = None,
           org: Optional[str] = None, since: Optional[str] = None,
           until: Optional[str] = None) -> pd.DataFrame:
    """Who said what about a level: one row per claim, with the quote and the article."""
    c = claims_table
    stmt = (sa.select(articles.c.published.label("date"), speakers.c.name.label("speaker"),
                      sa.func.coalesce(c.c.speaker_title, speakers.c.title).label("title"),
                      sa.func.coalesce(c.c.speaker_org, speakers.c.org).label("org"),
                      c.c.asset, c.c.level, c.c.role, c.c.stance, c.c.text.label("quote"),
                      *_article_labels())
            .join_from(c, articles, c.c.article_id == articles.c.id)
            .join(speakers, c.c.speaker_id == speakers.c.id))
    if asset:
        stmt = stmt.where(c.c.asset == asset.upper())
    relative = parse_tolerance(tolerance)  # checked even without a level: a typo should not pass
    if level is not None:
        spread = abs(float(level)) * relative
        stmt = stmt.where(c.c.level.between(float(level) - spread, float(level) + spread))
    stmt = _dated(_named(stmt, speaker, org), since, until)
    return _frame(engine, _in_article_order(stmt, c), CLAIM_COLUMNS)


def quotes(engine: sa.Engine, *, speaker: Optional[str] = None, org: Optional[str] = None,
           asset: Optional[str] = None, contains: Optional[str] = None,
           since: Optional[str] = None, until: Optional[str] = None) -> pd.DataFrame:
    """Quotes by speaker/org; `asset` keeps quotes with a claim on it, `contains` searches the text."""
    q = quotes_table
    stmt = (sa.select(articles.c.published.label("date"), speakers.c.name.label("speaker"),
                      sa.func.coalesce(q.c.speaker_title, speakers.c.title).label("title"),
                      sa.func.coalesce(q.c.speaker_org, speakers.c.org).label("org"),
                      q.c.type, q.c.cue, q.c.text.label("quote"), *_article_labels())
            .join_from(q, articles, q.c.article_id == articles.c.id)
            .join(speakers, q.c.speaker_id == speakers.c.id))
    if asset:
        stmt = stmt.where(sa.exists().where(claims_table.c.quote_id == q.c.id,
                                            claims_table.c.asset == asset.upper()))
    if contains:
        stmt = stmt.where(sa.func.lower(q.c.text).contains(contains.lower(), autoescape=True))
    stmt = _dated(_named(stmt, speaker, org), since, until)
    return _frame(engine, _in_article_order(stmt, q), QUOTE_COLUMNS)


def levels(engine: sa.Engine, *, asset: str, since: Optional[str] = None,
           until: Optional[str] = None) -> pd.DataFrame:
    """The levels of `asset` people talk about: mentions, articles, claims, roles and speakers."""
    symbol = asset.upper()
    mentioned = _dated(
        sa.select(prices.c.value.label("level"), prices.c.role,
                  sa.func.count().label("mentions"),
                  sa.func.min(articles.c.published).label("first_seen"),
                  sa.func.max(articles.c.published).label("last_seen"))
        .join_from(prices, articles, prices.c.article_id == articles.c.id)
        .where(prices.c.asset == symbol), since, until).group_by(prices.c.value, prices.c.role)
    articles_per_level = _dated(
        sa.select(prices.c.value.label("level"),
                  sa.func.count(sa.distinct(prices.c.article_id)).label("articles"))
        .join_from(prices, articles, prices.c.article_id == articles.c.id)
        .where(prices.c.asset == symbol), since, until).group_by(prices.c.value)
    claimed = _dated(
        sa.select(claims_table.c.level, speakers.c.name.label("speaker"),
                  articles.c.published.label("published"))
        .join_from(claims_table, articles, claims_table.c.article_id == articles.c.id)
        .join(speakers, claims_table.c.speaker_id == speakers.c.id)
        .where(claims_table.c.asset == symbol), since, until)
    with engine.connect() as conn:
        by_role = pd.DataFrame(conn.execute(mentioned).mappings().all(),
                               columns=["level", "role", "mentions", "first_seen", "last_seen"])
        counts = pd.DataFrame(conn.execute(articles_per_level).mappings().all(),
                              columns=["level", "articles"])
        said = pd.DataFrame(conn.execute(claimed).mappings().all(),
                            columns=["level", "speaker", "published"])
    return _level_table(by_role, counts, said)


def _level_table(by_role: pd.DataFrame, counts: pd.DataFrame, said: pd.DataFrame) -> pd.DataFrame:
    """One row per level from the per-role mention counts and the claims made at each level."""
    rows = []
    for level in sorted(set(by_role["level"]) | set(said["level"])):
        roles = by_role[by_role["level"] == level]
        at_level = said[said["level"] == level]
        dates = [d for d in [*roles["first_seen"], *roles["last_seen"], *at_level["published"]]
                 if isinstance(d, str)]
        found = counts.loc[counts["level"] == level, "articles"]
        rows.append({"level": float(level), "mentions": int(roles["mentions"].sum()),
                     "articles": int(found.iloc[0]) if len(found) else 0,
                     "claims": len(at_level),
                     "roles": ", ".join(sorted(r for r in roles["role"] if isinstance(r, str))),
                     "speakers": ", ".join(sorted(set(at_level["speaker"]))),
                     "first_seen": min(dates) if dates else None,
                     "last_seen": max(dates) if dates else None})
    table = pd.DataFrame(rows, columns=list(LEVEL_COLUMNS))
    return table.sort_values(["mentions", "claims", "level"], ascending=[False, False, True],
                             kind="stable", ignore_index=True)


def level_mentions(engine: sa.Engine, *, asset: str, since: Optional[str] = None,
                   until: Optional[str] = None) -> pd.DataFrame:
    """Every level of `asset` an article mentions, with who claimed it there (for plotting)."""
    symbol = asset.upper()
    mentioned = _dated(
        sa.select(articles.c.published.label("date"), prices.c.value.label("level"), prices.c.role,
                  articles.c.article_key, prices.c.ordinal)
        .join_from(prices, articles, prices.c.article_id == articles.c.id)
        .where(prices.c.asset == symbol), since, until)
    claimed = _dated(
        sa.select(articles.c.published.label("date"), claims_table.c.level, claims_table.c.role,
                  articles.c.article_key, speakers.c.name.label("speaker"))
        .join_from(claims_table, articles, claims_table.c.article_id == articles.c.id)
        .join(speakers, claims_table.c.speaker_id == speakers.c.id)
        .where(claims_table.c.asset == symbol), since, until)
    with engine.connect() as conn:
        points = pd.DataFrame(conn.execute(_in_article_order(mentioned, prices)).mappings().all(),
                              columns=["date", "level", "role", "article_key", "ordinal"])
        said = pd.DataFrame(conn.execute(_in_article_order(claimed, claims_table)).mappings().all(),
                            columns=["date", "level", "role", "article_key", "speaker"])
    who = {key: ", ".join(sorted(set(group["speaker"])))
           for key, group in said.groupby(["article_key", "level"])}
    points["speakers"] = [who.get((k, v), "") for k, v in zip(points["article_key"], points["level"])]
    priced = set(zip(points["article_key"], points["level"]))
    unpriced = said[pd.Series([(k, v) not in priced for k, v in zip(said["article_key"], said["level"])],
                              index=said.index, dtype=bool)]
    unpriced = unpriced.drop_duplicates(["article_key", "level"]).assign(
        speakers=[who[(k, v)] for k, v in zip(unpriced["article_key"], unpriced["level"])])
    table = pd.concat([points, unpriced], ignore_index=True)[list(MENTION_COLUMNS)]
    return table.sort_values(["date", "article_key", "level"], na_position="last", kind="stable",
                             ignore_index=True)


def liquidations(engine: sa.Engine, *, asset: Optional[str] = None, side: Optional[str] = None,
                 min_usd: Optional[float] = None, projected: Optional[bool] = None,
                 since: Optional[str] = None, until: Optional[str] = None) -> pd.DataFrame:
    """Liquidations reported, optionally for one asset ("market" for market-wide) or side."""
    t = liquidations_table
    stmt = (sa.select(articles.c.published.label("date"), t.c.asset, t.c.side, t.c.amount_usd,
                      t.c.projected, t.c.window, t.c.data_source, t.c.text, t.c.sentence,
                      *_article_labels())
            .join_from(t, articles, t.c.article_id == articles.c.id))
    if asset and asset.lower() == "market":
        stmt = stmt.where(t.c.asset.is_(None))
    elif asset:
        stmt = stmt.where(t.c.asset == asset.upper())
    if side:
        stmt = stmt.where(t.c.side == side.lower())
    if min_usd is not None:
        stmt = stmt.where(t.c.amount_usd >= float(min_usd))
    if projected is not None:
        stmt = stmt.where(t.c.projected == projected)
    stmt = _dated(stmt, since, until)
    return _frame(engine, _in_article_order(stmt, t), LIQUIDATION_COLUMNS)
