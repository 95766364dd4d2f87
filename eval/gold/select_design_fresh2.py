"""Draw ``design_fresh2.jsonl``: a third class-by-class design set, labelled blind after design-7.

Drawn exactly as ``select_design_fresh.py`` draws ``design_fresh.jsonl`` (one keyword pre-filter
per class, then a random top-up), with a new seed, ten records per class and ten at random, and
leaving out every record an earlier set drew (``design_fresh.jsonl`` included). Every record is
labelled by hand, blind to the classifier, under ``DESIGN_LABELS.md``. The whole set was first
measured with design-7 as shipped (a blind figure), then added to the learned layer's training
data; from then on it is a training set and ``design_heldout.jsonl`` plus half 1 of
``design_fresh.jsonl`` stay the measure.

``python -m eval.gold.select_design_fresh2 --data ../shared/data`` prints the draw.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from eval.gold.select_design_fresh import draw

SEED = 20261201
PER_CLASS = 10
RANDOM_EXTRA = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2].parent / "shared" / "data"
    )
    args = parser.parse_args()
    for source, rid, how in draw(args.data, SEED, PER_CLASS, RANDOM_EXTRA, ("design_fresh.jsonl",)):
        print(source, rid, how, sep="\t")


if __name__ == "__main__":
    main()
