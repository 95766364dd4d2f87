"""Embedding on Ray actors for ``build --ray ...``: the model loaded once per actor, batches fanned out.

On a cluster the dense index is still one index, written by the build's driver, but the
embedding (the costly part) runs in a pool of long-lived actors: with ``--gpu`` one actor per
GPU of the cluster, each holding the model in fp16 on its device
(:class:`consilience.batch.gpu.DeviceEmbedder`); without it one actor per CPU the build may use,
each running the library's own CPU embedder on one thread, so its vectors are those a plain
``consilience index`` would write. The driver cuts each catch-up batch into chunks, sends one
chunk to each actor in turn, and stacks the vectors back in order.

Ray is imported by the caller (the build's Ray session); this module only needs the handle.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from consilience.index.embedders import Vectors, default_model_path

if TYPE_CHECKING:
    from consilience.index import Indexes

__all__ = ["ActorPoolEmbedder", "use_ray_embedder"]

#: Texts per chunk sent to one actor: large enough that a GPU batch is full, small enough that
#: every actor gets work in a catch-up batch.
GPU_CHUNK = 4096
CPU_CHUNK = 256


class _EmbedActor:
    """What each actor runs: one embedder, loaded when the actor starts."""

    def __init__(self, model_path: str, gpu: bool, quantize: str, max_seq_length: int) -> None:
        self._embedder: Any
        if gpu:
            from consilience.batch.gpu import DeviceEmbedder

            self._embedder = DeviceEmbedder(Path(model_path), max_seq_length=max_seq_length)
        else:
            from consilience.index.embedders import (
                ONNX_PRECISIONS,
                SentenceTransformerEmbedder,
                load_embedder,
                resolve_precision,
            )

            if resolve_precision(quantize) in ONNX_PRECISIONS:
                self._embedder = load_embedder(
                    Path(model_path), quantize=quantize, max_seq_length=max_seq_length
                )
            else:  # one thread: the pool runs one actor per CPU
                self._embedder = SentenceTransformerEmbedder(
                    Path(model_path), quantize=quantize, max_seq_length=max_seq_length, threads=1
                )

    def describe(self) -> tuple[str, str, int]:
        return self._embedder.name, self._embedder.config, int(self._embedder.dim)

    def embed(self, texts: Sequence[str]) -> Vectors:
        return np.asarray(self._embedder.embed(texts), dtype=np.float32)


class ActorPoolEmbedder:
    """An :class:`~consilience.index.embedders.Embedder` whose work runs on Ray actors."""

    def __init__(self, ray: Any, actors: Sequence[Any], chunk: int) -> None:
        if not actors:
            raise ValueError("an actor pool needs at least one actor")
        self._ray = ray
        self._actors = list(actors)
        self.chunk = chunk
        self.name, self.config, self.dim = ray.get(self._actors[0].describe.remote())
        #: Papers per catch-up batch (``Indexes`` reads it): two chunks for every actor.
        self.preferred_batch = 2 * chunk * len(self._actors)

    @property
    def actors(self) -> int:
        return len(self._actors)

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Unit-length float32 vectors, one row per text, in the order given."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        chunks = [list(texts[start : start + self.chunk]) for start in range(0, len(texts), self.chunk)]
        refs = [self._actors[i % len(self._actors)].embed.remote(part) for i, part in enumerate(chunks)]
        return np.ascontiguousarray(np.vstack(self._ray.get(refs)), dtype=np.float32)

    def close(self) -> None:
        for actor in self._actors:
            self._ray.kill(actor)
        self._actors.clear()


def use_ray_embedder(
    indexes: Indexes, ray: Any, *, gpu: bool, actors: int | None = None
) -> ActorPoolEmbedder:
    """Make ``indexes`` embed on a pool of Ray actors from now on (for this process).

    ``actors`` defaults to the cluster's GPUs with ``gpu``, else to its CPUs.
    """
    resources = ray.cluster_resources()
    if gpu:
        count = actors or max(1, int(resources.get("GPU", 0)))
        options: dict[str, Any] = {"num_gpus": 1, "num_cpus": 1}
    else:
        count = actors or max(1, int(resources.get("CPU", 1)))
        options = {"num_cpus": 1}
    remote = ray.remote(_EmbedActor).options(**options)
    quantize = "auto" if gpu else str(indexes.quantize)
    model = str(indexes.model_path or default_model_path())
    pool = [remote.remote(model, gpu, quantize, indexes.max_seq_length) for _ in range(count)]
    embedder = ActorPoolEmbedder(ray, pool, GPU_CHUNK if gpu else CPU_CHUNK)
    # Indexes asks its embedder() method for the model; this pool answers instead.
    setattr(indexes, "embedder", lambda: embedder)  # noqa: B010
    return embedder
