"""Shared pieces of the retrieval evaluations: metrics, an embedding cache, index building.

The embedding cache lives in ``eval/out/embeddings/<model>-<settings>.npz`` and maps the
SHA-1 of each embedded text to its vector, so a corpus is embedded once per model and
settings, and an interrupted run resumes. It is plain arrays (no pickle).
"""

from __future__ import annotations

import hashlib
import math
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from consilience.index.embedders import Embedder, Vectors
from consilience.index.lexical import LexicalIndex
from consilience.model import Paper

CACHE_DIR = Path(__file__).resolve().parent / "out" / "embeddings"


def ndcg_at(ranked: Sequence[str], relevant: dict[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain (Järvelin & Kekäläinen 2002), graded relevance."""
    dcg = sum(relevant.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    gains = sorted(relevant.values(), reverse=True)[:k]
    ideal = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    return dcg / ideal if ideal else 0.0


def recall_at(ranked: Sequence[str], relevant: Iterable[str], k: int) -> float:
    wanted = set(relevant)
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0


def mrr_at(ranked: Sequence[str], relevant: Iterable[str], k: int = 10) -> float:
    wanted = set(relevant)
    for i, d in enumerate(ranked[:k]):
        if d in wanted:
            return 1.0 / (i + 1)
    return 0.0


def _digest(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


def embed_cached(
    embedder: Embedder, texts: Sequence[str], *, chunk: int = 512, log: Callable[[str], None] = print
) -> Vectors:
    """Vectors for texts, computing only those not already in the on-disk cache."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"{embedder.name}-{embedder.config}.npz".replace("/", "_")
    known: dict[bytes, Vectors] = {}
    if path.is_file():
        with np.load(path, allow_pickle=False) as data:
            # numpy's fixed-width bytes drop trailing NULs: pad the SHA-1 back to 20 bytes
            keys = [key.ljust(20, b"\0") for key in data["keys"].tolist()]
            known = dict(zip(keys, data["vectors"], strict=True))
    digests = [_digest(t) for t in texts]
    missing = sorted(
        {d: i for i, d in enumerate(digests) if d not in known}.items(), key=lambda item: len(texts[item[1]])
    )
    start = time.perf_counter()
    for offset in range(0, len(missing), chunk):
        part = missing[offset : offset + chunk]
        vectors = embedder.embed([texts[i] for _, i in part])
        known.update(zip([d for d, _ in part], vectors, strict=True))
        np.savez(path, keys=np.array(list(known), dtype="S20"), vectors=np.stack(list(known.values())))
        done = offset + len(part)
        log(f"  embedded {done}/{len(missing)} ({done / (time.perf_counter() - start):.1f}/s)")
    return np.stack([known[d] for d in digests]).astype(np.float32)


def build_lexical(papers: Iterable[Paper]) -> LexicalIndex:
    index = LexicalIndex.create(Path(tempfile.mkdtemp(prefix="consilience-eval-")) / "lexical")
    index.add(papers)
    index.commit(last_seq=0)
    return index


def rank_dense(
    doc_ids: Sequence[str], doc_vectors: Vectors, query_vectors: Vectors, k: int
) -> list[list[str]]:
    """Exact cosine top-k for each query (vectors are unit length): the eval's dense ranker."""
    scores = query_vectors @ doc_vectors.T
    top = np.argsort(-scores, axis=1)[:, :k]
    return [[doc_ids[j] for j in row] for row in top]


# -- fusion variants (shared by retrieval_scifact and retrieval_pubmedqa) ---------------------

#: The lexical share of score fusion tried by the weight grid ({"lexical": a, "dense": 1 - a}).
WEIGHT_GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def dense_scores(query_vectors: Vectors, doc_vectors: Vectors) -> Vectors:
    """Exact cosine of every query to every paper (vectors are unit length)."""
    return np.asarray(query_vectors @ doc_vectors.T, dtype=np.float32)


def fused_runs(
    lexical: dict[str, list[tuple[str, float]]],
    scores: Vectors,
    doc_ids: Sequence[str],
    qids: Sequence[str],
    *,
    method: str = "score",
    depth: int = 100,
    weights: dict[str, float] | None = None,
    rrf_k: int = 60,
    rescore: bool = True,
    candidates: str = "both",
    out: int = 100,
) -> dict[str, list[str]]:
    """Hybrid rankings made as :class:`consilience.index.Indexes` makes them.

    Each ranker hands over its top ``depth``; ``score`` fusion adds weighted BM25/max BM25 and
    cosine (with ``rescore`` the lexical candidates get their exact cosine, as the dense index
    gives it; without, only the dense hits have one), ``rrf`` fuses ranks. ``candidates=
    "lexical"`` keeps only the lexical hits (a dense re-rank of the lexical top ``depth``).
    """
    from consilience.index.hybrid import fuse_scores, rrf

    position = {d: i for i, d in enumerate(doc_ids)}
    runs: dict[str, list[str]] = {}
    for row, q in enumerate(qids):
        lex = lexical[q][:depth]
        if candidates == "lexical":  # dense only re-scores the lexical top ``depth``
            top = np.zeros(0, dtype=np.int64)
        elif depth < len(doc_ids):
            top = np.argpartition(-scores[row], depth)[:depth]
        else:
            top = np.arange(len(doc_ids))
        top = top[np.argsort(-scores[row][top], kind="stable")]
        dense = [(doc_ids[j], float(scores[row, j])) for j in top]
        if method == "rrf":
            fused = rrf(
                {"lexical": [p for p, _ in lex], "dense": [p for p, _ in dense]}, k=rrf_k, weights=weights
            )
        else:
            cosines = dict(dense)
            if rescore:
                cosines.update({p: float(scores[row, position[p]]) for p, _ in lex if p not in cosines})
            fused = fuse_scores(lex, cosines, weights=weights)
        runs[q] = [p for p, _ in fused[:out]]
    return runs


def split_weight(lexical_share: float) -> dict[str, float]:
    return {"lexical": lexical_share, "dense": round(1.0 - lexical_share, 4)}


def choose_weight(per_query: dict[float, dict[str, float]], *, folds: int = 5) -> dict[str, object]:
    """The documented weight procedure: the grid value with the best mean metric over all
    training queries, and a ``folds``-fold cross-validation that says how well picking by the
    grid generalises (each fold's pick is scored on that fold's held-out queries)."""
    grid = sorted(per_query)
    qids = sorted(next(iter(per_query.values())))
    mean = {a: sum(per_query[a][q] for q in qids) / len(qids) for a in grid}
    chosen = max(grid, key=lambda a: (round(mean[a], 6), -abs(a - 0.5)))
    picks, held_out = [], 0.0
    for fold in range(folds):
        test = qids[fold::folds]
        train = [q for i, q in enumerate(qids) if i % folds != fold]
        pick = max(grid, key=lambda a: (round(sum(per_query[a][q] for q in train), 6), -abs(a - 0.5)))
        picks.append(pick)
        held_out += sum(per_query[pick][q] for q in test)
    return {
        "grid": {str(a): round(mean[a], 4) for a in grid},
        "chosen_lexical_share": chosen,
        "cv_fold_picks": picks,
        "cv_out_of_fold": round(held_out / len(qids), 4),
    }


def rm3_query(
    index: LexicalIndex,
    papers: dict[str, Paper],
    terms: list[str],
    *,
    fb_docs: int = 10,
    fb_terms: int = 10,
    original: float = 0.5,
) -> tuple[list[str], list[float]]:
    """RM3 pseudo-relevance feedback (Abdul-Jaleel et al. 2004) over the analyzer's terms:
    the top ``fb_docs`` lexical hits, weighted by their share of BM25, give a term
    distribution; its ``fb_terms`` best terms are mixed with the query at ``original``."""
    from collections import Counter

    from consilience.index.lexical import paper_fields

    hits = index.search(terms, fb_docs)
    total = sum(score for _, score in hits)
    if not terms or total <= 0:
        return terms, [1.0] * len(terms)
    model: Counter[str] = Counter()
    for paper_id, score in hits:
        words = paper_fields(papers[paper_id])["text"].split()
        for term, count in Counter(words).items():
            model[term] += (score / total) * count / len(words)
    expansion = dict(model.most_common(fb_terms))
    norm = sum(expansion.values())
    weights: Counter[str] = Counter({t: original / len(terms) for t in terms})
    for term, weight in expansion.items():
        weights[term] += (1 - original) * weight / norm
    ordered = list(weights)
    return ordered, [weights[t] * len(terms) for t in ordered]


#: Embedder settings whose cached vectors the evals also score, to show what precision and
#: truncation cost (only those already embedded in eval/out/embeddings are reported).
#: ``int8all-L128`` is the old default (every Linear int8, 128 tokens); ``int8`` now keeps
#: the feed-forward down-projections in float.
PRECISION_CONFIGS = ("fp32-L256", "bf16-L256", "bf16-L192", "bf16-L128", "int8-L256", "int8all-L128")


def cached_vectors(name: str, config: str, texts: Sequence[str]) -> Vectors | None:
    """Vectors for texts from another embedder setting's cache, or None if any is missing."""
    path = CACHE_DIR / f"{name}-{config}.npz".replace("/", "_")
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as data:
        keys = [key.ljust(20, b"\0") for key in data["keys"].tolist()]
        known = dict(zip(keys, data["vectors"], strict=True))
    try:
        return np.stack([known[_digest(t)] for t in texts]).astype(np.float32)
    except KeyError:
        return None


def fusion_variants(
    lexical: dict[str, list[tuple[str, float]]],
    scores: Vectors,
    doc_ids: Sequence[str],
    qids: Sequence[str],
    summary: Callable[[dict[str, list[str]]], dict[str, float]],
    *,
    rm3_lexical: dict[str, list[tuple[str, float]]] | None = None,
) -> dict[str, dict[str, float]]:
    """Every hybrid variant tried, scored the same way, so the choice of default is visible."""
    from consilience.index.hybrid import DEFAULT_WEIGHTS

    def fused(**options: object) -> dict[str, float]:
        return summary(fused_runs(lexical, scores, doc_ids, qids, **options))  # type: ignore[arg-type]

    share = DEFAULT_WEIGHTS["lexical"]
    table = {
        "rrf k=60 equal weights (plain RRF)": fused(method="rrf"),
        "rrf k=60 lexical x1.5": fused(method="rrf", weights={"lexical": 1.5, "dense": 1.0}),
        "rrf k=20 lexical x1.5": fused(method="rrf", rrf_k=20, weights={"lexical": 1.5, "dense": 1.0}),
        "rrf k=60 depth 300": fused(method="rrf", depth=300),
    }
    for a in WEIGHT_GRID:
        table[f"score lexical={a} dense={round(1 - a, 2)}"] = fused(weights=split_weight(a))
    table |= {
        f"score lexical={share}, no re-scoring of lexical hits": fused(rescore=False),
        f"score lexical={share}, depth 300": fused(depth=300),
        f"score lexical={share}, dense re-rank of lexical top-100 only": fused(candidates="lexical"),
    }
    if rm3_lexical is not None:
        table["lexical + RM3 (10 docs, 10 terms, 0.5)"] = summary(
            {q: [p for p, _ in rm3_lexical[q]] for q in qids}
        )
        table[f"score lexical={share} over lexical + RM3"] = summary(
            fused_runs(rm3_lexical, scores, doc_ids, qids)
        )
    return table
