"""What every live source client shares: the search log it fills in and its one method.

A client is sans-I/O in spirit: it asks a :class:`~consilience.sources.cache.Transport`
for responses and turns them into ingest items, so the same code runs live, recorded, or
replayed from the cache.

>>> log = SearchLog(term="aspirin")
>>> log.found is None, log.ids
(True, [])
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from consilience.ingest.records import Item


@dataclass
class SearchLog:
    """What a source said about a query, filled in by a client as it runs."""

    term: str = ""
    found: int | None = None
    ids: list[str] = field(default_factory=list)


class SourceClient(Protocol):
    """A literature source: search, then yield parsed records in batches."""

    name: str
    label: str

    def run(self, query: str, *, limit: int, since: int | None, log: SearchLog) -> Iterator[list[Item]]:
        """Yield up to ``limit`` records matching ``query`` (published ``since`` on), batch by batch."""
        ...
