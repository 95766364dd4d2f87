"""Analysis throughput: ``python -m bench analyze [--limit N] [--repeat R]``.

Runs :func:`consilience.analyze.analyze_paper` (every rule-based extractor, including the
design classifier) over the SciFact corpus and the Evidence Inference abstracts from
``../shared/data``, in one process on one core, and reports papers per second overall and
per extractor. Papers are loaded first (through ``eval.corpus``) so that only analysis is
timed (CPU time, best of ``--repeat``). Figures go to ``bench/out/analyze.json``.

``analyze_paper`` is the rule-based figure (target: 1,000 papers/s per core, issue #4); two
small linear layers run inside it, one dot product per paper or per candidate over features
the rules compute (design, ``design_model``; unnamed differences, ``difference_model``).
The stance model (``consilience.analyze.stance_model``), the one model read per question,
is timed apart under ``model_based``: the stance of each of the first ``--model-papers``
papers towards one fixed question, by the rules alone and with the learned layer.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "bench" / "out"


def _papers(limit: int | None) -> list[Any]:
    sys.path.insert(0, str(ROOT))
    from eval.corpus import load_evidence_inference, load_scifact

    papers = list(load_scifact(DATA).values()) + list(load_evidence_inference(DATA).values())
    return papers[:limit] if limit else papers


def _time(fn: Callable[[Any], object], papers: list[Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for paper in papers:
            fn(paper)
        best = min(best, time.process_time() - start)
    return len(papers) / best if best > 0 else float("inf")


#: The fixed question the stance timing asks of every paper.
STANCE_QUESTION = "Does aspirin reduce mortality in adults with cardiovascular disease?"


def _model_based(papers: list[Any]) -> dict[str, Any]:
    """Stance per paper by the rules alone and with the learned layer (the model-based part)."""
    from consilience.analyze.stance import stance_for_paper
    from consilience.question import parse_question

    question = parse_question(STANCE_QUESTION)
    stance_for_paper(question, papers[0])  # load the model before timing
    rules = _time(lambda p: stance_for_paper(question, p, use_model=False), papers, 1)
    learned = _time(lambda p: stance_for_paper(question, p, use_model=True), papers, 1)
    return {
        "analyze_paper": "rules, with the design and unnamed-difference linear layers inside",
        "stance_papers": len(papers),
        "stance_question": STANCE_QUESTION,
        "stance_rules_papers_per_s": round(rules, 1),
        "stance_learned_papers_per_s": round(learned, 1),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench analyze", description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="analyse only the first N papers")
    parser.add_argument("--repeat", type=int, default=3, help="best of R timed passes")
    parser.add_argument(
        "--model-papers", type=int, default=1000, help="papers for the model-based (stance) timing"
    )
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"SKIP analyze: {DATA} is not present")
        return 0

    from consilience.analyze import analyze_paper, classify
    from consilience.analyze.bias import extract_bias_cues, extract_country
    from consilience.analyze.effects import extract_effects
    from consilience.analyze.pico import extract_pico
    from consilience.analyze.sample_size import extract_sample_sizes
    from consilience.analyze.survival import (
        extract_event_counts,
        extract_follow_up,
        extract_medians,
        extract_survival_points,
    )
    from consilience.analyze.takeaway import select_takeaway

    papers = _papers(args.limit)
    analyze_paper(papers[0])  # warm regex caches
    parts: dict[str, Callable[[Any], object]] = {
        "design": classify,
        "effects": extract_effects,
        "sample_size": extract_sample_sizes,
        "pico": extract_pico,
        "survival": lambda p: (
            extract_survival_points(p),
            extract_medians(p),
            extract_event_counts(p),
            extract_follow_up(p),
        ),
        "bias+country": lambda p: (extract_bias_cues(p), extract_country(p)),
        "takeaway": select_takeaway,
    }
    per_part = {name: round(_time(fn, papers, 1), 1) for name, fn in parts.items()}
    overall = _time(analyze_paper, papers, args.repeat)
    rule_based = {
        "papers_per_s_per_core": round(overall, 1),
        "ms_per_paper": round(1000 / overall, 3),
        "per_extractor_papers_per_s": per_part,
    }
    result = {
        "command": "python -m bench analyze " + " ".join(argv),
        "papers": len(papers),
        "cpu_count": os.cpu_count(),
        **rule_based,
        "target_papers_per_s_per_core": 1000,
        "rule_based": rule_based,
        "model_based": _model_based(papers[: args.model_papers]) if args.model_papers > 0 else "skipped",
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "analyze.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0
