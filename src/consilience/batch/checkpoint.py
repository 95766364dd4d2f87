"""The build manifest: which input files are finished, as inspectable JSON under the library.

``<library>/build/manifest.json`` lists every file the writer has applied to the store, keyed
by file name, with its size, modification time, SHA-256, counts and when it finished. A file
is entered only after all of its records are committed, so a run killed at any point leaves
a manifest that is true; the next run skips what it lists and redoes the rest (rewriting a
record the store already holds changes nothing).

A file counts as done when its name, size and content match the entry (the SHA-256 is only
computed when size or modification time differ). A manifest whose library has gone back in
time (the store holds fewer changes than the manifest saw: the database was replaced or
restored) is set aside, and every file is built again.

>>> import tempfile
>>> manifest = Manifest.load(Path(tempfile.mkdtemp()) / "manifest.json")
>>> manifest.files
{}
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consilience.errors import LibraryError

__all__ = ["FORMAT_VERSION", "Manifest", "file_sha256"]

FORMAT_VERSION = 1


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Manifest:
    """Finished files, by name; saved atomically after each file."""

    path: Path
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The store's last change when the manifest was last saved.
    store_seq: int = 0

    @classmethod
    def load(cls, path: Path) -> Manifest:
        if not path.is_file():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise LibraryError(f"{path}: unreadable build manifest ({exc}); remove it to rebuild") from exc
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise LibraryError(
                f"{path}: build manifest format {version!r}, this Consilience reads {FORMAT_VERSION}; "
                "remove it to rebuild (finished files are then re-read, which changes nothing)"
            )
        return cls(path, dict(data.get("files", {})), int(data.get("store_seq", 0)))

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        data = {"format_version": FORMAT_VERSION, "store_seq": self.store_seq, "files": self.files}
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)  # atomic: a crash leaves the old manifest or the new one

    def is_done(self, path: Path) -> bool:
        """Whether ``path`` (same name, same content) is listed as finished."""
        entry = self.files.get(path.name)
        if entry is None:
            return False
        stat = path.stat()
        if entry.get("size") != stat.st_size:
            return False
        if entry.get("mtime_ns") == stat.st_mtime_ns:
            return True
        if entry.get("sha256") == file_sha256(path):  # touched or copied, not changed
            entry["mtime_ns"] = stat.st_mtime_ns
            return True
        return False

    def mark_done(self, path: Path, counts: dict[str, int], store_seq: int) -> None:
        stat = path.stat()
        self.files[path.name] = {
            "path": str(path),
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "sha256": file_sha256(path),
            "counts": counts,
            "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        self.store_seq = store_seq
        self.save()
