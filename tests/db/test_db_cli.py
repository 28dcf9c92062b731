"""The database commands: output, exit codes and help text."""
from __future__ import annotations

import io
import json
import sys
import types

import click
import pandas as pd
import pytest
from click.testing import CliRunner
from db_samples import RUN_V1, RUN_V2, fake_extract_many, sample_records

from extractor.db.cli import export, plot, query, reprocess
from extractor.db.store import store_many

COMMANDS = {"query": query, "export": export, "reprocess": reprocess, "plot": plot}


@pytest.fixture
def filled_url(engine, db_url) -> str:
    store_many(engine, sample_records(), RUN_V1)
    return db_url


def run(*args: str):
    group = click.Group("extractor", commands=COMMANDS)
    return CliRunner().invoke(group, list(args), catch_exceptions=False)


def test_claims_at_95000_list_both_analysts(filled_url):
    result = run("query", "claims", "--asset", "BTC", "--level", "95000", "--db", filled_url)
    assert result.exit_code == 0, result.output
    for expected in ("Gabe Selby", "CF Benchmarks", "Joel Kruger", "LMAX Group", "$95,000 is now support"):
        assert expected in result.stdout


@pytest.mark.parametrize("fmt, parse", [("json", json.loads),
                                        ("csv", lambda text: pd.read_csv(io.StringIO(text)))])
def test_claims_machine_formats(filled_url, fmt, parse):
    result = run("query", "claims", "--asset", "BTC", "--level", "95000", "--format", fmt,
                 "--db", filled_url)
    assert result.exit_code == 0, result.output
    assert len(parse(result.stdout)) == 2


@pytest.mark.parametrize("args, fragment", [
    (["query", "levels", "--asset", "ETH"], "3,500"),
    (["query", "quotes", "--speaker", "O'Brien'; DROP TABLE quotes;--"], "Bobby Tables Capital"),
    (["query", "liquidations", "--side", "short"], "CoinGlass"),
])
def test_other_queries_print_rows(filled_url, args, fragment):
    result = run(*args, "--db", filled_url)
    assert result.exit_code == 0 and fragment in result.stdout, result.output


@pytest.mark.parametrize("args, message", [
    (["query", "claims", "--level", "95000", "--tolerance", "lots"], "tolerance"),
    (["query", "claims", "--since", "last week"], "since"),
    (["plot", "levels", "--asset", "SOL", "-o", "sol.png"], "no dated SOL levels"),
])
def test_bad_requests_exit_1_with_a_message(filled_url, args, message):
    result = run(*args, "--db", filled_url)
    assert result.exit_code == 1 and message in result.stderr, result.output
    assert "Traceback" not in result.output


def test_missing_sqlite_file_is_an_error(tmp_path):
    result = run("query", "claims", "--db", f"sqlite:///{tmp_path / 'absent.db'}")
    assert result.exit_code == 1 and "no database at" in result.stderr
    assert not (tmp_path / "absent.db").exists()


def test_database_without_tables_is_an_error(engine, db_url):
    with engine.connect() as conn:  # the database exists, but nothing was ever stored
        conn.exec_driver_sql("SELECT 1")
    result = run("query", "levels", "--asset", "BTC", "--db", db_url)
    assert result.exit_code == 1 and "no extractor tables" in result.stderr, result.output


def test_export_and_plot_write_files(filled_url, tmp_path):
    exported = run("export", "--format", "jsonl", "-o", str(tmp_path / "out"), "--db", filled_url)
    drawn = run("plot", "levels", "--asset", "BTC", "-o", str(tmp_path / "btc.png"), "--db", filled_url)
    assert (exported.exit_code, drawn.exit_code) == (0, 0), exported.output + drawn.output
    assert (tmp_path / "out" / "claims.jsonl").stat().st_size > 0
    assert (tmp_path / "btc.png").read_bytes()[:4] == b"\x89PNG"


@pytest.fixture
def fake_api(monkeypatch):
    """A stand-in for extractor.api, so reprocess runs without the spaCy pipeline."""
    api = types.ModuleType("extractor.api")
    api.extract_many = fake_extract_many
    api.pipeline_info = lambda: RUN_V2
    monkeypatch.setitem(sys.modules, "extractor.api", api)
    monkeypatch.setattr("extractor.api", api, raising=False)
    return api


def test_reprocess_reports_and_exits_0(filled_url, fake_api):
    result = run("reprocess", "--db", filled_url)
    assert result.exit_code == 0, result.output
    assert "3 replaced" in result.stdout


def test_reprocess_failure_exits_1_naming_the_article(filled_url, fake_api):
    bad_key = sample_records()[2].article.id
    fake_api.extract_many = lambda batch: fake_extract_many(batch, fail_on=bad_key)
    result = run("reprocess", "--db", filled_url)
    assert result.exit_code == 1 and bad_key in result.stderr, result.output


def _all_commands(command: click.Command, path: str = "") -> list[tuple[str, click.Command]]:
    found = [(path, command)] if path else []
    for name, sub in getattr(command, "commands", {}).items():
        found += _all_commands(sub, f"{path} {name}".strip())
    return found


@pytest.mark.parametrize("path, command", _all_commands(click.Group("x", commands=COMMANDS)))
def test_every_command_has_help_with_an_example(path, command):
    assert "Example:" in (command.help or ""), f"{path} has no example in its help"
