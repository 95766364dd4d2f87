"""Embedding on a GPU for ``build --gpu``: the same model as the CPU embedder, in fp16 on CUDA.

The dense index accepts vectors from any embedder with the same model id, so a library built
on a GPU machine is searched on a laptop with the CPU embedder. On the GPU the int8
quantization used on CPU does not apply; fp16 weights and large batches (sentence-transformers
sorts each call's texts by length, so batches carry little padding) do the work instead.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from consilience.index.embedders import DenseUnavailable, Vectors, default_model_path, model_id

if TYPE_CHECKING:
    from consilience.index import Indexes

__all__ = ["DeviceEmbedder", "check_gpu", "use_gpu_embedder"]


class DeviceEmbedder:
    """A sentence-transformers model on a given torch device (``cuda`` with fp16 by default)."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        device: str = "cuda",
        half: bool = True,
        max_seq_length: int = 128,
        batch_size: int = 512,
    ) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            import torch  # noqa: TID251 - the optional dense extra, imported lazily
            from sentence_transformers import SentenceTransformer  # noqa: TID251
        except ImportError:
            raise DenseUnavailable(
                "embedding needs the dense extra: pip install 'consilience[dense]'"
            ) from None
        if device.startswith("cuda") and not torch.cuda.is_available():
            raise DenseUnavailable("--gpu: torch sees no CUDA device on this machine")
        self.path = Path(path) if path is not None else default_model_path()
        self.name = model_id(self.path)
        self.config = f"{device}-fp{16 if half else 32}-L{max_seq_length}"
        try:  # the weight-loading progress bar is noise in a build's output
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        except ImportError:  # pragma: no cover - transformers comes with sentence-transformers
            pass
        model: Any = SentenceTransformer(str(self.path), device=device, local_files_only=True)
        model.max_seq_length = min(max_seq_length, model.max_seq_length or max_seq_length)
        if half:
            model = model.half()
        self._model = model
        self.batch_size = batch_size
        # (the method's name changed in sentence-transformers 5; the old one warns)
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


def check_gpu() -> None:
    """Fail before any work when ``--gpu`` cannot be honoured here."""
    try:
        import torch  # noqa: TID251
    except ImportError:
        raise DenseUnavailable("--gpu needs the dense extra: pip install 'consilience[dense]'") from None
    if not torch.cuda.is_available():
        raise DenseUnavailable("--gpu: torch sees no CUDA device on this machine")


def use_gpu_embedder(indexes: Indexes) -> None:
    """Make ``indexes`` embed on the GPU from now on (for this process)."""
    embedder = DeviceEmbedder(indexes.model_path, max_seq_length=indexes.max_seq_length)
    # Indexes asks its embedder() method for the model; this instance answers with the GPU one.
    setattr(indexes, "embedder", lambda: embedder)  # noqa: B010
