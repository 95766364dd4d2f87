"""Train the learned layer of stance: ``python -m consilience.analyze.train_stance --data ../shared/data``.

Reads PubMedQA's expert-labelled questions (``pubmedqa/pqal_train.json``, MIT licence,
https://github.com/pubmedqa/pubmedqa), turns each into two examples (the abstract with its
conclusion, and without it, so that one model serves both), extracts the features of
:mod:`consilience.analyze.stance_model` with the rule verdict as one of them, fits a
multinomial logistic regression (scikit-learn, the ``train`` extra), and writes the sparse
weights as versioned JSON to ``src/consilience/data/stance_model.json``. Hyperparameters are
fixed here, never tuned on evaluation folds. Seeded; about a minute on two cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from consilience.analyze.stance import RuleVerdict, rule_stance
from consilience.analyze.stance_model import CLASSES, DIM, MODEL_FORMAT_VERSION, StanceModel, pair_features
from consilience.question import parse_question

#: Fixed before looking at any evaluation fold: L2 strength, and how much the rarer
#: "possibly" class is up-weighted (a compromise between accuracy and macro-F1).
C_VALUE = 0.3
CLASS_WEIGHT = {"yes": 1.0, "possibly": 1.6, "no": 1.2}
SEED = 0
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data" / "stance_model.json"
PUBMEDQA_LABELS = {"yes": "yes", "maybe": "possibly", "no": "no"}


@dataclass(frozen=True)
class Example:
    """One labelled (question, abstract) pair."""

    key: str
    question: str
    sections: tuple[tuple[str, str], ...]
    label: str


def load_pubmedqa(path: str | Path, *, with_conclusion: bool) -> list[Example]:
    """PubMedQA labelled items; the conclusion (LONG_ANSWER) is a CONCLUSIONS section or hidden."""
    data: dict[str, dict[str, Any]] = json.loads(Path(path).read_text(encoding="utf-8"))
    out: list[Example] = []
    for pmid, item in data.items():
        sections = list(zip(item["LABELS"], item["CONTEXTS"], strict=False))
        if with_conclusion:
            sections.append(("CONCLUSIONS", item["LONG_ANSWER"]))
        out.append(Example(pmid, item["QUESTION"], tuple(sections), PUBMEDQA_LABELS[item["final_decision"]]))
    return out


def featurize(example: Example) -> tuple[RuleVerdict, dict[int, float]]:
    """The rule verdict and the model's input for one example (the verdict is a feature)."""
    rule = rule_stance(parse_question(example.question), example.sections)
    return rule, pair_features(example.question, example.sections, rule.answer)


def features(example: Example) -> dict[int, float]:
    """The model's input for one example, the rule verdict included."""
    return featurize(example)[1]


def _matrix(rows: Sequence[dict[int, float]]) -> Any:
    from scipy.sparse import csr_matrix

    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for row in rows:
        for slot, value in sorted(row.items()):
            indices.append(slot)
            data.append(value)
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(rows), DIM))


def fit(
    rows: Sequence[dict[int, float]], labels: Sequence[str], *, meta: dict[str, Any] | None = None
) -> StanceModel:
    """Fit the logistic regression and keep only the weights of slots seen in training."""
    from sklearn.linear_model import LogisticRegression

    y = np.array([CLASSES.index(label) for label in labels])
    weights = {CLASSES.index(c): w for c, w in CLASS_WEIGHT.items()}
    clf = LogisticRegression(C=C_VALUE, max_iter=500, class_weight=weights, random_state=SEED)
    clf.fit(_matrix(rows), y)
    coef = np.zeros((len(CLASSES), DIM))
    coef[clf.classes_] = clf.coef_
    intercept = np.zeros(len(CLASSES))
    intercept[clf.classes_] = clf.intercept_
    seen = sorted({slot for row in rows for slot in row})
    kept = {slot: coef[:, slot].copy() for slot in seen if np.any(np.abs(coef[:, slot]) >= 1e-5)}
    return StanceModel(CLASSES, intercept, kept, dict(meta or {}))


def fit_examples(examples: Sequence[Example], *, meta: dict[str, Any] | None = None) -> StanceModel:
    return fit([features(e) for e in examples], [e.label for e in examples], meta=meta)


def training_examples(data: Path) -> list[Example]:
    """Both settings of every PubMedQA item (with and without the conclusion)."""
    path = data / "pubmedqa" / "pqal_train.json"
    return load_pubmedqa(path, with_conclusion=True) + load_pubmedqa(path, with_conclusion=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m consilience.analyze.train_stance", description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="the shared data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON weights")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    examples = training_examples(args.data)
    meta = {
        "trained_on": "PubMedQA pqal_train.json (500 expert labels, with and without conclusion)",
        "examples": len(examples),
        "C": C_VALUE,
        "class_weight": CLASS_WEIGHT,
        "format_version": MODEL_FORMAT_VERSION,
    }
    model = fit_examples(examples, meta=meta)
    model.save(args.out)
    size = args.out.stat().st_size
    print(
        f"wrote {args.out} ({size / 1e6:.2f} MB, {len(model.rows)} weighted slots) "
        f"in {time.perf_counter() - start:.1f}s"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
