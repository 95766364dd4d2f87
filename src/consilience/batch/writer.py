"""The one writer: applies each file's parsed records (and facts) to the store, in file order.

Records go through :meth:`Store.write_batch` in exactly the batches a plain ingest of the
file would use (papers and deletions in record order, ``batch_size`` at a time), so a build
reaches the same library as ``Library.ingest``. Facts computed by a worker are stored only
for papers the store now holds with the very content they were computed from (an older
version of a record, or one deleted by a later file, is not stored, and neither are its facts).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from consilience.batch.tasks import FileResult
from consilience.ingest import Deleted, Parsed, Rejected
from consilience.ingest.runner import IngestReport, finish_run, note_rejection, now_iso
from consilience.model import Paper, StudyFacts
from consilience.store.sqlite import Store

__all__ = ["write_result"]

_LOOKUP_LIMIT = 500  # ids per IN (...) query, well under SQLite's variable limit


def write_result(
    store: Store,
    result: FileResult,
    *,
    fmt: str,
    batch_size: int,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Write one file's records (and facts) into the store; returns its counts."""
    report = IngestReport(files=1)
    run = store.start_run(result.path, fmt, now_iso())
    papers: list[Paper] = []
    facts: list[StudyFacts] = []
    hashes: list[str] = []
    deletions: list[tuple[str, str]] = []
    analysed = bool(result.facts)
    paper_index = 0

    def flush() -> None:
        if not papers and not deletions:
            return
        counts = store.write_batch(papers, deletions)
        report.added += counts.added
        report.updated += counts.updated
        report.unchanged += counts.unchanged
        report.deleted += counts.deleted
        if analysed and papers:
            _store_facts(store, papers, facts, hashes)
        if progress is not None:
            progress(len(papers) + len(deletions))
        papers.clear()
        facts.clear()
        hashes.clear()
        deletions.clear()

    for item in result.items:
        report.records += 1
        if isinstance(item, Parsed):
            papers.append(item.paper)
            if analysed:
                facts.append(result.facts[paper_index])
                hashes.append(result.hashes[paper_index])
            paper_index += 1
        elif isinstance(item, Deleted):
            deletions.append((item.paper_id, item.file))
        elif isinstance(item, Rejected):
            note_rejection(report, item)
        if len(papers) + len(deletions) >= batch_size:
            flush()
    flush()
    finish_run(store, run, report)
    return report


def _store_facts(
    store: Store, papers: Sequence[Paper], facts: Sequence[StudyFacts], hashes: Sequence[str]
) -> None:
    """Cache the facts of the papers that the store now holds with the same content."""
    from consilience.store.facts import FactsCache

    stored: dict[str, str] = {}
    ids = list(dict.fromkeys(paper.id for paper in papers))
    for start in range(0, len(ids), _LOOKUP_LIMIT):
        chunk = ids[start : start + _LOOKUP_LIMIT]
        rows = store.conn.execute(
            f"SELECT id, content_hash FROM papers WHERE id IN ({','.join('?' * len(chunk))})", chunk
        )
        stored.update(rows)
    # The last copy of an id in the batch is the one its stored content can match.
    keep: dict[str, tuple[StudyFacts, str]] = {}
    for paper, paper_facts, content_hash in zip(papers, facts, hashes, strict=True):
        if stored.get(paper.id) == content_hash:
            keep[paper.id] = (paper_facts, content_hash)
    if keep:
        FactsCache(store).put_many([f for f, _ in keep.values()], [h for _, h in keep.values()])


def settle_facts(store: Store, *, batch: int = 500) -> int:
    """Make the facts cache current after a build; returns how many papers it analysed here.

    Papers whose cached facts are missing or were computed from other content (a worker
    analysed a version the store did not keep, or a run stopped between writing papers and
    facts) are analysed now; facts of deleted papers go; and the cache's place in the changes
    feed moves to the store's latest change, so ``Library.analyze`` does not redo the build's
    work.
    """
    from consilience.store.facts import _SEQ_KEY, FactsCache  # the cache's own feed position key

    cache = FactsCache(store)
    rows = store.conn.execute(
        "SELECT p.id FROM papers p LEFT JOIN facts f ON f.paper_id = p.id AND f.analyzer_version = ? "
        "WHERE f.paper_id IS NULL OR f.content_hash IS NOT p.content_hash ORDER BY p.rowid",
        (cache.version,),
    )
    stale = [paper_id for (paper_id,) in rows]
    for start in range(0, len(stale), batch):
        papers = store.get_many(stale[start : start + batch])
        cache.current(list(papers.values()))
    with store.transaction() as conn:
        conn.execute("DELETE FROM facts WHERE paper_id NOT IN (SELECT id FROM papers)")
    store.set_meta(_SEQ_KEY.format(version=cache.version), str(store.last_change()))
    return len(stale)
