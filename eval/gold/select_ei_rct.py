"""Draw the stratified sample behind ``ei_rct_sample.jsonl`` (how RCT recall is really measured).

Evidence Inference's 3,260 abstracts with text are "RCT reports" only loosely: reading a sample
shows quasi-experimental studies, randomized animal and bench work, secondary analyses of trial
participants by non-randomized exposures, and pooled analyses. So recall of the ``rct`` call on
the whole set understates recall on the human RCTs in it. To measure the latter, a seeded
stratified sample was read and labelled by hand, blind to the classifier:

1. Split the abstracts by the classifier at commit 1ccc071 (design-3): called ``rct`` ("hit",
   2,896) or not ("miss", 364).
2. Draw 150 misses and 100 hits (``random.Random(SEED)``, ids sorted first), shuffle them together
   and label each from its title and abstract alone under ``DESIGN_LABELS.md``: design, human,
   whether random allocation is stated, and sure/unsure.
3. Each row keeps its stratum and weight (stratum size / sample size), so any later version of
   the classifier is scored on the same sample by inverse-probability weighting
   (``eval/design.py``): recall = sum of weights of human RCTs it calls ``rct`` / sum of weights
   of human RCTs.

``python -m eval.gold.select_ei_rct --data ../shared/data`` prints the ids of the draw, which
match the file only with the classifier of that commit (the strata depend on it).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from eval.corpus import load_source

from consilience.analyze.design import classify_design
from consilience.model import StudyDesign

SEED = 20261129
MISSES, HITS = 150, 100


def draw(data: Path) -> list[tuple[str, str, float]]:
    """(paper id, stratum, weight) for the sample, in labelling order."""
    hits, misses = [], []
    for paper in load_source(data, "evidence_inference").values():
        if paper.sections:
            (hits if classify_design(paper).design is StudyDesign.RCT else misses).append(paper.id)
    rng = random.Random(SEED)
    sample = [(pid, "miss", len(misses) / MISSES) for pid in rng.sample(sorted(misses), MISSES)]
    sample += [(pid, "hit", len(hits) / HITS) for pid in rng.sample(sorted(hits), HITS)]
    rng.shuffle(sample)
    return sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2].parent / "shared" / "data"
    )
    for paper_id, stratum, weight in draw(parser.parse_args().data):
        print(paper_id, stratum, round(weight, 6), sep="\t")


if __name__ == "__main__":
    main()
