"""PubMedQA question -> its own abstract, in a library of every abstract in ../shared/data.

The library holds the 500 PubMedQA abstracts *without* their titles (a PubMedQA question is
its paper's title, so indexing it would leak the answer), plus the SciFact corpus, the
Evidence Inference abstracts, the MEDLINE excerpt and the breast-cancer subset. A question
counts as found when its abstract (or the breast-cancer subset's copy of it) is ranked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from consilience.index.hybrid import DEFAULT_RRF_K, DEFAULT_WEIGHTS, rrf
from consilience.index.tokenize import analyze_query
from consilience.model import Paper
from eval._retrieval import build_lexical, embed_cached, rank_dense, recall_at

NAME = "retrieval_pubmedqa"
DESCRIPTION = "PubMedQA questions -> own abstract among ~9.8k: recall@1, recall@10 per mode"
DEPTH = 100


def library(data: Path) -> list[Paper]:
    from eval.corpus import SOURCES, load_source

    papers: list[Paper] = []
    for source in SOURCES:
        for paper in load_source(data, source).values():
            if source == "pubmedqa":
                assert not paper.title, "the PubMedQA question must not be in the document"
            papers.append(paper)
    return papers


def scores(runs: dict[str, list[str]], relevant: dict[str, set[str]]) -> dict[str, float]:
    n = len(relevant)
    return {
        f"recall@{k}": round(sum(recall_at(runs[q], relevant[q], k) > 0 for q in relevant) / n, 4)
        for k in (1, 10)
    }


def run(data: Path) -> dict[str, Any]:
    raw: dict[str, dict[str, Any]] = json.loads(
        (data / "pubmedqa" / "pqal_train.json").read_text(encoding="utf-8")
    )
    questions = {pmid: rec["QUESTION"] for pmid, rec in raw.items()}
    relevant = {pmid: {f"pmid:{pmid}", f"bc:pubmedqa_pqal:{pmid}"} for pmid in raw}
    papers = library(data)
    index = build_lexical(papers)
    lexical = {q: [p for p, _ in index.search(analyze_query(t), DEPTH)] for q, t in questions.items()}
    result: dict[str, Any] = {
        "questions": len(questions),
        "library": len(papers),
        "lexical": scores(lexical, relevant),
    }
    try:
        from consilience.index.embedders import load_embedder, paper_text

        embedder = load_embedder()
    except Exception as exc:  # the dense extra is optional
        result["dense"] = f"skipped: {exc}"
        return result
    doc_vectors = embed_cached(embedder, [paper_text(p) for p in papers])
    qids = list(questions)
    query_vectors = embed_cached(embedder, [questions[q] for q in qids])
    dense = dict(
        zip(qids, rank_dense([p.id for p in papers], doc_vectors, query_vectors, DEPTH), strict=True)
    )
    hybrid = {
        q: [
            p
            for p, _ in rrf(
                {"lexical": lexical[q], "dense": dense[q]}, k=DEFAULT_RRF_K, weights=DEFAULT_WEIGHTS
            )
        ][:DEPTH]
        for q in qids
    }
    result |= {
        "dense": scores(dense, relevant),
        "hybrid": scores(hybrid, relevant),
        "embedder": f"{embedder.name} {embedder.config}",
    }
    return result
