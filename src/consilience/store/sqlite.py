"""The library's SQLite store: one file, WAL mode, a schema version and migrations.

Each paper is one row holding its JSON record plus the columns we look papers up by.
Writes happen in batches inside transactions, so a process killed mid-file leaves the
last committed batch and a re-run reaches exactly the state of an uninterrupted one.
A ``changes`` feed numbers every write so indexes can catch up incrementally.

>>> store = Store.open(":memory:")
>>> store.stats()["papers"]
0
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consilience.errors import LibraryError
from consilience.model import Paper

SCHEMA_VERSION = 1

_SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS papers (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    pmid TEXT,
    doi TEXT,
    pmcid TEXT,
    title TEXT NOT NULL,
    year INTEGER,
    version TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    source_file TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS papers_pmid ON papers(pmid);
CREATE INDEX IF NOT EXISTS papers_doi ON papers(doi);
CREATE INDEX IF NOT EXISTS papers_pmcid ON papers(pmcid);
CREATE INDEX IF NOT EXISTS papers_year ON papers(year);
CREATE TABLE IF NOT EXISTS tombstones (
    id TEXT PRIMARY KEY,
    file TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    paper_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('upsert', 'delete'))
);
CREATE TABLE IF NOT EXISTS ingest_runs (
    run INTEGER PRIMARY KEY AUTOINCREMENT,
    file TEXT NOT NULL,
    format TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    counts TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS rejections (
    run INTEGER NOT NULL,
    file TEXT NOT NULL,
    position INTEGER NOT NULL,
    record TEXT NOT NULL,
    reason TEXT NOT NULL
);
"""

# Migrations from version N to N+1, applied in order inside one transaction each.
_MIGRATIONS: dict[int, str] = {}


@dataclass
class WriteCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    ids_changed: list[str] = field(default_factory=list)


