"""Stance on SciFact claims_train: each claim against each abstract it cites.

Gold: SUPPORT = yes, CONTRADICT = no, no evidence = not-addressed. The claim is turned
into the question it answers (``parse_claim``); for a negative claim ("X does not affect
Y") the answer to the positive question is flipped. "possibly" counts as not-addressed
(the abstract neither supports nor refutes the claim). The shipped model was trained on
PubMedQA only, so nothing here was seen in training.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from consilience.analyze.stance import stance_for_sections
from consilience.question import claim_is_negated, parse_claim
from eval._stance import scores

NAME = "stance_scifact"
DESCRIPTION = "SciFact claim vs cited abstract: yes / no / not-addressed (zero-shot)"
CLASSES = ("yes", "no", "not-addressed")
_GOLD = {"SUPPORT": "yes", "CONTRADICT": "no"}
_FLIP = {"yes": "no", "no": "yes"}


def claim_answer(claim: str, answer: str) -> str:
    """Map a stance on the claim's question to the claim's label space."""
    if answer == "possibly":
        return "not-addressed"
    if claim_is_negated(claim):
        return _FLIP.get(answer, answer)
    return answer


def run(data: Path) -> dict[str, Any]:
    folder = data / "scifact"
    corpus: dict[str, dict[str, Any]] = {}
    with open(folder / "corpus.jsonl", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            corpus[str(doc["doc_id"])] = doc
    gold: list[str] = []
    pred: list[str] = []
    with open(folder / "claims_train.jsonl", encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            question = parse_claim(item["claim"])
            for doc_id in item["cited_doc_ids"]:
                doc = corpus.get(str(doc_id))
                if doc is None:
                    continue
                evidence = item["evidence"].get(str(doc_id), [])
                gold.append(_GOLD[evidence[0]["label"]] if evidence else "not-addressed")
                sections = [("", " ".join(doc["abstract"]))]
                stance = stance_for_sections(question, sections, title=doc["title"])
                pred.append(claim_answer(item["claim"], stance.answer))
    result = scores(gold, pred, CLASSES)
    return {"accuracy": result["accuracy"], "macro_f1": result["macro_f1"], **result}
