"""Crash safety and concurrent readers, with real processes: a writer SIGKILLed mid-file
and re-run reaches exactly the library of an uninterrupted run; readers keep reading
while a writer ingests (WAL)."""

from __future__ import annotations

import gzip
import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from consilience import Library

N_RECORDS = 20_000
WRITER = "import sys; from consilience import Library; Library.open(sys.argv[1]).ingest(sys.argv[2:])"
# The same ingest, SIGKILLed by itself right after its fourth committed batch: a real kill at a
# known point mid-file, however fast the machine (a poll from outside can be outrun).
KILLED_WRITER = """
import os, signal, sys
from consilience import Library
from consilience.store.sqlite import Store

real_write_batch = Store.write_batch
batches = 0

def write_then_die(self, *args, **kwargs):
    global batches
    counts = real_write_batch(self, *args, **kwargs)
    batches += 1
    if batches == 4:
        os.kill(os.getpid(), signal.SIGKILL)
    return counts

Store.write_batch = write_then_die
Library.open(sys.argv[1]).ingest(sys.argv[2:])
"""


def write_pubmed_file(path: Path, count: int) -> Path:
    """A gzip PubmedArticleSet of small invented records, some revised and one deleted."""
    records = [
        b'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">%d</PMID>'
        b"<DateRevised><Year>2020</Year><Month>01</Month><Day>%02d</Day></DateRevised><Article>"
        b"<Journal><Title>Crash Journal</Title></Journal><ArticleTitle>Record %d, <i>revision</i> %d."
        b'</ArticleTitle><Abstract><AbstractText Label="RESULTS">Invented result %d.</AbstractText>'
        b"</Abstract></Article></MedlineCitation></PubmedArticle>\n"
        # every 100th PMID appears twice: a later, revised copy further down the file
        % (50_000_000 + (i if i % 100 else i // 2), 1 + i % 28, i, i % 7, i)
        for i in range(count)
    ]
    records.append(b'<DeleteCitation><PMID Version="1">50000001</PMID></DeleteCitation>\n')
    data = b"<?xml version='1.0' encoding='UTF-8'?>\n<PubmedArticleSet>\n" + b"".join(records)
    path.write_bytes(gzip.compress(data + b"</PubmedArticleSet>\n", compresslevel=1))
    return path


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pubmed_file(tmp_path_factory.mktemp("data") / "pubmed-crash.xml.gz", N_RECORDS)


def start_writer(
    library: Path, *files: Path, batch_size: int = 500, script: str = WRITER
) -> subprocess.Popen[bytes]:
    env = dict(os.environ, CONSILIENCE_BATCH_SIZE=str(batch_size))
    return subprocess.Popen(
        [sys.executable, "-c", script, str(library), *map(str, files)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def count_papers(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM papers").fetchone()[0])
    finally:
        conn.close()


def test_sigkill_mid_file_then_rerun_equals_an_uninterrupted_run(big_file: Path, tmp_path: Path) -> None:
    with Library.open(tmp_path / "reference") as reference:
        reference.ingest(big_file)
        expected, expected_count = reference.content_digest(), reference.store.count()

    library = tmp_path / "killed"
    Library.open(library).close()
    db = library / "library.db"
    writer = start_writer(library, big_file, script=KILLED_WRITER)
    writer.communicate(timeout=300)
    assert writer.returncode == -signal.SIGKILL
    at_kill = count_papers(db)
    assert 0 < at_kill < expected_count, "the kill did not land mid-file"

    with Library.open(library) as rerun:
        report = rerun.ingest(big_file)
        assert report.rejected == 0
        assert report.unchanged >= at_kill - 1  # committed batches are not written again
        assert rerun.content_digest() == expected
        assert rerun.store.count() == expected_count


def test_readers_keep_reading_while_a_writer_ingests(big_file: Path, tmp_path: Path) -> None:
    library = tmp_path / "shared"
    Library.open(library).close()
    db = library / "library.db"
    writer = start_writer(library, big_file)
    reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    counts = []
    try:
        while writer.poll() is None:
            counts.append(int(reader.execute("SELECT COUNT(*) FROM papers").fetchone()[0]))
            time.sleep(0.01)
    finally:
        reader.close()
    _out, err = writer.communicate()
    assert writer.returncode == 0, err.decode()
    # Batches commit whole: the count only grows, except once by one when the batch holding
    # the file's single DeleteCitation commits (it may be a batch of its own).
    drops = [a - b for a, b in itertools.pairwise(counts) if b < a]
    assert drops in ([], [1]), f"a reader saw the library shrink: {drops}"
    assert len({c for c in counts if c > 0}) >= 2, f"the reader saw no progress: {counts[:5]}..."
    with Library.open(library) as lib:
        # every 100th record is a revision of an earlier PMID; one PMID is deleted
        assert lib.store.count() == N_RECORDS - N_RECORDS // 100 + N_RECORDS // 200 - 1 >= counts[-1]
