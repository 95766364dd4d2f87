"""Training the learned layer of stance on small synthetic data (needs the ``train`` extra)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("sklearn")

from consilience.analyze.stance_model import CLASSES
from consilience.analyze.train_stance import C_GRID, OFFSET_GRID, select_hyperparameters, train


def _synthetic(n_items: int = 60) -> tuple[list[dict[int, float]], list[str], list[str]]:
    """Two rows per item (as PubMedQA's two settings); one cue slot per class plus shared noise."""
    rng = np.random.default_rng(0)
    rows: list[dict[int, float]] = []
    labels: list[str] = []
    groups: list[str] = []
    for item in range(n_items):
        label = CLASSES[item % len(CLASSES)]
        for _ in range(2):
            row = {100 + CLASSES.index(label): 1.0, 7: 1.0}
            row[200 + int(rng.integers(0, 5))] = 1.0  # noise shared across classes
            rows.append(row)
            labels.append(label)
            groups.append(f"item{item}")
    return rows, labels, groups


def test_hyperparameters_come_from_the_grids_and_are_reproducible() -> None:
    rows, labels, groups = _synthetic()
    first = select_hyperparameters(rows, labels, groups)
    assert first["C"] in C_GRID
    assert all(o in OFFSET_GRID or o == 0.0 for o in first["offset"])
    assert first["log_loss"] > 0.0
    assert select_hyperparameters(rows, labels, groups) == first


def test_trained_model_separates_the_classes_and_records_its_choices() -> None:
    rows, labels, groups = _synthetic()
    model = train(rows, labels, groups, meta={"trained_on": "synthetic"})
    assert {"C", "offset", "inner_cv_score", "inner_cv_log_loss", "trained_on"} <= set(model.meta)
    for k, label in enumerate(CLASSES):
        probs = model.predict_proba({100 + k: 1.0, 7: 1.0})
        assert max(probs, key=lambda c: probs[c]) == label
