"""Train the learned layer of study design: ``python -m eval.train_design [--data ../shared/data]``.

Training sets (hand labels, ``eval/gold``; conventions in ``gold/DESIGN_LABELS.md``):

- ``design.jsonl`` (the class-by-class gold set), ``design_fresh2.jsonl`` (a second
  class-by-class set, measured blind before it joined), ``design_dev.jsonl`` (the random-mix
  dev set) and the tuning half of ``design_fresh.jsonl`` (``half`` 0);
- every fourth Cochrane review abstract of ``cochrane_pls/val.source`` (lines 0, 4, 8, ...), each a
  systematic review by where it comes from: labelled ``meta-analysis`` when the effect
  extractor finds a pooled estimate in it and ``systematic-review`` otherwise (the labelling
  convention: a review that pools is a meta-analysis).

Only measured, never trained on: ``design_heldout.jsonl``, the other half of the fresh set,
the other Cochrane abstracts, the Evidence Inference RCT sample and the MEDLINE
PublicationType agreement (``eval/design.py``).

The fitting is :func:`consilience.analyze.train_design.train` (C chosen by out-of-fold
log-loss); the weights go as versioned JSON to ``src/consilience/data/design_model.json``.
Needs the ``train`` extra (scikit-learn).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from consilience.analyze.effects import extract_effects
from consilience.analyze.train_design import C_GRID, FOLDS, MIN_PAPERS, SEED, train
from consilience.model import Paper, Section
from eval.design import COCHRANE_EVERY, DEV, FRESH, FRESH2, GOLD, load_gold

# Every fourth Cochrane abstract trains (about 100; eval.design.COCHRANE_EVERY): the pool's share
# of evidence syntheses then stays near the gold set's (about one paper in six). All 205 even
# lines made syntheses a third of the pool and taught the model that an abstract with no design
# cues is a review.
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src" / "consilience" / "data" / "design_model.json"


def cochrane_training(data: Path) -> list[tuple[str, Paper]]:
    """Every fourth Cochrane abstract, labelled meta-analysis when it pools an estimate."""
    path = data / "cochrane_pls" / "val.source"
    if not path.is_file():
        return []
    out: list[tuple[str, Paper]] = []
    for i, text in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if i % COCHRANE_EVERY == 0 and text.strip():
            paper = Paper(id=f"cochrane:{i}", sections=[Section(text=text)])
            out.append(("meta-analysis" if extract_effects(paper) else "systematic-review", paper))
    return out


def training_papers(data: Path) -> list[tuple[str, Paper]]:
    """(label, paper) for every training paper (see the module docstring); the gold set comes
    first and the second fresh set next, in file order (``eval.design`` scores both out of fold)."""
    out: list[tuple[str, Paper]] = []
    for path in (GOLD, FRESH2, DEV, FRESH):
        rows, papers = load_gold(data, path)
        out.extend(
            (row["design"], paper)
            for row, paper in zip(rows, papers, strict=True)
            if path != FRESH or row.get("half") == 0
        )
    return out + cochrane_training(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.train_design", description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="the shared data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON weights")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    labelled = training_papers(args.data)
    meta = {
        "trained_on": (
            "eval/gold design.jsonl, design_fresh2.jsonl, design_dev.jsonl, design_fresh.jsonl half 0; "
            "cochrane_pls/val.source every fourth line"
        ),
        "papers": len(labelled),
        "C_grid": list(C_GRID),
        "folds": FOLDS,
        "min_papers_per_feature": MIN_PAPERS,
        "seed": SEED,
    }
    model = train(labelled, meta)
    model.save(args.out)
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e3:.0f} kB, {len(model.rows)} features, "
        f"{len(labelled)} papers; C={model.meta['C']}; out of fold {model.meta['out_of_fold']}) "
        f"in {time.perf_counter() - start:.1f}s"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
