"""Pictures of the database: the levels of one asset mentioned over time.

Each point is a level an article mentions, placed at the article's publication date
and coloured by its role; points that someone claimed are labelled with the
speakers' names. Drawn with matplotlib's Agg backend, so no display is needed.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import pandas as pd
import sqlalchemy as sa

from extractor.db import query
from extractor.records import ROLES

ROLE_COLOURS = dict(zip(ROLES, ("#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#17becf",
                                "#ff7f0e", "#e377c2", "#8c564b", "#7f7f7f")))
UNKNOWN_ROLE_COLOUR = "#bcbd22"
MAX_LABEL_CHARS = 40  # longer speaker lists are cut so labels stay readable


def plot_levels(engine: sa.Engine, asset: str, path: Path | str, *, since: Optional[str] = None,
                until: Optional[str] = None) -> Path:
    """Draw `asset`'s levels over time to a PNG at `path`; raises ValueError when there is nothing dated."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    mentions = query.level_mentions(engine, asset=asset, since=since, until=until)
    mentions["when"] = pd.to_datetime(mentions["date"], utc=True, errors="coerce", format="mixed")
    dated = mentions.dropna(subset=["when"])
    if dated.empty:
        raise ValueError(f"no dated {asset.upper()} levels in the database"
                         f"{' for that period' if since or until else ''}")

    fig, ax = plt.subplots(figsize=(11, 6), dpi=120)
    roles = dated["role"].fillna("unknown")
    order = {role: i for i, role in enumerate(ROLES)}
    for role in sorted(set(roles), key=lambda r: (order.get(r, len(order)), r)):
        points = dated[roles == role]
        ax.scatter(points["when"], points["level"], s=46, label=role, alpha=0.85,
                   color=ROLE_COLOURS.get(role, UNKNOWN_ROLE_COLOUR), edgecolors="white",
                   linewidths=0.6, zorder=3)
    labels = []
    for (when, level), group in dated[dated["speakers"] != ""].groupby(["when", "level"]):
        names = ", ".join(sorted({n for names in group["speakers"] for n in names.split(", ")}))
        text = names if len(names) <= MAX_LABEL_CHARS else names[:MAX_LABEL_CHARS - 1] + "…"
        labels.append(ax.annotate(text, (when, level), xytext=(6, 5), textcoords="offset points",
                                  fontsize=8, color="#333333", zorder=4))

    ax.set_xlabel("published")
    ax.set_ylabel(f"{asset.upper()} level (USD)")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"${value:,.0f}"))
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(True, color="#dddddd", linewidth=0.6, zorder=0)
    ax.margins(x=0.08, y=0.12)
    ax.legend(title="role", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    undated = len(mentions) - len(dated)
    ax.set_title(_title(asset, dated, undated, 0), fontsize=12)  # reserves room in the layout
    fig.tight_layout()
    ax.set_title(_title(asset, dated, undated, _drop_overlapping(fig, labels)), fontsize=12)
    out = Path(path)
    fig.savefig(out, format="png")
    plt.close(fig)
    return out


def _drop_overlapping(fig: "Any", labels: list) -> int:
    """Remove labels that would overlap one already placed (earliest first); returns how many."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    placed, hidden = [], 0
    for label in labels:
        box = label.get_window_extent(renderer).expanded(1.04, 1.15)
        if any(box.overlaps(other) for other in placed):
            label.remove()
            hidden += 1
        else:
            placed.append(box)
    return hidden


def _title(asset: str, dated: pd.DataFrame, undated: int, hidden_labels: int) -> str:
    notes = [f"{undated} undated not shown"] if undated else []
    notes += [f"{hidden_labels} crowded labels hidden"] if hidden_labels else []
    title = (f"{asset.upper()} levels mentioned: {len(dated)} mentions in "
             f"{dated['article_key'].nunique()} articles")
    return title + (f" ({'; '.join(notes)})" if notes else "")
