"""Shared helpers for the stance tasks: metrics and seeded stratified folds (numpy only)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    return float(np.mean([g == p for g, p in zip(gold, pred, strict=True)])) if gold else 0.0


def per_class_f1(gold: Sequence[str], pred: Sequence[str], classes: Sequence[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, pred, strict=True))
        out[c] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return out


def macro_f1(gold: Sequence[str], pred: Sequence[str], classes: Sequence[str]) -> float:
    f1 = per_class_f1(gold, pred, classes)
    return float(np.mean(list(f1.values())))


def confusion(gold: Sequence[str], pred: Sequence[str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for g, p in zip(gold, pred, strict=True):
        out.setdefault(g, {}).setdefault(p, 0)
        out[g][p] += 1
    return out


def stratified_folds(labels: Sequence[str], k: int, seed: int = 0) -> list[np.ndarray]:
    """Indices of ``k`` test folds with each label spread evenly (seeded shuffle)."""
    rng = np.random.default_rng(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    offset = 0
    for label in sorted(set(labels)):
        idx = np.array([i for i, lab in enumerate(labels) if lab == label])
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            folds[(j + offset) % k].append(int(i))
        offset += len(idx)
    return [np.array(sorted(f)) for f in folds]


def scores(gold: Sequence[str], pred: Sequence[str], classes: Sequence[str]) -> dict[str, object]:
    return {
        "n": len(gold),
        "accuracy": round(accuracy(gold, pred), 4),
        "macro_f1": round(macro_f1(gold, pred, classes), 4),
        "f1": {c: round(v, 4) for c, v in per_class_f1(gold, pred, classes).items()},
        "confusion": confusion(gold, pred),
    }
