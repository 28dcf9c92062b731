"""A batch killed with SIGKILL mid-transaction, then re-run, ends with the rows of an uninterrupted run."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from db_engines import snapshot
from db_samples import RUN_V1, numbered_records

from extractor.db import connect
from extractor.db.schema import ITEM_TABLES, articles, extractions
from extractor.db.store import store_many

DRIVER = Path(__file__).with_name("store_driver.py")
BATCH = 12
KILL_AFTER = 3  # committed articles seen before the kill
PAUSE = 0.3  # seconds each article's transaction stays open after writing its items


def _run_driver(url: str, pause: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(DRIVER), url, str(BATCH), str(pause)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_mid_batch(url: str) -> list[str]:
    """Start the driver, SIGKILL it inside article KILL_AFTER+1's transaction; the lines it printed."""
    driver = _run_driver(url, pause=PAUSE)
    seen = []
    for line in driver.stdout:
        seen.append(line.strip())
        if len(seen) == KILL_AFTER:
            break
    time.sleep(PAUSE / 3)  # well inside the next article's open transaction
    driver.send_signal(signal.SIGKILL)
    driver.wait(timeout=10)
    return seen


def _stored_keys(engine: sa.Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(sa.select(articles.c.article_key)
                                .join_from(extractions, articles)).scalars())


def _orphan_items(engine: sa.Engine) -> int:
    """Item rows of articles that have no committed extraction: a half-written article."""
    no_extraction = ~sa.exists().where(extractions.c.article_id == articles.c.id)
    with engine.connect() as conn:
        return sum(conn.execute(sa.select(sa.func.count()).select_from(table)
                                .join(articles, table.c.article_id == articles.c.id)
                                .where(no_extraction)).scalar_one() for table in ITEM_TABLES)


def test_killed_batch_resumes_to_uninterrupted_rows(engine, db_url, tmp_path):
    seen = _kill_mid_batch(db_url)
    assert len(seen) == KILL_AFTER, "driver ended before it could be killed"
    stored = _stored_keys(engine)
    assert {line.removeprefix("stored ") for line in seen} <= stored
    assert len(stored) < BATCH, "the kill came after the batch finished"
    assert _orphan_items(engine) == 0

    rerun = _run_driver(db_url, pause=0)
    _out, err = rerun.communicate(timeout=60)
    assert rerun.returncode == 0, err

    reference = connect(f"sqlite:///{tmp_path / 'uninterrupted.db'}")
    assert store_many(reference, numbered_records(BATCH), RUN_V1).errors == []
    assert snapshot(engine) == snapshot(reference)
    reference.dispose()
