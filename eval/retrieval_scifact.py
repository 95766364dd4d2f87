"""SciFact retrieval (BEIR split, training claims): nDCG@10, recall@100, MRR@10 per mode.

Lexical is the project's BM25 index (tantivy + the biomedical analyzer); dense is the packaged
all-MiniLM-L6-v2 with the default embedder settings (vectors cached in eval/out/embeddings);
hybrid is the default fusion of :class:`consilience.index.Indexes` (score fusion with
``DEFAULT_WEIGHTS``). ``variants`` scores every fusion tried; ``weight_choice`` is the
documented procedure that set the weights (grid on these training claims, with 5-fold
cross-validation of that choice); ``dense_by_setting`` shows what precision and truncation
cost, for every embedder setting already cached. Published on SciFact's *test* half: BM25
0.665, BGE-base 0.741 nDCG@10.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from consilience.index.hybrid import DEFAULT_WEIGHTS
from consilience.index.tokenize import analyze_query
from eval._retrieval import (
    PRECISION_CONFIGS,
    WEIGHT_GRID,
    build_lexical,
    cached_vectors,
    choose_weight,
    dense_scores,
    embed_cached,
    fused_runs,
    fusion_variants,
    mrr_at,
    ndcg_at,
    rank_dense,
    recall_at,
    rm3_query,
    split_weight,
)

NAME = "retrieval_scifact"
DESCRIPTION = "SciFact claims -> abstracts: nDCG@10, recall@100, MRR@10 for lexical, dense, hybrid"
DEPTH = 100


def load_queries(data: Path) -> tuple[dict[str, str], dict[str, dict[str, int]]]:
    queries = {}
    with (data / "scifact" / "queries_train.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            queries[str(rec["_id"])] = rec["text"]
    qrels: dict[str, dict[str, int]] = {}
    lines = (data / "scifact" / "qrels_train.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        query, doc, score = line.split("\t")
        qrels.setdefault(query, {})[f"scifact:{doc}"] = int(score)
    return {q: queries[q] for q in qrels}, qrels


def score(runs: dict[str, list[str]], qrels: dict[str, dict[str, int]]) -> dict[str, float]:
    n = len(qrels)
    return {
        "ndcg@10": round(sum(ndcg_at(runs[q], qrels[q]) for q in qrels) / n, 4),
        "recall@100": round(sum(recall_at(runs[q], qrels[q], 100) for q in qrels) / n, 4),
        "mrr@10": round(sum(mrr_at(runs[q], qrels[q]) for q in qrels) / n, 4),
    }


def run(data: Path) -> dict[str, Any]:
    from eval.corpus import load_scifact

    papers = load_scifact(data)
    by_id = {p.id: p for p in papers.values()}
    queries, qrels = load_queries(data)
    lexical_index = build_lexical(papers.values())
    qids = list(queries)
    terms = {q: analyze_query(t) for q, t in queries.items()}
    lexical_hits = {q: lexical_index.search(terms[q], 300) for q in qids}
    lexical = {q: [p for p, _ in lexical_hits[q]][:DEPTH] for q in qids}
    result: dict[str, Any] = {"queries": len(qrels), "corpus": len(papers), "lexical": score(lexical, qrels)}
    try:
        from consilience.index.embedders import load_embedder, paper_text

        embedder = load_embedder()
    except Exception as exc:  # the dense extra is optional
        result["dense"] = f"skipped: {exc}"
        return result
    doc_ids = [p.id for p in papers.values()]
    texts = [paper_text(p) for p in papers.values()]
    doc_vectors = embed_cached(embedder, texts)
    query_vectors = embed_cached(embedder, [queries[q] for q in qids])
    dense = dict(zip(qids, rank_dense(doc_ids, doc_vectors, query_vectors, DEPTH), strict=True))
    result["dense"] = score(dense, qrels)
    result["embedder"] = f"{embedder.name} {embedder.config}"
    scores = dense_scores(query_vectors, doc_vectors)

    result["hybrid"] = score(fused_runs(lexical_hits, scores, doc_ids, qids), qrels)
    result["fusion"] = {"method": "score", "weights": DEFAULT_WEIGHTS, "depth": DEPTH}
    per_query = {}
    for a in WEIGHT_GRID:
        runs = fused_runs(lexical_hits, scores, doc_ids, qids, weights=split_weight(a))
        per_query[a] = {q: ndcg_at(runs[q], qrels[q]) for q in qids}
    result["weight_choice"] = choose_weight(per_query)
    rm3 = {}
    for q in qids:
        expanded, weights = rm3_query(lexical_index, by_id, terms[q])
        rm3[q] = lexical_index.search(expanded, 300, weights=weights)
    result["variants"] = fusion_variants(
        lexical_hits, scores, doc_ids, qids, lambda runs: score(runs, qrels), rm3_lexical=rm3
    )
    settings: dict[str, dict[str, float]] = {}
    for config in PRECISION_CONFIGS:
        docs = cached_vectors(embedder.name, config, texts)
        asked = cached_vectors(embedder.name, config, [queries[q] for q in qids])
        if docs is not None and asked is not None:
            ranked = rank_dense(doc_ids, docs, asked, DEPTH)
            fused = fused_runs(lexical_hits, dense_scores(asked, docs), doc_ids, qids)
            settings[config] = {
                "dense ndcg@10": score(dict(zip(qids, ranked, strict=True)), qrels)["ndcg@10"],
                "hybrid ndcg@10": score(fused, qrels)["ndcg@10"],
            }
    result["dense_by_setting"] = settings
    return result
