"""SciFact retrieval (BEIR split, training claims): nDCG@10, recall@100, MRR@10 per mode.

Lexical is the project's BM25 index (tantivy + the biomedical analyzer); dense is the packaged
all-MiniLM-L6-v2 (int8, 128 tokens; vectors cached in eval/out/embeddings); hybrid is
reciprocal rank fusion with the default weights. Published on SciFact's *test* half: BM25
0.665, BGE-base 0.741 nDCG@10.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from consilience.index.hybrid import DEFAULT_RRF_K, DEFAULT_WEIGHTS, rrf
from consilience.index.tokenize import analyze_query
from eval._retrieval import build_lexical, embed_cached, mrr_at, ndcg_at, rank_dense, recall_at

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
    queries, qrels = load_queries(data)
    lexical_index = build_lexical(papers.values())
    lexical = {q: [p for p, _ in lexical_index.search(analyze_query(t), DEPTH)] for q, t in queries.items()}
    result: dict[str, Any] = {"queries": len(qrels), "corpus": len(papers), "lexical": score(lexical, qrels)}
    try:
        from consilience.index.embedders import load_embedder, paper_text

        embedder = load_embedder()
    except Exception as exc:  # the dense extra is optional
        result["dense"] = f"skipped: {exc}"
        return result
    doc_ids = list(papers)
    doc_vectors = embed_cached(embedder, [paper_text(papers[d]) for d in doc_ids])
    qids = list(queries)
    query_vectors = embed_cached(embedder, [queries[q] for q in qids])
    ranked = rank_dense([papers[d].id for d in doc_ids], doc_vectors, query_vectors, DEPTH)
    dense = dict(zip(qids, ranked, strict=True))
    result["dense"] = score(dense, qrels)
    result["embedder"] = f"{embedder.name} {embedder.config}"

    def fuse(weights: dict[str, float], k: int) -> dict[str, list[str]]:
        return {
            q: [p for p, _ in rrf({"lexical": lexical[q], "dense": dense[q]}, k=k, weights=weights)][:DEPTH]
            for q in qids
        }

    result["hybrid"] = score(fuse(DEFAULT_WEIGHTS, DEFAULT_RRF_K), qrels)
    result["fusion"] = {"weights": DEFAULT_WEIGHTS, "k": DEFAULT_RRF_K}
    # The grid the default weights were chosen from (training claims only).
    result["fusion_grid"] = {
        f"lex={w} k={k}": score(fuse({"lexical": w, "dense": 1.0}, k), qrels)["ndcg@10"]
        for w in (0.75, 1.0, 1.25, 1.5, 2.0)
        for k in (20, 60)
    }
    return result
