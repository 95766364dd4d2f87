"""`ask` end to end on SciFact: each training claim, as the question it makes, over the whole corpus.

Gold: a claim whose cited abstracts SUPPORT it is "yes", CONTRADICT it "no", and one with no
evidence in the corpus has no answer. A verdict of "yes" or "possibly" counts as yes, "no" as no;
"mixed" and "insufficient evidence" abstain. For a negative claim ("X does not affect Y") the
verdict on its positive question is flipped. Reported: verdict accuracy on the claims with
evidence that were answered, how many were answered, whether the gold abstract was among the
papers read, the checker pass rate over every answer (target 100%) and latency. A fixed seeded
sample keeps the task within CI time.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from consilience.question import claim_is_negated, parse_claim
from eval._ask import build_library, check, latency, timed_ask
from eval.corpus import load_scifact

NAME = "ask_scifact"
DESCRIPTION = "SciFact claims as questions over the SciFact corpus: verdict vs gold, checker, latency"
SAMPLE = 150
SEED = 0
_YES = {"yes", "possibly"}


def run(data: Path) -> dict[str, Any]:
    papers = load_scifact(data)
    claims = [json.loads(line) for line in (data / "scifact" / "claims_train.jsonl").open(encoding="utf-8")]
    random.Random(SEED).shuffle(claims)
    claims = claims[:SAMPLE]
    lib = build_library("scifact", papers.values())
    answered = correct = with_gold = retrieved = passed = 0
    seconds: list[float] = []
    labels: dict[str, int] = {}
    for item in claims:
        question = parse_claim(item["claim"])
        answer, took = timed_ask(lib, question.text)
        seconds.append(took)
        passed += check(lib, answer)
        labels[answer.label] = labels.get(answer.label, 0) + 1
        gold_labels = {e["label"] for ev in item["evidence"].values() for e in ev}
        if len(gold_labels) != 1:
            continue
        with_gold += 1
        gold = "yes" if gold_labels == {"SUPPORT"} else "no"
        read = {c.paper_id for c in answer.cards} | {r.paper_id for r in answer.references}
        retrieved += any(f"scifact:{d}" in read for d in item["evidence"])
        if answer.label in ("mixed", "insufficient evidence"):
            continue
        verdict = "yes" if answer.label in _YES else "no"
        if claim_is_negated(item["claim"]):
            verdict = "no" if verdict == "yes" else "yes"
        answered += 1
        correct += verdict == gold
    lib.close()
    return {
        "claims": len(claims),
        "claims_with_evidence": with_gold,
        "answered": answered,
        "verdict_accuracy_answered": round(correct / answered, 4) if answered else None,
        "gold_abstract_read": round(retrieved / with_gold, 4) if with_gold else None,
        "checker_pass_rate": round(passed / len(claims), 4),
        "labels": labels,
        **latency(seconds),
        "corpus": len(papers),
        "search_mode": "lexical",
    }