class Store:
    """A thin layer over one SQLite database; all SQL lives here."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> Store:
        path = str(path)
        try:
            if readonly:
                conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60, check_same_thread=False)
            else:
                conn = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 60000")
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            store = cls(conn, path)
            if not readonly:
                store._migrate()
            else:
                store._check_version()
        except sqlite3.DatabaseError as exc:
            raise LibraryError(f"{path}: not a usable Consilience library database ({exc})") from exc
        return store

    def close(self) -> None:
        self.conn.close()

    # -- schema ---------------------------------------------------------------

    def schema_version(self) -> int:
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.OperationalError:
            return 0
        return int(row[0]) if row else 0

    def _check_version(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"{self.path}: library schema version {version} is newer than this Consilience "
                f"understands ({SCHEMA_VERSION}); upgrade Consilience"
            )

    def _migrate(self) -> None:
        self._check_version()
        version = self.schema_version()
        if version == 0:
            with self.transaction():
                for statement in _SCHEMA_V1.split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                )
            return
        while version < SCHEMA_VERSION:
            with self.transaction():
                for statement in _MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                version += 1
                self.conn.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(version),))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- writes ---------------------------------------------------------------

    def write_batch(self, papers: Sequence[Paper], deletions: Sequence[tuple[str, str]] = ()) -> WriteCounts:
        """Upsert papers and apply deletions ``(paper_id, file)`` in one transaction.

        A record replaces the stored one only when its version key is not older; an id
        deleted by a later-named update file stays deleted when an earlier file is re-read.
        """
        counts = WriteCounts()
        with self.transaction() as conn:
            for paper in papers:
                self._upsert(conn, paper, counts)
            for paper_id, file in deletions:
                self._delete(conn, paper_id, file, counts)
        return counts

    def _resolve_existing(self, conn: sqlite3.Connection, paper: Paper) -> tuple[Any, ...] | None:
        row = conn.execute(
            "SELECT id, version, content_hash, source_file FROM papers WHERE id=?", (paper.id,)
        ).fetchone()
        if row is not None:
            return tuple(row)
        # Deduplicate across sources: the same work met first through a DOI or PMCID.
        for column, value in (("pmid", paper.ids.pmid), ("doi", paper.ids.doi), ("pmcid", paper.ids.pmcid)):
            if value:
                row = conn.execute(
                    f"SELECT id, version, content_hash, source_file FROM papers WHERE {column}=? LIMIT 1",
                    (value,),
                ).fetchone()
                if row is not None:
                    return tuple(row)
        return None

    def _upsert(self, conn: sqlite3.Connection, paper: Paper, counts: WriteCounts) -> None:
        file_key = Path(paper.source.file).name
        tomb = conn.execute("SELECT file FROM tombstones WHERE id=?", (paper.id,)).fetchone()
        if tomb is not None:
            if file_key <= tomb[0]:
                counts.unchanged += 1
                return
            conn.execute("DELETE FROM tombstones WHERE id=?", (paper.id,))
        content_hash = paper.content_hash()
        existing = self._resolve_existing(conn, paper)
        record = paper.model_dump_json(exclude_defaults=True)
        row = (
            paper.id, paper.ids.pmid, paper.ids.doi, paper.ids.pmcid, paper.title,
            paper.pub_date.year, paper.version, content_hash, paper.source.file, record,
        )
        if existing is None:
            conn.execute(
                "INSERT INTO papers (id, pmid, doi, pmcid, title, year, version, content_hash,"
                " source_file, record) VALUES (?,?,?,?,?,?,?,?,?,?)",
                row,
            )
            counts.added += 1
        else:
            old_id, old_version, old_hash, _old_file = existing
            if old_hash == content_hash or paper.version < old_version:
                counts.unchanged += 1
                return
            if old_id != paper.id:
                if old_id.startswith("pmid:") and not paper.id.startswith("pmid:"):
                    # A PubMed record outranks a DOI-only copy of the same work; keep it.
                    counts.unchanged += 1
                    return
                conn.execute("DELETE FROM papers WHERE id=?", (old_id,))
                conn.execute("INSERT INTO changes (paper_id, op) VALUES (?, 'delete')", (old_id,))
                conn.execute(
                    "INSERT INTO papers (id, pmid, doi, pmcid, title, year, version, content_hash,"
                    " source_file, record) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    row,
                )
            else:
                conn.execute(
                    "UPDATE papers SET pmid=?, doi=?, pmcid=?, title=?, year=?, version=?,"
                    " content_hash=?, source_file=?, record=? WHERE id=?",
                    (*row[1:], paper.id),
                )
            counts.updated += 1
        conn.execute("INSERT INTO changes (paper_id, op) VALUES (?, 'upsert')", (paper.id,))
        counts.ids_changed.append(paper.id)

    def _delete(self, conn: sqlite3.Connection, paper_id: str, file: str, counts: WriteCounts) -> None:
        file_key = Path(file).name
        tomb = conn.execute("SELECT file FROM tombstones WHERE id=?", (paper_id,)).fetchone()
        if tomb is None or file_key > tomb[0]:
            conn.execute("INSERT OR REPLACE INTO tombstones VALUES (?, ?)", (paper_id, file_key))
        row = conn.execute("SELECT source_file FROM papers WHERE id=?", (paper_id,)).fetchone()
        if row is not None and Path(row[0]).name <= file_key:
            conn.execute("DELETE FROM papers WHERE id=?", (paper_id,))
            conn.execute("INSERT INTO changes (paper_id, op) VALUES (?, 'delete')", (paper_id,))
            counts.deleted += 1
            counts.ids_changed.append(paper_id)

    # -- ingest bookkeeping -----------------------------------------------------

    def start_run(self, file: str, fmt: str, started: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO ingest_runs (file, format, started) VALUES (?, ?, ?)", (file, fmt, started)
        )
        return int(cur.lastrowid or 0)

    def finish_run(self, run: int, finished: str, counts: dict[str, int]) -> None:
        self.conn.execute(
            "UPDATE ingest_runs SET finished=?, counts=? WHERE run=?",
            (finished, json.dumps(counts, sort_keys=True), run),
        )

    def add_rejections(self, run: int, rows: Iterable[tuple[str, int, str, str]]) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO rejections VALUES (?, ?, ?, ?, ?)", [(run, *r) for r in rows]
            )

    # -- reads ----------------------------------------------------------------

    def get(self, paper_id: str) -> Paper | None:
        row = self.conn.execute("SELECT record FROM papers WHERE id=?", (paper_id,)).fetchone()
        return Paper.model_validate_json(row[0]) if row else None

    def find_id(self, column: str, value: str) -> str | None:
        if column not in {"pmid", "doi", "pmcid", "id"}:
            raise ValueError(f"cannot look papers up by {column!r}")
        row = self.conn.execute(f"SELECT id FROM papers WHERE {column}=? LIMIT 1", (value,)).fetchone()
        return row[0] if row else None

    def iter_papers(
        self,
        *,
        year_from: int | None = None,
        year_to: int | None = None,
        ids: Sequence[str] | None = None,
        limit: int | None = None,
        batch: int = 2000,
    ) -> Iterator[Paper]:
        """Papers in rowid order, streamed in batches so memory stays flat."""
        where, params = ["rowid > ?"], []
        if year_from is not None:
            where.append("year >= ?")
            params.append(year_from)
        if year_to is not None:
            where.append("year <= ?")
            params.append(year_to)
        if ids is not None:
            for paper_id in ids:
                paper = self.get(paper_id)
                if paper is not None:
                    yield paper
            return
        last, produced = 0, 0
        while True:
            rows = self.conn.execute(
                f"SELECT rowid, record FROM papers WHERE {' AND '.join(where)} ORDER BY rowid LIMIT ?",
                (last, *params, batch),
            ).fetchall()
            if not rows:
                return
            for rowid, record in rows:
                yield Paper.model_validate_json(record)
                produced += 1
                if limit is not None and produced >= limit:
                    return
            last = rows[-1][0]

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM papers").fetchone()[0])

    def last_change(self) -> int:
        row = self.conn.execute("SELECT MAX(seq) FROM changes").fetchone()
        return int(row[0] or 0)

    def changes_since(self, seq: int) -> list[tuple[int, str, str]]:
        return [tuple(r) for r in self.conn.execute(  # type: ignore[misc]
            "SELECT seq, paper_id, op FROM changes WHERE seq > ? ORDER BY seq", (seq,)
        )]

    def stats(self) -> dict[str, Any]:
        conn = self.conn
        papers = self.count()
        with_abstract = conn.execute(
            "SELECT COUNT(*) FROM papers WHERE record LIKE '%\"sections\":[{%'"
        ).fetchone()[0]
        years = conn.execute("SELECT MIN(year), MAX(year) FROM papers").fetchone()
        by_source = dict(
            conn.execute(
                "SELECT json_extract(record, '$.source.format') AS f, COUNT(*) FROM papers GROUP BY f"
            ).fetchall()
        )
        last_run = conn.execute(
            "SELECT file, started, finished, counts FROM ingest_runs ORDER BY run DESC LIMIT 1"
        ).fetchone()
        return {
            "papers": papers,
            "with_abstract": with_abstract,
            "with_pmid": conn.execute("SELECT COUNT(*) FROM papers WHERE pmid IS NOT NULL").fetchone()[0],
            "with_doi": conn.execute("SELECT COUNT(*) FROM papers WHERE doi IS NOT NULL").fetchone()[0],
            "year_min": years[0],
            "year_max": years[1],
            "by_format": {k or "unknown": v for k, v in by_source.items()},
            "deleted": conn.execute("SELECT COUNT(*) FROM tombstones").fetchone()[0],
            "ingest_runs": conn.execute("SELECT COUNT(*) FROM ingest_runs").fetchone()[0],
            "last_ingest": (
                {"file": last_run[0], "started": last_run[1], "finished": last_run[2],
                 "counts": json.loads(last_run[3])}
                if last_run else None
            ),
            "schema_version": self.schema_version(),
        }

    def content_digest(self) -> str:
        """A hash of every stored paper and tombstone: equal libraries have equal digests."""
        digest = hashlib.sha256()
        for paper_id, content_hash in self.conn.execute(
            "SELECT id, content_hash FROM papers ORDER BY id"
        ):
            digest.update(f"{paper_id}\t{content_hash}\n".encode())
        for paper_id, file in self.conn.execute("SELECT id, file FROM tombstones ORDER BY id"):
            digest.update(f"-{paper_id}\t{file}\n".encode())
        return digest.hexdigest()
