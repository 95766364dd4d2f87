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
            known = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
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
