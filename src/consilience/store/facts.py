"""The facts cache: one StudyFacts record per paper and analyzer version, in the library's db.

Analysis is incremental. Papers without facts for the current analyzer version are analysed;
papers written since the last run (read from the store's ``changes`` feed, whose last seen
sequence number is kept in ``meta``) are analysed again; deleted papers lose their facts.

Each record also keeps the content hash of the paper it was computed from
(:meth:`Paper.content_hash`), so :meth:`FactsCache.current` can tell, for the few papers a
question reads, whether their cached facts still describe them without reading the changes
feed (which holds one row per write: a million in a million-paper library).

>>> from consilience.store.sqlite import Store
>>> from consilience.model import Paper, Section
>>> store = Store.open(":memory:")
>>> _ = store.write_batch([Paper(id="x:1", title="T", sections=[Section(text="OR 2.1 [1.3, 3.4].")])])
>>> cache = FactsCache(store)
>>> cache.analyze().analysed
1
>>> cache.analyze().analysed, cache.get("x:1").effects[0].value
(0, 2.1)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from consilience.model import Paper, StudyFacts
from consilience.store.sqlite import Store

__all__ = ["AnalyzeReport", "FactsCache"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS facts (
    paper_id TEXT,
    analyzer_version TEXT,
    record TEXT,
    content_hash TEXT,
    PRIMARY KEY (paper_id, analyzer_version)
);
"""
_LOOKUP_LIMIT = 500  # ids per IN (...) query, well under SQLite's variable limit
_SEQ_KEY = "facts_seq:{version}"

#: Called with (papers done so far, papers to do in all).
AnalyzeProgress = Callable[[int, int], None]


@dataclass
class AnalyzeReport:
    """What an analysis run did."""

    analysed: int = 0
    removed: int = 0
    cached: int = 0
    version: str = ""

    def counts(self) -> dict[str, int | str]:
        return {
            "analysed": self.analysed,
            "removed": self.removed,
            "cached": self.cached,
            "version": self.version,
        }


