"""Keeping a library's indexes in step with its store, and searching them.

Each index records the last store change (``changes`` feed seq) it applied; :meth:`Indexes.sync`
applies the changes since then (upserts and deletions), so an ingest costs only what it
changed. A missing, corrupt or older-format index is rebuilt from the store, with a notice.

The lexical index is always kept. The dense index is kept once it exists (``consilience index``
or the first hybrid/dense search builds it) or when settings say ``dense = "on"``; so a library
that never searches densely never loads torch.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from consilience.errors import LibraryError
from consilience.index.dense import DenseIndex
from consilience.index.embedders import (
    DEFAULT_MAX_TOKENS,
    DenseUnavailable,
    Embedder,
    dense_available,
    load_embedder,
    paper_text,
)
from consilience.index.hybrid import (
    DEFAULT_WEIGHTS,
    FactsLookup,
    FilterOutcome,
    best_sentence,
    filter_and_rerank,
    fuse_scores,
    rrf,
)
from consilience.index.lexical import IndexFormatError, LexicalIndex
from consilience.index.tokenize import analyze_query
from consilience.model import Paper, SearchHit
from consilience.store.sqlite import Store

logger = logging.getLogger("consilience.index")

Mode = Literal["lexical", "dense", "hybrid"]
#: How many candidates each ranker hands to fusion.
CANDIDATES = 100
_BATCH = 2000
#: Papers to index below which a catch-up stays in one process (a pool costs more than it saves).
_PARALLEL_MIN = 20_000


@dataclass
class IndexCheck:
    """What ``consilience index --check`` found for one index."""

    name: str
    ok: bool
    problems: list[str] = field(default_factory=list)
    doc_count: int = 0
    last_seq: int = 0


class Indexes:
    """The lexical and dense indexes under ``<library>/index/``."""

    def __init__(
        self,
        root: Path,
        store: Store,
        *,
        dense: Literal["auto", "on", "off"] = "auto",
        model_path: Path | None = None,
        quantize: bool | str = "auto",
        max_seq_length: int = DEFAULT_MAX_TOKENS,
        rrf_k: int = 60,
        quality_weight: float = 0.1,
        fusion: Literal["score", "rrf"] = "score",
        fusion_weights: dict[str, float] | None = None,
    ) -> None:
        self.root = Path(root)
        self.store = store
        self.dense_setting = dense
        self.model_path = model_path
        self.quantize = quantize
        self.max_seq_length = max_seq_length
        self.rrf_k = rrf_k
        self.quality_weight = quality_weight
        self.fusion = fusion
        self.fusion_weights = dict(fusion_weights or DEFAULT_WEIGHTS)
        #: Messages for the user (rebuilds, fallbacks); the CLI prints and clears them.
        self.notices: list[str] = []
        self._lexical: LexicalIndex | None = None
        #: Processes sharing a large lexical catch-up's tokenising (set for the length of sync()).
        self.lexical_workers = 1
        self._dense: DenseIndex | None = None

    @property
    def lexical_path(self) -> Path:
        return self.root / "lexical"

    @property
    def dense_path(self) -> Path:
        return self.root / "dense"

    def notify(self, message: str) -> None:
        logger.info(message)
        self.notices.append(message)

    # -- lexical ------------------------------------------------------------------

    def lexical(self) -> LexicalIndex:
        """The lexical index, opened (or rebuilt if missing/corrupt/old) and caught up."""
        if self._lexical is None:
            try:
                self._lexical = LexicalIndex.open(self.lexical_path)
            except IndexFormatError as exc:
                if self.lexical_path.exists():
                    self.notify(f"Rebuilding the lexical index: {exc}")
                self._lexical = self._rebuild_lexical()
                return self._lexical
        self._catch_up_lexical(self._lexical)
        return self._lexical

    def _rebuild_lexical(self) -> LexicalIndex:
        seq = self.store.last_change()
        tmp = self.root / "lexical.new"
        index = LexicalIndex.create(tmp)
        workers = self.lexical_workers if self.store.count() >= _PARALLEL_MIN else 1
        index.add_records(self.store.iter_records(), workers=workers)
        index.commit(last_seq=seq)
        del index  # release tantivy's handles before the directory moves
        if self.lexical_path.exists():
            shutil.rmtree(self.lexical_path)
        tmp.rename(self.lexical_path)
        return LexicalIndex.open(self.lexical_path)

    def _pending(self, since: int) -> tuple[int, list[str], list[str]]:
        """(latest seq, ids to (re)write, ids to delete) since a change seq."""
        changes = self.store.changes_since(since)
        if not changes:
            return since, [], []
        last_op: dict[str, str] = {}
        for _, paper_id, op in changes:
            last_op[paper_id] = op
        upserts = [p for p, op in last_op.items() if op == "upsert"]
        deletes = [p for p, op in last_op.items() if op == "delete"]
        return changes[-1][0], upserts, deletes

    def _records(self, ids: Sequence[str], chunk: int = 2_000) -> Iterator[str]:
        """The stored JSON records of ``ids``, in change order (absent ones left out).

        A few IN (...) queries per chunk rather than one query per paper: a catch-up after a
        large ingest reads every new paper back. The lexical index reads only a few fields of
        each record; :meth:`_papers` builds whole papers from them.
        """
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            found = self.store.get_records(part)
            yield from (found[paper_id] for paper_id in part if paper_id in found)

    def _papers(self, ids: Sequence[str]) -> Iterator[Paper]:
        return map(Paper.model_validate_json, self._records(ids))

    def _catch_up_lexical(self, index: LexicalIndex) -> None:
        seq, upserts, deletes = self._pending(index.last_seq)
        if seq == index.last_seq:
            return
        # Tokenising is the index's own CPU work: a large catch-up (after an ingest with
        # --jobs N) shares it among ``lexical_workers`` processes.
        workers = self.lexical_workers if len(upserts) >= _PARALLEL_MIN else 1
        index.add_records(self._records(upserts), workers=workers, replacing=upserts + deletes)
        index.commit(last_seq=seq)

    # -- dense ----------------------------------------------------------------------

    def dense_enabled(self) -> bool:
        if self.dense_setting == "off":
            return False
        return self.dense_setting == "on" or (self.dense_path / "manifest.json").is_file()

    def embedder(self) -> Embedder:
        return load_embedder(self.model_path, quantize=self.quantize, max_seq_length=self.max_seq_length)

    def dense(self) -> DenseIndex:
        """The dense index, opened (or built) and caught up; DenseUnavailable without the extra."""
        if self.dense_setting == "off":
            raise DenseUnavailable("dense search is switched off in settings (dense = 'off')")
        if not dense_available():
            raise DenseUnavailable("dense search needs the dense extra: pip install 'consilience[dense]'")
        embedder = self.embedder()
        if self._dense is None:
            try:
                index = DenseIndex.open(self.dense_path)
                if index.model != embedder.name:
                    raise LibraryError(
                        f"the dense index at {self.dense_path} was built with model {index.model}, "
                        f"not {embedder.name}: run `consilience index --rebuild` to re-embed with it"
                    )
                built = index.manifest.get("config")
                if built and built != embedder.config:
                    self.notify(
                        f"The dense index was embedded with settings {built}, now {embedder.config}: "
                        "new papers mix with the old vectors; `consilience index --rebuild` re-embeds all"
                    )
                self._dense = index
            except IndexFormatError as exc:
                if self.dense_path.exists():
                    self.notify(f"Rebuilding the dense index: {exc}")
                else:
                    self.notify(
                        f"Building the dense index with {embedder.name} (one-off; embeds every paper)"
                    )
                index = DenseIndex.create(
                    self.dense_path, model=embedder.name, dim=embedder.dim, config=embedder.config
                )
                self._dense = index
        self._catch_up_dense(self._dense, embedder)
        return self._dense

    def _catch_up_dense(self, index: DenseIndex, embedder: Embedder) -> None:
        seq, upserts, deletes = self._pending(index.last_seq)
        if seq == index.last_seq:
            return
        index.delete(deletes)
        # An embedder that fans work out (Ray actors) asks for batches big enough to keep all busy.
        size = int(getattr(embedder, "preferred_batch", _BATCH))
        batch: list[Paper] = []
        for paper in self._papers(upserts):
            batch.append(paper)
            if len(batch) >= size:
                self._embed_into(index, embedder, batch)
                batch = []
        self._embed_into(index, embedder, batch)
        index.save(last_seq=seq)

    @staticmethod
    def _embed_into(index: DenseIndex, embedder: Embedder, papers: Sequence[Paper]) -> None:
        if papers:
            vectors = embedder.embed([paper_text(p) for p in papers])
            index.add([p.id for p in papers], [p.year for p in papers], vectors)

    # -- maintenance --------------------------------------------------------------------

    def close(self) -> None:
        """Let go of the open indexes (tantivy and usearch map their files into memory).

        A mapping outlives the Python object only until that object is freed, so dropping the
        references unmaps the files: after this, rewriting or deleting them cannot fault a
        reader that still has them mapped (SIGBUS).
        """
        self._lexical = None
        self._dense = None

    def sync(self, *, workers: int = 1) -> None:
        """Bring every kept index up to the store's latest change (called after ingest).

        ``workers``: processes that share the lexical index's tokenising in a large catch-up.
        """
        self.lexical_workers = max(1, workers)
        try:
            self.lexical()
        finally:
            self.lexical_workers = 1
        if self.dense_enabled() and dense_available():
            self.dense()

    def rebuild(self, *, dense: bool | None = None) -> None:
        """Rebuild the lexical index, and the dense one when kept (or asked for)."""
        self._lexical = None
        self._lexical = self._rebuild_lexical()
        want_dense = self.dense_enabled() or (
            dense is None and dense_available() and self.dense_setting != "off"
        )
        if dense is False or not want_dense:
            return
        if self.dense_path.exists():
            shutil.rmtree(self.dense_path)
        self._dense = None
        self.dense()

    def check(self) -> list[IndexCheck]:
        """Compare each index with the store: format, last change applied, paper ids."""
        store_ids = set(self._store_ids())
        last = self.store.last_change()
        results = []
        kinds: list[tuple[str, Path, type[LexicalIndex] | type[DenseIndex]]] = [
            ("lexical", self.lexical_path, LexicalIndex)
        ]
        if self.dense_path.exists():
            kinds.append(("dense", self.dense_path, DenseIndex))
        for name, path, kind in kinds:
            try:
                index = kind.open(path)
            except IndexFormatError as exc:
                results.append(IndexCheck(name, False, [str(exc)]))
                continue
            problems = []
            if index.last_seq != last:
                problems.append(f"applied changes up to {index.last_seq}, the store is at {last}")
            ids = index.ids()
            if ids != store_ids:
                problems.append(
                    f"{len(store_ids - ids)} papers missing, {len(ids - store_ids)} stale papers present"
                )
            results.append(IndexCheck(name, not problems, problems, len(ids), index.last_seq))
        return results

    def _store_ids(self) -> Iterator[str]:
        for (paper_id,) in self.store.conn.execute("SELECT id FROM papers"):
            yield paper_id

    # -- search -------------------------------------------------------------------------

    def resolve_mode(self, mode: str | None) -> Mode:
        """'auto' (or None) is hybrid when the dense extra is installed, else lexical."""
        if mode in (None, "auto"):
            if self.dense_setting != "off" and dense_available():
                return "hybrid"
            self.notify("Lexical search only (install 'consilience[dense]' for hybrid search).")
            return "lexical"
        if mode not in ("lexical", "dense", "hybrid"):
            raise LibraryError(f"unknown search mode {mode!r}: use lexical, dense or hybrid")
        return mode  # type: ignore[return-value]

    def rank(
        self,
        query: str,
        *,
        k: int = 20,
        mode: str | None = None,
        year: tuple[int | None, int | None] | None = None,
        designs: Sequence[object] | None = None,
        min_n: int | None = None,
        facts_for: FactsLookup | None = None,
    ) -> list[tuple[str, float]]:
        """The ``k`` best (paper id, score) pairs, ranked exactly as :meth:`search` ranks its hits,
        without building the hits (best sentence, highlights): what ``ask`` needs.

        Ids deleted from the store since the index caught up may be among them (``search``
        skips those when it reads the papers).
        """
        _, outcome, _ = self._rank(
            query,
            analyze_query(query),
            k=k,
            mode=mode,
            year=year,
            designs=designs,
            min_n=min_n,
            facts_for=facts_for,
        )
        return outcome.kept[:k]

    def _rank(
        self,
        query: str,
        terms: list[str],
        *,
        k: int,
        mode: str | None,
        year: tuple[int | None, int | None] | None,
        designs: Sequence[object] | None,
        min_n: int | None,
        facts_for: FactsLookup | None,
    ) -> tuple[dict[str, list[str]], FilterOutcome, LexicalIndex]:
        """Each ranker's candidate ids, the fused, filtered and re-ranked candidates, and the
        lexical index (caught up) they came from."""
        from consilience.model import StudyDesign

        resolved = self.resolve_mode(mode)
        want = max(CANDIDATES, k * 3)
        lexical = self.lexical()
        rankings: dict[str, list[str]] = {}
        lexical_hits: list[tuple[str, float]] = []
        cosines: dict[str, float] = {}
        if resolved in ("lexical", "hybrid"):
            lexical_hits = lexical.search(terms, want, year=year)
            rankings["lexical"] = [pid for pid, _ in lexical_hits]
        if resolved in ("dense", "hybrid"):
            dense = self.dense()
            vector = self.embedder().embed([query])[0]
            dense_hits = dense.search(vector, want, year=year)
            rankings["dense"] = [pid for pid, _ in dense_hits]
            if resolved == "hybrid" and self.fusion == "score":
                cosines = dict(dense_hits)
                unseen = [pid for pid in rankings["lexical"] if pid not in cosines]
                cosines.update(dense.similarities(vector, unseen))  # re-score lexical hits
        if resolved == "hybrid" and self.fusion == "score":
            fused = fuse_scores(lexical_hits, cosines, weights=self.fusion_weights)
        elif resolved == "lexical" and self.fusion == "score":
            # One ranker: its own scores on the hybrid's scale (BM25 / the query's best), so the
            # study-quality nudge weighs as much as it does there. Rank-fusion scores of one list
            # (1/61, 1/62, ...) are so close that the nudge would reorder them wholesale.
            best = lexical_hits[0][1] if lexical_hits else 0.0
            fused = [(pid, score / best if best > 0 else 0.0) for pid, score in lexical_hits]
        elif resolved == "dense" and self.fusion == "score":
            fused = list(dense_hits)
        else:
            fused = rrf(rankings, k=self.rrf_k)
        wanted_designs = [StudyDesign(str(d)) for d in designs] if designs else None
        outcome = filter_and_rerank(
            fused, facts_for, designs=wanted_designs, min_n=min_n, quality_weight=self.quality_weight
        )
        if outcome.unchecked and (wanted_designs or min_n):
            self.notify(
                f"{outcome.unchecked} candidates have no analysis yet, so --design/--min-n could not "
                "be checked for them; they are kept."
            )
        return rankings, outcome, lexical

    def search(
        self,
        query: str,
        *,
        k: int = 20,
        mode: str | None = None,
        year: tuple[int | None, int | None] | None = None,
        designs: Sequence[object] | None = None,
        min_n: int | None = None,
        facts_for: FactsLookup | None = None,
    ) -> list[SearchHit]:
        """Ranked hits for a question; see :meth:`consilience.Library.search`."""
        terms = analyze_query(query)
        rankings, outcome, lexical = self._rank(
            query, terms, k=k, mode=mode, year=year, designs=designs, min_n=min_n, facts_for=facts_for
        )
        positions = {name: {pid: i for i, pid in enumerate(r, start=1)} for name, r in rankings.items()}
        total = max(1, lexical.doc_count())
        idfs: dict[str, float] = {}  # best_sentence asks for each term once per sentence

        def idf(term: str) -> float:
            import math

            if term not in idfs:
                df = lexical.document_frequency(term)
                idfs[term] = math.log(1 + (total - df + 0.5) / (df + 0.5))
            return idfs[term]

        # Two records of one paper (the same abstract from two exports or sources) are one
        # result: the better ranked stands for both. A few spare hits fill the places they free.
        top = outcome.kept[: k + max(5, k // 2)]
        papers = self.store.get_many([paper_id for paper_id, _ in top])
        hits: list[SearchHit] = []
        seen: set[str] = set()
        for paper_id, score in top:
            paper = papers.get(paper_id)
            if paper is None:  # deleted since the index caught up: skip
                continue
            keys = paper.record_keys()
            duplicate = bool(keys & seen)
            seen |= keys
            if duplicate:
                continue
            if len(hits) == k:
                break
            rank = len(hits) + 1
            facts = facts_for(paper_id) if facts_for else None
            sentence, ranges = best_sentence(paper, terms, idf)
            hits.append(
                SearchHit(
                    paper_id=paper_id,
                    score=score,
                    rank=rank,
                    title=paper.title,
                    year=paper.year,
                    journal=paper.journal.iso_abbrev or paper.journal.title,
                    design=facts.design.design.value if facts else None,
                    n=facts.n if facts else None,
                    best_sentence=sentence,
                    highlights=ranges,
                    lexical_rank=positions.get("lexical", {}).get(paper_id),
                    dense_rank=positions.get("dense", {}).get(paper_id),
                )
            )
        return hits
