"""Fit the learned layer of study design over labelled papers (the ``train`` extra: scikit-learn).

:func:`train` turns (label, paper) pairs into :func:`consilience.analyze.design.design_features`
rows, chooses the L2 strength ``C`` of :data:`C_GRID` with the lowest out-of-fold log-loss over
:data:`FOLDS` seeded folds, and fits a multinomial logistic regression on all of them; a
feature gets a weight only when at least :data:`MIN_PAPERS` papers have it. The result is a
:class:`consilience.analyze.design_model.DesignModel` (JSON weights, numpy at run time).
``python -m eval.train_design`` trains the shipped model on the hand-labelled sets.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from consilience.analyze.design import _decide, design_features, score_design
from consilience.analyze.design_model import FEATURES_VERSION, DesignModel
from consilience.analyze.train_stance import _matrix
from consilience.model import Paper, StudyDesign

__all__ = [
    "CLASSES",
    "C_GRID",
    "FOLDS",
    "MIN_PAPERS",
    "SEED",
    "featurize",
    "fit_model",
    "fit_weights",
    "select_c",
    "train",
]

C_GRID: tuple[float, ...] = (0.3, 1.0, 3.0, 10.0)
FOLDS = 5
MIN_PAPERS = 3
SEED = 0
CLASSES = tuple(d.value for d in StudyDesign)


def paper_features(paper: Paper) -> dict[str, float] | None:
    """The learned layer's input, or None for a paper with no text.

    Papers whose call the rules keep at run time (``design._RULES_DECIDE``) still train: they
    teach how cue scores and words go with designs (leaving them out cost 0.02 of accuracy on
    the unseen papers and brought the human-RCT recall under 0.97).
    """
    ds = score_design(paper)
    design, adjusted, notes = _decide(ds)
    if not ds.folded.strip():
        return None
    return design_features(ds, design, adjusted, notes)


def _fit(
    rows: Sequence[dict[str, float]], y: np.ndarray, c_value: float, min_count: int = MIN_PAPERS
) -> tuple[list[str], Any]:
    from sklearn.linear_model import LogisticRegression

    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    names = sorted(name for name, n in counts.items() if n >= min_count)
    clf = LogisticRegression(C=c_value, max_iter=5000, tol=1e-6)
    clf.fit(_matrix(rows, _columns(names)), y)
    return names, clf


def _columns(names: list[str]) -> dict[str, int]:
    return {name: i for i, name in enumerate(names)}


def _probabilities(names: list[str], clf: Any, rows: Sequence[dict[str, float]]) -> np.ndarray:
    probs = np.full((len(rows), len(CLASSES)), 1e-12)
    probs[:, clf.classes_] = clf.predict_proba(_matrix(rows, _columns(names)))
    return probs


def _folds(n: int) -> list[np.ndarray]:
    order = np.random.default_rng(SEED).permutation(n)
    return [order[k::FOLDS] for k in range(FOLDS)]


def _macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    f1 = []
    for k in set(y.tolist()):
        tp = int(np.sum((pred == k) & (y == k)))
        f1.append(2 * tp / int(np.sum(pred == k) + np.sum(y == k)))
    return float(np.mean(f1))


def select_c(rows: Sequence[dict[str, float]], y: np.ndarray) -> dict[str, Any]:
    """The C of :data:`C_GRID` with the lowest out-of-fold log-loss, with its out-of-fold figures."""
    best: dict[str, Any] = {"log_loss": math.inf}
    for c_value in C_GRID:
        probs = np.zeros((len(rows), len(CLASSES)))
        for test in _folds(len(rows)):
            held = set(test.tolist())
            train = [i for i in range(len(rows)) if i not in held]
            names, clf = _fit([rows[i] for i in train], y[train], c_value)
            probs[test] = _probabilities(names, clf, [rows[i] for i in test])
        log_loss = -float(np.mean(np.log(probs[np.arange(len(y)), y])))
        if log_loss < best["log_loss"] - 1e-9:
            pred = np.argmax(probs, axis=1)
            best = {
                "C": c_value,
                "log_loss": round(log_loss, 4),
                "accuracy": round(float(np.mean(pred == y)), 4),
                "macro_f1": round(_macro_f1(y, pred), 4),
            }
    return best


def fit_weights(
    rows: Sequence[dict[str, float]], y: np.ndarray, classes: Sequence[str], c_value: float, min_count: int
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Intercepts and one weight row per named feature of a multinomial logistic regression
    (labels ``y`` index ``classes``; a feature needs ``min_count`` rows), as a
    :class:`~consilience.analyze.linear_model.LinearModel` holds them. Any learned layer's trainer."""
    names, clf = _fit(rows, y, c_value, min_count)
    coef = np.zeros((len(classes), len(names)))
    # A class no training row has gets an intercept far below the rest: never predicted.
    intercept = np.full(len(classes), -30.0)
    if len(clf.classes_) == 2:
        # scikit-learn fits two classes as one logistic: weights for the second, none for the first.
        coef[clf.classes_[1]] = clf.coef_[0]
        intercept[clf.classes_] = (0.0, clf.intercept_[0])
    else:
        coef[clf.classes_] = clf.coef_
        intercept[clf.classes_] = clf.intercept_
    weighted = {name: coef[:, j].copy() for j, name in enumerate(names) if np.any(np.abs(coef[:, j]) >= 1e-4)}
    return intercept, weighted


def fit_model(
    rows: Sequence[dict[str, float]], y: np.ndarray, c_value: float, meta: dict[str, Any]
) -> DesignModel:
    """Fit the weights on these rows (labels ``y`` index :data:`CLASSES`) as a DesignModel."""
    intercept, weighted = fit_weights(rows, y, CLASSES, c_value, MIN_PAPERS)
    return DesignModel(
        CLASSES, intercept, weighted, {**meta, "C": c_value, "features_version": FEATURES_VERSION}
    )


def featurize(labelled: Sequence[tuple[str, Paper]]) -> tuple[list[dict[str, float]], np.ndarray, list[int]]:
    """Feature rows, label indices and, for each row, its position in ``labelled``."""
    rows: list[dict[str, float]] = []
    labels: list[int] = []
    positions: list[int] = []
    for i, (label, paper) in enumerate(labelled):
        row = paper_features(paper)
        if row is not None:
            rows.append(row)
            labels.append(CLASSES.index(label))
            positions.append(i)
    return rows, np.array(labels), positions


def train(labelled: Sequence[tuple[str, Paper]], meta: dict[str, Any]) -> DesignModel:
    """Choose C by cross-validation, then fit on every training paper."""
    rows, y, _ = featurize(labelled)
    chosen = select_c(rows, y)
    return fit_model(rows, y, chosen["C"], {**meta, "papers": len(rows), "out_of_fold": chosen})
