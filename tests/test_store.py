"""The SQLite store on real database files: schema, versions, upsert rules, deletions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from consilience.errors import LibraryError
from consilience.model import Paper, PaperIds, Section, Source
from consilience.store.sqlite import SCHEMA_VERSION, Store, _encode


def make_paper(
    pmid: str, title: str = "T", version: str = "001|2020-01-01", file: str = "a.xml", doi: str | None = None
) -> Paper:
    return Paper(
        id=f"pmid:{pmid}",
        ids=PaperIds(pmid=pmid, doi=doi),
        title=title,
        sections=[Section(text="Some text.")],
        version=version,
        source=Source(file=file, position=1, format="pubmed-xml"),
    )


def test_new_database_has_schema_version_and_wal(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "lib.db")
    assert store.schema_version() == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(LibraryError, match="newer than this Consilience"):
        Store.open(path)


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryError, match="not a usable"):
        Store.open(path)


def test_upsert_counts_added_unchanged_updated(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "lib.db")
    assert store.write_batch([make_paper("1")]).added == 1
    assert store.write_batch([make_paper("1")]).unchanged == 1
    counts = store.write_batch([make_paper("1", title="Revised", version="001|2021-01-01")])
    assert counts.updated == 1
    assert store.get("pmid:1").title == "Revised"  # type: ignore[union-attr]


def test_an_older_version_never_replaces_a_newer_one(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "lib.db")
    store.write_batch([make_paper("1", title="New", version="001|2021-01-01")])
    counts = store.write_batch([make_paper("1", title="Old", version="001|2019-01-01")])
    assert counts.unchanged == 1
    assert store.get("pmid:1").title == "New"  # type: ignore[union-attr]


def test_deletion_is_sticky_against_rereading_an_earlier_file(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "lib.db")
    store.write_batch([make_paper("1", file="pubmed24n0001.xml")])
    assert store.write_batch([], [("pmid:1", "pubmed24n0002.xml")]).deleted == 1
    assert store.get("pmid:1") is None
    # Re-reading the baseline file must not resurrect a record an update deleted.
    store.write_batch([make_paper("1", file="pubmed24n0001.xml")])
    assert store.get("pmid:1") is None
    # A later file may bring it back.
    store.write_batch([make_paper("1", file="pubmed24n0003.xml")])
    assert store.get("pmid:1") is not None


def test_doi_only_copy_is_replaced_by_the_pubmed_record(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "lib.db")
    ris_copy = Paper(id="doi:10.1/x", ids=PaperIds(doi="10.1/x"), title="T", source=Source(file="a.ris"))
    store.write_batch([ris_copy])
    store.write_batch([make_paper("5", doi="10.1/x")])
    assert store.get("doi:10.1/x") is None
    assert store.get("pmid:5") is not None
    assert store.count() == 1


def test_changes_feed_numbers_every_write(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "lib.db")
    store.write_batch([make_paper("1"), make_paper("2")])
    store.write_batch([], [("pmid:1", "b.xml")])
    ops = [(paper_id, op) for _seq, paper_id, op in store.changes_since(0)]
    assert ops == [("pmid:1", "upsert"), ("pmid:2", "upsert"), ("pmid:1", "delete")]
    assert store.changes_since(store.last_change()) == []


def test_content_digest_ignores_write_order(tmp_path: Path) -> None:
    a = Store.open(tmp_path / "a.db")
    b = Store.open(tmp_path / "b.db")
    a.write_batch([make_paper("1"), make_paper("2")])
    b.write_batch([make_paper("2")])
    b.write_batch([make_paper("1")])
    assert a.content_digest() == b.content_digest()
    b.write_batch([make_paper("3")])
    assert a.content_digest() != b.content_digest()


def test_stored_record_and_hash_match_the_model(tmp_path: Path) -> None:
    """The record is the paper's full JSON; the hash covers all but the source, as Paper.content_hash."""
    store = Store.open(tmp_path / "lib.db")
    paper = make_paper("1", doi="10.1/x")
    moved = paper.model_copy(update={"source": paper.source})
    del moved.__dict__["source"]
    moved.__dict__ = {"source": paper.source, **moved.__dict__}  # the source no longer last
    for copy in (paper, moved):
        assert _encode(copy) == (paper.model_dump_json(), paper.content_hash())
    store.write_batch([paper])
    row = store.conn.execute("SELECT record, content_hash FROM papers").fetchone()
    assert tuple(row) == (paper.model_dump_json(), paper.content_hash())
    assert store.get_records(["pmid:1", "pmid:404"]) == {"pmid:1": row[0]}
    assert list(store.iter_records(batch=1)) == [row[0]]
