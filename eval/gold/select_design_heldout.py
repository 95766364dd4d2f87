"""Draw the random-mix study-design sets: ``design_dev.jsonl`` and ``design_heldout.jsonl``.

``design.jsonl`` was drawn class by class (rare designs on purpose), so its accuracy says
little about the ordinary mix a library holds. After the classifier had been tuned on it
(design-4), 100 abstracts were drawn at random, with no keyword pre-filter, from SciFact,
PubMedQA (labelled half) and the MEDLINE excerpt, less those in ``design.jsonl`` and records
without abstract text (``random.Random(DEV_SEED).sample`` over the pool in load order), and
labelled blind to the classifier under ``DESIGN_LABELS.md``. Measured once as a held-out set,
design-4 scored 0.63 on it (basic science was the weak part: animal vs in-vitro, lab work
read as reviews), so it became ``design_dev.jsonl``, a set to tune on, and a fresh 100
(``HELDOUT_SEED``, the pool less the dev set too) were drawn and labelled blind the same way as
``design_heldout.jsonl``: use that one only to measure. Evidence Inference (all reported as
RCTs) is left out of both, as its own recall figures cover it.

``python -m eval.gold.select_design_heldout --data ../shared/data [--dev]`` prints a draw.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from eval.corpus import load_source

DEV_SEED = 20261201
HELDOUT_SEED = 20261202
SIZE = 100
SOURCES = ("scifact", "pubmedqa", "medline")


def _ids(name: str) -> set[tuple[str, str]]:
    path = Path(__file__).resolve().parent / name
    if not path.is_file():
        return set()
    return {(r["source"], r["id"]) for r in map(json.loads, path.read_text().splitlines()) if r}


def draw(data: Path, *, dev: bool = False) -> list[tuple[str, str]]:
    """(source, id) of the held-out abstracts (or, with ``dev``, the dev set), in labelling order."""
    taken = _ids("design.jsonl") | (set() if dev else _ids("design_dev.jsonl"))
    pool = []
    for source in SOURCES:
        for paper in load_source(data, source).values():
            short_id = paper.id.split(":", 1)[-1]
            text = " ".join(section.text for section in paper.sections)
            if text.strip() and (source, short_id) not in taken:
                pool.append((source, short_id))
    return random.Random(DEV_SEED if dev else HELDOUT_SEED).sample(pool, SIZE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", action="store_true", help="the dev set's draw instead")
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2].parent / "shared" / "data"
    )
    args = parser.parse_args()
    for source, paper_id in draw(args.data, dev=args.dev):
        print(source, paper_id, sep="\t")


if __name__ == "__main__":
    main()
