"""Fetch a query's records from live sources into a store, logged and cached for replay.

For each source: search, receive records in batches, drop the ones another source of the
same fetch already delivered (by PMID, DOI or PMCID), and write the rest through the
store's normal batch path (which deduplicates against the library). The report has the
PRISMA-style counts: identified, duplicates removed, added, updated, already held.

>>> report = FetchReport(query="aspirin", sources=[SourceReport(source="pubmed", fetch_id="f1",
...     found=120, retrieved=20, added=18, unchanged=2)])
>>> report.counts()["added"], report.summary()[0]
(18, 'PubMed: 120 found, 20 retrieved → 18 added, 0 updated, 2 unchanged')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consilience.ingest.records import Deleted, Parsed, Rejected
from consilience.model import Paper
from consilience.settings import Settings
from consilience.sources.base import SearchLog, SourceClient
from consilience.sources.cache import (
    FetchManifest,
    Recorder,
    Replayer,
    Transport,
    find_recorded,
    load_manifest,
    new_fetch_id,
    utc_now,
)
from consilience.sources.europepmc import EuropePMCClient
from consilience.sources.eutils import PubMedClient
from consilience.sources.http import HttpGetter, SourceError, shared_limiter
from consilience.store.sqlite import Store

#: The sources ``fetch`` knows, in the order 'both' runs them (PubMed first: its records win).
SOURCES = ("pubmed", "europepmc")
LABELS = {"pubmed": "PubMed", "europepmc": "Europe PMC"}
_MAX_REJECTIONS_KEPT = 1000

ProgressFn = Callable[[int], None]


@dataclass
class SourceReport:
    """One source's part of a fetch."""

    source: str
    fetch_id: str
    term: str = ""
    found: int | None = None
    retrieved: int = 0
    duplicates: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    ids: list[str] = field(default_factory=list)
    replayed: bool = False
    directory: str = ""
    rejections: list[Rejected] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "found": self.found or 0,
            "retrieved": self.retrieved,
            "duplicates": self.duplicates,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }

    def summary(self) -> str:
        found = f"{self.found:,} found, " if self.found is not None else ""
        line = (
            f"{LABELS.get(self.source, self.source)}: {found}{self.retrieved:,} retrieved → "
            f"{self.added:,} added, {self.updated:,} updated, {self.unchanged:,} unchanged"
        )
        if self.duplicates:
            line += f", {self.duplicates:,} duplicates of another source"
        if self.rejected:
            line += f", {self.rejected:,} rejected"
        return line + (" (replayed from cache)" if self.replayed else "")


@dataclass
class FetchReport:
    """What a fetch did, per source and in total."""

    query: str
    sources: list[SourceReport] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for part in self.sources:
            for name, value in part.counts().items():
                totals[name] = totals.get(name, 0) + value
        return totals or dict.fromkeys(SourceReport("", "").counts(), 0)

    def summary(self) -> list[str]:
        """One line per source, for people."""
        return [part.summary() for part in self.sources]

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "counts": self.counts(),
            "sources": [
                {
                    "source": p.source,
                    "fetch_id": p.fetch_id,
                    "term": p.term,
                    "replayed": p.replayed,
                    "directory": p.directory,
                    **p.counts(),
                    "ids": p.ids,
                    "rejections": [str(r) for r in p.rejections],
                }
                for p in self.sources
            ],
        }


def source_names(source: str) -> tuple[str, ...]:
    """'pubmed', 'europepmc' or 'both' as the sources to run, in order."""
    if source == "both":
        return SOURCES
    if source not in SOURCES:
        raise SourceError(f"unknown source {source!r}: choose pubmed, europepmc or both")
    return (source,)


def make_client(name: str, transport: Transport, settings: Settings) -> SourceClient:
    if name == "pubmed":
        return PubMedClient(transport, batch_size=settings.fetch_batch_size)
    return EuropePMCClient(transport, batch_size=settings.fetch_batch_size)


