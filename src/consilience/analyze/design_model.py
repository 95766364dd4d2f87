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

>>> import numpy as np
>>> model = DesignModel(("animal", "in-vitro"), np.zeros(2), {"w:mice": np.array([1.0, -1.0])}, {})
>>> probs = model.predict_proba({"w:mice": 1.0})
>>> max(probs, key=probs.__getitem__)
'animal'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from consilience.analyze.linear_model import LinearModel, ModelFileError

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


class DesignModelError(ModelFileError):
    """The design weights file is missing, malformed or of an unsupported version."""


@dataclass(frozen=True)
class DesignModel(LinearModel):
    """Multinomial logistic regression over a paper's design features, loaded from JSON."""

    FORMAT: ClassVar[str] = MODEL_FORMAT
    FORMAT_VERSION: ClassVar[int] = MODEL_FORMAT_VERSION
    FEATURES_VERSION: ClassVar[int] = FEATURES_VERSION
    KIND: ClassVar[str] = "design"
    RETRAIN: ClassVar[str] = "python -m eval.train_design"
    SHIPPED: ClassVar[str] = "design_model.json"
    ERROR: ClassVar[type[ModelFileError]] = DesignModelError


def load_design_model(path: str | Path | None = None) -> DesignModel | None:
    """The shipped model (or the one at ``path``); None when no weights file is installed."""
    return DesignModel.load_or_shipped(path)
