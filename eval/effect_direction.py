"""Effect direction on Evidence Inference: significantly increased / decreased / no difference.

For every labelled prompt (intervention, comparator, outcome, PMC abstract) the rule-based
predictor in :mod:`consilience.analyze.direction` reads the abstract and is scored against the
majority label: accuracy, macro-F1 and per-class P/R/F1, also split by whether the annotators
found the evidence inside the abstract (the rest needs the full text the data set lacks).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from consilience.analyze.direction import LABELS, predict_direction

NAME = "effect_direction"
DESCRIPTION = "Evidence Inference: direction of effect per prompt (accuracy, macro-F1)"


def _scores(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    correct = sum(1 for gold, pred in pairs if gold == pred)
    per_class: dict[str, dict[str, float]] = {}
    f1s = []
    for label in LABELS:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
        f1s.append(f1)
    return {
        "n": len(pairs),
        "accuracy": round(correct / len(pairs), 4) if pairs else 0.0,
        "macro_f1": round(sum(f1s) / len(f1s), 4),
        "per_class": per_class,
    }


def run(data: Path) -> dict[str, Any]:
    folder = data / "evidence_inference"
    abstracts: dict[str, list[tuple[str, str]]] = {}
    with (folder / "abstracts.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            sections = [(s.get("label", ""), s.get("text", "")) for s in rec.get("abstract_sections", [])]
            abstracts[rec["pmcid"]] = [("TITLE", rec.get("title", "")), *sections]
    pairs: list[tuple[str, str]] = []
    in_abstract: list[tuple[str, str]] = []
    with (folder / "labeled_prompts.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            if rec["pmcid"] not in abstracts or rec["majority_label"] not in LABELS:
                continue
            call = predict_direction(
                rec["intervention"], rec["comparator"], rec["outcome"], abstracts[rec["pmcid"]]
            )
            pairs.append((rec["majority_label"], call.label))
            if rec.get("any_evidence_in_abstract"):
                in_abstract.append(pairs[-1])
    result = _scores(pairs)
    result["gold_distribution"] = dict(Counter(g for g, _ in pairs))
    result["evidence_in_abstract"] = _scores(in_abstract)
    result["accuracy_evidence_in_abstract"] = result["evidence_in_abstract"]["accuracy"]
    return result
