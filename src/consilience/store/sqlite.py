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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from consilience.errors import LibraryError
from consilience.model import Paper, Source

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


class Store:
    """A thin layer over one SQLite database; all SQL lives here."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        #: Names of optional tables (e.g. 'facts') already set up on this connection.
        self.prepared: set[str] = set()

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

        A record replaces the stored one only when its version key is not older (on equal
        versions the later-named file wins, so the outcome never depends on the order in
        which files were read); an id deleted by a later-named update file stays deleted
        when an earlier file is re-read. Distinct PubMed records are never merged, even
        when they share a DOI; a PubMed record replaces a copy of the same work read from
        another source (matched by DOI, PMCID or PMID).
        """
        counts = WriteCounts()
        with self.transaction() as conn:
            batch = _Batch(conn, counts)
            batch.prefetch(papers, deletions)
            for paper in papers:
                batch.upsert(paper)
            for paper_id, file in deletions:
                batch.delete(paper_id, file)
            batch.flush()
        return counts

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
            conn.executemany("INSERT INTO rejections VALUES (?, ?, ?, ?, ?)", [(run, *r) for r in rows])

    # -- reads ----------------------------------------------------------------

    def get(self, paper_id: str) -> Paper | None:
        row = self.conn.execute("SELECT record FROM papers WHERE id=?", (paper_id,)).fetchone()
        return Paper.model_validate_json(row[0]) if row else None

    def get_many(self, paper_ids: Sequence[str]) -> dict[str, Paper]:
        """The stored papers among ``paper_ids``, by id, in a few queries (absent ids left out)."""
        return {
            paper_id: Paper.model_validate_json(record)
            for paper_id, record in self.get_records(paper_ids).items()
        }

    def get_records(self, paper_ids: Sequence[str]) -> dict[str, str]:
        """Like :meth:`get_many`, each paper's stored JSON record, unparsed."""
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(paper_ids))
        for start in range(0, len(unique), _LOOKUP_LIMIT):
            chunk = unique[start : start + _LOOKUP_LIMIT]
            rows = self.conn.execute(
                f"SELECT id, record FROM papers WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
            found.update(rows)
        return found

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
            for _rowid, record in rows:
                yield Paper.model_validate_json(record)
                produced += 1
                if limit is not None and produced >= limit:
                    return
            last = rows[-1][0]

    def iter_records(self, batch: int = 2000) -> Iterator[str]:
        """Every paper's stored JSON record in rowid order (as :meth:`iter_papers`), unparsed."""
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT rowid, record FROM papers WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            for _rowid, record in rows:
                yield record
            last = rows[-1][0]

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM papers").fetchone()[0])

    def last_change(self) -> int:
        row = self.conn.execute("SELECT MAX(seq) FROM changes").fetchone()
        return int(row[0] or 0)

    def changes_since(self, seq: int) -> list[tuple[int, str, str]]:
        rows = self.conn.execute("SELECT seq, paper_id, op FROM changes WHERE seq > ? ORDER BY seq", (seq,))
        return [(int(seq), str(paper_id), str(op)) for seq, paper_id, op in rows]

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
                {
                    "file": last_run[0],
                    "started": last_run[1],
                    "finished": last_run[2],
                    "counts": json.loads(last_run[3]),
                }
                if last_run
                else None
            ),
            "schema_version": self.schema_version(),
        }

    def content_digest(self) -> str:
        """A hash of every stored paper and tombstone: equal libraries have equal digests."""
        digest = hashlib.sha256()
        for paper_id, content_hash in self.conn.execute("SELECT id, content_hash FROM papers ORDER BY id"):
            digest.update(f"{paper_id}\t{content_hash}\n".encode())
        for paper_id, file in self.conn.execute("SELECT id, file FROM tombstones ORDER BY id"):
            digest.update(f"-{paper_id}\t{file}\n".encode())
        return digest.hexdigest()


# -- batched writes -----------------------------------------------------------------------

_ROW = "id, pmid, doi, pmcid, version, content_hash, source_file"
_INSERT = (
    "INSERT INTO papers (id, pmid, doi, pmcid, title, year, version, content_hash, source_file, record)"
    " VALUES (?,?,?,?,?,?,?,?,?,?)"
)
_UPDATE = (
    "UPDATE papers SET pmid=?, doi=?, pmcid=?, title=?, year=?, version=?, content_hash=?,"
    " source_file=?, record=? WHERE id=?"
)
_LOOKUP_LIMIT = 500  # ids per IN (...) query, well under SQLite's variable limit
_SERIALIZER = Paper.__pydantic_serializer__
_SOURCE_SERIALIZER = Source.__pydantic_serializer__


