"""Readers for every input format, and how a file's format is recognised.

Each reader is a generator ``read_X(path) -> Iterator[Item]`` in its own module; this
package maps format names to them and sniffs a file's format from its name and head.

>>> detect_format("pubmed24n0001.xml.gz")
'pubmed-xml'
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from consilience.errors import IngestError
from consilience.ingest.records import Deleted, Item, Parsed, Rejected
from consilience.ingest.textio import read_head

__all__ = ["FORMATS", "Deleted", "Item", "Parsed", "Rejected", "detect_format", "read_records"]

#: format name -> "module:function" of its reader (imported on first use).
FORMATS: dict[str, str] = {
    "pubmed-xml": "consilience.ingest.pubmed_xml:read_pubmed_xml",
    "jsonl": "consilience.ingest.jsonl:read_jsonl",
    "pubmedqa": "consilience.ingest.pubmedqa:read_pubmedqa",
    "scifact": "consilience.ingest.scifact:read_scifact",
    "beir": "consilience.ingest.scifact:read_beir",
    "ris": "consilience.ingest.ris:read_ris",
    "nbib": "consilience.ingest.nbib:read_nbib",
    "bibtex": "consilience.ingest.bibtex:read_bibtex",
    "csv": "consilience.ingest.csv:read_csv",
}

_SUFFIXES = {
    ".xml": "pubmed-xml",
    ".ris": "ris",
    ".nbib": "nbib",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".csv": "csv",
}


def _sniff_json_line(line: bytes) -> str:
    try:
        first = json.loads(line)
    except ValueError:
        return "jsonl"
    if isinstance(first, dict):
        if "doc_id" in first and isinstance(first.get("abstract"), list):
            return "scifact"
        if "_id" in first and "text" in first:
            return "beir"
    return "jsonl"


def detect_format(path: str | Path) -> str:
    """Guess a file's format from its name, then from its first bytes."""
    name = Path(path).name.lower()
    stem = name[:-3] if name.endswith(".gz") else name
    suffix = Path(stem).suffix
    head = read_head(path) if Path(path).exists() else b""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if suffix in (".jsonl", ".ndjson") or (suffix == ".json" and text[:1] == b"{" and b"\n{" in head):
        return _sniff_json_line(text.split(b"\n", 1)[0])
    if suffix == ".json":
        if re.search(rb'"(QUESTION|CONTEXTS)"', head):
            return "pubmedqa"
        return "jsonl"
    if suffix == ".txt" or not suffix:
        if re.match(rb"TY  - ", text):
            return "ris"
        if re.match(rb"PMID- ", text):
            return "nbib"
        if text.startswith(b"<"):
            return "pubmed-xml"
        if text.startswith(b"@"):
            return "bibtex"
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if text.startswith(b"<"):
        return "pubmed-xml"
    raise IngestError(
        f"{path}: cannot tell the format of this file; name it .xml, .jsonl, .json, .ris, "
        ".nbib, .bib or .csv, or pass --format"
    )


def reader_for(fmt: str) -> Callable[[str | Path], Iterator[Item]]:
    if fmt not in FORMATS:
        raise IngestError(f"unknown format {fmt!r}; known formats: {', '.join(sorted(FORMATS))}")
    module_name, func = FORMATS[fmt].split(":")
    reader: Callable[[str | Path], Iterator[Item]] = getattr(importlib.import_module(module_name), func)
    return reader


def read_records(path: str | Path, fmt: str | None = None) -> Iterator[Item]:
    """Yield the records of one file in order, in whatever format it is."""
    path = Path(path)
    if not path.exists():
        raise IngestError(f"{path}: no such file")
    if path.is_dir():
        raise IngestError(f"{path}: is a directory; pass the files in it")
    yield from reader_for(fmt or detect_format(path))(path)
