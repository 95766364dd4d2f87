"""The learned layer of study-design classification: a JSON-weights logistic regression.

The rules of :mod:`consilience.analyze.design` score every design from cue phrases and then
settle the classic confusions by hand-written structure. On abstracts nobody had tuned them on
they were right about two times in three (issue #4): the thresholds between animal and cell
work, between a narrative review and a laboratory paper, between a case series and a cohort do
not carry over. This layer reads the same evidence (each design's score, what was named
outright, the cue tags, the rules' own call and the branch that made it) plus the words of the
title and abstract, and learns from the hand-labelled design sets how they decide.

Only numpy is needed at run time. The model is ``consilience/data/design_model.json``:
classes, intercepts and one weight row per named feature, written by ``python -m
eval.train_design`` (the labels live in ``eval/gold``; ``docs/analysis.md`` says which sets
train it and which only measure it).

>>> model = DesignModel(("animal", "in-vitro"), np.zeros(2), {"w:mice": np.array([1.0, -1.0])}, {})
>>> probs = model.predict_proba({"w:mice": 1.0})
>>> max(probs, key=probs.__getitem__)
'animal'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "FEATURES_VERSION",
    "DesignModel",
    "DesignModelError",
    "load_design_model",
    "word_features",
]

MODEL_FORMAT = "consilience-design-model"
MODEL_FORMAT_VERSION = 1
#: Bump when the features change (names, scaling, the rules' notes they read); a model trained
#: on other features is refused with a message to retrain.
FEATURES_VERSION = 1

_WORD = re.compile(r"[a-z][a-z0-9]+(?:-[a-z0-9]+)*")


def word_features(folded: str) -> dict[str, float]:
    """Presence of each word of a folded (lower-case) text, as ``w:<word>`` features.

    >>> sorted(word_features("mice were fed; mice died"))
    ['w:died', 'w:fed', 'w:mice', 'w:were']
    """
    return dict.fromkeys(("w:" + word for word in _WORD.findall(folded)), 1.0)


class DesignModelError(ValueError):
    """The design weights file is missing, malformed or of an unsupported version."""


@dataclass(frozen=True)
class DesignModel:
    """Multinomial logistic regression over named features, loaded from JSON."""

    classes: tuple[str, ...]
    intercept: np.ndarray[Any, np.dtype[np.float64]]
    rows: dict[str, np.ndarray[Any, np.dtype[np.float64]]]
    meta: dict[str, Any]

    @cached_property
    def _stacked(self) -> tuple[dict[str, int], np.ndarray[Any, np.dtype[np.float64]]]:
        # One matrix row per feature: a paper's scores are one gather and one product (adding
        # the rows one by one cost more than the rules themselves, issue #4's throughput).
        names = list(self.rows)
        matrix = np.array([self.rows[name] for name in names]).reshape(len(names), len(self.classes))
        return {name: i for i, name in enumerate(names)}, matrix

    def predict_proba(self, features: dict[str, float]) -> dict[str, float]:
        """Class probabilities for one paper's features (names the model never saw add nothing)."""
        index, matrix = self._stacked
        found = [(index[name], value) for name, value in features.items() if name in index]
        scores = self.intercept.copy()
        if found:
            rows, values = zip(*found, strict=True)
            scores += np.asarray(values) @ matrix[list(rows)]
        scores -= scores.max()
        probs = np.exp(scores)
        probs /= probs.sum()
        return dict(zip(self.classes, probs.tolist(), strict=True))

    def to_json(self) -> dict[str, Any]:
        names = sorted(self.rows)
        return {
            "format": MODEL_FORMAT,
            "version": MODEL_FORMAT_VERSION,
            "features_version": FEATURES_VERSION,
            "classes": list(self.classes),
            "intercept": [round(float(v), 5) for v in self.intercept],
            "features": names,
            "weights": [[round(float(v), 5) for v in self.rows[name]] for name in names],
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DesignModel:
        if data.get("format") != MODEL_FORMAT:
            raise DesignModelError("not a Consilience design model file")
        if data.get("version") != MODEL_FORMAT_VERSION or data.get("features_version") != FEATURES_VERSION:
            raise DesignModelError(
                f"design model version {data.get('version')} / features {data.get('features_version')} "
                f"is not supported (expected {MODEL_FORMAT_VERSION} / {FEATURES_VERSION}); retrain with "
                "`python -m eval.train_design`"
            )
        classes = tuple(data["classes"])
        weights = data["weights"]
        if len(weights) != len(data["features"]) or any(len(row) != len(classes) for row in weights):
            raise DesignModelError("design model file: weights do not match its features and classes")
        rows = {
            str(name): np.asarray(row, dtype=np.float64)
            for name, row in zip(data["features"], weights, strict=True)
        }
        return cls(classes, np.asarray(data["intercept"], dtype=np.float64), rows, dict(data.get("meta", {})))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")


def load_design_model(path: str | Path | None = None) -> DesignModel | None:
    """The shipped model (or the one at ``path``); None when no weights file is installed."""
    if path is not None:
        return DesignModel.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
    return _shipped_model()


@lru_cache(maxsize=1)
def _shipped_model() -> DesignModel | None:
    resource = resources.files("consilience").joinpath("data/design_model.json")
    if not resource.is_file():
        return None
    return DesignModel.from_json(json.loads(resource.read_text(encoding="utf-8")))
