"""Search benchmark: lexical build rate, index size and query latency at scale; ANN latency.

``python -m bench search --papers 200000 [--ann 100000] [--data ../shared/data]``

The corpus is generated from the real records in ../shared/data (SciFact, Evidence Inference,
PubMedQA abstracts without titles, MEDLINE excerpt, breast-cancer subset: ~9.8k papers),
repeated and renumbered ``bench:<i>`` until it has ``--papers`` papers; so term statistics are
those of real abstracts, each repeated N/9.8k times. Queries are the 500 PubMedQA questions
and the first SciFact training claims (at least 500 in all), run in one warm process.
For ANN, real embeddings of the cached corpus (eval/out/embeddings) are tiled with Gaussian
noise (sigma 0.01, re-normalised) to ``--ann`` vectors.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(1000 * statistics.median(ordered), 2),
        "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 2),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench search", description=__doc__)
    parser.add_argument("--papers", type=int, default=200_000)
    parser.add_argument("--ann", type=int, default=0, help="vectors for the ANN latency test (0: skip)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args(argv)

    from eval.corpus import SOURCES, load_source

    from consilience.index.lexical import LexicalIndex
    from consilience.index.tokenize import analyze_query

    base = [p for s in SOURCES for p in load_source(args.data, s).values()]
    raw = json.loads((args.data / "pubmedqa" / "pqal_train.json").read_text(encoding="utf-8"))
    queries = [r["QUESTION"] for r in raw.values()]
    with (args.data / "scifact" / "queries_train.jsonl").open(encoding="utf-8") as handle:
        queries += [json.loads(line)["text"] for line in handle][:300]

    out: dict[str, object] = {"papers": args.papers, "base_records": len(base), "queries": len(queries)}
    with tempfile.TemporaryDirectory() as tmp:
        index = LexicalIndex.create(Path(tmp) / "lexical")
        start = time.perf_counter()
        index.add(base[i % len(base)].model_copy(update={"id": f"bench:{i}"}) for i in range(args.papers))
        index.commit(last_seq=0)
        seconds = time.perf_counter() - start
        size = sum(f.stat().st_size for f in (Path(tmp) / "lexical").rglob("*") if f.is_file())
        out["lexical_build"] = {
            "seconds": round(seconds, 1),
            "papers_per_s": round(args.papers / seconds),
            "size_mb": round(size / 1e6, 1),
        }
        index = LexicalIndex.open(Path(tmp) / "lexical")
        for q in queries[:20]:  # warm up
            index.search(analyze_query(q), 20)
        times = []
        for q in queries:
            t = time.perf_counter()
            index.search(analyze_query(q), 100)
            times.append(time.perf_counter() - t)
        out["lexical_query_top100"] = _percentiles(times)
    if args.ann:
        out["ann"] = _ann(args.ann)
    print(json.dumps(out, indent=2))
    return 0


def _ann(count: int) -> dict[str, object]:
    from usearch.index import Index

    files = sorted((ROOT / "eval" / "out" / "embeddings").glob("*.npz"))
    if not files:
        return {"skipped": "no cached embeddings (run python -m eval retrieval_scifact first)"}
    with np.load(files[0], allow_pickle=False) as data:
        real = data["vectors"].astype(np.float32)
    rng = np.random.default_rng(0)
    reps = -(-count // len(real))
    vectors = np.tile(real, (reps, 1))[:count] + rng.normal(0, 0.01, (count, real.shape[1])).astype(
        np.float32
    )
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    graph = Index(
        ndim=real.shape[1], metric="cos", dtype="f16", connectivity=16, expansion_add=128, expansion_search=64
    )
    start = time.perf_counter()
    graph.add(np.arange(count, dtype=np.uint64), vectors, threads=2)
    build = time.perf_counter() - start
    times = []
    for row in rng.integers(0, count, 500):
        t = time.perf_counter()
        graph.search(vectors[row], 100)
        times.append(time.perf_counter() - t)
    return {"vectors": count, "real_base": len(real), "build_s": round(build, 1), **_percentiles(times)}