class FactsCache:
    """StudyFacts stored next to the papers, keyed by paper id and analyzer version."""

    def __init__(self, store: Store, version: str | None = None) -> None:
        from consilience.analyze import ANALYZER_VERSION

        self.store = store
        self.version = version or ANALYZER_VERSION
        if "facts" not in store.prepared:  # once per connection, not per lookup
            store.conn.executescript(_SCHEMA)
            columns = {row[1] for row in store.conn.execute("PRAGMA table_info(facts)")}
            if "content_hash" not in columns:  # a library from before the column: rows keep NULL
                store.conn.execute("ALTER TABLE facts ADD COLUMN content_hash TEXT")
            store.prepared.add("facts")

    def get(self, paper_id: str) -> StudyFacts | None:
        row = self.store.conn.execute(
            "SELECT record FROM facts WHERE paper_id=? AND analyzer_version=?", (paper_id, self.version)
        ).fetchone()
        return StudyFacts.model_validate_json(row[0]) if row else None

    def put_many(self, facts: list[StudyFacts], hashes: Sequence[str | None] | None = None) -> None:
        """Store facts; ``hashes`` are the content hashes of the papers they were read from."""
        if hashes is None:
            hashes = [None] * len(facts)
        with self.store.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO facts (paper_id, analyzer_version, record, content_hash) "
                "VALUES (?, ?, ?, ?)",
                [
                    (f.paper_id, self.version, f.model_dump_json(), h)
                    for f, h in zip(facts, hashes, strict=True)
                ],
            )

    def current(self, papers: Sequence[Paper]) -> list[StudyFacts]:
        """The facts of each paper, in order: cached when they were computed from this very
        content (same content hash, same analyzer version), else analysed now and cached.

        One query for the cached ones and one transaction for the new ones, however many.
        """
        from consilience.analyze import analyze_paper

        hashes = [paper.content_hash() for paper in papers]
        cached: dict[str, tuple[str, str | None]] = {}
        ids = list(dict.fromkeys(paper.id for paper in papers))
        for start in range(0, len(ids), _LOOKUP_LIMIT):
            chunk = ids[start : start + _LOOKUP_LIMIT]
            rows = self.store.conn.execute(
                "SELECT paper_id, record, content_hash FROM facts "
                f"WHERE analyzer_version=? AND paper_id IN ({','.join('?' * len(chunk))})",
                (self.version, *chunk),
            )
            cached.update((paper_id, (record, content_hash)) for paper_id, record, content_hash in rows)
        out: list[StudyFacts] = []
        fresh: dict[str, tuple[StudyFacts, str]] = {}
        for paper, content_hash in zip(papers, hashes, strict=True):
            row = cached.get(paper.id)
            if row is not None and row[1] == content_hash:
                out.append(StudyFacts.model_validate_json(row[0]))
            elif paper.id in fresh and fresh[paper.id][1] == content_hash:
                out.append(fresh[paper.id][0])
            else:
                facts = analyze_paper(paper)
                fresh[paper.id] = (facts, content_hash)
                out.append(facts)
        if fresh:
            self.put_many([f for f, _ in fresh.values()], [h for _, h in fresh.values()])
        return out

    def count(self) -> int:
        row = self.store.conn.execute(
            "SELECT COUNT(*) FROM facts WHERE analyzer_version=?", (self.version,)
        ).fetchone()
        return int(row[0])

    def _missing(self) -> list[str]:
        rows = self.store.conn.execute(
            "SELECT p.id FROM papers p LEFT JOIN facts f ON f.paper_id = p.id AND f.analyzer_version = ? "
            "WHERE f.paper_id IS NULL ORDER BY p.rowid",
            (self.version,),
        )
        return [r[0] for r in rows]

    def _stale(self, last_seq: int) -> tuple[set[str], set[str], int]:
        """(changed ids, deleted ids, newest seq) from the changes feed after ``last_seq``."""
        changed: set[str] = set()
        deleted: set[str] = set()
        newest = last_seq
        for seq, paper_id, op in self.store.changes_since(last_seq):
            newest = max(newest, seq)
            if op == "delete":
                deleted.add(paper_id)
                changed.discard(paper_id)
            else:
                changed.add(paper_id)
                deleted.discard(paper_id)
        return changed, deleted, newest

    def plan(self, *, force: bool = False) -> tuple[list[str], set[str], int]:
        """(ids to analyse, ids to forget, the seq to record when done)."""
        key = _SEQ_KEY.format(version=self.version)
        last_seq = int(self.store.get_meta(key) or 0)
        changed, deleted, newest = self._stale(last_seq)
        newest = max(newest, self.store.last_change())
        if force:
            todo = [r[0] for r in self.store.conn.execute("SELECT id FROM papers ORDER BY rowid")]
        else:
            todo = self._missing()
            seen = set(todo)
            todo.extend(sorted(i for i in changed if i not in seen and self.store.find_id("id", i)))
        return todo, deleted, newest

    def _papers(self, ids: list[str], batch: int = 500) -> Iterator[Paper]:
        for start in range(0, len(ids), batch):
            yield from self.store.iter_papers(ids=ids[start : start + batch])

    def analyze(
        self, *, force: bool = False, progress: AnalyzeProgress | None = None, batch: int = 500
    ) -> AnalyzeReport:
        """Bring the cache up to date with the store; returns what was done."""
        from consilience.analyze import analyze_paper

        todo, deleted, newest = self.plan(force=force)
        report = AnalyzeReport(version=self.version)
        if deleted:
            with self.store.transaction() as conn:
                conn.executemany("DELETE FROM facts WHERE paper_id=?", [(i,) for i in sorted(deleted)])
            report.removed = len(deleted)
        pending: list[StudyFacts] = []
        hashes: list[str | None] = []
        for paper in self._papers(todo, batch):
            pending.append(analyze_paper(paper))
            hashes.append(paper.content_hash())
            if len(pending) >= batch:
                self.put_many(pending, hashes)
                report.analysed += len(pending)
                pending, hashes = [], []
                if progress is not None:
                    progress(report.analysed, len(todo))
        if pending:
            self.put_many(pending, hashes)
            report.analysed += len(pending)
        if progress is not None:
            progress(report.analysed, len(todo))
        self.store.set_meta(_SEQ_KEY.format(version=self.version), str(newest))
        report.cached = self.count()
        return report
