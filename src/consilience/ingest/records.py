"""What every reader yields: a parsed paper, a deletion, or a rejected record.

Readers are generators over one file. They never raise for a bad record: they yield a
:class:`Rejected` naming the file, the record and the problem, and carry on. Only a
problem with the whole file (missing, unreadable, unknown format) raises
:class:`~consilience.errors.IngestError`.
"""

from __future__ import annotations

from dataclasses import dataclass

from consilience.model import Paper


@dataclass(frozen=True, slots=True)
class Parsed:
    paper: Paper
    #: Fields of the record that the format does not know and that were left out (reported in
    #: the ingest summary, so that a misspelt field is never dropped in silence).
    ignored: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Deleted:
    """A record withdrawn by its source (PubMed's DeleteCitation)."""

    paper_id: str
    file: str
    position: int


@dataclass(frozen=True, slots=True)
class Rejected:
    file: str
    position: int
    record: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, record {self.position}"
        if self.record:
            where += f" ({self.record})"
        return f"{where}: {self.reason}"


Item = Parsed | Deleted | Rejected
