"""Draw ``design_fresh.jsonl``: a second class-by-class design set, labelled blind after design-5.

``design.jsonl`` was drawn class by class and then tuned on, so its 0.86 says how the classifier
does on abstracts it was tuned for; the random-mix sets (``select_design_heldout.py``) hold
mostly basic science and hardly any of the rare classes. This set is drawn the way the gold set
was, so that every class shows up, but from records nobody had read:

1. The same pools (SciFact, PubMedQA's labelled half, the MEDLINE excerpt, Evidence Inference)
   less every record ``select_design.select`` drew for the gold set (labelled or skipped) and
   every record in ``design_dev.jsonl`` and ``design_heldout.jsonl``.
2. For each class, the gold set's first-pass keyword pre-filter (``PREFILTERS``), or its stricter
   top-up filter where it has one (``TOPUP``: rare classes), shuffled with
   ``random.Random(SEED + class index)``; the first ``PER_CLASS`` records not yet drawn.
3. ``RANDOM_EXTRA`` records from the whole pool (Evidence Inference left out) for the ordinary mix.

Every record is then labelled by hand, blind to the classifier, under ``DESIGN_LABELS.md``;
the pre-filter only decides what is read. Rows alternate into two halves by position
(``half`` 0 / 1): half 0 may be tuned on, half 1 is for measuring.

``python -m eval.gold.select_design_fresh --data ../shared/data`` prints the draw.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from eval.corpus import load_source
from eval.gold.select_design import PREFILTERS, TOPUP, select

SEED = 20261203
PER_CLASS = 8
RANDOM_EXTRA = 8


def _ids(name: str) -> set[tuple[str, str]]:
    path = Path(__file__).resolve().parent / name
    if not path.is_file():
        return set()
    return {(r["source"], r["id"]) for r in map(json.loads, path.read_text().splitlines()) if r}


def draw(
    data: Path,
    seed: int = SEED,
    per_class: int = PER_CLASS,
    random_extra: int = RANDOM_EXTRA,
    exclude: tuple[str, ...] = (),
) -> list[tuple[str, str, str]]:
    """(source, id, the filter that found it), in labelling order.

    ``exclude`` names further gold files whose records are not drawn again (a later draw
    leaves out this one's).
    """
    pools = {s: load_source(data, s) for s in ("scifact", "pubmedqa", "medline", "evidence_inference")}
    taken = {(source, rid) for source, rid, _how, _paper in select(data)}
    for name in ("design_dev.jsonl", "design_heldout.jsonl", "design.jsonl", *exclude):
        taken |= _ids(name)
    chosen: list[tuple[str, str, str]] = []
    for index, (name, (regex, sources)) in enumerate(PREFILTERS.items()):
        regex, sources = TOPUP.get(name, (regex, sources))
        pattern = re.compile(regex, re.IGNORECASE)
        pool = sorted(
            (source, rid)
            for source in sources
            for rid, paper in pools[source].items()
            if paper.abstract and pattern.search(f"{paper.title}\n{paper.abstract}")
        )
        random.Random(seed + index).shuffle(pool)
        for key in [k for k in pool if k not in taken][:per_class]:
            taken.add(key)
            chosen.append((*key, name))
    every = sorted(
        (source, rid)
        for source in ("scifact", "pubmedqa", "medline")
        for rid, paper in pools[source].items()
        if paper.abstract
    )
    random.Random(seed - 1).shuffle(every)
    for key in [k for k in every if k not in taken][:random_extra]:
        taken.add(key)
        chosen.append((*key, "random"))
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2].parent / "shared" / "data"
    )
    args = parser.parse_args()
    for source, rid, how in draw(args.data):
        print(source, rid, how, sep="\t")


if __name__ == "__main__":
    main()
