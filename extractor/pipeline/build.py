"""Assemble the pipeline and save it to `models/pipeline`: `python -m extractor.pipeline.build [DIR]`."""
from __future__ import annotations

import sys
from pathlib import Path

from ..resources import PIPELINE_DIR
from . import build_pipeline


def main(argv: list[str] | None = None) -> None:
    target = Path((argv or sys.argv[1:] or [str(PIPELINE_DIR)])[0])
    nlp = build_pipeline()
    nlp.to_disk(target)
    print(f"saved {', '.join(nlp.component_names)} to {target}")


if __name__ == "__main__":
    main()
