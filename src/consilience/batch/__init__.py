"""Batch builds at scale: ``consilience build`` over many files, locally or on Ray.

Per-file tasks parse and analyse in parallel workers (a process pool, or Ray tasks on a
cluster); one writer applies them to the library's SQLite store in file order; finished files
are checkpointed in ``<library>/build/manifest.json``; then the facts cache and the indexes
catch up. See docs/scale.md.

>>> import tempfile
>>> from consilience import Library
>>> from consilience.demo import builtin_files
>>> with Library.open(tempfile.mkdtemp()) as lib:
...     first = build(builtin_files(), lib, workers=1, analyze=False)
...     again = build(builtin_files(), lib, workers=1, analyze=False)
>>> first.files_built, again.files_built, again.files_skipped
(1, 0, 1)
"""

from __future__ import annotations

from consilience.batch.checkpoint import Manifest
from consilience.batch.pipeline import BuildProgress, BuildReport, FileFailure, build, input_files

__all__ = ["BuildProgress", "BuildReport", "FileFailure", "Manifest", "build", "input_files"]
