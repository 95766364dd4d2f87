"""`ask` end to end on PubMedQA: expert-labelled questions over every abstract in ../shared/data.

The library holds all abstracts the suite has (PubMedQA, SciFact, evidence inference, MEDLINE
excerpt, breast-cancer subset; about 10,000). Gold is the labelled answer about one paper, so two
readings are reported: the verdict (yes / no; "possibly" as maybe; "mixed" and "insufficient
evidence" abstain) against the gold label, and the stance the answer gives the gold paper itself
when it was read. Plus the checker pass rate over every answer (target 100%) and latency. A fixed
seeded sample keeps the task within CI time.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from eval._ask import build_library, check, latency, timed_ask
from eval.corpus import load_bc_subset, load_evidence_inference, load_medline, load_pubmedqa, load_scifact

NAME = "ask_pubmedqa"
DESCRIPTION = "PubMedQA questions over all abstracts in ../shared/data: verdict and gold-paper stance vs gold"
SAMPLE = 150
SEED = 0
_GOLD = {"yes": "yes", "no": "no", "maybe": "possibly"}


def run(data: Path) -> dict[str, Any]:
    pubmedqa = load_pubmedqa(data)
    everything: dict[str, Any] = {}
    for source in (load_scifact, load_evidence_inference, load_medline, load_bc_subset, load_pubmedqa):
        try:
            everything.update({p.id: p for p in source(data).values()})
        except FileNotFoundError:  # a corpus the data folder lacks
            continue
    items = list(json.loads((data / "pubmedqa" / "pqal_train.json").read_text(encoding="utf-8")).items())
    random.Random(SEED).shuffle(items)
    items = items[:SAMPLE]
    lib = build_library("pubmedqa", everything.values())
    answered = correct = read = stance_correct = passed = 0
    seconds: list[float] = []
    labels: dict[str, int] = {}
    for pmid, item in items:
        gold = _GOLD[item["final_decision"]]
        answer, took = timed_ask(lib, item["QUESTION"])
        seconds.append(took)
        passed += check(lib, answer)
        labels[answer.label] = labels.get(answer.label, 0) + 1
        card = next((c for c in answer.cards if c.paper_id == f"pmid:{pmid}"), None)
        stances = {s.paper_id: s.answer for s in (answer.meter.stances if answer.meter else [])}
        stance = card.answer if card else stances.get(f"pmid:{pmid}")
        if stance is not None:
            read += 1
            stance_correct += stance == gold
        if answer.label in ("mixed", "insufficient evidence"):
            continue
        answered += 1
        correct += answer.label == gold
    lib.close()
    return {
        "questions": len(items),
        "library": len(everything),
        "answered": answered,
        "verdict_accuracy_answered": round(correct / answered, 4) if answered else None,
        "gold_paper_read": round(read / len(items), 4),
        "gold_paper_stance_accuracy": round(stance_correct / read, 4) if read else None,
        "checker_pass_rate": round(passed / len(items), 4),
        "labels": labels,
        **latency(seconds),
        "search_mode": "lexical",
        "pubmedqa_abstracts": len(pubmedqa),
    }
