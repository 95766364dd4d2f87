"""Multinomial logistic regression over named features, stored as versioned JSON.

The learned layers of Study analysis (:mod:`consilience.analyze.design_model`,
:mod:`consilience.analyze.difference_model`) are each one of these: a class per kind of file
names its format, the version of the features it reads and the command that retrains it, so a
file written for other features is refused with that command, never silently misread. Only
numpy is needed at run time; training (scikit-learn) lives in the ``train_*`` modules.

>>> model = LinearModel(("no", "yes"), np.zeros(2), {"w:ci": np.array([-1.0, 1.0])}, {})
>>> round(model.predict_proba({"w:ci": 1.0})["yes"], 3)
0.881
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import numpy as np

__all__ = ["LinearModel", "ModelFileError"]

_Model = TypeVar("_Model", bound="LinearModel")


class ModelFileError(ValueError):
    """A weights file is missing, malformed or of an unsupported version."""


@dataclass(frozen=True)
class LinearModel:
    """Class weights per named feature; ``predict_proba`` of one row of features."""

    classes: tuple[str, ...]
    intercept: np.ndarray[Any, np.dtype[np.float64]]
    rows: dict[str, np.ndarray[Any, np.dtype[np.float64]]]
    meta: dict[str, Any]

    #: What the file says it is, and what reads it (each kind of model sets these).
    FORMAT: ClassVar[str] = "consilience-linear-model"
    FORMAT_VERSION: ClassVar[int] = 1
    FEATURES_VERSION: ClassVar[int] = 1
    KIND: ClassVar[str] = "linear"
    RETRAIN: ClassVar[str] = ""
    ERROR: ClassVar[type[ModelFileError]] = ModelFileError
    #: The weights file shipped in ``consilience/data`` (empty: none).
    SHIPPED: ClassVar[str] = ""

    @cached_property
    def _stacked(self) -> tuple[dict[str, int], np.ndarray[Any, np.dtype[np.float64]]]:
        # One matrix row per feature: an item's scores are one gather and one product (adding
        # the rows one by one cost more than the rules themselves, issue #4's throughput).
        names = list(self.rows)
        matrix = np.array([self.rows[name] for name in names]).reshape(len(names), len(self.classes))
        return {name: i for i, name in enumerate(names)}, matrix

    def predict_proba(self, features: dict[str, float]) -> dict[str, float]:
        """Class probabilities for one item's features (names the model never saw add nothing)."""
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
            "format": self.FORMAT,
            "version": self.FORMAT_VERSION,
            "features_version": self.FEATURES_VERSION,
            "classes": list(self.classes),
            "intercept": [round(float(v), 5) for v in self.intercept],
            "features": names,
            "weights": [[round(float(v), 5) for v in self.rows[name]] for name in names],
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls: type[_Model], data: dict[str, Any]) -> _Model:
        if data.get("format") != cls.FORMAT:
            raise cls.ERROR(f"not a Consilience {cls.KIND} model file")
        if data.get("version") != cls.FORMAT_VERSION or data.get("features_version") != cls.FEATURES_VERSION:
            raise cls.ERROR(
                f"{cls.KIND} model version {data.get('version')} / features {data.get('features_version')} "
                f"is not supported (expected {cls.FORMAT_VERSION} / {cls.FEATURES_VERSION}); retrain with "
                f"`{cls.RETRAIN}`"
            )
        classes = tuple(data["classes"])
        weights = data["weights"]
        if len(weights) != len(data["features"]) or any(len(row) != len(classes) for row in weights):
            raise cls.ERROR(f"{cls.KIND} model file: weights do not match its features and classes")
        rows = {
            str(name): np.asarray(row, dtype=np.float64)
            for name, row in zip(data["features"], weights, strict=True)
        }
        return cls(classes, np.asarray(data["intercept"], dtype=np.float64), rows, dict(data.get("meta", {})))

    @classmethod
    def load(cls: type[_Model], path: str | Path) -> _Model:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def load_or_shipped(cls: type[_Model], path: str | Path | None = None) -> _Model | None:
        """The model at ``path``, else the shipped one (read once); None when none is installed."""
        if path is not None:
            return cls.load(path)
        if cls.SHIPPED not in _SHIPPED:
            _SHIPPED[cls.SHIPPED] = _read_shipped(cls)
        shipped = _SHIPPED[cls.SHIPPED]
        assert shipped is None or isinstance(shipped, cls)
        return shipped

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")


#: The shipped models read so far, by file name: each is read once per process.
_SHIPPED: dict[str, LinearModel | None] = {}


def _read_shipped(kind: type[LinearModel]) -> LinearModel | None:
    if not kind.SHIPPED:
        return None
    resource = resources.files("consilience").joinpath(f"data/{kind.SHIPPED}")
    if not resource.is_file():
        return None
    return kind.from_json(json.loads(resource.read_text(encoding="utf-8")))
