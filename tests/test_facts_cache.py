"""The facts cache on the ``ask`` path: each paper analysed once per content, ranking unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import consilience.analyze
from consilience import Library
from consilience.demo import builtin_files
from consilience.model import Paper, StudyFacts
from consilience.store.facts import FactsCache

FIXTURES = Path(__file__).parent / "fixtures" / "analyze"


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the papers analysed (``analyze_paper`` called) from now on."""
    calls: list[str] = []
    real = consilience.analyze.analyze_paper

    def counting(paper: Paper) -> StudyFacts:
        calls.append(paper.id)
        return real(paper)

    monkeypatch.setattr(consilience.analyze, "analyze_paper", counting)
    return calls


def test_facts_are_analysed_once_until_the_paper_changes(fresh_library: Library, analysed: list[str]) -> None:
    fresh_library.ingest(FIXTURES / "papers.jsonl")
    first = fresh_library.facts("90000003")
    assert fresh_library.facts("90000003") == first
    assert analysed == ["pmid:90000003"]  # the second call was served from the cache

    fresh_library.ingest(FIXTURES / "update.jsonl")  # a new version of 90000003
    updated = fresh_library.facts("90000003")
    assert analysed == ["pmid:90000003", "pmid:90000003"]
    assert [(e.measure, e.value) for e in updated.effects] == [("OR", 2.4)]
    assert updated == consilience.analyze.analyze_paper(fresh_library.get("90000003"))


def test_ask_analyses_each_paper_once(fresh_library: Library, analysed: list[str]) -> None:
    fresh_library.ingest(builtin_files())
    question = "Does primary tumour surgery improve survival in de novo stage IV breast cancer?"
    first = fresh_library.ask(question)
    assert len(analysed) == len(set(analysed)) == first.searched  # 28 papers, each once
    again = fresh_library.ask(question)
    assert len(analysed) == first.searched  # nothing analysed the second time
    # (The first answer may order papers differently: search lifts papers by design once their
    # facts are cached.) From then on the answer is the one a fully analysed library gives.
    analysed_dir = fresh_library.path.parent / "analysed"
    with Library.open(analysed_dir) as other:
        other.ingest(builtin_files())
        other.analyze()
        expected = other.ask(question)
    assert again.model_dump(exclude={"seconds"}) == expected.model_dump(exclude={"seconds"})


def test_rank_orders_as_search(fresh_library: Library) -> None:
    fresh_library.ingest(builtin_files())
    fresh_library.analyze()  # facts present: the quality re-ranking takes part
    question = "Does locoregional treatment improve local control in metastatic breast cancer?"
    facts_for = FactsCache(fresh_library.store).get
    for k in (5, 30):
        hits = fresh_library.indexes.search(question, k=k, mode="lexical", facts_for=facts_for)
        ranked = fresh_library.indexes.rank(question, k=k, mode="lexical", facts_for=facts_for)
        assert [pid for pid, _ in ranked] == [h.paper_id for h in hits]
        assert [score for _, score in ranked] == [h.score for h in hits]


def test_a_cache_from_before_content_hashes_is_upgraded(tmp_path: Path, analysed: list[str]) -> None:
    lib_dir = tmp_path / "lib"
    with Library.open(lib_dir) as lib:
        lib.ingest(FIXTURES / "papers.jsonl")
        paper = lib.get("90000001")
    facts = consilience.analyze.analyze_paper(paper)
    analysed.clear()
    with sqlite3.connect(lib_dir / "library.db") as conn:  # the old three-column table
        conn.execute(
            "CREATE TABLE facts (paper_id TEXT, analyzer_version TEXT, record TEXT, "
            "PRIMARY KEY (paper_id, analyzer_version))"
        )
        conn.execute(
            "INSERT INTO facts VALUES (?, ?, ?)", (paper.id, facts.analyzer_version, facts.model_dump_json())
        )
    with Library.open(lib_dir) as lib:
        assert lib.facts("90000001") == facts  # re-analysed once: the old row has no hash
        assert lib.facts("90000001") == facts
        assert analysed == [paper.id]
        assert FactsCache(lib.store).count() == 1
