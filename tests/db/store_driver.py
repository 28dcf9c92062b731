"""Stores a batch of sample records, one line on stdout per committed article.

Usage: python store_driver.py DB_URL COUNT [PAUSE_SECONDS]

With a pause, each article's transaction sleeps after writing its items and before
committing, so a SIGKILL sent after line N lands inside article N+1's transaction.
Used by test_db_resume.py; not a test itself.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2]))

from db_samples import RUN_V1, numbered_records  # noqa: E402

from extractor.db import connect, store  # noqa: E402


def main(url: str, count: int, pause: float) -> None:
    write_items = store._insert_items

    def slow_insert_items(*args, **kwargs) -> None:
        write_items(*args, **kwargs)
        time.sleep(pause)

    store._insert_items = slow_insert_items
    engine = connect(url)
    for record in numbered_records(count):
        store.store_record(engine, record, RUN_V1)
        print(f"stored {record.article.id}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]) if len(sys.argv) > 3 else 0.0)
