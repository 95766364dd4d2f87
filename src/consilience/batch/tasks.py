"""The per-file task every worker runs: read one file's records in order, and analyse its papers.

A task touches no database: it returns a :class:`FileResult` that the one writer applies to
the store (see :mod:`consilience.batch.writer`). Being a plain module-level function over
picklable arguments, the same task runs in a local process pool and as a Ray task.
"""

from __future__ import annotations

import gc
import os
import pickle
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from consilience.ingest import Deleted, Item, Parsed, Rejected, read_records
from consilience.model import StudyFacts

__all__ = ["FileResult", "gc_paused", "pack", "process_file", "process_file_packed", "unpack"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file's records pile up in memory.

    Building or unpickling a file's worth of models allocates millions of objects, and each
    full collection walks all of them: with the collector on, unpickling a result took 3.5x
    as long and parsing 1.4x (bench/build.py's files, measured with time.process_time()).
    Reference counting still frees them (they form no cycles) once the file is written; the
    few cycles made meanwhile are collected when the collector resumes, or by the occasional
    collection the build's writer runs between files.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class FileResult:
    """One file's records in file order, each paper with its facts when analysed.

    ``facts`` and ``hashes`` line up with the papers among ``items`` (in order); both are
    empty when the task ran without analysis.
    """

    path: str
    items: list[Item] = field(default_factory=list)
    facts: list[StudyFacts] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)
    #: CPU seconds the worker spent reading and analysing the file.
    parse_s: float = 0.0
    analyze_s: float = 0.0
    #: The worker's peak resident memory so far, in MiB, and its process id.
    peak_rss_mb: float = 0.0
    worker: str = ""

    @property
    def papers(self) -> int:
        return sum(isinstance(item, Parsed) for item in self.items)

    @property
    def deletions(self) -> int:
        return sum(isinstance(item, Deleted) for item in self.items)

    @property
    def rejections(self) -> int:
        return sum(isinstance(item, Rejected) for item in self.items)


def process_file(path: str, fmt: str | None = None, analyze: bool = True) -> FileResult:
    """Parse one file (and analyse each paper); raises IngestError when the file is unreadable.

    >>> from consilience.demo import builtin_files
    >>> result = process_file(str(builtin_files()[0]), analyze=False)
    >>> result.papers > 0, result.facts
    (True, [])
    """
    result = FileResult(path=path)
    with gc_paused():
        started = time.process_time()
        result.items = list(read_records(Path(path), fmt))
        result.parse_s = time.process_time() - started
        if analyze:
            from consilience.analyze import analyze_paper

            started = time.process_time()
            for item in result.items:
                if isinstance(item, Parsed):
                    result.facts.append(analyze_paper(item.paper))
                    result.hashes.append(item.paper.content_hash())
            result.analyze_s = time.process_time() - started
    # ru_maxrss is KiB on Linux.
    result.peak_rss_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result.worker = f"{os.uname().nodename}:{os.getpid()}"
    return result


# -- transport --------------------------------------------------------------------------------
# A result crosses from worker to writer as one pickle made here with the collector paused
# (2.2x faster than the pool's or Ray's own pickling of the object, measured on a 12,500-record
# file); it is transient, between processes of one build, and never stored.


def pack(result: FileResult) -> bytes:
    with gc_paused():
        return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(blob: bytes) -> FileResult:
    with gc_paused():
        result = pickle.loads(blob)
    if not isinstance(result, FileResult):  # pragma: no cover - only our own workers send these
        raise TypeError(f"expected a FileResult, got {type(result).__name__}")
    return result


def process_file_packed(path: str, fmt: str | None = None, analyze: bool = True) -> bytes:
    """:func:`process_file`, its result packed for the trip to the writer."""
    return pack(process_file(path, fmt, analyze))