def make_getter(name: str, settings: Settings) -> HttpGetter:
    """A polite HTTP getter for one source, configured from the settings."""
    common: dict[str, Any] = {
        "timeout": settings.fetch_timeout,
        "retries": settings.fetch_retries,
        "backoff": settings.fetch_backoff,
        "backoff_max": settings.fetch_backoff_max,
    }
    if name == "pubmed":
        key = settings.ncbi_api_key.get_secret_value() if settings.ncbi_api_key else ""
        # NCBI: 3 requests/s per client without an API key, 10 with one.
        rate = settings.ncbi_requests_per_second or (10.0 if key else 3.0)
        params = {"tool": settings.ncbi_tool} if settings.ncbi_tool else {}
        if settings.ncbi_email:
            params["email"] = settings.ncbi_email
        if key:
            params["api_key"] = key
        return HttpGetter(
            "PubMed",
            settings.pubmed_url,
            limiter=shared_limiter(settings.pubmed_url, rate),
            params=params,
            secret=frozenset({"api_key", "email"}),
            **common,
        )
    rate = settings.europepmc_requests_per_second
    return HttpGetter(
        "Europe PMC", settings.europepmc_url, limiter=shared_limiter(settings.europepmc_url, rate), **common
    )


class _Deduper:
    """Remembers the ids delivered so far in one fetch, to drop a second source's copies."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def is_new(self, paper: Paper) -> bool:
        keys = paper.record_keys()
        if keys & self.seen:
            return False
        self.seen |= keys
        return True


def fetch_into(
    store: Store,
    settings: Settings,
    query: str,
    *,
    source: str = "pubmed",
    limit: int | None = None,
    since: int | None = None,
    offline: bool = False,
    resume: bool = False,
    progress: ProgressFn | None = None,
) -> FetchReport:
    """Fetch ``query`` from ``source`` ('pubmed', 'europepmc' or 'both') into ``store``.

    Live, each source's responses and a manifest go to ``<library>/sources/<fetch id>/``;
    ``offline`` instead replays the latest complete recorded fetch of the same source,
    query, limit and ``since``, without a network. ``resume`` takes what the latest
    interrupted fetch of the same search already received from its cache, and asks the
    network only for the rest.
    """
    if not query.strip():
        raise SourceError("the query is empty")
    names = source_names(source)
    limit = limit or settings.fetch_max
    sources_dir = Path(settings.library) / "sources"
    report = FetchReport(query=query)
    deduper = _Deduper()
    for name in names:
        if offline:
            manifest = find_recorded(sources_dir, name, query, limit=limit, since=since)
            if manifest is None:
                raise SourceError(
                    f"no complete {LABELS[name]} fetch of {query!r} (max {limit}"
                    f"{f', since {since}' if since else ''}) is recorded under {sources_dir}; "
                    "run it once with a network"
                )
            report.sources.append(_replay(store, settings, sources_dir, manifest, deduper, progress))
        else:
            statuses = ("failed", "running")
            prior = (
                find_recorded(sources_dir, name, query, limit=limit, since=since, statuses=statuses)
                if resume
                else None
            )
            report.sources.append(
                _live(store, settings, sources_dir, name, query, limit, since, deduper, progress, prior)
            )
    return report


def replay_fetch(
    store: Store, settings: Settings, fetch_ids: Sequence[str], *, progress: ProgressFn | None = None
) -> FetchReport:
    """Re-ingest recorded fetches by id, from the cache alone."""
    sources_dir = Path(settings.library) / "sources"
    manifests = []
    for fetch_id in fetch_ids:
        path = sources_dir / fetch_id / "fetch.json"
        if not path.is_file():
            raise SourceError(f"no recorded fetch {fetch_id!r} under {sources_dir}")
        manifests.append(load_manifest(path))
    report = FetchReport(query=" | ".join(dict.fromkeys(m.query for m in manifests)))
    deduper = _Deduper()
    for manifest in manifests:
        report.sources.append(_replay(store, settings, sources_dir, manifest, deduper, progress))
    return report


def _live(
    store: Store,
    settings: Settings,
    sources_dir: Path,
    name: str,
    query: str,
    limit: int,
    since: int | None,
    deduper: _Deduper,
    progress: ProgressFn | None,
    prior: FetchManifest | None = None,
) -> SourceReport:
    fetch_id = new_fetch_id(name)
    manifest = FetchManifest(
        fetch_id=fetch_id, source=name, query=query, limit=limit, since=since, started=utc_now()
    )
    directory = sources_dir / fetch_id
    part = SourceReport(source=name, fetch_id=fetch_id, directory=str(directory))
    with make_getter(name, settings) as getter:
        resume = (
            Replayer(sources_dir / prior.fetch_id, prior, prefix=f"sources/{prior.fetch_id}")
            if prior is not None
            else None
        )
        recorder = Recorder(getter, directory, manifest, prefix=f"sources/{fetch_id}", resume=resume)
        try:
            client = make_client(name, recorder, settings)
            _ingest(store, client, query, limit, since, part, SearchLog(), deduper, progress)
        except BaseException as exc:
            manifest.status = "failed"
            manifest.error = str(exc) or type(exc).__name__
            raise
        else:
            manifest.status = "complete"
        finally:
            manifest.finished = utc_now()
            manifest.term, manifest.found, manifest.ids = part.term, part.found, part.ids
            manifest.counts = part.counts()
            recorder.save()
    return part


def _replay(
    store: Store,
    settings: Settings,
    sources_dir: Path,
    manifest: FetchManifest,
    deduper: _Deduper,
    progress: ProgressFn | None,
) -> SourceReport:
    directory = sources_dir / manifest.fetch_id
    part = SourceReport(
        source=manifest.source, fetch_id=manifest.fetch_id, replayed=True, directory=str(directory)
    )
    transport = Replayer(directory, manifest, prefix=f"sources/{manifest.fetch_id}")
    if manifest.source not in SOURCES:
        raise SourceError(f"fetch {manifest.fetch_id}: unknown source {manifest.source!r}")
    client = make_client(manifest.source, transport, settings)
    _ingest(
        store, client, manifest.query, manifest.limit, manifest.since, part, SearchLog(), deduper, progress
    )
    return part


def _ingest(
    store: Store,
    client: SourceClient,
    query: str,
    limit: int,
    since: int | None,
    part: SourceReport,
    log: SearchLog,
    deduper: _Deduper,
    progress: ProgressFn | None,
) -> None:
    """Run one client and write what it yields, batch by batch (each batch is committed)."""
    origin = f"{'replay' if part.replayed else 'fetch'}:{part.fetch_id}"
    run = store.start_run(origin, f"{client.name}-fetch", utc_now())
    try:
        for items in client.run(query, limit=limit, since=since, log=log):
            papers: list[Paper] = []
            for item in items:
                if isinstance(item, Parsed):
                    part.retrieved += 1
                    if deduper.is_new(item.paper):
                        papers.append(item.paper)
                    else:
                        part.duplicates += 1
                elif isinstance(item, Rejected):
                    part.rejected += 1
                    if len(part.rejections) < _MAX_REJECTIONS_KEPT:
                        part.rejections.append(item)
                elif isinstance(item, Deleted):  # pragma: no cover - efetch never sends deletions
                    continue
            counts = store.write_batch(papers)
            part.added += counts.added
            part.updated += counts.updated
            part.unchanged += counts.unchanged
            if progress is not None:
                progress(len(items))
    finally:
        part.term, part.found, part.ids = log.term, log.found, log.ids
        if part.rejections:
            store.add_rejections(run, [(r.file, r.position, r.record, r.reason) for r in part.rejections])
        store.finish_run(run, utc_now(), part.counts())
