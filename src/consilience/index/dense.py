"""The dense index: paper embeddings in a usearch HNSW graph, with a JSON manifest.

Files under ``<library>/index/dense/``: ``vectors.usearch`` (the graph, cosine metric),
``keys.json`` (key → [paper id, year]; a key is never reused, so a deleted paper's key stays
null) and ``manifest.json`` (format version, model id, embedder settings such as ``bf16-L256`` and
dimension, doc count, last change seq). The index refuses vectors from a model other than the one that built it.

usearch is imported inside functions: it belongs to the optional ``dense`` extra.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from consilience.index.embedders import Vectors
from consilience.index.lexical import IndexFormatError

FORMAT_VERSION = 1
MANIFEST = "manifest.json"


class DenseIndex:
    """Vectors for papers, searchable by cosine similarity."""

    def __init__(
        self, path: Path, graph: Any, keys: list[list[Any] | None], manifest: dict[str, Any]
    ) -> None:
        self.path = path
        self._graph = graph
        self._keys = keys
        self._key_of = {entry[0]: key for key, entry in enumerate(keys) if entry is not None}
        self.manifest = manifest

    @staticmethod
    def _new_graph(dim: int) -> Any:
        from usearch.index import Index

        return Index(
            ndim=dim, metric="cos", dtype="f16", connectivity=16, expansion_add=128, expansion_search=64
        )

    @classmethod
    def create(cls, path: Path, *, model: str, dim: int, config: str = "") -> DenseIndex:
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        manifest = {
            "kind": "consilience-dense",
            "format_version": FORMAT_VERSION,
            "model": model,
            "config": config,
            "dim": dim,
            "doc_count": 0,
            "last_seq": 0,
        }
        index = cls(path, cls._new_graph(dim), [], manifest)
        index.save(last_seq=0)
        return index

    @classmethod
    def open(cls, path: Path) -> DenseIndex:
        """Open an index; IndexFormatError says why one cannot be used."""
        manifest_path = path / MANIFEST
        if not manifest_path.is_file():
            raise IndexFormatError(f"no dense index at {path}")
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            keys = json.loads((path / "keys.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexFormatError(f"dense index at {path} is unreadable: {exc}") from exc
        if not isinstance(manifest, dict) or manifest.get("kind") != "consilience-dense":
            raise IndexFormatError(f"{manifest_path} is not a Consilience dense index manifest")
        if manifest.get("format_version") != FORMAT_VERSION:
            raise IndexFormatError(
                f"dense index at {path} has format version {manifest.get('format_version')}, "
                f"this Consilience writes {FORMAT_VERSION}"
            )
        graph = cls._new_graph(int(manifest["dim"]))
        try:
            graph.load(str(path / "vectors.usearch"))
        except Exception as exc:  # usearch raises RuntimeError/ValueError for damaged files
            raise IndexFormatError(f"dense index at {path} is corrupt: {exc}") from exc
        live = sum(1 for entry in keys if entry is not None)
        if len(graph) != live:
            raise IndexFormatError(f"dense index at {path} is corrupt: {len(graph)} vectors for {live} ids")
        return cls(path, graph, keys, manifest)

    @property
    def model(self) -> str:
        return str(self.manifest["model"])

    @property
    def last_seq(self) -> int:
        return int(self.manifest.get("last_seq", 0))

    def __len__(self) -> int:
        return len(self._key_of)

    def ids(self) -> set[str]:
        return set(self._key_of)

    def add(self, paper_ids: Sequence[str], years: Sequence[int | None], vectors: Vectors) -> None:
        """Add (or replace) papers' vectors."""
        if len(paper_ids) == 0:
            return
        if vectors.shape != (len(paper_ids), int(self.manifest["dim"])):
            raise ValueError(f"expected {len(paper_ids)} vectors of dimension {self.manifest['dim']}")
        self.delete(paper_ids)
        start = len(self._keys)
        keys = np.arange(start, start + len(paper_ids), dtype=np.uint64)
        for paper_id, year in zip(paper_ids, years, strict=True):
            self._key_of[paper_id] = len(self._keys)
            self._keys.append([paper_id, year])
        self._graph.add(keys, vectors)

    def delete(self, paper_ids: Sequence[str]) -> None:
        for paper_id in paper_ids:
            key = self._key_of.pop(paper_id, None)
            if key is not None:
                self._graph.remove(key)
                self._keys[key] = None

    def save(self, *, last_seq: int) -> None:
        """Write graph, keys and manifest (the manifest last: it marks a complete write)."""
        self._graph.save(str(self.path / "vectors.usearch"))
        (self.path / "keys.json").write_text(json.dumps(self._keys), encoding="utf-8")
        self.manifest["doc_count"] = len(self)
        self.manifest["last_seq"] = last_seq
        tmp = self.path / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(self.manifest, indent=2) + "\n", encoding="utf-8")
        tmp.replace(self.path / MANIFEST)

    def similarities(self, query: Vectors, paper_ids: Sequence[str]) -> dict[str, float]:
        """Exact cosine similarity of the query to each listed paper's stored vector.

        Hybrid search uses it to score the lexical candidates that the nearest-neighbour
        search did not return; papers without a vector are left out.
        """
        keys = [self._key_of[p] for p in paper_ids if p in self._key_of]
        if not keys:
            return {}
        found = self._graph.get(np.array(keys, dtype=np.uint64), dtype=np.float32)
        rows = [found] if isinstance(found, np.ndarray) and found.ndim == 1 else list(found)
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        q = q / max(float(np.linalg.norm(q)), 1e-12)
        out: dict[str, float] = {}
        for key, row in zip(keys, rows, strict=True):
            if row is None:
                continue
            vector = np.asarray(row, dtype=np.float32).reshape(-1)
            norm = max(float(np.linalg.norm(vector)), 1e-12)
            entry = self._keys[key]
            if entry is not None:
                out[entry[0]] = float(vector @ q) / norm
        return out

    def search(
        self, query: Vectors, k: int = 100, *, year: tuple[int | None, int | None] | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` nearest papers as (paper id, cosine similarity), optionally within years."""
        if len(self) == 0:
            return []
        filtered = year is not None and (year[0] is not None or year[1] is not None)
        wanted = min(len(self), k * 10 if filtered else k)
        matches = self._graph.search(query.reshape(-1), wanted)
        hits: list[tuple[str, float]] = []
        for key, distance in zip(matches.keys, matches.distances, strict=True):
            entry = self._keys[int(key)]
            if entry is None:
                continue
            if filtered and year is not None:
                paper_year = entry[1]
                if (
                    paper_year is None
                    or (year[0] is not None and paper_year < year[0])
                    or (year[1] is not None and paper_year > year[1])
                ):
                    continue
            hits.append((entry[0], 1.0 - float(distance)))
            if len(hits) == k:
                break
        return hits
