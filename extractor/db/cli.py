"""Command line over the database API: `query`, `export`, `reprocess` and `plot`.

Each command is a thin wrapper over `extractor.db.query`, `.export`, `.reprocess` and
`.plot`, registered on the main `extractor` group by `extractor/cli.py`. Heavy
imports (pandas, matplotlib, the pipeline) happen inside the commands so
`extractor --help` stays fast. Errors print one clean line and exit with status 1.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Callable, Optional

import click
import sqlalchemy as sa

from extractor.db import connect

DB_HELP = "Database URL (default: $EXTRACTOR_DB, else sqlite:///extractor.db)."
OUTPUT_FORMATS = ("table", "json", "csv")
TABLE_CELL_CHARS = 70  # longer text cells are cut in table output; json/csv keep them whole


def _clean_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn expected failures into `Error: <message>` and exit status 1, without a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from extractor.db.schema import SchemaVersionError

        try:
            return command(*args, **kwargs)
        except (ValueError, OSError, SchemaVersionError) as err:
            raise click.ClickException(str(err)) from err
        except sa.exc.SQLAlchemyError as err:
            detail = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
            raise click.ClickException(f"database error: {detail}") from err

    return wrapper


def open_existing(db_url: Optional[str]) -> sa.Engine:
    """An engine on a database that already holds the extractor's tables, or a clear error."""
    from extractor.db.schema import SCHEMA_VERSION, schema_info

    engine = connect(db_url)
    shown = engine.url.render_as_string(hide_password=True)
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database not in (None, "", ":memory:") \
            and not Path(database).exists():
        raise click.ClickException(f"no database at {database}; pass --db URL or set EXTRACTOR_DB")
    if not sa.inspect(engine).has_table("schema_info"):
        raise click.ClickException(f"{shown} has no extractor tables; store articles first "
                                   f"(extractor extract ... --db URL)")
    with engine.connect() as conn:
        version = conn.execute(sa.select(schema_info.c.value)
                               .where(schema_info.c.key == "schema_version")).scalar()
    if version != str(SCHEMA_VERSION):
        raise click.ClickException(f"{shown} has schema version {version}, "
                                   f"this extractor reads version {SCHEMA_VERSION}")
    return engine


