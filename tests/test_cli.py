"""The `extractor` command line: extract, eval, errors, progress and the database option."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import click
import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from extractor.api import Extractor, default_extractor
from extractor.cli import Problems, extract_records, main
from extractor.records import Article, ArticleRecord

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus" / "articles"
SCORE_PY = REPO.parent / "shared" / "eval" / "score.py"
STORY = ("Bitcoin rose 3.5% to $97,800 on Tuesday as $700 million in short positions were "
         "liquidated across exchanges, CoinGlass data showed.")


@pytest.fixture(scope="module")
def pipeline() -> Extractor:
    """The saved pipeline, loaded once; the CLI's in-process runs reuse the same cached copy."""
    return default_extractor()


def run(*args: str, stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def jsonl_file(path: Path, count: int, bad_line: int | None = None) -> Path:
    lines = [json.dumps({"id": f"a{n}", "text": STORY}) for n in range(1, count + 1)]
    if bad_line is not None:
        lines.insert(bad_line - 1, "{broken")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_extract_writes_one_record_per_article_to_output(tmp_path: Path, pipeline: Extractor) -> None:
    (tmp_path / "one.txt").write_text(STORY, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("extract", str(tmp_path / "one.txt"), str(jsonl_file(tmp_path / "in.jsonl", 2)), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    got = records(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in got] == ["one", "a1", "a2"]
    assert [(p["asset"], p["value"], p["role"]) for p in got[0]["prices"]] == [("BTC", 97800.0, "current")]
    assert result.stdout == ""
    assert "3 records written to" in result.stderr


def test_bad_line_is_reported_good_lines_written_and_exit_is_1(tmp_path: Path, pipeline: Extractor) -> None:
    source = jsonl_file(tmp_path / "in.jsonl", 2, bad_line=2)
    result = run("extract", str(source))
    assert result.exit_code == 1
    assert [r["id"] for r in records(result.stdout)] == ["a1", "a2"]
    assert f"error: {source}:2: not JSON" in result.stderr


@pytest.mark.parametrize("count, bar_shown", [(5, False), (7, True)], ids=["few-no-bar", "many-bar"])
def test_progress_bar_only_on_stderr_and_only_for_many(tmp_path: Path, pipeline: Extractor, count: int,
                                                       bar_shown: bool) -> None:
    result = run("extract", str(jsonl_file(tmp_path / "in.jsonl", count)))
    assert result.exit_code == 0
    assert len(records(result.stdout)) == count  # every stdout line is a record, nothing else
    assert ("article/s" in result.stderr) is bar_shown


@pytest.mark.parametrize("text", ["", "  \n\t \n"], ids=["empty", "whitespace"])
def test_empty_or_whitespace_text_gives_an_empty_record(pipeline: Extractor, text: str) -> None:
    result = run("extract", "-", stdin=json.dumps({"id": "blank", "text": text}) + "\n")
    assert result.exit_code == 0
    (record,) = records(result.stdout)
    assert record["id"] == "blank"
    assert all(record[name] == [] for name in ("assets", "prices", "percentages", "liquidations", "quotes"))


def test_invalid_utf8_warning_lands_in_the_record_and_exit_stays_0(tmp_path: Path, pipeline: Extractor) -> None:
    (tmp_path / "latin1.txt").write_bytes("Bitcoin rose 2% to $97,000 at the caf\xe9.".encode("latin-1"))
    result = run("extract", str(tmp_path / "latin1.txt"))
    assert result.exit_code == 0
    (record,) = records(result.stdout)
    assert record["warnings"] == [f"{tmp_path / 'latin1.txt'}: invalid UTF-8 at byte 37, replaced by U+FFFD"]
    assert f"warning: {tmp_path / 'latin1.txt'}: invalid UTF-8" in result.stderr


def fake_extract_many(articles: list[Article], batch_size: int = 16) -> Iterator[ArticleRecord]:
    """Extraction that raises on any article with id 'bad', as a pipeline bug would."""
    if any(article.id == "bad" for article in articles):
        raise RuntimeError("boom")
    return iter([ArticleRecord(article=article) for article in articles])


def test_an_article_that_breaks_extraction_is_reported_and_the_batch_goes_on() -> None:
    problems = Problems()
    articles = [Article(id=name, text="x") for name in ("a", "bad", "c", "d")]
    got = list(extract_records(articles, fake_extract_many, batch_size=3, problems=problems))
    assert [record.id for record in got] == ["a", "c", "d"]
    assert problems.errors == 1


def test_extraction_error_is_printed_with_the_article_id(capsys: pytest.CaptureFixture) -> None:
    problems = Problems()
    list(extract_records([Article(id="bad", text="x")], fake_extract_many, batch_size=1, problems=problems))
    assert capsys.readouterr().err == "error: bad: extraction failed (RuntimeError: boom)\n"


def test_db_option_stores_every_record(tmp_path: Path, pipeline: Extractor) -> None:
    url = f"sqlite:///{tmp_path / 'research.db'}"
    result = run("extract", str(jsonl_file(tmp_path / "in.jsonl", 2)), "--db", url, "-o", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 0, result.stderr
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        keys = conn.execute(sa.text("SELECT article_key, raw_location FROM articles ORDER BY article_key")).all()
        prices = conn.execute(sa.text("SELECT count(*) FROM prices")).scalar()
    engine.dispose()
    assert keys == [("a1", f"{tmp_path / 'in.jsonl'}:1"), ("a2", f"{tmp_path / 'in.jsonl'}:2")]
    assert prices == 2


def test_unusable_database_url_is_a_clean_error(tmp_path: Path, pipeline: Extractor) -> None:
    result = run("extract", str(jsonl_file(tmp_path / "in.jsonl", 1)), "--db", "nosuchdb://x")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot open database 'nosuchdb://x'")


def test_missing_input_is_a_usage_error_without_traceback(tmp_path: Path) -> None:
    result = run("extract", str(tmp_path / "nowhere.jsonl"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.output


def test_unbuilt_pipeline_is_a_clean_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def missing() -> Extractor:
        raise OSError("[E050] Can't find model")

    monkeypatch.setattr("extractor.api.default_extractor", missing)
    result = run("extract", str(jsonl_file(tmp_path / "in.jsonl", 1)))
    assert result.exit_code == 1
    assert "python -m extractor.pipeline.build" in result.stderr


@pytest.fixture
def tiny_gold(tmp_path: Path) -> Path:
    gold = tmp_path / "gold"
    gold.mkdir()
    for path in sorted(CORPUS.glob("*.json"))[:3]:
        shutil.copy(path, gold / path.name)
    return gold


def make_input(gold: Path, target: Path) -> Path:
    """The input make_input.py writes: each gold article without its gold."""
    lines = []
    for path in sorted(gold.glob("*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        meta = article.get("meta", {})
        lines.append(json.dumps({"id": article["id"], "text": article["text"],
                                 **{key: meta.get(key) for key in ("title", "url", "source", "published", "authors")}}))
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


@pytest.mark.skipif(not SCORE_PY.exists(), reason=f"the shared referee {SCORE_PY} is not on this machine")
def test_eval_agrees_with_score_py(tiny_gold: Path, tmp_path: Path, pipeline: Extractor) -> None:
    predictions = tmp_path / "pred.jsonl"
    assert run("extract", str(make_input(tiny_gold, tmp_path / "in.jsonl")), "-o", str(predictions)).exit_code == 0
    referee = subprocess.run([sys.executable, str(SCORE_PY), str(tiny_gold), str(predictions), "--show-errors",
                              "--json", str(tmp_path / "referee.json")], capture_output=True, text=True, check=True)
    ours = run("eval", str(tiny_gold), "--show-errors", "--json", str(tmp_path / "ours.json"))
    scored = run("eval", str(tiny_gold), "--predictions", str(predictions))
    assert ours.exit_code == scored.exit_code == 0
    assert ours.stdout == referee.stdout
    assert scored.stdout.splitlines()[-1] == referee.stdout.splitlines()[-1]
    assert json.loads((tmp_path / "ours.json").read_text()) == json.loads((tmp_path / "referee.json").read_text())


def test_eval_of_a_folder_without_gold_is_a_clean_error(tmp_path: Path) -> None:
    result = run("eval", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == f"Error: no gold files (*.json) in {tmp_path}\n"


def test_eval_of_unreadable_predictions_names_the_line(tiny_gold: Path, tmp_path: Path) -> None:
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text('{"id": "x"}\nnot json\n', encoding="utf-8")
    result = run("eval", str(tiny_gold), "--predictions", str(predictions))
    assert result.exit_code == 1
    assert f"{predictions}:2: not JSON" in result.stderr


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in group.commands.items():
        yield prefix + (name,)
        if isinstance(command, click.Group):
            yield from all_commands(command, prefix + (name,))


@pytest.mark.parametrize("path", [()] + list(all_commands(main)), ids=lambda p: " ".join(p) or "extractor")
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and "extractor " in result.stdout


def test_console_script_runs_on_stdin() -> None:
    script = Path(sys.executable).with_name("extractor")
    if not script.exists():
        pytest.skip(f"console script not installed beside {sys.executable} (pip install -e .)")
    done = subprocess.run([str(script), "extract", "-"], input=STORY, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    (record,) = records(done.stdout)
    assert record["id"] == "stdin"
    assert [liq["amount_usd"] for liq in record["liquidations"]] == [700_000_000.0]


def readme_blocks() -> list[list[str]]:
    """The lines of each ```sh block of README.md, in order."""
    blocks, current = [], None
    for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines():
        if current is None and line.strip() == "```sh":
            current = []
        elif current is not None and line.strip() == "```":
            blocks.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def test_ci_runs_readme_install_and_test_commands_word_for_word() -> None:
    install, test = readme_blocks()[0]
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert [line for line in ci_lines if line in (install, test)] == [install, test]


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_documented_in_readme(name: str) -> None:
    examples = [line for block in readme_blocks() for line in block]
    assert any(line.startswith(f"extractor {name} ") for line in examples)
