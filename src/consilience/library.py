"""The Library: one object tying the stages together. The CLI, the HTTP API and the web
app are thin shells over it.

>>> import tempfile
>>> lib = Library.open(tempfile.mkdtemp())
>>> lib.stats()["papers"]
0
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from consilience.errors import NotFoundError
from consilience.ingest.runner import IngestReport, ProgressFn, ingest_files
from consilience.model import Paper, SearchHit, StudyFacts, distinct_records, parse_user_id
from consilience.render.export import export_papers
from consilience.settings import Settings
from consilience.store.sqlite import Store

if TYPE_CHECKING:
    from consilience.index import IndexCheck, Indexes
    from consilience.model import Answer, Article, Explainer, Meter, Question, Stance
    from consilience.sources import FetchManifest, FetchReport
    from consilience.store.facts import AnalyzeReport
    from consilience.synthesize.answer import Candidate
    from consilience.verify import VerifyReport


class Library:
    """A research library on disk: a directory holding the SQLite store and indexes."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self._indexes: Indexes | None = None

    @classmethod
    def open(cls, path: str | Path | None = None, *, settings: Settings | None = None) -> Library:
        """Open (creating if needed) the library at ``path`` or the configured location."""
        settings = settings or Settings()
        if path is not None:
            settings = settings.model_copy(update={"library": Path(path)})
        Path(settings.library).mkdir(parents=True, exist_ok=True)
        return cls(settings, Store.open(settings.db_path))

    @property
    def path(self) -> Path:
        return Path(self.settings.library)

    def close(self) -> None:
        """Close the store and let go of the indexes; the library may be opened again later."""
        if self._indexes is not None:
            self._indexes.close()
            self._indexes = None
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest -----------------------------------------------------------------

    def ingest(
        self,
        paths: Sequence[str | Path] | str | Path,
        *,
        fmt: str | None = None,
        jobs: int | None = None,
        progress: ProgressFn | None = None,
    ) -> IngestReport:
        """Read files into the library; returns counts and every rejection with its reason."""
        if isinstance(paths, (str, Path)):
            paths = [paths]
        jobs = jobs or self.settings.jobs
        report = ingest_files(
            self.store,
            list(paths),
            fmt=fmt,
            jobs=jobs,
            progress=progress,
            batch_size=self.settings.batch_size,
        )
        self.indexes.sync(workers=jobs)  # indexes follow the store's change feed
        return report

    # -- live sources -----------------------------------------------------------

    def fetch(
        self,
        query: str,
        *,
        source: str = "pubmed",
        limit: int | None = None,
        since: int | None = None,
        offline: bool = False,
        resume: bool = False,
        progress: ProgressFn | None = None,
    ) -> FetchReport:
        """Fetch the records matching ``query`` from PubMed, Europe PMC or both into the library.

        Each fetch is logged, its raw responses kept under ``<library>/sources/``; with
        ``offline`` the latest recorded fetch of the same query replays without a network
        (see docs/sources.md); ``resume`` reuses what an interrupted fetch of the same search
        received. ``limit`` caps records per source, ``since`` is a year.
        """
        from consilience.sources import fetch_into

        before = self.store.last_change()
        try:
            return fetch_into(
                self.store,
                self.settings,
                query,
                source=source,
                limit=limit,
                since=since,
                offline=offline,
                resume=resume,
                progress=progress,
            )
        finally:  # what was written before a failure stays, and is indexed
            if self.store.last_change() != before:
                self.indexes.sync()

    def replay(self, fetch_ids: Sequence[str] | str, *, progress: ProgressFn | None = None) -> FetchReport:
        """Re-ingest recorded fetches (ids as in :meth:`fetches`) from the cache, offline."""
        from consilience.sources import replay_fetch

        ids = [fetch_ids] if isinstance(fetch_ids, str) else list(fetch_ids)
        before = self.store.last_change()
        try:
            return replay_fetch(self.store, self.settings, ids, progress=progress)
        finally:
            if self.store.last_change() != before:
                self.indexes.sync()

    def fetches(self) -> list[FetchManifest]:
        """The fetch log: every recorded fetch (query, source, date, ids, counts), oldest first."""
        from consilience.sources import list_fetches

        return list_fetches(self.path / "sources")

    # -- reads ------------------------------------------------------------------

    def resolve(self, user_id: str) -> str:
        """The library id for what a user typed (PMID, DOI, PMCID or library id)."""
        kind, value = parse_user_id(user_id)
        column = {"pmid": "pmid", "doi": "doi", "pmc": "pmcid", "id": "id"}[kind]
        found = self.store.find_id(column, value)
        if found is None and kind == "id":
            found = self.store.find_id("id", value.lower()) if value.lower().startswith("doi:") else None
        if found is None and kind != "id":
            # A library id may itself look like a PMID or DOI ("12438901" from a JSONL file's
            # own "id" field): what was typed, as typed, is the last try.
            found = self.store.find_id("id", user_id.strip())
        if found is None:
            raise NotFoundError(f"no paper with id {user_id!r} in {self.path}")
        return found

    def get(self, user_id: str) -> Paper:
        """One paper by PMID, DOI, PMCID or library id; NotFoundError if absent."""
        paper = self.store.get(self.resolve(user_id))
        if paper is None:  # pragma: no cover - resolve() found it a moment ago
            raise NotFoundError(f"no paper with id {user_id!r}")
        return paper

    def papers(
        self,
        *,
        year_from: int | None = None,
        year_to: int | None = None,
        ids: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> Iterator[Paper]:
        """Stream papers, optionally filtered by year or restricted to ids."""
        return self.store.iter_papers(year_from=year_from, year_to=year_to, ids=ids, limit=limit)

    def stats(self) -> dict[str, Any]:
        stats = self.store.stats()
        stats["library"] = str(self.path)
        return stats

    def export(self, fmt: str, handle: IO[str], *, ids: Sequence[str] | None = None) -> int:
        """Write the library (or the given ids) as jsonl, csv, bibtex or ris."""
        resolved = [self.resolve(i) for i in ids] if ids else None
        return export_papers(self.papers(ids=resolved), fmt, handle)

    # -- analysis ---------------------------------------------------------------

    def analyze(
        self, *, force: bool = False, progress: Callable[[int, int], None] | None = None
    ) -> AnalyzeReport:
        """Extract StudyFacts for papers lacking them (or changed since); ``force`` redoes all.

        Incremental and cached per paper and analyzer version; ``progress(done, total)``.
        """
        from consilience.store.facts import FactsCache

        return FactsCache(self.store).analyze(force=force, progress=progress)

    def facts(self, user_id: str) -> StudyFacts:
        """One paper's StudyFacts (analysed now, and cached, when missing or stale)."""
        from consilience.store.facts import FactsCache

        paper_id = self.resolve(user_id)
        paper = self.store.get(paper_id)
        if paper is None:  # pragma: no cover - resolve() found it a moment ago
            raise NotFoundError(f"no paper with id {user_id!r}")
        # Cached facts are used when they were computed from this paper's current content.
        return FactsCache(self.store).current([paper])[0]

    # -- writing ----------------------------------------------------------------

    def article(self, user_id: str, *, audience: str = "patient", today: str | None = None) -> Article:
        """A checked plain-language article about one paper (see :mod:`consilience.write`).

        ``audience`` is 'patient', 'public' or 'clinician'; ``today`` fixes the date in the
        provenance note (ISO format) for reproducible output.
        """
        from consilience.write import write_article

        paper = self.get(user_id)
        return write_article(paper, self.facts(paper.id), audience=audience, today=today)

    def explain(self, question: str, *, audience: str = "patient", today: str | None = None) -> Explainer:
        """A checked plain-language explainer of a question, written from :meth:`ask`'s answer.

        ``audience`` is 'patient' or 'public'; ``today`` fixes the date in the provenance note
        (ISO format) for reproducible output. See :mod:`consilience.write.explainer`.
        """
        from consilience.question import parse_question
        from consilience.write.explainer import check_explainable, write_explainer

        check_explainable(parse_question(question))  # before the work of answering it
        answer = self.ask(question)
        papers = self.store.get_many([r.paper_id for r in answer.references])
        return write_explainer(answer, papers, audience=audience, today=today)

    # -- search -----------------------------------------------------------------

    @property
    def indexes(self) -> Indexes:
        """The lexical (and, with the dense extra, dense) indexes under ``<library>/index``."""
        if self._indexes is None:
            from consilience.index import Indexes

            s = self.settings
            self._indexes = Indexes(
                self.path / "index",
                self.store,
                dense=s.dense,
                model_path=s.embedding_model,
                quantize=s.embedding_quantize,
                max_seq_length=s.embedding_max_tokens,
                rrf_k=s.rrf_k,
                quality_weight=s.quality_weight,
            )
        return self._indexes

    def search(
        self,
        query: str,
        *,
        k: int = 20,
        mode: str | None = None,
        year: tuple[int | None, int | None] | None = None,
        designs: Sequence[str] | None = None,
        min_n: int | None = None,
        facts_for: Callable[[str], StudyFacts | None] | None = None,
    ) -> list[SearchHit]:
        """Papers answering a question, best first: BM25 and embeddings fused, then filtered.

        ``mode`` is lexical, dense or hybrid (default: settings; hybrid when the dense extra is
        installed). ``year`` is an inclusive (from, to) pair, either end None. ``designs`` and
        ``min_n`` apply to papers whose study facts are known (``facts_for``, by default the
        library's analysis cache); others are kept and counted in ``indexes.notices``.
        """
        if facts_for is None:
            facts_for = self._facts_lookup()
        return self.indexes.search(
            query,
            k=k,
            mode=mode or self.settings.search_mode,
            year=year,
            designs=designs,
            min_n=min_n,
            facts_for=facts_for,
        )

    def reindex(self, *, dense: bool | None = None) -> None:
        """Rebuild the indexes from the store (dense too when kept, installed or asked for)."""
        self.indexes.rebuild(dense=dense)

    def check_index(self) -> list[IndexCheck]:
        """Whether each index matches the store (format, changes applied, paper ids)."""
        return self.indexes.check()

    def _facts_lookup(self) -> Callable[[str], StudyFacts | None]:
        from consilience.store.facts import FactsCache

        cache = FactsCache(self.store)

        def lookup(paper_id: str) -> StudyFacts | None:
            # Facts missing or from an older analyzer (after an upgrade, or a build with
            # --no-analyze) are read now and cached: a hit's design and size are always shown.
            facts = cache.get(paper_id)
            if facts is None:
                paper = self.store.get(paper_id)
                facts = cache.current([paper])[0] if paper is not None else None
            return facts

        return lookup

    # -- stance and consensus ---------------------------------------------------

    def stance(self, question: str, ids: Sequence[str]) -> list[Stance]:
        """What each paper says about a question: yes, possibly, no or not-addressed, with the
        deciding sentence (see :mod:`consilience.analyze.stance`)."""
        from consilience.analyze.stance import stance_for_paper
        from consilience.question import parse_question

        parsed = parse_question(question)
        return [stance_for_paper(parsed, paper, self.facts(paper.id)) for paper in map(self.get, ids)]

    def meter(self, question: str, *, k: int = 30) -> Meter:
        """The consensus meter from the ``k`` most relevant papers, as :meth:`ask` reads them.

        It counts at most 20 of those that address the question (see
        :mod:`consilience.synthesize.meter`).
        """
        from consilience.question import parse_question
        from consilience.synthesize.answer import settle_stances
        from consilience.synthesize.meter import build_meter

        parsed = parse_question(question)
        candidates = self._candidates(parsed, self._relevant_papers(parsed, k))
        settle_stances(parsed, candidates)
        return build_meter(parsed, [c.stance for c in candidates])

    def ask(
        self,
        question: str,
        *,
        k: int = 30,
        mode: str | None = None,
        year: tuple[int | None, int | None] | None = None,
        plots_dir: str | Path | None = None,
        online: bool = False,
        fetch_max: int = 200,
    ) -> Answer:
        """A graded, cited answer from the ``k`` most relevant papers (see :mod:`consilience.synthesize.answer`).

        Every sentence has passed the checker; ``plots_dir`` receives forest plots (PNG and SVG).
        ``online`` first fetches from PubMed what the library lacks (trials, meta-analyses and
        systematic reviews first, at most ``fetch_max`` records in all); without a network it
        says so in ``Answer.notices`` and answers from the library as it is.

        >>> import tempfile
        >>> from consilience.demo import builtin_files
        >>> lib = Library.open(tempfile.mkdtemp())
        >>> _ = lib.ingest(builtin_files())
        >>> answer = lib.ask("Does primary tumour surgery improve survival in de novo stage IV breast cancer?")
        >>> answer.label in {"no", "mixed", "possibly"}, answer.searched
        (True, 29)
        """
        import time

        from consilience.question import parse_question
        from consilience.synthesize.answer import build_answer

        started = time.perf_counter()
        parsed = parse_question(question)
        notices = self._fetch_for(parsed, fetch_max) if online else []
        searched = self.store.count()
        papers = self._relevant_papers(parsed, k, mode=mode, year=year, count=searched)
        candidates = self._candidates(parsed, papers)
        answer = build_answer(parsed, candidates, searched=searched, plots_dir=plots_dir)
        answer.notices = notices
        answer.seconds = round(time.perf_counter() - started, 3)
        return answer

    def _candidates(self, question: Question, papers: Sequence[Paper]) -> list[Candidate]:
        """Each paper with its facts and its stance on ``question``, in search order."""
        from consilience.analyze.stance import stance_for_paper
        from consilience.store.facts import FactsCache
        from consilience.synthesize.answer import candidates_from

        # Every paper's facts in one cache query (analysing only the papers without them).
        facts = dict(zip((p.id for p in papers), FactsCache(self.store).current(papers), strict=True))
        return candidates_from(
            question,
            papers,
            lambda paper: facts[paper.id],
            lambda paper, paper_facts: stance_for_paper(question, paper, paper_facts),
        )

    def _fetch_for(self, question: Question, limit: int) -> list[str]:
        """Fetch from PubMed for a question: the strongest designs first, then the rest."""
        from consilience.sources import OfflineError
        from consilience.sources.query import design_filtered, pubmed_query

        query = pubmed_query(question)
        notices: list[str] = []
        try:
            for term, share in ((design_filtered(query), limit // 2), (query, limit - limit // 2)):
                report = self.fetch(term, source="pubmed", limit=max(1, share))
                notices.extend(f"{line} (query: {term})" for line in report.summary())
        except OfflineError as exc:
            notices.append(f"offline, answered from the local library only ({exc})")
        return notices

    def verify(self, report: str | Path | Answer) -> VerifyReport:
        """Check an answer (or a saved answer JSON file) against the papers in this library.

        Every cited paper must be in the answer's result set (its references) and in the
        library; every number must appear in a cited paper; every finding must cite.
        """
        from consilience.errors import ConsilienceError
        from consilience.model import Answer
        from consilience.verify import Problem, verify_claims

        if isinstance(report, Answer):
            answer = report
        else:
            path = Path(report)
            try:
                answer = Answer.model_validate_json(path.read_text(encoding="utf-8"))
            except OSError as exc:
                raise ConsilienceError(f"{path}: cannot read ({exc.strerror})") from None
            except ValueError as exc:
                first = str(exc).splitlines()[0]
                raise ConsilienceError(
                    f"{path}: not an answer saved by `ask --format json` ({first})"
                ) from None
        result_set = {r.paper_id for r in answer.references}
        papers = {}
        missing = []
        for pid in result_set:
            paper = self.store.get(pid)
            if paper is None:
                missing.append(pid)
            else:
                papers[pid] = paper
        result = verify_claims(answer.claims(), papers)
        for pid in sorted(missing):
            result.problems.append(Problem(sentence="(references)", problem=f"{pid} is not in this library"))
            result.failed += 1
        return result

    def _relevant_papers(
        self,
        question: Question,
        k: int,
        *,
        mode: str | None = None,
        year: tuple[int | None, int | None] | None = None,
        count: int | None = None,
    ) -> list[Paper]:
        """The papers most relevant to a question, best first (``count``: the store's, if known)."""
        if (
            mode is None
            and self.settings.search_mode == "auto"
            and (self.store.count() if count is None else count) <= k
        ):
            # Every paper is read anyway: ranking them lexically saves loading the embedder.
            mode = "lexical"
        # Ranked as search() ranks, without building its hits (best sentence, highlights).
        depth = k
        while True:
            ranked = self.indexes.rank(
                question.text,
                k=depth,
                mode=mode or self.settings.search_mode,
                year=year,
                facts_for=self._facts_lookup(),
            )
            found = self.store.get_many([paper_id for paper_id, _ in ranked])
            papers = distinct_records(found[paper_id] for paper_id, _ in ranked if paper_id in found)
            # Two records of one paper (a PubMed record and an export's copy) would count its
            # evidence twice; the later is dropped and the next paper takes its place.
            if len(papers) >= k or len(ranked) < depth or depth >= 4 * k:
                return papers[:k]
            depth *= 2

    def content_digest(self) -> str:
        """Equal for two libraries holding the same papers and deletions."""
        return self.store.content_digest()
