"""Search on a real tantivy index: kept in step with the store, filters, checks, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consilience import Library
from consilience.cli import app
from consilience.index.hybrid import (
    filter_and_rerank,
    fuse_scores,
    parse_designs,
    parse_year_range,
    rrf,
)
from consilience.index.lexical import paper_fields, record_fields
from consilience.model import DesignCall, SampleSize, StudyDesign, StudyFacts

FIXTURES = Path(__file__).parent / "fixtures" / "search"


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Library:
    monkeypatch.setenv("CONSILIENCE_DENSE", "off")  # lexical only: these tests never load torch
    lib = Library.open(tmp_path / "lib")
    lib.ingest(FIXTURES / "papers.jsonl")
    return lib


def ids(hits: list[object]) -> list[str]:
    return [h.paper_id for h in hits]  # type: ignore[attr-defined]


def test_search_finds_papers_by_biomedical_terms(library: Library) -> None:
    assert ids(library.search("HER2-positive trastuzumab", mode="lexical"))[0] == "pmid:9000001"
    assert ids(library.search("esophageal tumor 5-FU", mode="lexical"))[0] == "pmid:9000002"
    assert ids(library.search("What are the effects of IL6 in COVID19?", mode="lexical"))[0] == "pmid:9000003"
    assert ids(library.search("TNF-alpha infection", mode="lexical"))[0] == "pmid:9000005"


def test_hit_fields_and_highlights(library: Library) -> None:
    hit = library.search("Does aspirin prevent cardiovascular events?", mode="lexical", k=1)[0]
    assert (hit.rank, hit.year, hit.journal, hit.lexical_rank, hit.dense_rank) == (
        1,
        2018,
        "Invented Medicine",
        1,
        None,
    )
    marked = [hit.best_sentence[a:b].lower() for a, b in hit.highlights]
    assert "aspirin" in marked and "cardiovascular" in marked


def test_hits_show_design_and_size_without_a_separate_analyze(library: Library) -> None:
    """Facts missing (never analysed, or from an older analyzer) are read for the hits and cached."""
    from consilience.store.facts import FactsCache

    cache = FactsCache(library.store)
    assert cache.get("pmid:9000001") is None
    hit = next(
        h for h in library.search("HER2-positive trastuzumab", mode="lexical") if h.paper_id == "pmid:9000001"
    )
    assert hit.design is not None
    assert cache.get("pmid:9000001") is not None


def test_ingest_updates_the_index_incrementally(library: Library) -> None:
    before = library.indexes.lexical().last_seq
    library.ingest(FIXTURES / "update.jsonl")  # one update, one new paper
    index = library.indexes.lexical()
    assert index.last_seq > before
    assert ids(library.search("yoga", mode="lexical")) == ["pmid:9000008"]
    assert ids(library.search("metformin gestational", mode="lexical"))[0] == "pmid:9000009"
    assert index.doc_count() == 9
    assert all(c.ok for c in library.check_index())


def test_deletions_leave_the_index(library: Library) -> None:
    library.store.write_batch([], deletions=[("pmid:9000006", "papers.jsonl")])
    assert not all(c.ok for c in library.check_index())
    library.indexes.sync()
    assert "pmid:9000006" not in ids(library.search("aspirin", mode="lexical"))
    assert all(c.ok for c in library.check_index())


def test_corrupt_index_is_rebuilt_with_a_message(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "lib" / "index" / "lexical"
    library.close()
    (path / "manifest.json").write_text("{not json")
    with Library.open(tmp_path / "lib") as lib:
        assert ids(lib.search("aspirin", mode="lexical"))[0] == "pmid:9000006"
        assert any("Rebuilding the lexical index" in n for n in lib.indexes.notices)


def test_older_format_index_is_rebuilt(library: Library, tmp_path: Path) -> None:
    manifest = tmp_path / "lib" / "index" / "lexical" / "manifest.json"
    library.close()
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps(data | {"format_version": 0}))
    with Library.open(tmp_path / "lib") as lib:
        assert lib.search("aspirin", mode="lexical")
        assert any("format" in n for n in lib.indexes.notices)


def test_damaged_segments_are_rebuilt(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "lib" / "index" / "lexical"
    library.close()
    for file in path.iterdir():
        if file.name != "manifest.json":
            file.write_bytes(b"garbage")
    with Library.open(tmp_path / "lib") as lib:
        assert ids(lib.search("aspirin", mode="lexical"))[0] == "pmid:9000006"


def test_year_filter(library: Library) -> None:
    found = library.search("cancer tumours survival", mode="lexical", year=(2010, 2016))
    assert found and all(h.year is not None and 2010 <= h.year <= 2016 for h in found)


def test_design_and_size_filters_apply_where_facts_exist(library: Library) -> None:
    def facts(design: StudyDesign, n: int) -> StudyFacts:
        return StudyFacts(
            paper_id="x",
            analyzer_version="t",
            design=DesignCall(design=design, confidence=0.9, evidence_level=2),
            sample_sizes=[SampleSize(kind="randomized", total=n)],
        )

    known = {
        "pmid:9000001": facts(StudyDesign.RCT, 1200),
        "pmid:9000004": facts(StudyDesign.RETROSPECTIVE_COHORT, 500),
    }
    hits = library.search("tumours survival", mode="lexical", designs=["rct"], facts_for=known.get)
    assert "pmid:9000004" not in ids(hits) and "pmid:9000001" in ids(hits)
    assert hits[ids(hits).index("pmid:9000001")].design == "rct"
    assert any("no analysis yet" in n for n in library.indexes.notices)
    hits = library.search("tumours survival", mode="lexical", min_n=1000, facts_for=known.get)
    assert "pmid:9000004" not in ids(hits)


def test_rrf_and_quality_rerank() -> None:
    fused = rrf({"lexical": ["a", "b"], "dense": ["b", "c"]})
    assert fused[0][0] == "b"
    facts = StudyFacts(
        paper_id="c",
        analyzer_version="t",
        design=DesignCall(design=StudyDesign.META_ANALYSIS, confidence=1, evidence_level=1),
    )
    outcome = filter_and_rerank([("a", 1.0), ("c", 0.95)], {"c": facts}.get, quality_weight=0.1)
    assert [pid for pid, _ in outcome.kept] == ["c", "a"]


def test_score_fusion_keeps_score_gaps() -> None:
    # "a" wins BM25 by a mile and is close on cosine: rank fusion would tie it with "b"
    lexical = [("a", 20.0), ("b", 5.0)]
    cosines = {"b": 0.62, "a": 0.60, "c": 0.30}
    fused = fuse_scores(lexical, cosines, weights={"lexical": 0.5, "dense": 0.5})
    assert [pid for pid, _ in fused] == ["a", "b", "c"]
    assert fused[0][1] == pytest.approx(0.5 * 1.0 + 0.5 * 0.60)
    # a candidate without a vector gets the lowest cosine seen; one only dense found, BM25 0
    half = {"lexical": 0.5, "dense": 0.5}
    fused = dict(fuse_scores([("x", 4.0), ("y", 2.0)], {"y": 0.5, "z": 0.9}, weights=half))
    assert fused["x"] == pytest.approx(0.5 + 0.25) and fused["z"] == pytest.approx(0.45)
    # weights shift the balance
    only_dense = fuse_scores(lexical, cosines, weights={"lexical": 0.0, "dense": 1.0})
    assert [pid for pid, _ in only_dense] == ["b", "a", "c"]
    assert fuse_scores([], {}) == []


def test_weighted_terms(library: Library) -> None:
    index = library.indexes.lexical()
    plain = index.search(["aspirin", "cancer"], 5)
    assert plain
    # a term's weight scales its share of the score; weights must match the terms
    doubled = dict(index.search(["aspirin"], 5, weights=[2.0]))
    assert doubled and all(
        doubled[pid] == pytest.approx(2 * score) for pid, score in index.search(["aspirin"], 5)
    )
    with pytest.raises(ValueError):
        index.search(["aspirin", "cancer"], 5, weights=[1.0])


def test_parsers_reject_nonsense() -> None:
    assert parse_year_range("2010:") == (2010, None)
    with pytest.raises(ValueError, match="unknown study design"):
        parse_designs("anecdote")


def test_auto_mode_without_dense_is_lexical_with_a_notice(library: Library) -> None:
    assert library.search("aspirin")[0].paper_id == "pmid:9000006"
    assert any("Lexical search only" in n for n in library.indexes.notices)


def test_cli_search_index_and_check(library: Library, tmp_path: Path) -> None:
    runner = CliRunner()
    lib = str(tmp_path / "lib")
    library.close()
    result = runner.invoke(
        app, ["search", "aspirin bleeding", "-L", lib, "--mode", "lexical", "--json", "-k", "2"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["paper_id"] == "pmid:9000006"
    result = runner.invoke(app, ["search", "statins dementia", "-L", lib, "--year", "2000:2012"])
    assert result.exit_code == 0 and "Statins and dementia" in result.stdout
    assert runner.invoke(app, ["index", "--check", "-L", lib]).exit_code == 0
    assert runner.invoke(app, ["index", "-L", lib]).exit_code == 0
    bad = runner.invoke(app, ["search", "x", "-L", lib, "--design", "anecdote"])
    assert bad.exit_code == 2
    with Library.open(lib) as again:
        again.store.write_batch([], deletions=[("pmid:9000007", "papers.jsonl")])
    result = runner.invoke(app, ["index", "--check", "-L", lib])
    assert result.exit_code == 1 and "out of step" in result.stdout


def test_the_index_reads_stored_records_as_it_reads_papers(library: Library) -> None:
    """Rebuilds and catch-ups index the stored JSON without building Papers: same fields."""
    for paper in library.store.iter_papers():
        record = library.store.get_records([paper.id])[paper.id]
        assert record_fields(record) == (paper.id, paper_fields(paper), paper.year)


def test_tokenising_in_several_processes_writes_the_same_index(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import consilience.index.lexical as lexical

    monkeypatch.setattr(lexical, "PARALLEL_WINDOW", 2)  # several windows even on a few papers
    records = list(library.store.iter_records())
    built = {}
    for workers in (1, 2):
        index = lexical.LexicalIndex.create(tmp_path / f"lexical-{workers}")
        assert index.add_records(records, workers=workers) == len(records)
        index.commit(last_seq=1)
        built[workers] = index
    assert built[1].ids() == built[2].ids() == {json.loads(r)["id"] for r in records}
    for query in (["aspirin"], ["her2", "trastuzumab"], ["tumor"], ["il6", "covid19"]):
        assert built[2].search(query) == built[1].search(query)


def test_ingest_with_jobs_indexes_as_one_job_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import consilience.index.manager as manager

    monkeypatch.setenv("CONSILIENCE_DENSE", "off")
    monkeypatch.setattr(manager, "_PARALLEL_MIN", 1)  # the fixtures are small: share the work anyway
    files = [FIXTURES / "papers.jsonl", FIXTURES / "update.jsonl"]
    results = {}
    for jobs in (1, 2):
        with Library.open(tmp_path / f"lib-{jobs}") as lib:
            lib.ingest(files, jobs=jobs)
            assert all(check.ok for check in lib.check_index())
            results[jobs] = [
                ids(lib.search(q, mode="lexical")) for q in ("aspirin", "tumor", "HER2 trastuzumab")
            ]
    assert results[2] == results[1]


def test_two_records_of_one_paper_are_one_hit(library: Library, tmp_path: Path) -> None:
    """An export's copy of a paper already in the library (no PMID, a reformatted title) is not
    listed twice: the better ranked record stands for both, and ranks stay 1, 2, 3..."""
    first = json.loads((FIXTURES / "papers.jsonl").read_text(encoding="utf-8").splitlines()[0])
    copy = {"doi": "10.1/copy", "title": first["title"].upper() + ".", "abstract": first["abstract"]}
    source = tmp_path / "copy.jsonl"
    source.write_text(json.dumps(copy) + "\n", encoding="utf-8")
    library.ingest(source)
    assert library.stats()["papers"] == 9
    hits = library.search("HER2-positive trastuzumab", mode="lexical", k=3)
    assert len([h for h in hits if "trastuzumab" in h.title.lower()]) == 1
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
