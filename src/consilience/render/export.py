"""Export papers to the formats other tools read: JSONL, CSV, BibTeX, RIS.

Each format's writer lives beside its reader (``consilience.ingest.<format>``) so that
export followed by import is lossless for the fields the format carries.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import IO

from consilience.errors import ConsilienceError
from consilience.model import Paper

#: format name -> "module:function" of its writer ``write(papers, handle) -> count``.
EXPORTERS: dict[str, str] = {
    "jsonl": "consilience.ingest.jsonl:write_jsonl",
    "csv": "consilience.ingest.csv:write_csv",
    "bibtex": "consilience.ingest.bibtex:write_bibtex",
    "ris": "consilience.ingest.ris:write_ris",
}


def writer_for(fmt: str) -> Callable[[Iterable[Paper], IO[str]], int]:
    if fmt not in EXPORTERS:
        raise ConsilienceError(f"unknown export format {fmt!r}; choose from {', '.join(EXPORTERS)}")
    module_name, func = EXPORTERS[fmt].split(":")
    writer: Callable[[Iterable[Paper], IO[str]], int] = getattr(importlib.import_module(module_name), func)
    return writer


def export_papers(papers: Iterable[Paper], fmt: str, handle: IO[str]) -> int:
    """Write papers to ``handle`` in ``fmt``; returns how many were written."""
    return writer_for(fmt)(papers, handle)
