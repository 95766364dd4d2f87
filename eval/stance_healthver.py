"""Stance on HealthVer dev: one evidence sentence (or passage) against one health claim.

Gold: Supports = yes, Refutes = no, Neutral = not-addressed; mapped as in
``eval/stance_scifact.py`` (negative claims flipped, "possibly" = not-addressed). The
shipped model never saw HealthVer.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from consilience.analyze.stance import stance_for_sections
from consilience.question import parse_claim
from eval._stance import scores
from eval.stance_scifact import claim_answer

NAME = "stance_healthver"
DESCRIPTION = "HealthVer dev: evidence vs claim, yes / no / not-addressed (zero-shot)"
CLASSES = ("yes", "no", "not-addressed")
_GOLD = {"Supports": "yes", "Refutes": "no", "Neutral": "not-addressed"}


def run(data: Path) -> dict[str, Any]:
    gold: list[str] = []
    pred: list[str] = []
    with open(data / "healthver" / "healthver_dev.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            label = _GOLD.get(row["label"].strip())
            if label is None:
                continue
            claim = row["claim"].strip()
            stance = stance_for_sections(parse_claim(claim), [("", row["evidence"])])
            gold.append(label)
            pred.append(claim_answer(claim, stance.answer))
    result = scores(gold, pred, CLASSES)
    return {"accuracy": result["accuracy"], "macro_f1": result["macro_f1"], **result}
