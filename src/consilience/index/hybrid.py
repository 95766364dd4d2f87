"""Fusion, filters, re-ranking and the best-matching sentence: the pure half of search.

Hybrid search fuses by score (:func:`fuse_scores`): each candidate from either ranker gets
``w_lexical * BM25 / (best BM25 of the query) + w_dense * cosine``, with the cosine computed
exactly for every candidate (the lexical hits are re-scored by the dense model). Unlike rank
fusion it keeps how far apart two hits are, which is what let hybrid beat both single modes
on SciFact and PubMedQA (docs/search.md has the figures for every variant tried).

Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009) adds ``w / (k + rank)`` over
the rankings; it needs no scores and stays available (``fusion="rrf"``).

>>> rrf({"lexical": ["a", "b", "c"], "dense": ["c", "a"]}, k=60)[:2]
[('a', 0.03252247488101534), ('c', 0.032266458495966696)]
>>> fuse_scores([("a", 12.0), ("b", 6.0)], {"a": 0.2, "b": 0.7, "c": 0.5}, weights={"lexical": 0.5, "dense": 0.5})
[('a', 0.6), ('b', 0.6), ('c', 0.25)]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from consilience.index.tokenize import tokens
from consilience.model import EVIDENCE_LEVEL, Paper, StudyDesign, StudyFacts

FactsLookup = Callable[[str], StudyFacts | None]

#: Score-fusion weights of the lexical and dense parts (they sum to 1). Chosen on SciFact's
#: training claims only: the lexical share in 0.2..0.8 (step 0.1) with the best mean nDCG@10,
#: checked by 5-fold cross-validation (eval/retrieval_scifact.py ``weight_choice``;
#: docs/search.md). PubMedQA was not looked at when choosing.
DEFAULT_WEIGHTS: dict[str, float] = {"lexical": 0.3, "dense": 0.7}
#: Reciprocal rank fusion's k and (equal) weights, when ``fusion="rrf"`` is asked for.
DEFAULT_RRF_K = 60
RRF_WEIGHTS: dict[str, float] = {"lexical": 1.0, "dense": 1.0}


def fuse_scores(
    lexical: Sequence[tuple[str, float]],
    cosines: Mapping[str, float],
    *,
    weights: Mapping[str, float] | None = None,
) -> list[tuple[str, float]]:
    """Score fusion of BM25 hits and cosine similarities: (id, fused score), best first.

    ``lexical`` is the lexical ranker's (id, BM25) list; ``cosines`` maps every candidate the
    dense side knows (its own hits and the re-scored lexical ones) to its cosine. BM25 is
    divided by the query's best BM25, so it lies in [0, 1] like the cosine; a candidate only
    the dense side found gets 0 for BM25, and one without a vector gets the lowest cosine
    seen. Ties are broken by id so the order is stable.
    """
    weights = weights or DEFAULT_WEIGHTS
    w_lex, w_dense = weights.get("lexical", 1.0), weights.get("dense", 1.0)
    top = max((score for _, score in lexical), default=0.0)
    bm25 = {pid: score / top for pid, score in lexical} if top > 0 else {pid: 0.0 for pid, _ in lexical}
    floor = min(cosines.values(), default=0.0)
    candidates = dict.fromkeys([*bm25, *cosines])
    fused = {pid: w_lex * bm25.get(pid, 0.0) + w_dense * cosines.get(pid, floor) for pid in candidates}
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))


def rrf(
    rankings: Mapping[str, Sequence[str]],
    *,
    k: int = DEFAULT_RRF_K,
    weights: Mapping[str, float] | None = None,
) -> list[tuple[str, float]]:
    """Reciprocal rank fusion of several rankings: (id, fused score), best first."""
    weights = weights or RRF_WEIGHTS
    scores: dict[str, float] = {}
    for name, ranking in rankings.items():
        weight = weights.get(name, 1.0)
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


def parse_year_range(text: str | None) -> tuple[int | None, int | None] | None:
    """'2010:2024', '2010:', ':2015' or '2019' to an inclusive (from, to) pair.

    >>> parse_year_range("2010:2024"), parse_year_range("2019"), parse_year_range(":2015")
    ((2010, 2024), (2019, 2019), (None, 2015))
    """
    if not text:
        return None
    if ":" not in text:
        year = int(text)
        return (year, year)
    low, _, high = text.partition(":")
    return (int(low) if low.strip() else None, int(high) if high.strip() else None)


def parse_designs(text: str | Sequence[str] | None) -> list[StudyDesign] | None:
    """'rct,meta-analysis' to study designs; ValueError names an unknown one.

    >>> parse_designs("rct, meta-analysis")
    [<StudyDesign.RCT: 'rct'>, <StudyDesign.META_ANALYSIS: 'meta-analysis'>]
    """
    if not text:
        return None
    items = text.split(",") if isinstance(text, str) else list(text)
    designs = []
    for item in (i.strip().lower() for i in items):
        if not item:
            continue
        try:
            designs.append(StudyDesign(item))
        except ValueError:
            known = ", ".join(d.value for d in StudyDesign)
            raise ValueError(f"unknown study design {item!r}; known: {known}") from None
    return designs or None


@dataclass
class FilterOutcome:
    """Which candidates survived the design/size filters, and how many could not be checked."""

    kept: list[tuple[str, float]]
    unchecked: int = 0


def filter_and_rerank(
    candidates: Sequence[tuple[str, float]],
    facts_for: FactsLookup | None,
    *,
    designs: Sequence[StudyDesign] | None = None,
    min_n: int | None = None,
    quality_weight: float = 0.0,
) -> FilterOutcome:
    """Apply --design / --min-n where a paper's facts are known, and nudge by evidence level.

    A paper without facts is kept (it cannot be judged) and counted as unchecked. With
    ``quality_weight`` w, a paper's score is multiplied by ``1 + w * (5 - level) / 4``, where
    level is its evidence level (1 strongest); papers without facts are left as they are.
    """
    if facts_for is None:
        return FilterOutcome(list(candidates), len(candidates) if designs or min_n else 0)
    kept: list[tuple[str, float]] = []
    unchecked = 0
    wanted = set(designs) if designs else None
    for paper_id, score in candidates:
        facts = facts_for(paper_id)
        if facts is None:
            unchecked += 1 if (wanted or min_n) else 0
            kept.append((paper_id, score))
            continue
        if wanted is not None and facts.design.design not in wanted:
            continue
        if min_n is not None and (facts.n is None or facts.n < min_n):
            continue
        level = EVIDENCE_LEVEL.get(facts.design.design, 5)
        kept.append((paper_id, score * (1.0 + quality_weight * (5 - level) / 4)))
    kept.sort(key=lambda pair: -pair[1])
    return FilterOutcome(kept, unchecked)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences of a text (a light splitter: '. ' before a capital).

    >>> text = "We randomised 40 patients. Pain fell (p = 0.01)."
    >>> [text[a:b] for a, b in split_sentences(text)]
    ['We randomised 40 patients.', 'Pain fell (p = 0.01).']
    """
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def best_sentence(
    paper: Paper, query_terms: Sequence[str], idf: Callable[[str], float]
) -> tuple[str, list[tuple[int, int]]]:
    """The title or abstract sentence sharing the most query weight, with its matched ranges.

    >>> paper = Paper(id="x", title="A trial", sections=[])
    >>> best_sentence(paper, ["trial"], lambda term: 1.0)
    ('A trial', [(2, 7)])
    """
    wanted = set(query_terms)
    best: tuple[float, str, list[tuple[int, int]]] = (0.0, "", [])
    texts = [s.text for s in paper.sections if s.text] + [paper.title]
    for text in texts:
        for start, end in split_sentences(text):
            sentence = text[start:end]
            matched: dict[str, None] = {}
            ranges: dict[tuple[int, int], None] = {}
            for token in tokens(sentence):
                if token.term in wanted:
                    matched.setdefault(token.term, None)
                    ranges.setdefault((token.start, token.end), None)
            score = sum(idf(term) for term in matched)
            if score > best[0]:
                best = (score, sentence, sorted(ranges))
    if not best[1]:
        fallback = paper.title or (texts[0] if texts else "")
        return fallback[:300], []
    return best[1], best[2]


def highlight(
    sentence: str, ranges: Sequence[tuple[int, int]], *, before: str = "[", after: str = "]"
) -> str:
    """Mark the matched ranges of a sentence.

    >>> highlight("IL-6 rose sharply", [(0, 4)])
    '[IL-6] rose sharply'
    """
    out, last = [], 0
    for start, end in ranges:
        out.append(sentence[last:start])
        out.append(f"{before}{sentence[start:end]}{after}")
        last = end
    out.append(sentence[last:])
    return "".join(out)
