"""Ingest files into a store: read, validate, write in batches, report.

One file is read by one process in streaming fashion; ``ingest_files(..., jobs=N)``
spreads files over a process pool, each worker writing through its own SQLite
connection (WAL lets them take turns; parsing, not writing, is the bottleneck).

Which papers changed is not collected in the report (that list would grow with the
input, and memory must not): indexes catch up from the store's ``changes`` feed
(:meth:`Store.changes_since`). Rejections kept in the report are capped for the same reason;
the count is always exact.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consilience.errors import IngestError
from consilience.ingest import Deleted, Parsed, Rejected, detect_format, read_records
from consilience.model import Paper
from consilience.store.sqlite import Store

#: Called with the number of records just processed (for progress bars).
ProgressFn = Callable[[int], None]

BATCH_SIZE = 2000
_MAX_REJECTIONS_KEPT = 10_000
# Allocations (net of frees) between young-generation garbage collections while a file is
# read; CPython's default is 700. Above what one batch of papers holds (a PubMed paper is a
# hundred or more objects), so collections stay rare; see _fewer_collections.
_GC_YOUNG_THRESHOLD = 500_000


@dataclass
class IngestReport:
    """What an ingest did, per file or summed over files."""

    files: int = 0
    records: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    rejected: int = 0
    rejections: list[Rejected] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: (file, field) -> records whose field was left out because the format does not know it.
    ignored: dict[tuple[str, str], int] = field(default_factory=dict)

    def merge(self, other: IngestReport) -> None:
        for name in ("files", "records", "added", "updated", "unchanged", "deleted", "rejected"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rejections.extend(other.rejections[: _MAX_REJECTIONS_KEPT - len(self.rejections)])
        self.errors.extend(other.errors)
        for key, count in other.ignored.items():
            self.ignored[key] = self.ignored.get(key, 0) + count

    def ignored_fields(self) -> list[str]:
        """One line per file and unknown field: "file.jsonl: 'source' left out of 217 records"."""
        return [
            f"{file}: field {name!r} is not in the schema and was left out of {count:,} "
            f"record{'s' if count != 1 else ''}"
            for (file, name), count in sorted(self.ignored.items())
        ]

    def counts(self) -> dict[str, int]:
        return {
            "records": self.records,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "rejected": self.rejected,
        }


def now_iso() -> str:
    """The current UTC time as ingest-run bookkeeping records it."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def note_rejection(report: IngestReport, item: Rejected) -> None:
    """Count a rejected record, keeping its details up to a bound (a huge bad file stays cheap)."""
    report.rejected += 1
    if len(report.rejections) < _MAX_REJECTIONS_KEPT:
        report.rejections.append(item)


def finish_run(store: Store, run: int, report: IngestReport) -> None:
    """Record a finished ingest run and the rejections it kept."""
    if report.rejections:
        store.add_rejections(run, [(r.file, r.position, r.record, r.reason) for r in report.rejections])
    store.finish_run(run, now_iso(), report.counts())


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while reading a file.

    A batch of papers waiting to be written is hundreds of thousands of small objects that
    survive the young collections and so push the collector into full passes over the whole
    heap, again and again: a fifth of the ingest time. Papers hold no reference cycles (they
    are freed by reference counting), so collecting rarely keeps memory just as flat.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], _GC_YOUNG_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def ingest_file(
    store: Store,
    path: str | Path,
    *,
    fmt: str | None = None,
    progress: ProgressFn | None = None,
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Read one file into the store; bad records are reported, never fatal."""
    path = Path(path)
    report = IngestReport(files=1)
    fmt = fmt or detect_format(path)
    run = store.start_run(str(path), fmt, now_iso())
    papers: list[Paper] = []
    deletions: list[tuple[str, str]] = []

    def flush() -> None:
        if not papers and not deletions:
            return
        counts = store.write_batch(papers, deletions)
        report.added += counts.added
        report.updated += counts.updated
        report.unchanged += counts.unchanged
        report.deleted += counts.deleted
        if progress is not None:
            progress(len(papers) + len(deletions))
        papers.clear()
        deletions.clear()

    with _fewer_collections():
        for item in read_records(path, fmt):
            report.records += 1
            if isinstance(item, Parsed):
                papers.append(item.paper)
                for name in item.ignored:
                    key = (str(path), name)
                    report.ignored[key] = report.ignored.get(key, 0) + 1
            elif isinstance(item, Deleted):
                deletions.append((item.paper_id, item.file))
            elif isinstance(item, Rejected):
                note_rejection(report, item)
            if len(papers) + len(deletions) >= batch_size:
                flush()
        flush()
    finish_run(store, run, report)
    return report


# -- parallel ingest -----------------------------------------------------------

_shared_counter: Any = None


def _init_worker(counter: Any) -> None:
    global _shared_counter
    _shared_counter = counter


def _worker(db_path: str, path: str, fmt: str | None, batch_size: int) -> IngestReport:
    store = Store.open(db_path)

    def bump(n: int) -> None:
        with _shared_counter.get_lock():
            _shared_counter.value += n

    try:
        report = ingest_file(store, path, fmt=fmt, progress=bump, batch_size=batch_size)
    except IngestError as exc:
        report = IngestReport(errors=[str(exc)])
    finally:
        store.close()
    return report


def ingest_files(
    store: Store,
    paths: Sequence[str | Path],
    *,
    fmt: str | None = None,
    jobs: int = 1,
    progress: ProgressFn | None = None,
    on_file_done: Callable[[str, IngestReport], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Ingest several files, in order with ``jobs=1`` or over a process pool."""
    total = IngestReport()
    for path in paths:  # fail fast on a missing file before doing any work
        if not Path(path).is_file():
            raise IngestError(f"{path}: no such file")
        if fmt is None:
            detect_format(path)
    if jobs <= 1 or len(paths) <= 1 or store.path == ":memory:":
        for path in paths:
            try:
                report = ingest_file(store, path, fmt=fmt, progress=progress, batch_size=batch_size)
            except IngestError as exc:
                report = IngestReport(errors=[str(exc)])
            total.merge(report)
            if on_file_done:
                on_file_done(str(path), report)
        return total
    ctx = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
    counter = ctx.Value("q", 0)
    seen = 0
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=ctx, initializer=_init_worker, initargs=(counter,)
    ) as pool:
        futures = {pool.submit(_worker, store.path, str(path), fmt, batch_size): str(path) for path in paths}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            if progress is not None and counter.value > seen:
                progress(counter.value - seen)
                seen = counter.value
            for future in done:
                report = future.result()
                total.merge(report)
                if on_file_done:
                    on_file_done(futures[future], report)
    return total
