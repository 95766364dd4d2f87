"""The learned layer of effect extraction: between-group differences printed without a name.

Abstracts often give a difference between arms as a bare value with its interval: "removal of
the games increased activity (3.8 min/day, 95% CI 1.5 to 6.1)", "a greater decline in the
PHQ-9 score compared to the attention control of 1.06 (95% CI: 0.23-1.89) points". The
conventions (``eval/gold/EFFECTS_LABELS.md``) count such a value as a mean difference when an
interval comes with it, but the same shape is also one arm's mean, a change within one group,
a cost, a regression coefficient or a ratio whose name was given sentences before. The rules of
:mod:`consilience.analyze.effects` take only the shapes they can vouch for; on the labelled
sets most of what they missed was of this kind (198 of 375 missed estimates).

This layer reads every value with an interval that the rules left alone (a *candidate*) and
scores how likely it is to be a between-group mean difference from the words around it, the
shape of its interval (symmetric on a log scale, as a ratio's is, or on a linear one) and where
it stands. A candidate is reported as ``MD`` when that probability is above the model's
threshold: the lowest at which nine in ten of the candidates the layer added were right out of
fold in training (:data:`PRECISION`), so that what it adds is about as trustworthy as what the
rules report.

The weights are ``consilience/data/difference_model.json`` (a :class:`LinearModel`), written by
``python -m eval.train_differences`` from the hand-labelled effect sets; without the file the
rules stand alone.

>>> from consilience.analyze.sentences import split_sentences
>>> norm = "Activity rose more with the games than without (3.8 min/day, 95% CI 1.5 to 6.1)."
>>> [(p.value, p.ci) for p in find_candidates(norm, *split_sentences(norm)[0], taken=[])]
[(3.8, (1.5, 6.1))]
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from consilience.analyze.effect_values import Parsed, read_value
from consilience.analyze.linear_model import LinearModel, ModelFileError
from consilience.analyze.numbers import CI_PATTERN

__all__ = [
    "CLASSES",
    "FEATURES_VERSION",
    "PRECISION",
    "THRESHOLD",
    "Candidate",
    "DifferenceModel",
    "DifferenceModelError",
    "candidate_features",
    "candidates_in",
    "find_candidates",
    "load_difference_model",
]

#: What a candidate may be: nothing the conventions count, a mean difference (the one reported),
#: another difference (a risk difference, a standardised one) or a ratio named earlier.
CLASSES = ("none", "MD", "other-difference", "ratio")
#: Bump when :func:`candidate_features` changes; a model trained on other features is refused.
FEATURES_VERSION = 1
#: How sure the layer must be, as the rules are, of what it adds: the probability a candidate
#: must pass is the lowest (of 0.5, 0.55, ... 0.95) at which at least this share of what the
#: layer adds was right out of fold in training (``meta["threshold"]`` of the model file).
PRECISION = 0.9
#: The probability used when a model file names none.
THRESHOLD = 0.5

_NUMBER = re.compile(r"(?<![\w.])-?\s?\.?\d")
_WORD = re.compile(r"[a-zα-ω][a-z0-9α-ω-]*|[<>=±%]")
_INTERVAL = re.compile(CI_PATTERN)
_CI_WORDS = re.compile(r"\bCI\b|confidence|interval")
#: A sentence that may hold a value with an interval: a bracket, a labelled interval, or a
#: Lancet-style "0.66, 0.49-0.88" (``read_ci`` needs one of these).
_MAY_HOLD = re.compile(r"[(\[]|\bCI\b|nterval|onfidence|,\s?-?\.?\d[\d.]*\s?(?:-|to)\s?-?\.?\d")


class DifferenceModelError(ModelFileError):
    """The unnamed-difference weights file is malformed or of an unsupported version."""


@dataclass(frozen=True)
class DifferenceModel(LinearModel):
    """Multinomial logistic regression over a candidate's features, loaded from JSON."""

    FORMAT: ClassVar[str] = "consilience-difference-model"
    FORMAT_VERSION: ClassVar[int] = 1
    FEATURES_VERSION: ClassVar[int] = FEATURES_VERSION
    KIND: ClassVar[str] = "unnamed-difference"
    RETRAIN: ClassVar[str] = "python -m eval.train_differences"
    SHIPPED: ClassVar[str] = "difference_model.json"
    ERROR: ClassVar[type[ModelFileError]] = DifferenceModelError


@dataclass(frozen=True)
class Candidate:
    """A value with an interval in one sentence (``start``, ``end``) of a normalised text."""

    parsed: Parsed
    start: int
    end: int
    index: int  # its place among the sentence's candidates
    count: int  # how many the sentence holds


