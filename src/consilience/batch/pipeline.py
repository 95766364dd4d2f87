"""``build``: parse → analyse → store → index a set of files, in parallel, resumable.

Workers (a local process pool, or Ray tasks) parse and analyse one file each; the calling
process is the one writer, applying finished files to the SQLite store strictly in file order
(files sorted by name, which is PubMed's release order), so updates and deletions land
exactly as in a plain ``Library.ingest`` of the same files. Each file written is entered in
the build manifest (:mod:`consilience.batch.checkpoint`); a re-run skips those, so an
interrupted build resumes and a finished one is a no-op. Then the facts cache is brought up
to date and the indexes catch up from the store's changes feed (embedding too when the
dense index is kept).

A file whose task fails (unreadable file, dead worker) is retried ``retries`` times; a file
that still fails is reported with its reason, left out of the manifest (the next run tries
it again), and never silently dropped.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from consilience.batch.checkpoint import Manifest
from consilience.batch.executors import Executor, make_executor, ray_session
from consilience.batch.tasks import FileResult, gc_paused
from consilience.batch.writer import settle_facts, write_result
from consilience.errors import IngestError
from consilience.ingest import detect_format
from consilience.ingest.runner import IngestReport

if TYPE_CHECKING:
    from consilience.library import Library

__all__ = ["BuildProgress", "BuildReport", "FileFailure", "build", "input_files"]

#: Suffixes of the files a directory argument contributes.
DIRECTORY_SUFFIXES = (".xml.gz", ".xml")


@dataclass
class FileFailure:
    """A file that could not be built, with the last reason, after ``attempts`` tries."""

    path: str
    reason: str
    attempts: int


@dataclass
class BuildProgress:
    """A snapshot for progress displays."""

    stage: str  # "files", "facts", "index" or "done"
    files_done: int
    files_total: int
    files_failed: int
    records: int
    elapsed_s: float
    records_per_s: float
    eta_s: float | None


@dataclass
class BuildReport:
    """What a build did; ``counts`` are summed over the files written in this run."""

    files_total: int = 0
    files_built: int = 0
    files_skipped: int = 0
    failures: list[FileFailure] = field(default_factory=list)
    retries: int = 0
    counts: IngestReport = field(default_factory=IngestReport)
    executor: str = ""
    notices: list[str] = field(default_factory=list)
    #: Seconds: wall time; CPU seconds of each stage (parse and analyse summed over workers;
    #: write, facts and index in this process). CPU, not wall, so that per-core rates hold on
    #: a machine shared with other work.
    wall_s: float = 0.0
    parse_s: float = 0.0
    analyze_s: float = 0.0
    write_s: float = 0.0
    facts_s: float = 0.0
    index_s: float = 0.0
    #: The files stage as a whole: its wall seconds, and this process's CPU seconds in it
    #: (writing plus receiving the workers' results: the one writer's whole cost).
    files_wall_s: float = 0.0
    writer_cpu_s: float = 0.0
    #: Papers analysed after the files (whose facts the workers' could not supply).
    facts_settled: int = 0
    #: Largest peak resident memory seen in a worker, and how many workers took part.
    worker_peak_rss_mb: float = 0.0
    workers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def records_per_s(self) -> float:
        return self.counts.records / self.wall_s if self.wall_s else 0.0

    def stage_rates(self) -> dict[str, float]:
        """Records per CPU second of each stage (one core's rate), and end to end per wall second."""
        records = self.counts.records
        papers = self.counts.records - self.counts.rejected

        def rate(n: int, seconds: float) -> float:
            return round(n / seconds, 1) if seconds > 0 else 0.0

        return {
            "parse_per_worker": rate(records, self.parse_s),
            "analyze_per_worker": rate(papers, self.analyze_s),
            "write": rate(records, self.write_s),
            "writer_process": rate(records, self.writer_cpu_s),
            "index": rate(records, self.index_s),
            "end_to_end": round(self.records_per_s, 1),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "files": {
                "total": self.files_total,
                "built": self.files_built,
                "skipped": self.files_skipped,
                "failed": len(self.failures),
            },
            "failures": [f.__dict__ for f in self.failures],
            "retries": self.retries,
            "counts": self.counts.counts(),
            "rejections": [str(r) for r in self.counts.rejections],
            "executor": self.executor,
            "notices": self.notices,
            "seconds": {
                "wall": round(self.wall_s, 2),
                "parse": round(self.parse_s, 2),
                "analyze": round(self.analyze_s, 2),
                "write": round(self.write_s, 2),
                "files_stage_wall": round(self.files_wall_s, 2),
                "writer_process": round(self.writer_cpu_s, 2),
                "facts": round(self.facts_s, 2),
                "index": round(self.index_s, 2),
            },
            "records_per_s": self.stage_rates(),
            "facts_settled": self.facts_settled,
            "worker_peak_rss_mb": self.worker_peak_rss_mb,
            "workers": len(self.workers),
        }


def input_files(paths: Sequence[str | Path]) -> list[Path]:
    """The files to build, sorted by name: files as given, directories by their PubMed XML files.

    Names must be unique, as the library tells files apart by name (PubMed's are).
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(p for p in path.iterdir() if p.is_file() and p.name.endswith(DIRECTORY_SUFFIXES))
            )
        elif path.is_file():
            found.append(path)
        else:
            raise IngestError(f"{path}: no such file or directory")
    by_name: dict[str, Path] = {}
    for path in found:
        other = by_name.setdefault(path.name, path)
        if other.resolve() != path.resolve():
            raise IngestError(
                f"two input files are named {path.name} ({other} and {path}): the library tells "
                "files apart by name"
            )
    return sorted(by_name.values(), key=lambda p: p.name)


def build(
    paths: Sequence[str | Path],
    library: Library,
    *,
    workers: int | None = None,
    ray_address: str | None = None,
    gpu: bool = False,
    analyze: bool = True,
    fmt: str | None = None,
    retries: int = 2,
    worker_memory_mb: int | None = None,
    progress: Callable[[BuildProgress], None] | None = None,
) -> BuildReport:
    """Build ``paths`` (files, or directories of ``*.xml.gz``) into ``library``.

    ``workers`` defaults to the machine's CPU count (on Ray: the cluster's). ``ray_address``
    is a Ray cluster address or 'local'. ``gpu`` embeds on CUDA (dense index). ``retries``
    bounds the re-tries of a failed file.
    """
    started = time.perf_counter()
    report = BuildReport()
    if gpu:
        from consilience.batch.gpu import check_gpu

        check_gpu()
    files = input_files(paths)
    report.files_total = len(files)
    store = library.store
    manifest = Manifest.load(library.path / "build" / "manifest.json")
    if manifest.store_seq > store.last_change():
        report.notices.append(
            f"{manifest.path} is from another state of this library (it saw {manifest.store_seq} "
            f"changes, the store holds {store.last_change()}): building every file again"
        )
        manifest.files.clear()
        manifest.store_seq = 0
    todo = [path for path in files if not manifest.is_done(path)]
    report.files_skipped = len(files) - len(todo)
    plan = _Plan(
        todo=todo,
        formats={path: fmt or detect_format(path) for path in todo},  # fails fast on an unknown format
        sizes={path: path.stat().st_size for path in todo},
        analyze=analyze,
        retries=retries,
    )
    clock = _Clock(started, report, len(files), sum(plan.sizes.values()) or 1, progress)
    with contextlib.ExitStack() as stack:
        # Ray is started for files to build or embeddings to make, not for a no-op re-run.
        wants_ray = bool(plan.todo) or gpu or library.indexes.dense_enabled()
        ray = stack.enter_context(ray_session(ray_address, workers)) if ray_address and wants_ray else None
        _run_stages(
            library, plan, manifest, report, clock, executor_args=(workers, ray_address, worker_memory_mb)
        )
        clock.stage = "index"
        clock.tick(force=True)
        t0 = time.process_time()
        _sync_indexes(library, gpu=gpu, ray=ray, report=report)
        report.index_s = time.process_time() - t0
    report.notices.extend(library.indexes.notices)
    library.indexes.notices.clear()
    report.wall_s = time.perf_counter() - started
    clock.stage = "done"
    clock.tick(force=True)
    return report


def _run_stages(
    library: Library,
    plan: _Plan,
    manifest: Manifest,
    report: BuildReport,
    clock: _Clock,
    *,
    executor_args: tuple[int | None, str | None, int | None],
) -> None:
    """The files stage (parse and analyse in the workers, write here) and the facts stage."""
    store = library.store
    todo = plan.todo
    if todo:
        executor = make_executor(*executor_args)
        report.executor = executor.description
        wall0, cpu0 = time.perf_counter(), time.process_time()
        try:
            with gc_paused():  # results arrive and are written a file at a time (see gc_paused)
                _FileLoop(executor, plan, library, manifest, report, clock).run()
        finally:
            executor.close()
        report.files_wall_s = time.perf_counter() - wall0
        report.writer_cpu_s = time.process_time() - cpu0

    if plan.analyze:
        clock.stage = "facts"
        clock.tick(force=True)
        t0 = time.process_time()
        report.facts_settled = settle_facts(store)
        report.facts_s = time.process_time() - t0


@dataclass
class _Plan:
    """The files left to build, their formats and sizes, and how to run them."""

    todo: list[Path]
    formats: dict[Path, str]
    sizes: dict[Path, int]
    analyze: bool
    retries: int


class _FileLoop:
    """Keeps about two tasks per slot in flight, retries failures, writes results in file order."""

    def __init__(
        self,
        executor: Executor,
        plan: _Plan,
        library: Library,
        manifest: Manifest,
        report: BuildReport,
        clock: _Clock,
    ) -> None:
        self.executor = executor
        self.plan = plan
        self.store = library.store
        self.batch_size = library.settings.batch_size
        self.manifest = manifest
        self.report = report
        self.clock = clock
        self.indexer = _BackgroundIndexer(library)
        self.attempts = [0] * len(plan.todo)
        self.results: dict[int, FileResult] = {}
        self.failed: set[int] = set()
        self.workers: set[str] = set()

    def run(self) -> None:
        todo = self.plan.todo
        window = max(2, self.executor.slots * 2)
        next_submit = next_write = 0
        try:
            while next_write < len(todo):
                while next_submit < len(todo) and next_submit - next_write < window:
                    self.submit(next_submit)
                    next_submit += 1
                for key, outcome in self.executor.poll(timeout=0.2):
                    self.collect(key, outcome)
                while next_write < len(todo) and (next_write in self.results or next_write in self.failed):
                    self.write(next_write)
                    next_write += 1
                self.clock.tick()
        finally:
            self.indexer.finish()
        self.report.workers = sorted(self.workers)

    def submit(self, key: int) -> None:
        self.attempts[key] += 1
        path = self.plan.todo[key]
        self.executor.submit(key, str(path), self.plan.formats[path], self.plan.analyze)

    def collect(self, key: int, outcome: FileResult | BaseException) -> None:
        if isinstance(outcome, FileResult):
            self.results[key] = outcome
        elif self.attempts[key] <= self.plan.retries:
            self.report.retries += 1
            self.submit(key)
        else:
            self.failed.add(key)
            reason = str(outcome) or type(outcome).__name__
            self.report.failures.append(FileFailure(str(self.plan.todo[key]), reason, self.attempts[key]))

    def write(self, key: int) -> None:
        path, report = self.plan.todo[key], self.report
        result = self.results.pop(key, None)
        if result is not None:
            t0 = time.process_time()
            counts = write_result(
                self.store,
                result,
                fmt=self.plan.formats[path],
                batch_size=self.batch_size,
                progress=self.clock.records,
            )
            self.manifest.mark_done(path, counts.counts(), self.store.last_change())
            report.write_s += time.process_time() - t0
            report.parse_s += result.parse_s
            report.analyze_s += result.analyze_s
            report.worker_peak_rss_mb = max(report.worker_peak_rss_mb, result.peak_rss_mb)
            self.workers.add(result.worker)
            report.counts.merge(counts)
            report.files_built += 1
        self.clock.bytes_done += self.plan.sizes[path]
        if key % GC_EVERY == GC_EVERY - 1:
            # With the collector paused nothing leaves the young generations, so any collection
            # walks every live object (the results in flight too): once per file cost a third
            # of the writer's time (py-spy); rarely, it still bounds what cycles could hold.
            gc.collect()
        self.indexer.poke()
        self.clock.tick(force=True)


#: Files written between two garbage collections in the writer (see _FileLoop.write).
GC_EVERY = 16
#: Changes written between two background catch-ups of the lexical index.
INDEX_EVERY = 50_000


class _BackgroundIndexer:
    """Catches the lexical index up in another process while files are still being written.

    Tokenising for the index is single-core work as costly as parsing (bench/build.py); done
    only after the last file it would add its whole time to the build's. Each catch-up applies
    the changes written since the previous one (reading the store in WAL mode beside the
    writer); the final sync after the files then has little left to do.
    """

    def __init__(self, library: Library, every: int | None = None) -> None:
        self.root = library.path / "index"
        self.db = library.settings.db_path
        self.store = library.store
        self.every = INDEX_EVERY if every is None else every
        self.seen = self.store.last_change()
        self.process: multiprocessing.process.BaseProcess | None = None

    def poke(self) -> None:
        """Start a catch-up when enough has changed and none is running."""
        if self.process is not None:
            if self.process.is_alive():
                return
            self.process.join()
            self.process = None
        seq = self.store.last_change()
        if seq - self.seen < self.every:
            return
        self.seen = seq
        # spawn: the writer may hold Ray's or the pool's threads, which a fork would copy.
        self.process = multiprocessing.get_context("spawn").Process(
            target=catch_up_lexical, args=(str(self.root), str(self.db)), daemon=True
        )
        self.process.start()

    def finish(self) -> None:
        if self.process is not None:
            self.process.join()
            self.process = None


def catch_up_lexical(root: str, db: str) -> None:
    """Bring the lexical index at ``root`` up to the store at ``db`` (run in a child process)."""
    from consilience.index import Indexes
    from consilience.store.sqlite import Store

    store = Store.open(db)
    try:
        Indexes(Path(root), store, dense="off").lexical()
    finally:
        store.close()


def _sync_indexes(library: Library, *, gpu: bool, ray: Any = None, report: BuildReport | None = None) -> None:
    """Bring the indexes to the store. On Ray, embeddings run in a pool of actors (one per GPU
    with ``gpu``, else one per CPU) when the dense index is kept or asked for; with ``gpu``
    alone, on this machine's GPU."""
    indexes = library.indexes
    if ray is not None and (gpu or indexes.dense_enabled()):
        from consilience.batch.ray_embed import use_ray_embedder

        pool = use_ray_embedder(indexes, ray, gpu=gpu)
        if report is not None:
            report.notices.append(f"embedding on {pool.actors} Ray actor(s) ({pool.config})")
        try:
            indexes.lexical()
            indexes.dense()
        finally:
            pool.close()
            vars(indexes).pop("embedder", None)  # searches after the build embed queries here
        return
    if not gpu:
        indexes.sync()
        return
    from consilience.batch.gpu import use_gpu_embedder

    use_gpu_embedder(indexes)
    indexes.lexical()
    indexes.dense()  # --gpu asks for embeddings: the dense index is built if it is not kept yet


