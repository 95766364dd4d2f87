"""The packaged sentence-transformers model run by ONNX Runtime on CPU, in fp32 or int8.

The transformer is exported once from the local model directory (``torch.onnx``, no download)
and, for ``int8``, quantized dynamically (``quantize_dynamic``: int8 weights per output
channel, activations per tensor at run time, full 8-bit range on CPUs with VNNI). ONNX
Runtime fuses the graph when it loads it (all optimizations but one, see ``_session``). Unlike
torch's default dynamic int8 (one scale per weight tensor), which moved MiniLM's vectors to
cosine 0.92 of fp32, this keeps them at 0.99 or more. The file is cached
under ``$XDG_CACHE_HOME/consilience/onnx`` (default ``~/.cache``), named by model id, opset,
precision and recipe version, and carries the same facts in its metadata: a file made from
another model, recipe or ONNX Runtime version is made again. Tokenizing (the model's own
``tokenizer.json``), mean pooling over real tokens and L2 normalisation are done here as
sentence-transformers does them for a Transformer + mean Pooling (+ Normalize) model.

onnxruntime and onnx are part of the ``dense`` extra and imported inside functions only.
Figures (speed, cosine to fp32, SciFact nDCG@10) are in docs/search.md.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import os
import platform
import re
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from consilience.index.embedders import DenseUnavailable, Vectors, model_id

#: The ONNX opset the transformer is exported at.
OPSET = 17
#: Bump when the export, fusion or quantization recipe changes: cached files are made again.
RECIPE_VERSION = 1

OnnxPrecision = Literal["fp32", "int8"]


def onnx_available() -> bool:
    """True when ONNX Runtime and onnx (to export and quantize) are importable."""
    return all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "onnx"))


def onnx_cache_dir() -> Path:
    """Where exported models are kept: ``$XDG_CACHE_HOME/consilience/onnx`` (or ~/.cache)."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "consilience" / "onnx"


def cpu_int8_dot() -> bool:
    """True when this CPU has 8-bit dot-product instructions (x86 VNNI/AMX, or any ARM CPU).

    Without them ONNX Runtime's u8 x s8 kernels can saturate, so weights are quantized to
    7 bits instead (``reduce_range``, as the onnxruntime quantization docs advise).
    """
    if platform.machine().lower() not in {"x86_64", "amd64", "i386", "i686"}:
        return True
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return bool(re.search(r"\b(avx512_vnni|avx_vnni|amx_int8)\b", flags))


def mean_pool(hidden: npt.NDArray[Any], mask: npt.NDArray[Any]) -> Vectors:
    """Mean of each text's token vectors over its real (unpadded) tokens, then unit length.

    >>> hidden = np.array([[[1.0, 0.0], [3.0, 0.0], [9.0, 9.0]]], dtype=np.float32)
    >>> mean_pool(hidden, np.array([[1, 1, 0]])).tolist()
    [[1.0, 0.0]]
    """
    weights = mask[..., None].astype(np.float32)
    summed = (hidden.astype(np.float32) * weights).sum(axis=1)
    vectors = summed / np.maximum(weights.sum(axis=1), 1e-9)  # sentence-transformers' clamp
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return np.ascontiguousarray(vectors, dtype=np.float32)