def find_candidates(norm: str, start: int, end: int, taken: Sequence[tuple[int, int]]) -> list[Parsed]:
    """Values with an interval in ``norm[start:end]``, read as a difference would be, that do
    not overlap a span in ``taken`` (what the rules already reported)."""
    # (Every candidate has an interval, so a sentence without one's shape holds none: most don't.)
    if _MAY_HOLD.search(norm, start, end) is None or _INTERVAL.search(norm, start, end) is None:
        return []
    found: list[Parsed] = []
    pos = start
    for m in _NUMBER.finditer(norm, start, end):
        if m.start() < pos:
            continue
        parsed = read_value(norm, m.start(), end, "MD", None)
        if parsed is None or parsed.ci is None or parsed.value_start > m.end() + 1:
            continue
        pos = parsed.end
        if any(a <= parsed.value_start < b or a < parsed.end <= b for a, b in taken):
            continue
        found.append(parsed)
    return found


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def candidate_features(norm: str, candidate: Candidate, label: str, in_title: bool) -> dict[str, float]:
    """What the model reads of a candidate: nearby words, the interval's shape, its place.

    (:func:`consilience.analyze.effects.difference_candidates` adds what the rules' own
    patterns say of it: an arm's value beside another's, a change within one group, ...)

    >>> from consilience.analyze.effect_values import Parsed
    >>> norm = "Weight fell more than with placebo (-2.1 kg, 95% CI -3.0 to -1.2)."
    >>> parsed = Parsed(-2.1, 36, 40, (-3.0, -1.2), 95.0, 65)
    >>> f = candidate_features(norm, Candidate(parsed, 0, len(norm), 0, 1), "RESULTS", False)
    >>> f["b:placebo"], f["linsym"], f["neg"], f["sec:results"]
    (1.0, 1.0, 1.0, 1.0)
    """
    parsed, s0, s1 = candidate.parsed, candidate.start, candidate.end
    inner = norm[parsed.value_end : parsed.end]
    features: dict[str, float] = {}
    for i, word in enumerate(reversed(_words(norm[s0 : parsed.value_start])[-10:])):
        features["b:" + word] = 1.0
        if i < 3:
            features[f"b{i}:" + word] = 1.0
    for i, word in enumerate(_words(norm[parsed.end : s1])[:6]):
        features["a:" + word] = 1.0
        if i < 2:
            features[f"a{i}:" + word] = 1.0
    for word in _words(norm[s0:s1]):
        features["s:" + word] = 1.0
    for word in _words(inner):
        features["i:" + word] = 1.0
    low, high = parsed.ci or (parsed.value, parsed.value)
    value = parsed.value
    opening = norm[max(s0, parsed.value_start - 2) : parsed.value_start]
    features["lvl"] = 1.0 if parsed.level else 0.0
    features["ci_word"] = 1.0 if _CI_WORDS.search(inner) else 0.0
    features["open_before"] = 1.0 if "(" in opening or "[" in opening else 0.0
    features["zero_in"] = 1.0 if low < 0 < high else 0.0
    features["neg"] = 1.0 if value < 0 else 0.0
    features["allpos"] = 1.0 if low > 0 else 0.0
    if 0 < low < value < high:
        # A ratio's interval is symmetric on the log scale, a difference's on the linear one.
        below, above = math.log(value / low), math.log(high / value)
        features["logsym"] = 1.0 if abs(below - above) <= 0.15 * max(below, above) else 0.0
    below, above = value - low, high - value
    features["linsym"] = 1.0 if abs(below - above) <= 0.1 * max(abs(below), abs(above), 1e-9) + 0.011 else 0.0
    features["pct"] = 1.0 if norm[parsed.value_end : parsed.value_end + 2].strip().startswith("%") else 0.0
    features["k"] = min(candidate.index, 3) / 3
    features["nc"] = min(candidate.count, 4) / 4
    features["sec:" + (label or "none").lower()[:12]] = 1.0
    features["title"] = 1.0 if in_title else 0.0
    return features


def candidates_in(
    norm: str, bounds: Sequence[tuple[int, int]], taken: Sequence[tuple[int, int]]
) -> list[Candidate]:
    """Every candidate of a normalised text, sentence by sentence."""
    out: list[Candidate] = []
    for start, end in bounds:
        found = find_candidates(norm, start, end, taken)
        out.extend(Candidate(parsed, start, end, i, len(found)) for i, parsed in enumerate(found))
    return out


def load_difference_model(path: str | Path | None = None) -> DifferenceModel | None:
    """The shipped model (or the one at ``path``); None when no weights file is installed."""
    return DifferenceModel.load_or_shipped(path)
