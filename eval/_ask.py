"""Shared parts of the end-to-end `ask` evaluations: a library built from real records, and scoring."""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from consilience import Library
from consilience.model import Answer, Paper
from consilience.settings import Settings
from consilience.verify import verify_claims

OUT = Path(__file__).resolve().parent / "out"


def build_library(name: str, papers: Iterable[Paper]) -> Library:
    """A fresh lexical-mode library of these papers under eval/out/ (embedding is left out to keep
    the suite within CI time on two cores; retrieval quality of the dense index is measured by the
    retrieval tasks)."""
    path = OUT / f"{name}-library"
    shutil.rmtree(path, ignore_errors=True)
    settings = Settings(library=path, search_mode="lexical", dense="off")
    lib = Library.open(path, settings=settings)
    batch: list[Paper] = []
    for paper in papers:
        batch.append(paper)
        if len(batch) >= 2000:
            lib.store.write_batch(batch)
            batch = []
    if batch:
        lib.store.write_batch(batch)
    lib.reindex(dense=False)
    return lib


def check(lib: Library, answer: Answer) -> bool:
    """The checker on one answer, against the cited papers read back from the store."""
    papers = {r.paper_id: p for r in answer.references if (p := lib.store.get(r.paper_id)) is not None}
    return verify_claims(answer.claims(), papers).ok


def latency(seconds: Sequence[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_s": round(statistics.median(ordered), 3),
        "p95_s": round(p95, 3),
        "max_s": round(ordered[-1], 3),
    }


def timed_ask(lib: Library, question: str, **kwargs: Any) -> tuple[Answer, float]:
    start = time.perf_counter()
    answer = lib.ask(question, **kwargs)
    return answer, time.perf_counter() - start
