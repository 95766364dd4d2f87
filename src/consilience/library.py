"""The Library: one object tying the stages together. The CLI, the HTTP API and the web
app are thin shells over it.

>>> import tempfile
>>> lib = Library.open(tempfile.mkdtemp())
>>> lib.stats()["papers"]
0
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from consilience.errors import NotFoundError
from consilience.ingest.runner import IngestReport, ProgressFn, ingest_files
from consilience.model import Paper, parse_user_id
from consilience.render.export import export_papers
from consilience.settings import Settings
from consilience.store.sqlite import Store


class Library:
    """A research library on disk: a directory holding the SQLite store and indexes."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store

    @classmethod
    def open(cls, path: str | Path | None = None, *, settings: Settings | None = None) -> Library:
        """Open (creating if needed) the library at ``path`` or the configured location."""
        settings = settings or Settings()
        if path is not None:
            settings = settings.model_copy(update={"library": Path(path)})
        Path(settings.library).mkdir(parents=True, exist_ok=True)
        return cls(settings, Store.open(settings.db_path))

    @property
    def path(self) -> Path:
        return Path(self.settings.library)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest -----------------------------------------------------------------

    def ingest(
        self,
        paths: Sequence[str | Path] | str | Path,
        *,
        fmt: str | None = None,
        jobs: int | None = None,
        progress: ProgressFn | None = None,
    ) -> IngestReport:
        """Read files into the library; returns counts and every rejection with its reason."""
        if isinstance(paths, (str, Path)):
            paths = [paths]
        return ingest_files(
            self.store,
            list(paths),
            fmt=fmt,
            jobs=jobs or self.settings.jobs,
            progress=progress,
            batch_size=self.settings.batch_size,
        )

    # -- reads ------------------------------------------------------------------

    def resolve(self, user_id: str) -> str:
        """The library id for what a user typed (PMID, DOI, PMCID or library id)."""
        kind, value = parse_user_id(user_id)
        column = {"pmid": "pmid", "doi": "doi", "pmc": "pmcid", "id": "id"}[kind]
        found = self.store.find_id(column, value)
        if found is None and kind == "id":
            found = self.store.find_id("id", value.lower()) if value.lower().startswith("doi:") else None
        if found is None:
            raise NotFoundError(f"no paper with id {user_id!r} in {self.path}")
        return found

    def get(self, user_id: str) -> Paper:
        """One paper by PMID, DOI, PMCID or library id; NotFoundError if absent."""
        paper = self.store.get(self.resolve(user_id))
        if paper is None:  # pragma: no cover - resolve() found it a moment ago
            raise NotFoundError(f"no paper with id {user_id!r}")
        return paper

    def papers(
        self,
        *,
        year_from: int | None = None,
        year_to: int | None = None,
        ids: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> Iterator[Paper]:
        """Stream papers, optionally filtered by year or restricted to ids."""
        return self.store.iter_papers(year_from=year_from, year_to=year_to, ids=ids, limit=limit)

    def stats(self) -> dict[str, Any]:
        stats = self.store.stats()
        stats["library"] = str(self.path)
        return stats

    def export(self, fmt: str, handle: IO[str], *, ids: Sequence[str] | None = None) -> int:
        """Write the library (or the given ids) as jsonl, csv, bibtex or ris."""
        resolved = [self.resolve(i) for i in ids] if ids else None
        return export_papers(self.papers(ids=resolved), fmt, handle)

    def content_digest(self) -> str:
        """Equal for two libraries holding the same papers and deletions."""
        return self.store.content_digest()
