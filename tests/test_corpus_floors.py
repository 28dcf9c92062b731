"""The eval gate: the real pipeline on the project's annotated corpus keeps every field's F1
at or above the floor pinned in `corpus_floors.json`, and the `extractor eval` command prints
exactly what the shared referee `score.py` prints for the same predictions."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.api import Extractor
from extractor.cli import gold_articles, main
from extractor.evaluation import EvalReport, load_gold, load_predictions, score
from extractor.records import FIELDS

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus" / "articles"
PIPELINE = REPO / "models" / "pipeline"
FLOORS = json.loads((Path(__file__).with_name("corpus_floors.json")).read_text(encoding="utf-8"))["f1"]
REFEREE = REPO.parent / "shared" / "eval" / "score.py"


@pytest.fixture(scope="module")
def golds() -> list[dict]:
    return load_gold(CORPUS)


@pytest.fixture(scope="module")
def predictions_path(golds, tmp_path_factory) -> Path:
    """The pipeline's records for every corpus article, as the JSON Lines the referee reads."""
    path = tmp_path_factory.mktemp("corpus") / "predictions.jsonl"
    extractor = Extractor.from_disk(PIPELINE)
    with path.open("w", encoding="utf-8") as out:
        for record in extractor.extract_many(gold_articles(golds)):
            out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def report(golds, predictions_path) -> EvalReport:
    return score(golds, load_predictions(predictions_path))


def test_every_field_has_a_floor():
    assert sorted(FLOORS) == sorted(FIELDS)


@pytest.mark.parametrize("field", FIELDS)
def test_f1_at_or_above_floor(report, field):
    measured, floor = report.fields[field].f1, FLOORS[field]
    assert measured >= floor, f"{field}: measured F1 {measured:.3f} vs floor {floor}"


@pytest.mark.skipif(not REFEREE.exists(), reason=f"the shared referee {REFEREE} is absent: nothing to compare with")
def test_cli_eval_prints_the_referee_figures(predictions_path):
    cli = CliRunner().invoke(main, ["eval", str(CORPUS)])
    assert cli.exit_code == 0, cli.output
    referee = subprocess.run([sys.executable, str(REFEREE), str(CORPUS), str(predictions_path)],
                             capture_output=True, text=True, timeout=120, check=True)
    assert cli.stdout.splitlines() == referee.stdout.splitlines(), (
        f"extractor eval printed:\n{cli.stdout}\nscore.py printed:\n{referee.stdout}")
