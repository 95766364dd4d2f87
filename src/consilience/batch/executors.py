"""Where per-file tasks run: a local process pool, or Ray tasks on a cluster.

Both offer the same three calls (``submit``, ``poll``, ``close``) so the build loop does not
care which runs it. A task's failure (an exception in the task, or its worker dying) comes
back from ``poll`` as the exception, and the build decides whether to retry.

Ray is the optional ``scale`` extra, imported only when a Ray executor is made.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, Protocol

from consilience.batch.tasks import FileResult, process_file_packed, unpack
from consilience.errors import ConsilienceError

__all__ = ["Executor", "LocalExecutor", "RayExecutor", "make_executor", "ray_session"]

#: One task's outcome: its key and either its result or what went wrong.
Outcome = tuple[int, FileResult | BaseException]


class Executor(Protocol):
    """Runs :func:`~consilience.batch.tasks.process_file_packed` calls, several at a time."""

    #: How many tasks it can run at once (the build keeps about twice that in flight).
    slots: int
    description: str

    def submit(self, key: int, path: str, fmt: str | None, analyze: bool) -> None: ...

    def poll(self, timeout: float) -> list[Outcome]: ...

    def close(self) -> None: ...


class LocalExecutor:
    """A process pool on this machine; a pool broken by a dead worker is replaced."""

    def __init__(self, workers: int) -> None:
        self.slots = max(1, workers)
        self.description = f"{self.slots} local worker process{'es' if self.slots > 1 else ''}"
        self._pending: dict[Future[bytes], int] = {}
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # fork, as ingest --jobs does: workers start at once with the parent's imports.
        ctx = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
        return ProcessPoolExecutor(max_workers=self.slots, mp_context=ctx)

    def submit(self, key: int, path: str, fmt: str | None, analyze: bool) -> None:
        try:
            future = self._pool.submit(process_file_packed, path, fmt, analyze)
        except BrokenProcessPool:  # broken since the last poll: start a fresh pool
            self._restart()
            future = self._pool.submit(process_file_packed, path, fmt, analyze)
        self._pending[future] = key

    def poll(self, timeout: float) -> list[Outcome]:
        if not self._pending:
            return []
        done, _ = wait(self._pending, timeout=timeout, return_when=FIRST_COMPLETED)
        outcomes: list[Outcome] = []
        broken = False
        for future in done:
            key = self._pending.pop(future)
            error = future.exception()
            if error is None:
                outcomes.append((key, unpack(future.result())))
            else:
                broken = broken or isinstance(error, BrokenProcessPool)
                outcomes.append((key, error))
        if broken:
            self._restart()
        return outcomes

    def _restart(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _ray() -> Any:
    try:
        import ray  # noqa: TID251 - the optional scale extra, imported lazily here
    except ImportError:
        raise ConsilienceError(
            "building on Ray needs the scale extra: pip install 'consilience[scale]'"
        ) from None
    return ray


@contextmanager
def ray_session(address: str, workers: int | None = None) -> Iterator[Any]:
    """Ray, connected to the cluster at ``address`` ('local' starts one here) for a whole build.

    The file tasks and the embedding actors share it. A Ray already initialised in this process
    (``ray.init(...)`` by the caller) is used as is and left running.
    """
    ray = _ray()
    owns = not ray.is_initialized()
    if owns:
        if address == "local":
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
        else:
            ray.init(address=address, log_to_driver=False)
    try:
        yield ray
    finally:
        if owns:
            ray.shutdown()


class RayExecutor:
    """Ray tasks, one per file, on the cluster at ``address`` ('local' starts one here).

    Input paths must be readable at the same path on every node (a shared filesystem), as
    usual for batch work on a Ray cluster; results travel back through Ray's object store.
    A Ray already initialised in this process (``ray.init(...)`` by the caller) is used as is.
    """

    def __init__(self, address: str, workers: int | None = None, memory_mb: int | None = None) -> None:
        ray = _ray()
        self._ray = ray
        self._owns = False
        if not ray.is_initialized():
            if address == "local":
                ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
            else:
                ray.init(address=address, log_to_driver=False)
            self._owns = True
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.slots = max(1, min(workers, cpus) if workers else cpus)
        self.description = f"Ray at {address} ({cpus} CPUs, {self.slots} tasks at a time)"
        options: dict[str, Any] = {"num_cpus": 1, "max_retries": 0}  # retries are the build's
        if memory_mb:
            options["memory"] = memory_mb * 1024 * 1024
        self._task = ray.remote(process_file_packed).options(**options)
        self._pending: dict[Any, int] = {}

    def submit(self, key: int, path: str, fmt: str | None, analyze: bool) -> None:
        self._pending[self._task.remote(path, fmt, analyze)] = key

    def poll(self, timeout: float) -> list[Outcome]:
        if not self._pending:
            return []
        ready, _ = self._ray.wait(list(self._pending), num_returns=1, timeout=timeout)
        outcomes: list[Outcome] = []
        for ref in ready:
            key = self._pending.pop(ref)
            try:
                outcomes.append((key, unpack(self._ray.get(ref))))
            except self._ray.exceptions.RayTaskError as exc:
                # The task raised: hand back an exception of the task's own type (e.g. IngestError).
                outcomes.append((key, exc.as_instanceof_cause()))
            except self._ray.exceptions.RayError as exc:  # a worker or node died
                outcomes.append((key, exc))
        return outcomes

    def close(self) -> None:
        for ref in self._pending:
            self._ray.cancel(ref, force=True)
        self._pending.clear()
        if self._owns:
            self._ray.shutdown()


def make_executor(workers: int | None, ray_address: str | None, memory_mb: int | None = None) -> Executor:
    """A Ray executor when ``ray_address`` is given (an address or 'local'), else a local pool.

    ``workers`` defaults to the cluster's CPUs on Ray and to this machine's otherwise.
    """
    if ray_address:
        return RayExecutor(ray_address, workers, memory_mb)
    return LocalExecutor(workers or os.cpu_count() or 1)
