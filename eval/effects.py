"""Effect estimates and sample sizes against the hand-annotated gold set (eval/gold/effects.jsonl).

Effects are scored as exact matches of (measure, value, CI low, CI high): a predicted value
equals a gold value when both round to the same number at the precision the gold value was
written with (so "0.660" in the text and 0.66 in the gold agree). Measure aliases are folded
(aHR -> HR, WMD -> MD, "hazard ratio" -> HR). Each gold effect matches at most one prediction.
Sample size is accurate for a paper when the headline N (randomized, else analysed, else
enrolled, else participants) equals the gold total.

The gold file is one JSON object a line; the fields read are ``source`` and ``id`` (resolved
through :mod:`eval.corpus`), ``effects`` (a list of objects with ``measure``, ``value``,
``ci_low``, ``ci_high``) and ``sample_size`` (an integer, an object with ``total``, or null).
Alternative key spellings listed in ``_KEYS`` are accepted too. When the file is absent
the task reports a skip.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from consilience.analyze import analyze_paper
from consilience.model import Paper, Section, StudyFacts

NAME = "effects"
DESCRIPTION = (
    "Effect estimates (exact-match P/R/F1) and sample size (accuracy) on the hand-annotated gold set"
)

GOLD = Path(__file__).resolve().parent / "gold" / "effects.jsonl"

_ALIASES = {
    "AHR": "HR",
    "HAZARD RATIO": "HR",
    "SHR": "HR",
    "AOR": "OR",
    "ODDS RATIO": "OR",
    "RELATIVE RISK": "RR",
    "RISK RATIO": "RR",
    "AIRR": "IRR",
    "RATE RATIO": "IRR",
    "INCIDENCE RATE RATIO": "IRR",
    "WMD": "MD",
    "MEAN DIFFERENCE": "MD",
    "STANDARDIZED MEAN DIFFERENCE": "SMD",
    "STANDARDISED MEAN DIFFERENCE": "SMD",
    "RISK DIFFERENCE": "RD",
}
_KEYS = {
    "value": ("value", "point", "estimate"),
    "ci_low": ("ci_low", "lower", "low", "ci_lower", "lcl"),
    "ci_high": ("ci_high", "upper", "high", "ci_upper", "ucl"),
}


def canonical_measure(measure: str) -> str:
    key = " ".join(str(measure).replace("_", " ").split()).upper()
    return _ALIASES.get(key, key)


def _get(record: dict[str, Any], field: str) -> Any:
    for key in _KEYS[field]:
        if key in record:
            return record[key]
    return None


def _places(written: Any) -> int | None:
    if written is None:
        return None
    try:
        exponent = Decimal(str(written)).as_tuple().exponent
    except InvalidOperation:
        return None
    return max(0, -int(exponent)) if isinstance(exponent, int) else None


def same_number(gold: Any, predicted: float | None) -> bool:
    """Equal after rounding both to the precision the gold value was written with."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    places = _places(gold)
    if places is None:
        return False
    return round(float(gold), places) == round(predicted, places)


def _effect_matches(gold: dict[str, Any], predicted: Any) -> bool:
    return (
        canonical_measure(gold.get("measure", "")) == canonical_measure(predicted.measure)
        and same_number(_get(gold, "value"), predicted.value)
        and same_number(_get(gold, "ci_low"), predicted.ci_low)
        and same_number(_get(gold, "ci_high"), predicted.ci_high)
    )


def _gold_n(record: dict[str, Any]) -> int | None:
    size = record.get("sample_size", record.get("n"))
    if isinstance(size, dict):
        size = size.get("total")
    if isinstance(size, list):
        size = next((s.get("total") for s in size if isinstance(s, dict)), None)
    return int(size) if isinstance(size, (int, float)) else None


def _paper(data: Path, record: dict[str, Any]) -> Paper:
    if record.get("sections") or record.get("abstract"):
        sections = [Section(**s) for s in record.get("sections", [])] or [Section(text=record["abstract"])]
        return Paper(id=str(record.get("id", "gold")), title=record.get("title", ""), sections=sections)
    from eval.corpus import resolve

    return resolve(data, str(record["source"]), str(record["id"]))


def run(data: Path, gold_path: Path = GOLD) -> dict[str, Any]:
    if not gold_path.is_file():
        return {"skipped": f"{gold_path} is not present yet (hand annotation pending)"}
    tp = fp = fn = 0
    n_total = n_correct = 0
    papers = 0
    misses: list[dict[str, Any]] = []
    with gold_path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            paper = _paper(data, record)
            facts: StudyFacts = analyze_paper(paper)
            papers += 1
            remaining = list(facts.effects)
            for gold in record.get("effects", []):
                hit = next((p for p in remaining if _effect_matches(gold, p)), None)
                if hit is None:
                    fn += 1
                    if len(misses) < 30:
                        misses.append({"id": paper.id, "missed": gold})
                else:
                    tp += 1
                    remaining.remove(hit)
            fp += len(remaining)
            for extra in remaining[:2]:
                if len(misses) < 30 and extra.span is not None:
                    misses.append({"id": paper.id, "spurious": extra.span.text})
            gold_n = _gold_n(record)
            if gold_n is not None or "sample_size" in record:
                n_total += 1
                n_correct += int(gold_n == facts.n)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "papers": papers,
        "effects_gold": tp + fn,
        "effects_predicted": tp + fp,
        "effect_precision": round(precision, 4),
        "effect_recall": round(recall, 4),
        "effect_f1": round(f1, 4),
        "sample_size_papers": n_total,
        "sample_size_accuracy": round(n_correct / n_total, 4) if n_total else None,
        "errors": misses,
    }
