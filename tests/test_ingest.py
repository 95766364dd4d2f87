"""Ingest of PubMed XML into a real library: idempotency, versions, deletions, rejections,
parallel files and the CLI summary."""

from __future__ import annotations

import gc
import gzip
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consilience import Library
from consilience.cli import app

PUBMED = Path(__file__).parent / "fixtures" / "pubmed"
MODERN = PUBMED / "pubmed-0001-modern.xml"
UPDATE = PUBMED / "pubmed-0002-update.xml"
MEDLINE_SET = PUBMED / "medline-citation-set.xml"


def make_records(count: int, first_pmid: int = 60_000_000) -> bytes:
    """``count`` small invented PubmedArticle records, numbered from ``first_pmid``."""
    return b"".join(
        b'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">'
        b'<PMID Version="1">%d</PMID><Article><Journal><Title>Generated Journal</Title></Journal>'
        b"<ArticleTitle>Generated record %d.</ArticleTitle><Abstract><AbstractText>Invented text "
        b"number %d for tests.</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>\n"
        % (first_pmid + i, i, i)
        for i in range(count)
    )


def article_set(records: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n' + records + b"</PubmedArticleSet>\n"
    )


def test_the_same_file_twice_changes_nothing(fresh_library: Library) -> None:
    first = fresh_library.ingest(MODERN)
    assert (first.records, first.added, first.rejected) == (3, 3, 0)
    digest = fresh_library.content_digest()
    again = fresh_library.ingest(MODERN)
    assert (again.added, again.updated, again.unchanged, again.deleted) == (0, 0, 3, 0)
    assert fresh_library.content_digest() == digest
    assert fresh_library.store.changes_since(0)[-1][0] == 3  # no change was logged


def test_an_update_file_revises_and_deletes_and_an_older_file_cannot_undo_it(
    fresh_library: Library,
) -> None:
    fresh_library.ingest(MODERN)
    report = fresh_library.ingest(UPDATE)
    assert (report.updated, report.deleted, report.added) == (1, 1, 0)
    revised = fresh_library.get("90000001")
    assert revised.title.endswith("(corrected).")
    assert revised.version == "001|2023-06-30"
    assert fresh_library.store.get("pmid:90000002") is None
    digest = fresh_library.content_digest()
    # Re-reading the baseline neither brings back the deleted record nor the old version.
    again = fresh_library.ingest(MODERN)
    assert (again.updated, again.added, again.unchanged) == (0, 0, 3)
    assert fresh_library.content_digest() == digest


def test_reading_the_update_first_gives_the_same_library(tmp_path: Path) -> None:
    with Library.open(tmp_path / "a") as a, Library.open(tmp_path / "b") as b:
        a.ingest([MODERN, UPDATE])
        b.ingest([UPDATE, MODERN])
        assert a.content_digest() == b.content_digest()


def test_medline_citation_set_deletions_are_remembered(fresh_library: Library) -> None:
    report = fresh_library.ingest(MEDLINE_SET)
    assert (report.records, report.added, report.deleted) == (3, 2, 0)  # 80000009 was never stored
    assert fresh_library.stats()["deleted"] == 1


@pytest.mark.parametrize(
    ("name", "record", "reason"),
    [
        ("broken-middle.xml", "PMID 70000002", "broken XML: Opening and ending tag mismatch"),
        ("bad-utf8.xml", "PMID 70000012", "bad encoding: text is not valid UTF-8 (byte 0xff at byte"),
        ("missing-pmid.xml", "", "record has no PMID"),
    ],
)
def test_a_bad_record_is_rejected_precisely_and_its_neighbours_kept(
    fresh_library: Library, name: str, record: str, reason: str
) -> None:
    report = fresh_library.ingest(PUBMED / name)
    assert (report.records, report.added, report.rejected) == (3, 2, 1)
    (rejection,) = report.rejections
    assert rejection.file == str(PUBMED / name)
    assert (rejection.position, rejection.record) == (2, record)
    assert rejection.reason.startswith(reason)
    assert str(rejection).startswith(f"{PUBMED / name}, record 2")
    assert [p.source.position for p in fresh_library.papers()] == [1, 3]
    stored = fresh_library.store.conn.execute("SELECT position, record, reason FROM rejections").fetchall()
    assert stored == [(2, record, rejection.reason)]


