"""The lexical index: BM25 (tantivy) over title + abstract, with title and MeSH/keywords as own fields.

Text is analyzed in Python by :mod:`consilience.index.tokenize` and handed to tantivy as
space-separated terms under its ``whitespace`` tokenizer, so the index and every query share
one analyzer that the tests can see. tantivy does the BM25 scoring (Robertson & Zaragoza 2009,
k1=1.2, b=0.75), each field with its own length normalisation; a query sums its fields' scores.
The body field ``text`` holds title and abstract together: scoring them as two fields cost
SciFact (training claims) 0.025 nDCG@10, as the short title's length norm over-rewards it.

>>> import tempfile
>>> from consilience.model import Paper, Section
>>> index = LexicalIndex.create(Path(tempfile.mkdtemp()) / "lexical")
>>> index.add([Paper(id="p1", title="Tamoxifen in breast cancer"),
...            Paper(id="p2", title="Aspirin and colorectal tumours")])
2
>>> index.commit(last_seq=2)
>>> [paper_id for paper_id, _ in index.search(["tumor"])]
['p2']
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import tantivy

from consilience.errors import LibraryError
from consilience.index.tokenize import ANALYZER_VERSION, index_text
from consilience.model import Paper

#: Bumped when the schema or the manifest changes; an index of another version is rebuilt.
FORMAT_VERSION = 1
MANIFEST = "manifest.json"

#: Per-field query boosts: the body carries the score; a title match adds a little and a
#: MeSH/keyword match (indexers' subject terms, absent from the body) a little more.
FIELD_BOOSTS: dict[str, float] = {"text": 1.0, "title": 0.1, "mesh": 0.5}
TEXT_FIELDS = tuple(FIELD_BOOSTS)
#: Records tokenised per round when several processes share the work (``add_records``).
PARALLEL_WINDOW = 8_000
#: The tantivy writer's indexing budget (see ``_writer_``).
WRITER_HEAP_BYTES = 32_000_000


class IndexFormatError(LibraryError):
    """An index on disk is missing, unreadable or of another format version."""


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name="whitespace", index_option="freq")
    builder.add_integer_field("year", stored=False, indexed=True, fast=True)
    return builder.build()


def paper_fields(paper: Paper) -> dict[str, str]:
    """The analyzed text of each field for one paper (terms joined by spaces).

    >>> paper_fields(Paper(id="x", title="Oesophageal cancer", keywords=["IL-6"]))["mesh"]
    'il-6 il6 il 6'
    """
    subject = [m.descriptor for m in paper.mesh] + list(paper.keywords)
    return _fields(paper.title, [s.text for s in paper.sections], subject)


def record_fields(record: str) -> tuple[str, dict[str, str], int | None]:
    """(paper id, :func:`paper_fields`, year) from a paper's stored JSON record.

    Reading the few indexed fields with ``json.loads`` skips building and validating a
    whole :class:`Paper`, which cost a third as much as analysing the text.

    >>> record_fields(Paper(id="x", title="Oesophageal cancer").model_dump_json())
    ('x', {'text': 'esophag cancer ', 'title': 'esophag cancer', 'mesh': ''}, None)
    """
    data = json.loads(record)
    subject = [m["descriptor"] for m in data.get("mesh", ())] + list(data.get("keywords", ()))
    fields = _fields(data.get("title", ""), [s.get("text", "") for s in data.get("sections", ())], subject)
    return data["id"], fields, (data.get("pub_date") or {}).get("year")


def _windows(items: Iterable[str], size: int) -> Iterator[list[str]]:
    window: list[str] = []
    for item in items:
        window.append(item)
        if len(window) == size:
            yield window
            window = []
    if window:
        yield window


def _fields(title: str, section_texts: list[str], subject: list[str]) -> dict[str, str]:
    title_terms = index_text(title)
    return {
        "text": f"{title_terms} {index_text(' '.join(section_texts))}",
        "title": title_terms,
        "mesh": index_text(" ; ".join(subject)),
    }


class LexicalIndex:
    """A tantivy index in one directory plus a JSON manifest (format, analyzer, seq, count)."""

    def __init__(self, path: Path, index: tantivy.Index, manifest: dict[str, Any]) -> None:
        self.path = path
        self._index = index
        self._schema = index.schema
        self.manifest = manifest
        self._writer: Any = None

    # -- lifecycle --------------------------------------------------------------

    @classmethod
    def create(cls, path: Path) -> LexicalIndex:
        """A new empty index at ``path`` (anything there is removed)."""
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        index = tantivy.Index(_schema(), path=str(path), reuse=False)
        manifest = {
            "kind": "consilience-lexical",
            "format_version": FORMAT_VERSION,
            "analyzer_version": ANALYZER_VERSION,
            "fields": list(TEXT_FIELDS),
            "doc_count": 0,
            "last_seq": 0,
        }
        lexical = cls(path, index, manifest)
        lexical._write_manifest()
        return lexical

    @classmethod
    def open(cls, path: Path) -> LexicalIndex:
        """Open an existing index; IndexFormatError says why one cannot be used."""
        manifest_path = path / MANIFEST
        if not manifest_path.is_file():
            raise IndexFormatError(f"no lexical index at {path}")
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexFormatError(f"unreadable lexical index manifest {manifest_path}: {exc}") from exc
        if not isinstance(manifest, dict) or manifest.get("kind") != "consilience-lexical":
            raise IndexFormatError(f"{manifest_path} is not a Consilience lexical index manifest")
        found = (manifest.get("format_version"), manifest.get("analyzer_version"))
        if found != (FORMAT_VERSION, ANALYZER_VERSION):
            raise IndexFormatError(
                f"lexical index at {path} has format/analyzer version {found}, "
                f"this Consilience writes {(FORMAT_VERSION, ANALYZER_VERSION)}"
            )
        try:
            index = tantivy.Index.open(str(path))
            index.searcher().num_docs  # noqa: B018 - touch the segments: fail here, not mid-search
        except Exception as exc:  # tantivy raises ValueError/OSError/its own errors for bad files
            raise IndexFormatError(f"lexical index at {path} is corrupt: {exc}") from exc
        return cls(path, index, manifest)

    def _write_manifest(self) -> None:
        tmp = self.path / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(self.manifest, indent=2) + "\n", encoding="utf-8")
        tmp.replace(self.path / MANIFEST)

    @property
    def last_seq(self) -> int:
        return int(self.manifest.get("last_seq", 0))

    # -- writes -----------------------------------------------------------------

    def _writer_(self) -> Any:
        if self._writer is None:
            # tantivy buffers documents up to this budget before it writes a segment, so the
            # budget is what an ingest's peak memory grows by with the size of the input: with
            # 256 MB it grew from 138 MB (30k records) to 253 MB (300k); with 32 MB, 138 -> 152 MB
            # at the same speed (python -m bench ingest). Scores do not change: BM25 statistics
            # are the index's, whatever its segments.
            self._writer = self._index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
        return self._writer

    def add(self, papers: Iterable[Paper]) -> int:
        """Add papers (call :meth:`delete` first for ones that may already be there)."""
        return self._add_documents((paper.id, paper_fields(paper), paper.year) for paper in papers)

    def add_records(self, records: Iterable[str], *, workers: int = 1, replacing: Sequence[str] = ()) -> int:
        """Like :meth:`add`, from the papers' stored JSON records (see :func:`record_fields`),
        after deleting the papers ``replacing`` names (those the records update, and deletions).

        With ``workers`` > 1 the records are tokenised in that many processes, a window of
        :data:`PARALLEL_WINDOW` at a time (so memory stays bounded), and added in their order,
        so the index is the one a single process writes. The processes are forked before the
        deletions start tantivy's writer, whose threads a fork must not copy.
        """
        if workers <= 1:
            self.delete(replacing)
            return self._add_documents(map(record_fields, records))
        added = 0
        context = multiprocessing.get_context("fork" if os.name != "nt" else "spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            pool.submit(int).result()  # with fork, the first task starts every process
            self.delete(replacing)
            for window in _windows(records, PARALLEL_WINDOW):
                chunk = max(1, len(window) // (4 * workers))
                added += self._add_documents(pool.map(record_fields, window, chunksize=chunk))
        return added

    def _add_documents(self, documents: Iterable[tuple[str, dict[str, str], int | None]]) -> int:
        writer = self._writer_()
        added = 0
        for paper_id, fields, year in documents:
            doc = tantivy.Document(id=paper_id, **fields)
            if year is not None:
                doc.add_integer("year", year)
            writer.add_document(doc)
            added += 1
        return added

    def delete(self, paper_ids: Iterable[str]) -> None:
        writer = self._writer_()
        for paper_id in paper_ids:
            writer.delete_documents_by_term("id", paper_id)

    def commit(self, *, last_seq: int) -> None:
        """Make writes durable and visible, and record the last store change they cover."""
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
        self._index.reload()
        self.manifest["doc_count"] = self.doc_count()
        self.manifest["last_seq"] = last_seq
        self._write_manifest()

    # -- reads ------------------------------------------------------------------

    def doc_count(self) -> int:
        return int(self._index.searcher().num_docs)

    def ids(self) -> set[str]:
        """Every paper id in the index (for --check; reads all stored ids)."""
        searcher = self._index.searcher()
        hits = searcher.search(tantivy.Query.all_query(), limit=max(1, searcher.num_docs)).hits
        return {searcher.doc(address)["id"][0] for _, address in hits}

    def document_frequency(self, term: str) -> int:
        """In how many papers a term occurs in any field (an upper bound when fields overlap)."""
        searcher = self._index.searcher()
        return max(int(searcher.doc_freq(field, term)) for field in TEXT_FIELDS)

    def search(
        self,
        terms: Sequence[str],
        k: int = 100,
        *,
        year: tuple[int | None, int | None] | None = None,
        weights: Sequence[float] | None = None,
    ) -> list[tuple[str, float]]:
        """The ``k`` best (paper id, BM25 score) pairs for analyzed query terms.

        ``weights`` (one per term, default 1) scale each term's contribution, as a query
        expanded by pseudo-relevance feedback needs.
        """
        if not terms:
            return []
        schema = self._schema
        factors = list(weights) if weights is not None else [1.0] * len(terms)
        should = [
            (
                tantivy.Occur.Should,
                tantivy.Query.boost_query(tantivy.Query.term_query(schema, field, term), boost * factor),
            )
            for field, boost in FIELD_BOOSTS.items()
            for term, factor in zip(terms, factors, strict=True)
        ]
        query = tantivy.Query.boolean_query(should)
        if year is not None and (year[0] is not None or year[1] is not None):
            low = year[0] if year[0] is not None else -(2**31)
            high = year[1] if year[1] is not None else 2**31
            years = tantivy.Query.range_query(schema, "year", tantivy.FieldType.Integer, low, high)
            query = tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, years)])
        searcher = self._index.searcher()
        result = searcher.search(query, limit=k, count=False)
        return [(searcher.doc(address)["id"][0], float(score)) for score, address in result.hits]
