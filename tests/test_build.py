"""consilience build: parallel, resumable batch builds (consilience.batch) over PubMed XML files
written here: two baseline files, two update files that revise and delete records (and one that
brings a deleted record back), and a malformed record. Every build must reach the library of a
plain ``Library.ingest`` of the same files: the same content digest, facts for every paper,
indexes in step."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consilience import Library
from consilience.batch import Manifest, build, input_files
from consilience.cli import app
from consilience.store.facts import FactsCache

_RESULTS = (
    "Overall survival was longer with the invented drug (HR {hr}, 95% CI 0.51 to 0.93; P = 0.01).",
    "Response rates did not differ between arms (OR 1.{i:02d}, 95% CI 0.80-1.40).",
    "Pain scores fell by a mean difference of -{i}.5 points (95% CI -3.1 to -0.2).",
)


def _record(pmid: int, *, revised: str = "2020-01-15", note: str = "") -> str:
    year, month, day = revised.split("-")
    i = pmid % 97
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
        f"<DateRevised><Year>{year}</Year><Month>{month}</Month><Day>{day}</Day></DateRevised>"
        '<Article PubModel="Print"><Journal><JournalIssue><PubDate><Year>2019</Year></PubDate>'
        "</JournalIssue><Title>Journal of Invented Trials</Title></Journal>"
        f"<ArticleTitle>Invented drug {i} versus placebo in invented disease: a randomized trial{note}."
        "</ArticleTitle><Abstract>"
        f'<AbstractText Label="METHODS">We randomly assigned {100 + i} adults to drug {i} or placebo.'
        "</AbstractText>"
        f'<AbstractText Label="RESULTS">{_RESULTS[i % 3].format(hr=f"0.{60 + i % 30}", i=i)}</AbstractText>'
        "</Abstract></Article></MedlineCitation></PubmedArticle>\n"
    )


def _delete(*pmids: int) -> str:
    return (
        "<DeleteCitation>" + "".join(f'<PMID Version="1">{p}</PMID>' for p in pmids) + "</DeleteCitation>\n"
    )


def _write(path: Path, body: str) -> Path:
    data = f'<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n{body}</PubmedArticleSet>\n'
    path.write_bytes(gzip.compress(data.encode(), mtime=0))
    return path


def write_pubmed_set(folder: Path, per_file: int = 40) -> list[Path]:
    """Two baseline files, two updates (revisions, deletions, a stale copy, a comeback)."""
    folder.mkdir(parents=True, exist_ok=True)
    first, second = range(1000, 1000 + per_file), range(1000 + per_file, 1000 + 2 * per_file)
    missing_pmid = (
        "<PubmedArticle><MedlineCitation><Article><ArticleTitle>No PMID here.</ArticleTitle>"
        "</Article></MedlineCitation></PubmedArticle>\n"
    )
    new = 1000 + 2 * per_file
    return [
        _write(folder / "pubmed90n0001.xml.gz", "".join(_record(p) for p in first)),
        _write(folder / "pubmed90n0002.xml.gz", "".join(_record(p) for p in second) + missing_pmid),
        _write(
            folder / "pubmed90n0003.xml.gz",
            "".join(_record(p, revised="2021-03-01", note=" (revised)") for p in range(1000, 1005))
            + _record(1006, revised="2019-01-01", note=" (an older copy: must not win)")
            + "".join(_record(p) for p in range(new, new + 5))
            + _delete(1005, 1000 + per_file + 1),
        ),
        _write(
            folder / "pubmed90n0004.xml.gz",
            _delete(1000)
            + _record(1001, revised="2022-05-05", note=" (revised twice)")
            + _record(1005, revised="2022-05-05", note=" (back again)"),
        ),
    ]


@pytest.fixture(scope="module")
def pubmed_set(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_pubmed_set(tmp_path_factory.mktemp("pubmed"))


@pytest.fixture(scope="module")
def plain_digest(pubmed_set: list[Path], tmp_path_factory: pytest.TempPathFactory) -> str:
    """The content digest of a plain, sequential ``Library.ingest`` of the same files."""
    with Library.open(tmp_path_factory.mktemp("plain")) as lib:
        lib.ingest(pubmed_set)
        return lib.content_digest()


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "lib") as lib:
        yield lib


def assert_complete(lib: Library, digest: str) -> None:
    """Same papers as the plain ingest, facts for each, indexes in step, analysis up to date."""
    assert lib.content_digest() == digest
    papers = lib.store.count()
    assert FactsCache(lib.store).count() == papers
    assert lib.analyze().analysed == 0  # the build's facts are current: nothing left to do
    assert all(check.ok for check in lib.check_index()), lib.check_index()


def test_local_build_equals_plain_ingest(pubmed_set: list[Path], plain_digest: str, library: Library) -> None:
    report = build(list(reversed(pubmed_set)), library, workers=2)  # the order given does not matter
    assert report.ok, report.failures
    assert report.files_built == 4
    assert report.counts.rejected == 1 and report.counts.deleted == 3
    assert_complete(library, plain_digest)
    assert library.get("1001").title.endswith("(revised twice).")
    assert library.get("1006").title.endswith("randomized trial.")  # the older copy did not win
    assert "back again" in library.get("1005").title
    for gone in ("1000", "1041"):
        with pytest.raises(Exception, match="no paper"):
            library.get(gone)
    facts = FactsCache(library.store).get("pmid:1001")
    assert facts is not None
    assert library.search("invented drug", k=3, mode="lexical")


def test_index_catches_up_in_the_background_while_files_are_written(
    pubmed_set: list[Path], plain_digest: str, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import consilience.batch.pipeline as pipeline

    started: list[int] = []

    class Spy(pipeline._BackgroundIndexer):
        def poke(self) -> None:
            super().poke()
            if self.process is not None and self.process.pid not in started:
                started.append(self.process.pid or 0)

    monkeypatch.setattr(pipeline, "INDEX_EVERY", 1)
    monkeypatch.setattr(pipeline, "_BackgroundIndexer", Spy)
    report = build(pubmed_set, library, workers=2)
    assert report.ok and started  # at least one catch-up ran during the build
    assert_complete(library, plain_digest)


def test_rerun_is_a_no_op(pubmed_set: list[Path], library: Library) -> None:
    build(pubmed_set, library, workers=2)
    seq, digest = library.store.last_change(), library.content_digest()
    again = build(pubmed_set, library, workers=2)
    assert (again.files_built, again.files_skipped, again.counts.records) == (0, 4, 0)
    assert library.store.last_change() == seq and library.content_digest() == digest
    manifest = json.loads((library.path / "build" / "manifest.json").read_text())
    assert sorted(manifest["files"]) == [p.name for p in pubmed_set]
    assert manifest["files"]["pubmed90n0003.xml.gz"]["counts"]["deleted"] == 2


def test_changed_file_is_rebuilt_and_untouched_copy_is_not(pubmed_set: list[Path], tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    folder.mkdir()
    copies = []
    for path in pubmed_set:
        copies.append(folder / path.name)
        copies[-1].write_bytes(path.read_bytes())
    with Library.open(tmp_path / "lib") as lib:
        build([folder], lib, workers=1, analyze=False)
        os.utime(copies[0], ns=(1, 1))  # touched, same content: still done
        _write(copies[1], _record(1040, note=" (replaced file)"))  # new content under an old name
        again = build([folder], lib, workers=1, analyze=False)
        assert (again.files_built, again.files_skipped) == (1, 3)
        assert "replaced file" in lib.get("1040").title


def test_failing_file_is_retried_then_reported(
    pubmed_set: list[Path], plain_digest: str, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import consilience.batch.tasks as tasks

    real = tasks.read_records

    def broken(path: Path, fmt: str | None = None) -> object:
        if path.name == "pubmed90n0002.xml.gz":
            raise OSError("disk on fire")
        return real(path, fmt)

    monkeypatch.setattr(tasks, "read_records", broken)  # the forked workers inherit it
    report = build(pubmed_set, library, workers=2, retries=1)
    assert not report.ok
    [failure] = report.failures
    assert failure.path.endswith("pubmed90n0002.xml.gz")
    assert failure.attempts == 2 and "disk on fire" in failure.reason
    assert report.files_built == 3
    assert "pubmed90n0002.xml.gz" not in Manifest.load(library.path / "build" / "manifest.json").files
    monkeypatch.setattr(tasks, "read_records", real)
    again = build(pubmed_set, library, workers=2)  # the failed file is built on the next run
    assert again.ok and (again.files_built, again.files_skipped) == (1, 3)
    assert_complete(library, plain_digest)


def test_worker_killed_mid_task_is_retried(
    pubmed_set: list[Path],
    plain_digest: str,
    library: Library,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import consilience.batch.tasks as tasks

    real = tasks.read_records
    marker = tmp_path / "killed-once"

    def dies_once(path: Path, fmt: str | None = None) -> object:
        if path.name == "pubmed90n0003.xml.gz" and not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)  # the worker process dies mid-task
        return real(path, fmt)

    monkeypatch.setattr(tasks, "read_records", dies_once)
    report = build(pubmed_set, library, workers=2)
    assert marker.exists() and report.retries >= 1
    assert report.ok, report.failures
    assert_complete(library, plain_digest)


# The build runs in its own process group and SIGKILLs the whole group (writer and workers) right
# after its third committed batch: a real kill at a known point, whatever the machine's speed.
BUILDER = """
import os, signal, sys
from consilience import Library
from consilience.batch import build
from consilience.store.sqlite import Store

