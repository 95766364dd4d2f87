"""Search benchmark: lexical build rate, index size and query latency at scale; ANN latency.

``python -m bench search --papers 200000 [--ann 100000] [--data ../shared/data]``

The corpus is generated from the real records in ../shared/data (SciFact, Evidence Inference,
PubMedQA abstracts without titles, MEDLINE excerpt, breast-cancer subset: ~9.8k papers),
repeated and renumbered ``bench:<i>`` until it has ``--papers`` papers; so term statistics are
those of real abstracts, each repeated N/9.8k times. Queries are the 500 PubMedQA questions
and the first SciFact training claims (at least 500 in all), run in one warm process.
For ANN, real embeddings of the cached corpus (eval/out/embeddings) are tiled with Gaussian
noise (sigma 0.01, re-normalised) to ``--ann`` vectors.

``--compare`` (on by default; ``--no-compare`` skips it) runs tantivy (our index), rank-bm25
(BM25Okapi) and bm25s side by side on the SciFact corpus and training claims, all three fed the
same analyzer terms, so only the engine differs: build seconds, top-100 query latency p50/p95
and nDCG@10. ``--papers 0`` skips the at-scale lexical run.

``--embed N`` measures CPU embedding throughput (papers/s) on N SciFact abstracts (title +
abstract, 256 tokens): plain ``SentenceTransformer.encode`` (fp32, the baseline) against our
embedder's precisions (torch and, when onnxruntime is installed, ONNX Runtime), in interleaved
rounds (median of ``--rounds``), so a busy machine slows all alike; and each setting's cosine
to the plain vectors (min and mean over the N papers). ``--embed-threads 1`` runs every setting
on one thread (one ONNX Runtime worker), which other jobs on the machine disturb least.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

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
    parser.add_argument("--compare", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--embed", type=int, default=0, help="papers for the CPU embedding test (0: skip)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--embed-threads", type=int, default=0, help="threads for every --embed setting (0: each default)"
    )
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
    if args.embed:
        out["embed_cpu"] = _embed(args.data, args.embed, args.rounds, args.embed_threads)
        print(json.dumps(out["embed_cpu"], indent=2), flush=True)
    if args.compare:
        out["engines_scifact"] = _compare(args.data)
        print(json.dumps(out["engines_scifact"], indent=2), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        if not args.papers:
            print(json.dumps(out, indent=2))
            return 0
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


def _embed(data: Path, count: int, rounds: int, threads: int = 0) -> dict[str, object]:
    """Papers/s of plain sentence-transformers vs our embedder settings, same texts and threads.

    ``threads`` (0: the defaults) sets torch's threads and ONNX Runtime's workers alike.
    """
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch  # noqa: TID251 - the optional extra, imported lazily
    from eval.corpus import load_scifact
    from sentence_transformers import SentenceTransformer  # noqa: TID251

    from consilience.index.embedders import SentenceTransformerEmbedder, default_model_path, paper_text
    from consilience.index.onnx_embedder import OnnxEmbedder, onnx_available

    if threads:
        torch.set_num_threads(threads)

    texts = [paper_text(p) for p in list(load_scifact(data).values())[:count]]
    plain = SentenceTransformer(str(default_model_path()), device="cpu")
    plain.max_seq_length = 256
    ours = {
        f"ours {e.config}": e
        for e in (SentenceTransformerEmbedder(quantize=q, max_seq_length=256) for q in ("auto", "int8"))
    }
    ours |= {"ours int8-L128 (all Linear int8: the old default)": _old_default()}
    if onnx_available():
        ours |= {
            f"ours {e.config}": e
            for e in (
                OnnxEmbedder(default_model_path(), precision=p, max_seq_length=256, threads=threads or None)
                for p in ("fp32", "int8")
            )
        }
    rates: dict[str, list[float]] = {"plain sentence-transformers fp32-L256": []} | {n: [] for n in ours}
    vectors: dict[str, Any] = {}
    for _ in range(rounds):
        for name in rates:
            start = time.perf_counter()
            with torch.inference_mode():
                if name in ours:
                    vectors[name] = ours[name].embed(texts)
                else:
                    vectors[name] = plain.encode(texts, batch_size=32, normalize_embeddings=True)
            rates[name].append(len(texts) / (time.perf_counter() - start))
    base = statistics.median(rates["plain sentence-transformers fp32-L256"])
    return {
        "papers": len(texts),
        "threads": torch.get_num_threads(),
        **{
            name: {
                "papers_per_s": round(statistics.median(r), 1),
                "x_plain": round(statistics.median(r) / base, 2),
                **_cosines(vectors[name], vectors["plain sentence-transformers fp32-L256"]),
            }
            for name, r in rates.items()
        },
    }


def _cosines(vectors: Any, reference: Any) -> dict[str, float]:
    """Cosine of each vector to the plain fp32 one (old-default vectors read 128 tokens only)."""
    cosine = np.sum(np.asarray(vectors, dtype=np.float32) * np.asarray(reference, dtype=np.float32), axis=1)
    return {"cos_min": round(float(cosine.min()), 4), "cos_mean": round(float(cosine.mean()), 4)}


def _old_default() -> Any:
    """The embedder as it was: every Linear int8 (dynamic), 128 tokens."""
    import warnings

    import torch  # noqa: TID251 - the optional extra, imported lazily

    from consilience.index.embedders import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder(quantize="none", max_seq_length=128)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantize_dynamic = torch.ao.quantization.quantize_dynamic
        embedder._model = quantize_dynamic(embedder._model, {torch.nn.Linear}, dtype=torch.qint8)
    return embedder


def _compare(data: Path) -> dict[str, object]:
    """tantivy vs rank-bm25 vs bm25s on SciFact (train claims), same analyzer terms for all."""
    from eval.corpus import load_scifact
    from eval.retrieval_scifact import load_queries, score

    from consilience.index.lexical import LexicalIndex, paper_fields
    from consilience.index.tokenize import analyze_query

    papers = list(load_scifact(data).values())
    queries, qrels = load_queries(data)
    qids = list(queries)
    terms = [analyze_query(queries[q]) for q in qids]
    ids = [p.id for p in papers]
    docs = [paper_fields(p)["text"].split() for p in papers]
    result: dict[str, object] = {"corpus": len(papers), "queries": len(qids)}

    def timed(search: object) -> tuple[dict[str, list[str]], dict[str, float]]:
        runs, times = {}, []
        for t in terms[:20]:  # warm up
            search(t)  # type: ignore[operator]
        for q, t in zip(qids, terms, strict=True):
            start = time.perf_counter()
            runs[q] = search(t)  # type: ignore[operator]
            times.append(time.perf_counter() - start)
        return runs, _percentiles(times)

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        index = LexicalIndex.create(Path(tmp) / "lexical")
        index.add(papers)
        index.commit(last_seq=0)
        build = time.perf_counter() - start
        runs, latency = timed(lambda t: [p for p, _ in index.search(t, 100)])
        result["tantivy (ours: fields + boosts)"] = {
            "build_s": round(build, 2),
            **latency,
            "ndcg@10": score(runs, qrels)["ndcg@10"],
        }
    try:
        from rank_bm25 import BM25Okapi

        start = time.perf_counter()
        okapi = BM25Okapi(docs)
        build = time.perf_counter() - start

        def okapi_search(t: list[str]) -> list[str]:
            scores = okapi.get_scores(t)
            return [ids[j] for j in np.argsort(-scores)[:100]]

        runs, latency = timed(okapi_search)
        result["rank-bm25 BM25Okapi"] = {
            "build_s": round(build, 2),
            **latency,
            "ndcg@10": score(runs, qrels)["ndcg@10"],
        }
    except ImportError as exc:
        result["rank-bm25 BM25Okapi"] = f"skipped: {exc}"
    try:
        import bm25s

        start = time.perf_counter()
        engine = bm25s.BM25(k1=1.2, b=0.75)
        vocab: dict[str, int] = {}
        encoded = [[vocab.setdefault(w, len(vocab)) for w in doc] for doc in docs]
        engine.index(bm25s.tokenization.Tokenized(ids=encoded, vocab=vocab), show_progress=False)
        build = time.perf_counter() - start

        def bm25s_search(t: list[str]) -> list[str]:
            known = [vocab[w] for w in t if w in vocab]
            if not known:
                return []
            query = bm25s.tokenization.Tokenized(ids=[known], vocab=vocab)
            found, _ = engine.retrieve(query, k=100, show_progress=False, n_threads=1)
            return [ids[j] for j in found[0]]

        runs, latency = timed(bm25s_search)
        result["bm25s (k1=1.2, b=0.75)"] = {
            "build_s": round(build, 2),
            **latency,
            "ndcg@10": score(runs, qrels)["ndcg@10"],
        }
    except ImportError as exc:
        result["bm25s (k1=1.2, b=0.75)"] = f"skipped: {exc}"
    return result


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
