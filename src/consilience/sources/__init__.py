"""Live literature sources: PubMed (NCBI E-utilities) and Europe PMC, fetched into the library.

Online only, and reproducible: every fetch records its query, source, date and the ids
returned, and keeps the raw responses under ``<library>/sources/`` so that it replays
offline. Most users call :meth:`consilience.Library.fetch`; see docs/sources.md.

>>> from consilience.sources import source_names
>>> source_names("both")
('pubmed', 'europepmc')
"""

from consilience.sources.base import SearchLog, SourceClient
from consilience.sources.cache import FetchManifest, find_recorded, list_fetches, load_manifest
from consilience.sources.europepmc import EuropePMCClient, paper_from_europepmc
from consilience.sources.eutils import PubMedClient
from consilience.sources.fetch import (
    SOURCES,
    FetchReport,
    SourceReport,
    fetch_into,
    replay_fetch,
    source_names,
)
from consilience.sources.http import OfflineError, RateLimiter, SourceError

__all__ = [
    "SOURCES",
    "EuropePMCClient",
    "FetchManifest",
    "FetchReport",
    "OfflineError",
    "PubMedClient",
    "RateLimiter",
    "SearchLog",
    "SourceClient",
    "SourceError",
    "SourceReport",
    "fetch_into",
    "find_recorded",
    "list_fetches",
    "load_manifest",
    "paper_from_europepmc",
    "replay_fetch",
    "source_names",
]