real_write_batch = Store.write_batch
batches = 0

def write_then_die(self, *args, **kwargs):
    global batches
    counts = real_write_batch(self, *args, **kwargs)
    batches += 1
    if batches == 3:
        os.killpg(os.getpgid(0), signal.SIGKILL)
    return counts

Store.write_batch = write_then_die
build(sys.argv[2:], Library.open(sys.argv[1]), workers=2)
"""


def test_build_killed_mid_way_resumes_to_the_same_library(tmp_path: Path) -> None:
    files = write_pubmed_set(tmp_path / "data", per_file=400)
    with Library.open(tmp_path / "plain") as plain:
        plain.ingest(files)
        digest = plain.content_digest()
    lib_dir = tmp_path / "lib"
    env = dict(os.environ, CONSILIENCE_BATCH_SIZE="50")  # many commits per file: a kill lands mid-file
    proc = subprocess.run(
        [sys.executable, "-c", BUILDER, str(lib_dir), *map(str, files)],
        env=env,
        start_new_session=True,
        stderr=subprocess.PIPE,
        timeout=300,
    )
    assert proc.returncode == -signal.SIGKILL, f"the build was not killed: {proc.stderr.decode()}"
    assert _papers(lib_dir / "library.db") == 150  # three batches of 50 committed, then the kill
    with Library.open(lib_dir) as lib:
        assert lib.content_digest() != digest  # stopped part way
        report = build(files, lib, workers=2)
        assert report.ok and report.files_built >= 1
        assert_complete(lib, digest)


def _papers(db: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM papers").fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0
    finally:
        conn.close()


def test_input_files_expands_directories_and_refuses_name_clashes(
    pubmed_set: list[Path], tmp_path: Path
) -> None:
    folder = pubmed_set[0].parent
    (folder / "notes.txt").write_text("not an input")
    assert input_files([folder]) == pubmed_set
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / pubmed_set[0].name).write_bytes(b"<PubmedArticleSet/>")
    with pytest.raises(Exception, match="two input files are named"):
        input_files([folder, other])
    with pytest.raises(Exception, match="no such file"):
        input_files([tmp_path / "missing.xml.gz"])


def test_cli_build_with_json_summary(pubmed_set: list[Path], plain_digest: str, tmp_path: Path) -> None:
    runner = CliRunner()
    lib_dir = tmp_path / "lib"
    args = ["build", str(pubmed_set[0].parent), "--library", str(lib_dir), "--workers", "2", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["ok"] and summary["files"] == {"total": 4, "built": 4, "skipped": 0, "failed": 0}
    assert summary["counts"]["rejected"] == 1 and len(summary["rejections"]) == 1
    again = json.loads(runner.invoke(app, args).stdout)
    assert again["files"]["skipped"] == 4
    with Library.open(lib_dir) as lib:
        assert lib.content_digest() == plain_digest
    text = runner.invoke(app, args[:-1])  # with the progress display
    assert text.exit_code == 0, text.output
    assert "Build summary" in text.stdout and "4 already done" in text.stdout
    assert "4/4 files" in text.stderr


# -- Ray ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[object]:
    ray = pytest.importorskip("ray", reason="Ray is the optional scale extra: pip install -e '.[scale]'")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


def test_ray_build_is_identical_to_local(
    ray_cluster: object, pubmed_set: list[Path], plain_digest: str, library: Library
) -> None:
    report = build(pubmed_set, library, ray_address="local")
    assert report.ok, report.failures
    assert report.executor.startswith("Ray")
    assert_complete(library, plain_digest)
    assert build(pubmed_set, library, ray_address="local").files_skipped == 4


def test_ray_worker_killed_mid_run_is_retried(ray_cluster: object, tmp_path: Path) -> None:
    import threading

    import psutil

    files = write_pubmed_set(tmp_path / "data", per_file=300)
    with Library.open(tmp_path / "plain") as plain:
        plain.ingest(files)
        digest = plain.content_digest()
    killed: list[int] = []

    def kill_a_running_task() -> None:
        deadline = time.monotonic() + 60
        while not killed and time.monotonic() < deadline:
            for proc in psutil.process_iter(["pid", "cmdline"]):
                if "ray::process_file" in " ".join(proc.info["cmdline"] or []):
                    proc.kill()  # SIGKILL the Ray worker while it runs a file
                    killed.append(proc.info["pid"])
                    return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_a_running_task)
    killer.start()
    with Library.open(tmp_path / "lib") as lib:
        report = build(files, lib, ray_address="local")
        killer.join()
        assert killed, "no Ray task was seen running"
        assert report.ok and report.retries >= 1, report.failures
        assert_complete(lib, digest)


# -- GPU embedding (the GPU itself is exercised on the device machine; here: CPU and refusals) --

_dense = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("torch", "sentence_transformers")),
    reason="dense extra not installed",
)


@_dense
def test_device_embedder_matches_the_model_id_of_the_cpu_embedder() -> None:
    from consilience.batch.gpu import DeviceEmbedder
    from consilience.index.embedders import default_model_path, model_id

    embedder = DeviceEmbedder(device="cpu", half=False, batch_size=8)
    vectors = embedder.embed(["Aspirin after myocardial infarction.", "A randomized trial of surgery."])
    assert vectors.shape == (2, embedder.dim)
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-4
    assert embedder.name == model_id(default_model_path())  # the dense index accepts its vectors


@_dense
def test_gpu_build_without_cuda_fails_before_any_work(pubmed_set: list[Path], library: Library) -> None:
    import torch  # noqa: TID251 - the dense extra, present when this test runs

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    with pytest.raises(Exception, match="no CUDA"):
        build(pubmed_set, library, gpu=True)
    assert library.store.count() == 0


def test_ray_build_embeds_on_actors_as_a_local_index_would(
    ray_cluster: object, pubmed_set: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sentence_transformers", reason="embedding needs the dense extra")
    monkeypatch.setenv("CONSILIENCE_DENSE", "on")
    with Library.open(tmp_path / "local") as local:
        local.ingest(pubmed_set)
        local.indexes.sync()  # the dense index embedded here, in this process
        ids = sorted(paper.id for paper in local.store.iter_papers())
        vectors = local.indexes.dense().similarities(local.indexes.embedder().embed(["cancer"]), ids)
    with Library.open(tmp_path / "ray") as lib:
        report = build(pubmed_set, lib, ray_address="local")
        assert report.ok, report.failures
        assert any("Ray actor" in notice for notice in report.notices), report.notices
        assert all(check.ok for check in lib.check_index()), lib.check_index()
        # Every paper got a vector on the actors, and each is the one the local embedder wrote.
        query = lib.indexes.embedder().embed(["cancer"])
        on_actors = lib.indexes.dense().similarities(query, ids)
        assert sorted(on_actors) == ids
        assert max(abs(on_actors[i] - vectors[i]) for i in ids) < 2e-3
        assert lib.search("cancer", mode="dense", k=3)  # the query embedder works after the build