def test_a_record_missing_its_closing_tag_costs_only_itself(fresh_library: Library, tmp_path: Path) -> None:
    records = make_records(5)
    unclosed = records.replace(b"</PubmedArticle>", b"", 1)  # the first record is never closed
    path = tmp_path / "unclosed.xml"
    path.write_bytes(article_set(unclosed))
    report = fresh_library.ingest(path)
    assert (report.added, report.rejected) == (4, 1)
    (rejection,) = report.rejections
    assert (rejection.position, rejection.record) == (1, "PMID 60000000")
    assert "not closed before the next record starts" in rejection.reason


def test_a_truncated_gzip_keeps_every_complete_record(fresh_library: Library, tmp_path: Path) -> None:
    data = gzip.compress(article_set(make_records(2000)))
    path = tmp_path / "truncated.xml.gz"
    path.write_bytes(data[: len(data) // 2])
    report = fresh_library.ingest(path)
    assert report.added > 100 and report.rejected == 1
    (rejection,) = report.rejections
    assert rejection.position == report.added + 1
    assert re.search(r"truncated or corrupt \(Compressed file ended", rejection.reason)
    assert fresh_library.store.count() == report.added


def test_a_plain_file_cut_mid_record_names_the_record(fresh_library: Library, tmp_path: Path) -> None:
    data = article_set(make_records(10))
    path = tmp_path / "cut.xml"
    path.write_bytes(data[: data.index(b"Generated record 7.")])
    report = fresh_library.ingest(path)
    assert (report.added, report.rejected) == (7, 1)
    assert str(report.rejections[0]).endswith(
        "record 8 (PMID 60000007): broken XML: the record is not closed before the end of the file"
    )


def test_jobs_2_gives_the_same_library_as_jobs_1(tmp_path: Path) -> None:
    files = []
    for i in range(3):
        path = tmp_path / f"part{i}.xml"
        path.write_bytes(article_set(make_records(1500, first_pmid=61_000_000 + i * 1000)))  # overlapping
        files.append(path)
    files += [MODERN, UPDATE, MEDLINE_SET, PUBMED / "broken-middle.xml"]
    with Library.open(tmp_path / "one") as one, Library.open(tmp_path / "two") as two:
        serial = one.ingest(files, jobs=1)
        parallel = two.ingest(files, jobs=2)
        assert one.content_digest() == two.content_digest()
        assert serial.rejected == parallel.rejected == 1
        assert one.store.count() == two.store.count() == 3500 + 2 + 2 + 2


def test_cli_prints_the_summary_with_each_rejection(tmp_path: Path) -> None:
    library = str(tmp_path / "lib")
    files = [str(MODERN), str(PUBMED / "broken-middle.xml"), str(PUBMED / "missing-pmid.xml")]
    result = CliRunner().invoke(app, ["ingest", "-q", "-L", library, *files])
    assert result.exit_code == 0, result.output
    counts = dict(re.findall(r"^\s*(added|updated|unchanged|deleted|rejected)\s+(\d+)", result.output, re.M))
    assert counts == {"added": "7", "updated": "0", "unchanged": "0", "deleted": "0", "rejected": "2"}
    assert f"{PUBMED / 'broken-middle.xml'}, record 2 (PMID 70000002): broken XML" in result.output
    assert f"{PUBMED / 'missing-pmid.xml'}, record 2: record has no PMID" in result.output
    again = CliRunner().invoke(app, ["ingest", "-q", "-L", library, str(MODERN)])
    assert re.search(r"unchanged\s+3", again.output)


def test_a_copied_file_under_another_name_changes_nothing(fresh_library: Library, tmp_path: Path) -> None:
    fresh_library.ingest(MODERN)
    digest = fresh_library.content_digest()
    copy = tmp_path / "copy-of-modern.xml"
    shutil.copy(MODERN, copy)
    report = fresh_library.ingest(copy)
    assert report.unchanged == 3
    assert fresh_library.content_digest() == digest


def test_the_garbage_collector_settings_are_restored_after_a_file(fresh_library: Library) -> None:
    before = gc.get_threshold()
    fresh_library.ingest(MODERN)
    assert gc.get_threshold() == before
