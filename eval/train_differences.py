"""Train the learned layer of effect extraction: ``python -m eval.train_differences [--data ../shared/data]``.

The layer (:mod:`consilience.analyze.difference_model`) decides which values with an interval
that the rules left alone are between-group mean differences printed without a name.

Training items: every such candidate (``consilience.analyze.effects.difference_candidates``)
in the hand-labelled effect sets of ``eval/gold``, ``effects.jsonl`` and the dev sets
(``effects_dev.jsonl``, ``effects_dev2.jsonl`` … ``effects_dev25.jsonl``), labelled from the
gold estimates that the rules miss: ``MD`` when a gold mean difference has the candidate's value
and interval, ``other-difference`` for a risk or standardised difference, ``ratio`` for a ratio
measure, ``none`` otherwise. ``effects_heldout.jsonl`` is never trained on: it measures.

``C`` is chosen from :data:`C_GRID` by out-of-fold log-loss over :data:`FOLDS` folds that keep
each labelled set whole (fold k takes every FOLDS-th set from the k-th), so an abstract is never
scored by a model trained on its own set; the cross-validation is repeated :data:`REPEATS` times
(the sets sorted by name, then shuffled with seeds 1, 2, …) and its figures pooled. At that C,
the threshold the layer uses is the lowest of 0.5, 0.55, … 0.95 at which nine in ten of the
pooled out-of-fold additions were right (``difference_model.PRECISION``); it and the out-of-fold
figures go into the model's ``meta``. A feature gets a weight only when at least
:data:`MIN_ITEMS` candidates have it. Needs the ``train`` extra (scikit-learn); about two minutes.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from consilience.analyze.difference_model import CLASSES, FEATURES_VERSION, PRECISION, DifferenceModel
from consilience.analyze.effects import difference_candidates, extract_effects
from consilience.analyze.train_design import fit_weights
from consilience.model import Effect
from eval.effects import GOLD, HELDOUT, SCORED_APART, _effect_matches, _match, _paper, canonical_measure

C_GRID: tuple[float, ...] = (0.3, 1.0, 3.0)
FOLDS = 5
#: Cross-validation is repeated over this many shuffles of the sets into folds, and the
#: out-of-fold figures pooled: with about twenty additions out of fold, one fold assignment
#: moved the threshold by 0.05 whenever a set was added.
REPEATS = 5
MIN_ITEMS = 2
THRESHOLDS: tuple[float, ...] = tuple(round(0.5 + 0.05 * k, 2) for k in range(10))
DEFAULT_OUT = (
    Path(__file__).resolve().parent.parent / "src" / "consilience" / "data" / "difference_model.json"
)

_CLASS_OF = {"MD": "MD", "RD": "other-difference", "SMD": "other-difference"}


def training_sets() -> list[Path]:
    """The labelled effect sets that train the layer (every one but the held-out set)."""
    return [GOLD] + [path for _, path in SCORED_APART if path != HELDOUT and path.is_file()]


def labelled_candidates(
    data: Path, sets: Sequence[Path]
) -> tuple[list[dict[str, float]], list[int], list[str]]:
    """Feature rows, class indices (into ``CLASSES``) and each row's set name."""
    rows: list[dict[str, float]] = []
    labels: list[int] = []
    groups: list[str] = []
    for path in sets:
        with path.open(encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        for record in records:
            paper = _paper(data, record)
            _, missed, _ = _match(
                record.get("effects") or [], extract_effects(paper, learned=False), _effect_matches
            )
            for candidate, features in difference_candidates(paper):
                parsed = candidate.parsed
                assert parsed.ci is not None
                label = "none"
                for gold in missed:
                    probe = Effect(
                        measure=gold["measure"], value=parsed.value, ci_low=parsed.ci[0], ci_high=parsed.ci[1]
                    )
                    if _effect_matches(gold, probe):
                        label = _CLASS_OF.get(canonical_measure(gold["measure"]), "ratio")
                        missed.remove(gold)
                        break
                rows.append(features)
                labels.append(CLASSES.index(label))
                groups.append(path.stem)
    return rows, labels, groups


def _fit(rows: Sequence[dict[str, float]], y: Sequence[int], c_value: float) -> DifferenceModel:
    intercept, weighted = fit_weights(rows, np.asarray(y), CLASSES, c_value, MIN_ITEMS)
    return DifferenceModel(CLASSES, intercept, weighted, {"C": c_value})


def _folds(groups: Sequence[str], repeat: int) -> list[set[str]]:
    """Repeat 0 sorts the sets by name; each later repeat shuffles them with its own seed."""
    names = sorted(set(groups))
    if repeat:
        random.Random(repeat).shuffle(names)
    return [set(names[k::FOLDS]) for k in range(FOLDS)]


def out_of_fold(rows: Sequence[dict[str, float]], y: Sequence[int], groups: Sequence[str]) -> dict[str, Any]:
    """The C with the lowest out-of-fold log-loss, and what the layer adds at that C."""
    md = CLASSES.index("MD")
    best: dict[str, Any] = {"log_loss": math.inf}
    for c_value in C_GRID:
        # every candidate's out-of-fold probabilities, once per repeat, stacked
        probs = np.zeros((REPEATS * len(rows), len(CLASSES)))
        for repeat in range(REPEATS):
            for fold in _folds(groups, repeat):
                train = [i for i, g in enumerate(groups) if g not in fold]
                test = [i for i, g in enumerate(groups) if g in fold]
                model = _fit([rows[i] for i in train], [y[i] for i in train], c_value)
                for i in test:
                    found = model.predict_proba(rows[i])
                    probs[repeat * len(rows) + i] = [found[c] for c in CLASSES]
        labels = np.tile(np.asarray(y), REPEATS)
        log_loss = -float(np.mean(np.log(np.maximum(probs[np.arange(len(labels)), labels], 1e-12))))
        if log_loss < best["log_loss"] - 1e-9:
            best = {"C": c_value, "log_loss": round(log_loss, 4), "candidates": len(rows), "repeats": REPEATS}
            best.update(_threshold(probs[:, md], labels == md))
    return best


def _threshold(p_md: np.ndarray, is_md: np.ndarray) -> dict[str, Any]:
    """The lowest of :data:`THRESHOLDS` at which the out-of-fold additions are right at least
    :data:`~consilience.analyze.difference_model.PRECISION` of the time (the highest if none);
    counts pooled over the repeats, so each is :data:`REPEATS` times the candidates'."""
    for threshold in THRESHOLDS:
        taken = p_md > threshold
        right = int(np.sum(taken & is_md))
        if threshold == THRESHOLDS[-1] or (taken.any() and right / int(np.sum(taken)) >= PRECISION):
            return {
                "threshold": threshold,
                "mean_differences": int(np.sum(is_md)),
                "reported": int(np.sum(taken)),
                "reported_right": right,
            }
    raise AssertionError("unreachable")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.train_differences", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="the shared data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON weights")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    sets = training_sets()
    rows, y, groups = labelled_candidates(args.data, sets)
    chosen = out_of_fold(rows, y, groups)
    model = _fit(rows, y, chosen["C"])
    meta = {
        "trained_on": "eval/gold " + ", ".join(path.name for path in sets),
        "candidates": len(rows),
        "C_grid": list(C_GRID),
        "folds": f"{FOLDS}, each labelled set whole",
        "min_items_per_feature": MIN_ITEMS,
        "threshold": chosen["threshold"],
        "precision_wanted": PRECISION,
        "features_version": FEATURES_VERSION,
        "out_of_fold": chosen,
        "C": chosen["C"],
    }
    model = DifferenceModel(model.classes, model.intercept, model.rows, meta)
    model.save(args.out)
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e3:.0f} kB, {len(model.rows)} features, "
        f"{len(rows)} candidates in {len(sets)} sets; out of fold {chosen}) in {time.perf_counter() - start:.1f}s"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