def _emit(frame: "Any", fmt: str, what: str) -> None:
    """Print a DataFrame as an aligned table, a JSON array or CSV."""
    if fmt == "json":
        click.echo(frame.to_json(orient="records", force_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
    elif frame.empty:
        click.echo(f"no {what} found", err=True)
    else:
        cut = frame.copy()
        for column in cut.columns[cut.dtypes == object]:
            cut[column] = ["" if v is None else v if not isinstance(v, str) or len(v) <= TABLE_CELL_CHARS
                           else v[:TABLE_CELL_CHARS - 1] + "…" for v in cut[column]]
        click.echo(cut.to_string(index=False, na_rep="",
                                 float_format=lambda v: f"{v:,.2f}".rstrip("0").rstrip(".")))


def _query_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options every query shares: database, output format and date range."""
    for option in reversed((
            click.option("--db", "db_url", help=DB_HELP),
            click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table",
                         show_default=True, help="Output format."),
            click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD)."),
            click.option("--until", help="Only articles published on or before this date (YYYY-MM-DD)."))):
        command = option(command)
    return _clean_errors(command)


@click.group("query")
def query() -> None:
    """Ask the research database who said what about which level.

    \b
    Example:
      extractor query claims --asset BTC --level 95000 --tolerance 2%
    """


@query.command("claims")
@click.option("--asset", help="Asset ticker, e.g. BTC.")
@click.option("--level", type=float, help="Price level in USD, e.g. 95000.")
@click.option("--tolerance", help="Relative tolerance around --level: 2% or 0.02 (default 0.5%).")
@click.option("--speaker", help="Part of the speaker's name (case and accents ignored).")
@click.option("--org", help="Part of the speaker's organisation.")
@_query_options
def claims_command(db_url: Optional[str], fmt: str, since: Optional[str], until: Optional[str],
                   **filters: Any) -> None:
    """Claims: date, speaker, title, org, asset, level, role, stance, quote, article.

    \b
    Example:
      extractor query claims --asset BTC --level 95000 --since 2024-11-01 --format csv
    """
    from extractor.db import query as db_query

    frame = db_query.claims(open_existing(db_url), since=since, until=until, **filters)
    _emit(frame, fmt, "claims")


@query.command("quotes")
@click.option("--speaker", help="Part of the speaker's name (case and accents ignored).")
@click.option("--org", help="Part of the speaker's organisation.")
@click.option("--asset", help="Only quotes with a claim about this asset.")
@click.option("--contains", help="Only quotes whose text contains these words.")
@_query_options
def quotes_command(db_url: Optional[str], fmt: str, since: Optional[str], until: Optional[str],
                   **filters: Any) -> None:
    """Quotes with their speaker, title, org and article.

    \b
    Example:
      extractor query quotes --org "LMAX" --since 2024-11-01
    """
    from extractor.db import query as db_query

    frame = db_query.quotes(open_existing(db_url), since=since, until=until, **filters)
    _emit(frame, fmt, "quotes")


@query.command("levels")
@click.option("--asset", required=True, help="Asset ticker, e.g. ETH.")
@_query_options
def levels_command(db_url: Optional[str], fmt: str, since: Optional[str], until: Optional[str],
                   asset: str) -> None:
    """The levels of an asset people talk about: mentions, articles, claims, roles, speakers.

    \b
    Example:
      extractor query levels --asset ETH
    """
    from extractor.db import query as db_query

    _emit(db_query.levels(open_existing(db_url), asset=asset, since=since, until=until), fmt, "levels")


@query.command("liquidations")
@click.option("--asset", help="Asset ticker, or 'market' for market-wide amounts.")
@click.option("--side", type=click.Choice(("long", "short", "total")), help="Side liquidated.")
@click.option("--min-usd", type=float, help="Smallest amount in USD, e.g. 1e8.")
@click.option("--projected/--actual", default=None,
              help="Only projected (heatmap) amounts, or only what happened (default: both).")
@_query_options
def liquidations_command(db_url: Optional[str], fmt: str, since: Optional[str],
                         until: Optional[str], **filters: Any) -> None:
    """Liquidations reported: date, asset, side, USD amount, data source, article.

    \b
    Example:
      extractor query liquidations --side short --min-usd 1e8
    """
    from extractor.db import query as db_query

    frame = db_query.liquidations(open_existing(db_url), since=since, until=until, **filters)
    _emit(frame, fmt, "liquidations")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(("parquet", "csv", "jsonl")), default="parquet",
              show_default=True, help="File format.")
@click.option("-o", "--output", "directory", required=True, type=click.Path(file_okay=False),
              help="Directory to write into (created if missing).")
@click.option("--table", "tables", multiple=True, help="Only this table (repeatable).")
@click.option("--db", "db_url", help=DB_HELP)
@_clean_errors
def export(fmt: str, directory: str, tables: tuple[str, ...], db_url: Optional[str]) -> None:
    """Export the database, one file per table.

    \b
    Example:
      extractor export --format parquet -o exports/ --db sqlite:///research.db
    """
    from extractor.db.export import export as export_tables

    paths = export_tables(open_existing(db_url), directory, fmt, tables=tables or None)
    click.echo(f"wrote {len(paths)} files to {directory}")


@click.command("reprocess")
@click.option("--db", "db_url", help=DB_HELP)
@click.option("--all", "redo_all", is_flag=True,
              help="Re-extract every article, not only those the current pipeline has not done.")
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True,
              help="Articles per extraction batch.")
@click.option("--limit", type=click.IntRange(min=1), help="Stop after this many articles.")
@_clean_errors
def reprocess(db_url: Optional[str], redo_all: bool, batch_size: int, limit: Optional[int]) -> None:
    """Re-extract stored articles with the current pipeline version.

    Articles whose text changed or that an older pipeline extracted are redone, each
    in its own transaction, so an interrupted run can simply be started again. Exits
    with status 1 when any article failed (each is named on stderr).

    \b
    Example:
      extractor reprocess --db postgresql+psycopg://user@host/research
    """
    from tqdm import tqdm

    from extractor.db.reprocess import reprocess as reprocess_articles

    engine = open_existing(db_url)
    with tqdm(unit="article", desc="reprocess", disable=None) as bar:
        result = reprocess_articles(engine, only_stale=not redo_all, batch_size=batch_size,
                                    limit=limit, progress=bar.update)
    for error in result.errors:
        click.echo(error, err=True)
    click.echo(result.summary())
    if result.errors:
        raise click.exceptions.Exit(1)


@click.group("plot")
def plot() -> None:
    """Draw pictures of the database as PNG files.

    \b
    Example:
      extractor plot levels --asset BTC -o levels.png
    """


@plot.command("levels")
@click.option("--asset", required=True, help="Asset ticker, e.g. BTC.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="PNG file to write.")
@click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only articles published on or before this date (YYYY-MM-DD).")
@click.option("--db", "db_url", help=DB_HELP)
@_clean_errors
def plot_levels_command(asset: str, output: str, since: Optional[str], until: Optional[str],
                        db_url: Optional[str]) -> None:
    """Levels of an asset mentioned over time, coloured by role, claimed ones labelled by speaker.

    \b
    Example:
      extractor plot levels --asset BTC -o levels.png --since 2024-11-01
    """
    from extractor.db.plot import plot_levels

    path = plot_levels(open_existing(db_url), asset, output, since=since, until=until)
    click.echo(f"wrote {path}")
