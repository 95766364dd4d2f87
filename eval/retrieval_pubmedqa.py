"""PubMedQA question -> its own abstract, in a library of every abstract in ../shared/data.

The library holds the 500 PubMedQA abstracts *without* their titles (a PubMedQA question is
its paper's title, so indexing it would leak the answer), plus the SciFact corpus, the
Evidence Inference abstracts, the MEDLINE excerpt and the breast-cancer subset. A question
counts as found when its abstract (or the breast-cancer subset's copy of it) is ranked.

Hybrid is the default fusion (weights chosen on SciFact's training claims only: these
questions are a held-out check); ``variants`` scores every fusion tried, as in
retrieval_scifact, and ``dense_by_setting`` the cached embedder settings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from consilience.index.hybrid import DEFAULT_WEIGHTS
from consilience.index.tokenize import analyze_query
from consilience.model import Paper
from eval._retrieval import (
    PRECISION_CONFIGS,
    build_lexical,
    cached_vectors,
    dense_scores,
    embed_cached,
    fused_runs,
    fusion_variants,
    rank_dense,
    recall_at,
    rm3_query,
)

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
    by_id = {p.id: p for p in papers}
    index = build_lexical(papers)
    qids = list(questions)
    terms = {q: analyze_query(t) for q, t in questions.items()}
    lexical_hits = {q: index.search(terms[q], 300) for q in qids}
    lexical = {q: [p for p, _ in lexical_hits[q]][:DEPTH] for q in qids}
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
    texts = [paper_text(p) for p in papers]
    doc_ids = [p.id for p in papers]
    doc_vectors = embed_cached(embedder, texts)
    query_vectors = embed_cached(embedder, [questions[q] for q in qids])
    dense = dict(zip(qids, rank_dense(doc_ids, doc_vectors, query_vectors, DEPTH), strict=True))
    cosines = dense_scores(query_vectors, doc_vectors)
    result |= {
        "dense": scores(dense, relevant),
        "hybrid": scores(fused_runs(lexical_hits, cosines, doc_ids, qids), relevant),
        "embedder": f"{embedder.name} {embedder.config}",
        "fusion": {"method": "score", "weights": DEFAULT_WEIGHTS, "depth": DEPTH},
    }
    rm3 = {}
    for q in qids:
        expanded, weights = rm3_query(index, by_id, terms[q])
        rm3[q] = index.search(expanded, 300, weights=weights)
    result["variants"] = fusion_variants(
        lexical_hits, cosines, doc_ids, qids, lambda runs: scores(runs, relevant), rm3_lexical=rm3
    )
    settings: dict[str, dict[str, float]] = {}
    for config in PRECISION_CONFIGS:
        docs = cached_vectors(embedder.name, config, texts)
        asked = cached_vectors(embedder.name, config, [questions[q] for q in qids])
        if docs is not None and asked is not None:
            ranked = dict(zip(qids, rank_dense(doc_ids, docs, asked, DEPTH), strict=True))
            fused = fused_runs(lexical_hits, dense_scores(asked, docs), doc_ids, qids)
            settings[config] = {
                "dense recall@1": scores(ranked, relevant)["recall@1"],
                "hybrid recall@1": scores(fused, relevant)["recall@1"],
            }
    result["dense_by_setting"] = settings
    return result