def _mean_pooling_model(path: Path) -> bool:
    """True when the directory is a Transformer + mean Pooling (+ Normalize) model: the only
    pipeline this module reproduces (anything else runs in torch)."""
    try:
        modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        pooling = next(m for m in modules if m["type"].endswith("Pooling"))
        config = json.loads((path / pooling["path"] / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, StopIteration):
        return False
    modes = {k for k, v in config.items() if k.startswith("pooling_mode") and v}
    return (
        kinds[:2] == ["Transformer", "Pooling"]
        and set(kinds[2:]) <= {"Normalize"}
        and modes == {"pooling_mode_mean_tokens"}
        and (path / "tokenizer.json").is_file()
    )


def _model_max_tokens(path: Path) -> int | None:
    try:
        config = json.loads((path / "sentence_bert_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = config.get("max_seq_length")
    return int(value) if value else None


class OnnxEmbedder:
    """A Transformer + mean-pooling sentence-transformers model run by ONNX Runtime on CPU.

    Each text runs on its own (``batch_size`` 1, no padding) and ``threads`` texts run at once,
    one core each: int8 activations are quantized per run, so a batch would make a paper's
    vector depend on its neighbours (cosine 0.993 between the same text alone and in a batch
    of 16), and on two cores this was also faster than batches of 4-16 on two intra-op threads.
    With ``batch_size`` > 1, texts are sorted by length and each batch padded to its longest.
    """

    def __init__(
        self,
        path: Path,
        *,
        precision: OnnxPrecision,
        max_seq_length: int,
        batch_size: int = 1,
        threads: int | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        if not onnx_available():
            raise DenseUnavailable("the ONNX embedder needs onnxruntime and onnx (the dense extra)")
        self.path = Path(path)
        if not _mean_pooling_model(self.path):
            raise DenseUnavailable(f"{self.path} is not a Transformer + mean-pooling model")
        self.name = model_id(self.path)
        self.precision = precision
        limit = _model_max_tokens(self.path)
        self.max_seq_length = min(max_seq_length, limit) if limit else max_seq_length
        self.config = f"onnx-{precision}-L{max_seq_length}"
        self.batch_size = batch_size
        self.threads = threads or _cores()
        self.file = export_model(self.path, precision, cache_dir=cache_dir)
        self._session = _session(self.file, 1)
        self._inputs = {i.name for i in self._session.get_inputs()}
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
        self._tokenizer.no_padding()  # the file may pin padding to 128: we pad per batch
        self._tokenizer.enable_truncation(max_length=self.max_seq_length)
        self.dim = int(self._session.get_outputs()[0].shape[-1])

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Unit-length float32 vectors, one row per text."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")  # longest first

        def run(rows: npt.NDArray[np.intp]) -> None:
            width = max(len(encodings[r].ids) for r in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for i, row in enumerate(rows):
                tokens = encodings[row].ids
                ids[i, : len(tokens)] = tokens
                mask[i, : len(tokens)] = 1
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
            out[rows] = mean_pool(hidden, mask)

        batches = [order[i : i + self.batch_size] for i in range(0, len(order), self.batch_size)]
        if self.threads > 1 and len(batches) > 1:  # ONNX Runtime releases the GIL while it runs
            with ThreadPoolExecutor(min(self.threads, len(batches))) as pool:
                list(pool.map(run, batches))
        else:
            for rows in batches:
                run(rows)
        return out


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _session(file: Path, threads: int) -> Any:
    import onnxruntime as ort  # type: ignore[import-untyped,unused-ignore]

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3  # errors only: its warnings are about graph details
    # ONNX Runtime 1.32's SkipLayerNormalization CPU kernel took 20% of int8 run time, against
    # 3% for the LayerNormalization + Add it replaces (profiled on 128 SciFact abstracts)
    return ort.InferenceSession(
        str(file), options, providers=["CPUExecutionProvider"], disabled_optimizers=["SkipLayerNormFusion"]
    )


def _expected_metadata(model: str, precision: OnnxPrecision, reduce_range: bool) -> dict[str, str]:
    import onnxruntime as ort  # type: ignore[import-untyped,unused-ignore]

    return {
        "consilience_model": model,
        "consilience_precision": precision,
        "consilience_opset": str(OPSET),
        "consilience_recipe": str(RECIPE_VERSION),
        "consilience_reduce_range": str(reduce_range).lower(),
        "onnxruntime": ort.__version__,
    }


def export_model(path: Path, precision: OnnxPrecision, *, cache_dir: Path | None = None) -> Path:
    """The cached ONNX file for a model directory and precision, exported on first use.

    A cached file whose metadata does not match (another recipe, ONNX Runtime or model) or
    that does not load is made again; writes are atomic, so a concurrent process sees either
    no file or a whole one.
    """
    name = model_id(path)
    reduce_range = precision == "int8" and not cpu_int8_dot()
    suffix = "-r7" if reduce_range else ""
    folder = cache_dir or onnx_cache_dir()
    file = folder / f"{name.replace('/', '_')}-opset{OPSET}-{precision}{suffix}-v{RECIPE_VERSION}.onnx"
    expected = _expected_metadata(name, precision, reduce_range)
    if file.is_file() and _metadata(file) == expected:
        return file
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".export-") as tmp:
        work = Path(tmp)
        final = _export_fp32(path, work / "fp32.onnx")
        if precision == "int8":
            final = _quantize(final, work / "int8.onnx", reduce_range=reduce_range)
        _stamp(final, work / "stamped.onnx", expected)
        os.replace(work / "stamped.onnx", file)
    return file


def _metadata(file: Path) -> dict[str, str] | None:
    try:
        return dict(_session(file, 1).get_modelmeta().custom_metadata_map)
    except Exception:  # a truncated or foreign file (ONNX Runtime raises its own types): remake
        return None


def _export_fp32(path: Path, target: Path) -> Path:
    """Trace the transformer (token ids, mask, type ids -> last hidden state) to ONNX."""
    import torch  # noqa: TID251 - the optional extra, imported lazily
    from transformers import AutoModel

    try:  # the weight-loading progress bar is noise in a CLI answer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    except ImportError:  # pragma: no cover - transformers comes with sentence-transformers
        pass
    # eager attention traces to plain MatMul/Softmax, which ONNX Runtime fuses and quantizes
    bert = AutoModel.from_pretrained(str(path), local_files_only=True, attn_implementation="eager").eval()

    class LastHidden(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    sample = torch.ones((2, 16), dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with torch.inference_mode(), warnings.catch_warnings():
        # the TorchScript exporter (dynamo=False) needs no onnxscript; its tracer warnings are
        # about Python control flow that is constant for this model
        warnings.simplefilter("ignore")
        torch.onnx.export(
            LastHidden(bert).eval(),
            (sample, sample, torch.zeros_like(sample)),
            str(target),
            dynamo=False,
            opset_version=OPSET,
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
        )
    return target


def _quantize(source: Path, target: Path, *, reduce_range: bool) -> Path:
    """Dynamic int8: weights per output channel, activations per tensor at run time."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic  # type: ignore[import-untyped,unused-ignore]

    with _quiet():
        quantize_dynamic(
            str(source),
            str(target),
            weight_type=QuantType.QInt8,
            per_channel=True,
            reduce_range=reduce_range,
            # the fused ops are ONNX Runtime contrib ops, which shape inference cannot type
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
    return target


def _stamp(source: Path, target: Path, metadata: dict[str, str]) -> None:
    import onnx

    model = onnx.load(str(source))
    onnx.helper.set_model_props(model, metadata)
    onnx.save(model, str(target))


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence the exporters' advice (root-logger warnings such as "consider pre-processing")."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)