def _file_key(file: str) -> str:
    """Files are ranked by name: PubMed's baseline and update files sort in release order."""
    return file.rpartition("/")[2]


def _encode(paper: Paper) -> tuple[str, str]:
    """The paper's stored JSON and its content hash, from a single serialisation.

    The hash covers everything but the source, exactly as :meth:`Paper.content_hash`;
    the stored record is that same JSON with the source appended (its last field).
    """
    source = b',"source":' + _SOURCE_SERIALIZER.to_json(paper.source) + b"}"
    record = _SERIALIZER.to_json(paper)
    if record.endswith(source):  # always, unless a copy moved the source: then serialise twice
        payload = record[: -len(source)] + b"}"
    else:
        payload = _SERIALIZER.to_json(paper, exclude={"source"})
        record = payload[:-1] + source
    return record.decode("utf-8"), hashlib.sha1(payload).hexdigest()


class _Batch:
    """One write_batch transaction: looks rows up in bulk, buffers writes for executemany.

    Papers are applied one by one in order, as if each ran its own SELECTs; what makes
    it fast is that the lookups for the whole batch are done up front in a few ``IN``
    queries. Keys written by this batch ('touched') are looked up live instead, after
    the buffered writes are flushed, so a batch that holds two versions of one record
    sees its own writes exactly as a row-by-row loop would.
    """

    def __init__(self, conn: sqlite3.Connection, counts: WriteCounts) -> None:
        self.conn = conn
        self.counts = counts
        self.rows: dict[tuple[str, str], tuple[Any, ...] | None] = {}  # (column, value) -> row
        self.tombs: dict[str, str | None] = {}
        self.touched: set[tuple[str, str]] = set()
        self.inserts: list[tuple[Any, ...]] = []
        self.updates: list[tuple[Any, ...]] = []
        self.removals: list[tuple[str]] = []
        self.tomb_removals: list[tuple[str]] = []
        self.changes: list[tuple[str, str]] = []
        # Whether the library holds records without a PMID (from other sources): only
        # then can a new PubMed record be a copy of something already stored.
        self.foreign = False

    # lookups

    def _select(self, sql: str, values: list[str]) -> Iterator[tuple[Any, ...]]:
        for i in range(0, len(values), _LOOKUP_LIMIT):
            chunk = values[i : i + _LOOKUP_LIMIT]
            yield from self.conn.execute(sql.format(",".join("?" * len(chunk))), chunk)

    def prefetch(self, papers: Sequence[Paper], deletions: Sequence[tuple[str, str]]) -> None:
        conn = self.conn
        ids = list({p.id for p in papers} | {d[0] for d in deletions})
        self.tombs = dict.fromkeys(ids)
        if conn.execute("SELECT EXISTS (SELECT 1 FROM tombstones)").fetchone()[0]:
            for tomb_id, file in self._select("SELECT id, file FROM tombstones WHERE id IN ({})", ids):
                self.tombs[tomb_id] = file
        self.rows = dict.fromkeys((("id", paper_id) for paper_id in ids), None)
        for row in self._select(f"SELECT {_ROW} FROM papers WHERE id IN ({{}})", ids):
            self.rows[("id", row[0])] = row
        self.foreign = bool(
            conn.execute("SELECT EXISTS (SELECT 1 FROM papers WHERE pmid IS NULL)").fetchone()[0]
        )
        # Cross-source matches are only needed for papers not already stored under their id.
        new = [p for p in papers if self.rows[("id", p.id)] is None and not self._pubmed_only(p)]
        for column in ("pmid", "doi", "pmcid"):
            values = list({v for p in new if (v := getattr(p.ids, column))})
            for value in values:
                self.rows[(column, value)] = None
            for row in self._select(
                f"SELECT {_ROW} FROM papers WHERE {column} IN ({{}}) ORDER BY rowid DESC", values
            ):
                self.rows[(column, row[("id", "pmid", "doi", "pmcid").index(column)])] = row

    def _row(self, column: str, value: str) -> tuple[Any, ...] | None:
        key = (column, value)
        if key in self.touched or key not in self.rows:
            self.flush()
            row = self.conn.execute(
                f"SELECT {_ROW} FROM papers WHERE {column}=? ORDER BY rowid LIMIT 1", (value,)
            ).fetchone()
            return tuple(row) if row is not None else None
        return self.rows[key]

    def _tomb(self, paper_id: str) -> str | None:
        if ("tomb", paper_id) in self.touched or paper_id not in self.tombs:
            self.flush()
            row = self.conn.execute("SELECT file FROM tombstones WHERE id=?", (paper_id,)).fetchone()
            return str(row[0]) if row is not None else None
        return self.tombs[paper_id]

    def _pubmed_only(self, paper: Paper) -> bool:
        """A PubMed record (canonical id) in a library of PubMed records has no copies."""
        return not self.foreign and paper.id == f"pmid:{paper.ids.pmid}"

    def _existing(self, paper: Paper) -> tuple[Any, ...] | None:
        row = self._row("id", paper.id)
        if row is not None or self._pubmed_only(paper):
            return row
        # The same work met first through another source: matched by its other ids.
        for column in ("pmid", "doi", "pmcid"):
            value = getattr(paper.ids, column)
            if value:
                row = self._row(column, value)
                if row is not None and not (paper.ids.pmid and row[1] and row[1] != paper.ids.pmid):
                    return row  # (two different PMIDs are two records, whatever their DOI)
        return None

    def _touch(self, row: Sequence[Any]) -> None:
        paper_id, pmid, doi, pmcid = row[:4]
        touched = self.touched
        if paper_id:
            touched.add(("id", paper_id))
        if pmid:
            touched.add(("pmid", pmid))
        if doi:
            touched.add(("doi", doi))
        if pmcid:
            touched.add(("pmcid", pmcid))

    # writes

    def upsert(self, paper: Paper) -> None:
        counts = self.counts
        file_key = _file_key(paper.source.file)
        tomb = self._tomb(paper.id)
        if tomb is not None:
            if file_key <= tomb:
                counts.unchanged += 1
                return
            self.tomb_removals.append((paper.id,))
            self.touched.add(("tomb", paper.id))
        existing = self._existing(paper)
        record, content_hash = _encode(paper)
        ids = paper.ids
        row = (
            paper.id,
            ids.pmid,
            ids.doi,
            ids.pmcid,
            paper.title,
            paper.pub_date.year,
            paper.version,
            content_hash,
            paper.source.file,
            record,
        )
        if existing is None:
            self.inserts.append(row)
            self.foreign = self.foreign or not ids.pmid
            counts.added += 1
        else:
            old_id, old_pmid, _doi, _pmcid, old_version, old_hash, old_file = existing
            if old_hash == content_hash:
                counts.unchanged += 1
                return
            if old_id == paper.id:
                if (paper.version, file_key) < (old_version, _file_key(old_file)):
                    counts.unchanged += 1
                    return
                self.updates.append((*row[1:], paper.id))
            else:
                # Versions of different sources do not compare: a PubMed record outranks a
                # copy from elsewhere, and never the other way round.
                if old_pmid and not paper.ids.pmid:
                    counts.unchanged += 1
                    return
                if not paper.ids.pmid and paper.version < old_version:
                    counts.unchanged += 1
                    return
                self.removals.append((old_id,))
                self.changes.append((old_id, "delete"))
                self.inserts.append(row)
                self.foreign = self.foreign or not ids.pmid
            self._touch(existing)
            counts.updated += 1
        self._touch(row)
        self.changes.append((paper.id, "upsert"))

    def delete(self, paper_id: str, file: str) -> None:
        self.flush()  # deletions are rare: apply them directly
        file_key = _file_key(file)
        tomb = self._tomb(paper_id)
        if tomb is None or file_key > tomb:
            self.conn.execute("INSERT OR REPLACE INTO tombstones VALUES (?, ?)", (paper_id, file_key))
        self.touched.add(("tomb", paper_id))
        row = self._row("id", paper_id)
        if row is not None and _file_key(row[6]) <= file_key:
            self.conn.execute("DELETE FROM papers WHERE id=?", (paper_id,))
            self._touch(row)
            self.changes.append((paper_id, "delete"))
            self.counts.deleted += 1

    def flush(self) -> None:
        """Apply the buffered writes; they touch distinct rows, so their order is free."""
        conn = self.conn
        if self.tomb_removals:
            conn.executemany("DELETE FROM tombstones WHERE id=?", self.tomb_removals)
            self.tomb_removals.clear()
        if self.removals:
            conn.executemany("DELETE FROM papers WHERE id=?", self.removals)
            self.removals.clear()
        if self.updates:
            conn.executemany(_UPDATE, self.updates)
            self.updates.clear()
        if self.inserts:
            conn.executemany(_INSERT, self.inserts)
            self.inserts.clear()
        if self.changes:
            conn.executemany("INSERT INTO changes (paper_id, op) VALUES (?, ?)", self.changes)
            self.changes.clear()