class _Clock:
    """Progress bookkeeping: rates and an ETA from the input bytes written so far."""

    def __init__(
        self,
        started: float,
        report: BuildReport,
        files_total: int,
        bytes_total: int,
        progress: Callable[[BuildProgress], None] | None,
    ) -> None:
        self.started = started
        self.report = report
        self.files_total = files_total
        self.bytes_total = bytes_total
        self.bytes_done = 0
        self.records_done = 0
        self.callback = progress
        self.stage = "files"
        self._last = 0.0

    def records(self, n: int) -> None:
        self.records_done += n
        self.tick()

    def tick(self, *, force: bool = False) -> None:
        if self.callback is None:
            return
        now = time.perf_counter()
        if not force and now - self._last < 0.5:
            return
        self._last = now
        elapsed = now - self.started
        fraction = self.bytes_done / self.bytes_total
        eta = elapsed * (1 - fraction) / fraction if fraction > 0 else None
        report = self.report
        self.callback(
            BuildProgress(
                stage=self.stage,
                files_done=report.files_skipped + report.files_built + len(report.failures),
                files_total=self.files_total,
                files_failed=len(report.failures),
                records=self.records_done,
                elapsed_s=elapsed,
                records_per_s=self.records_done / elapsed if elapsed > 0 else 0.0,
                eta_s=eta if self.stage == "files" else None,
            )
        )
