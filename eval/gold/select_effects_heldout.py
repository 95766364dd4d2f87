"""Draw the held-out effect-estimate set (``effects_heldout.jsonl``).

After the extractor had been tuned on ``effects.jsonl``, 40 abstracts were drawn from those of
Evidence Inference, SciFact, PubMedQA and the MEDLINE excerpt that mention a confidence interval
and an effect measure (or "difference"), are not in the gold set, and were not read while tuning;
``random.Random(SEED)`` over the pool in load order. Each was then labelled by hand, blind to the
extractor, under ``EFFECTS_LABELS.md``. Use it only to measure: a change tuned on it makes it one
more tuning set (label a fresh one instead).

``python -m eval.gold.select_effects_heldout --data ../shared/data`` prints the draw.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from eval.corpus import load_source

SEED = 20261130
SIZE = 40
DEV_SEED, DEV_SIZE = 20261131, 60  # effects_dev.jsonl: the same pool less the held-out set
SOURCES = ("evidence_inference", "scifact", "pubmedqa", "medline")
_MEASURE = re.compile(
    r"hazard ratio|odds ratio|relative risk|risk ratio|rate ratio|mean difference|risk difference|"
    r"\b(?:a?HR|a?OR|RR|IRR|MD|SMD|WMD|RD)\b|Cohen|effect size|difference",
    re.IGNORECASE,
)
_INTERVAL = re.compile(r"\bCI\b|confidence interval")


def draw(data: Path) -> list[tuple[str, str]]:
    """(source, id) of the held-out abstracts, in labelling order."""
    gold_file = Path(__file__).resolve().parent / "effects.jsonl"
    gold = {(row["source"], row["id"]) for row in map(json.loads, gold_file.read_text().splitlines())}
    pool = []
    for source in SOURCES:
        for paper in load_source(data, source).values():
            text = " ".join(section.text for section in paper.sections)
            short_id = paper.id.split(":", 1)[-1]
            if text and (source, short_id) not in gold and _INTERVAL.search(text) and _MEASURE.search(text):
                pool.append((source, short_id))
    return random.Random(SEED).sample(pool, SIZE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2].parent / "shared" / "data"
    )
    for source, paper_id in draw(parser.parse_args().data):
        print(source, paper_id, sep="\t")


if __name__ == "__main__":
    main()
