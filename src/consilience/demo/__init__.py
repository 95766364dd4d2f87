"""The built-in evidence library: hand-written structured abstracts on the seed topic
(locoregional treatment of the primary tumour in de novo stage IV breast cancer).

The files here are ordinary Consilience JSONL, ingested through the normal pipeline.

>>> all(path.suffix == ".jsonl" for path in builtin_files())
True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def builtin_files() -> list[Path]:
    """The JSONL files that make up the built-in library, in a stable order."""
    folder = resources.files("consilience.demo")
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".jsonl"))
