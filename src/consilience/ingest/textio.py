"""Opening input files: gzip or plain, UTF-8 with a BOM tolerated."""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import IO


def open_binary(path: str | Path) -> IO[bytes]:
    """Open a file for reading bytes, decompressing gzip transparently (by magic bytes)."""
    with open(path, "rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(path, "rb")  # type: ignore[return-value]  # GzipFile is a binary IO
    return open(path, "rb")


def open_text(path: str | Path) -> IO[str]:
    """Open a text file (gzip or plain) as UTF-8, dropping a leading byte-order mark."""
    return io.TextIOWrapper(open_binary(path), encoding="utf-8-sig", newline="")


def read_head(path: str | Path, size: int = 4096) -> bytes:
    """The first bytes of a file after decompression, for sniffing its format."""
    with open_binary(path) as handle:
        try:
            return handle.read(size)
        except (EOFError, OSError):
            return b""
