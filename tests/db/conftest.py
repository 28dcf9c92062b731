"""Database fixtures: every test that uses `engine` or `db_url` runs on a temp SQLite
file and on PostgreSQL (in its own schema; skipped, saying why, when no server answers).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))  # db_samples / db_engines, for tests and the driver
sys.path.insert(1, str(Path(__file__).parents[2]))  # the repo, when the package is not installed

from db_engines import postgres_schema  # noqa: E402

from extractor.db import connect  # noqa: E402

ENGINES = ["sqlite", "postgresql"]


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database of the engine the test is parametrised with."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'research.db'}"
    else:
        with postgres_schema() as url:
            yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    eng = connect(db_url)
    yield eng
    eng.dispose()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that uses a database once per engine, named by the engine."""
    if "db_url" in metafunc.fixturenames:
        metafunc.parametrize("db_url", ENGINES, indirect=True)
