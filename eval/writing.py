"""Plain-language writing: reading grade, length and faithfulness of generated articles.

Two parts, on real abstracts:

* **articles**: a seeded sample of Evidence Inference RCT abstracts and the breast-cancer
  subset, written for patients, the public and clinicians. Per audience: median and 90th
  percentile reading grade (Flesch-Kincaid and SMOG, textstat), words, and the checker pass
  rate of the printed sentences (target 100%), plus how many sentences the checker dropped.
* **cochrane**: the 411 Cochrane technical abstracts of ``cochrane_pls/val.source``, each
  read as a one-section paper and written for patients and the public. Against the human
  plain-language summary (``val.target``): the human summary's own grade (the bar), the
  share of the numbers the human summary states that ours states too, and the recall of
  its content words (a rough measure of the conclusions kept).
* **explainers**: patient (and public) explainers of a handful of questions over the built-in
  library (``consilience.demo``): reading grade per question and audience and the checker pass
  rate of the printed sentences, re-checked here against the cited papers.
"""

from __future__ import annotations

import json
import logging
import random
import re
import statistics
import tempfile
from pathlib import Path
from typing import Any

from consilience.analyze import analyze_paper
from consilience.demo import builtin_files
from consilience.library import Library
from consilience.model import Article, Paper, PaperIds, Section
from consilience.verify import normalize_number, numbers_in, verify_claims
from consilience.write import reading_grade, write_article
from consilience.write.examples import SEED_QUESTION
from consilience.write.explainer import write_explainer

NAME = "writing"
DESCRIPTION = "Plain-language articles: reading grade per audience, checker pass rate, Cochrane coverage"

SEED = 13
N_RCT = 80
N_BREAST = 40
TODAY = "2025-01-01"
AUDIENCES = ("patient", "public", "clinician")

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "in",
        "on",
        "for",
        "to",
        "with",
        "without",
        "by",
        "from",
        "at",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "we",
        "our",
        "they",
        "their",
        "there",
        "than",
        "then",
        "but",
        "not",
        "no",
        "nor",
        "so",
        "such",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "why",
        "how",
        "may",
        "might",
        "can",
        "could",
        "would",
        "should",
        "will",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "also",
        "more",
        "most",
        "less",
        "least",
        "other",
        "some",
        "any",
        "all",
        "each",
        "both",
        "either",
        "neither",
        "one",
        "two",
        "three",
        "about",
        "into",
        "over",
        "under",
        "after",
        "before",
        "between",
        "during",
        "review",
        "studies",
        "study",
        "evidence",
        "trials",
        "trial",
        "people",
        "participants",
    ]
)


def _papers_rct(data: Path, rng: random.Random) -> list[Paper]:
    path = data / "evidence_inference" / "abstracts.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rng.sample(rows, min(N_RCT, len(rows)))
    return [
        Paper(
            id=f"pmc:{row['pmcid']}",
            ids=PaperIds(pmcid=row["pmcid"]),
            title=row.get("title", ""),
            sections=[
                Section(label=s.get("label", ""), category=s.get("label", ""), text=s["text"])
                for s in row.get("abstract_sections", [])
                if s.get("text")
            ],
        )
        for row in rows
    ]


def _papers_breast(data: Path, rng: random.Random) -> list[Paper]:
    path = data / "breast_cancer_subset" / "bc_subset.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rng.sample(rows, min(N_BREAST, len(rows)))
    return [
        Paper(
            id=f"{row['source']}:{row['id']}",
            title=row.get("title", ""),
            sections=[Section(text=row["text"])],
        )
        for row in rows
        if row.get("text")
    ]


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return round(ordered[index], 1)


def _body(article: Article) -> str:
    return " ".join(c.text for c in article.claims())


def _summary(articles: list[Article], papers: dict[str, Paper]) -> dict[str, Any]:
    fk = [a.reading.flesch_kincaid for a in articles if a.reading]
    smog = [a.reading.smog for a in articles if a.reading]
    words = [a.reading.words for a in articles if a.reading]
    printed = passed = dropped = written = 0
    for article in articles:
        report = verify_claims(article.claims(), {article.paper_id: papers[article.paper_id]})
        printed += report.claims
        passed += report.passed
        dropped += len(article.verification.dropped)
        written += article.verification.checked
    return {
        "articles": len(articles),
        "fk_median": round(statistics.median(fk), 1) if fk else None,
        "fk_p90": _pct(fk, 0.9),
        "smog_median": round(statistics.median(smog), 1) if smog else None,
        "smog_p90": _pct(smog, 0.9),
        "words_median": statistics.median(words) if words else 0,
        "checker_pass_rate": round(passed / printed, 4) if printed else 1.0,
        "sentences_printed": printed,
        "sentences_dropped_before_printing": dropped,
        "sentences_written": written,
    }


def _numbers(text: str) -> set[str]:
    out = set()
    for token in numbers_in(text):
        norm = normalize_number(token)
        if norm is not None:
            out.add(norm)
    return out


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z-]{2,}", text.lower()) if w not in _STOP}


def _cochrane(data: Path) -> dict[str, Any]:
    folder = data / "cochrane_pls"
    sources = (folder / "val.source").read_text(encoding="utf-8").splitlines()
    targets = (folder / "val.target").read_text(encoding="utf-8").splitlines()
    dois = (folder / "val.doi").read_text(encoding="utf-8").splitlines()
    out: dict[str, Any] = {}
    human_fk = [reading_grade(t).flesch_kincaid for t in targets]
    human_smog = [reading_grade(t).smog for t in targets]
    out["human_fk_median"] = round(statistics.median(human_fk), 1)
    out["human_smog_median"] = round(statistics.median(human_smog), 1)
    out["human_words_median"] = statistics.median(len(t.split()) for t in targets)
    for audience in ("patient", "public"):
        articles: list[Article] = []
        papers: dict[str, Paper] = {}
        number_recall: list[float] = []
        word_recall: list[float] = []
        for index, (source, target) in enumerate(zip(sources, targets, strict=True)):
            doi = dois[index] if index < len(dois) else ""
            paper = Paper(
                id=f"cochrane:{index}", ids=PaperIds(doi=doi or None), sections=[Section(text=source)]
            )
            papers[paper.id] = paper
            article = write_article(paper, analyze_paper(paper), audience=audience, today=TODAY)
            articles.append(article)
            ours = _body(article) + " " + article.headline
            wanted = _numbers(target) & _numbers(source)  # numbers the human kept from the abstract
            if wanted:
                number_recall.append(len(wanted & _numbers(ours)) / len(wanted))
            words = _content_words(target)
            if words:
                word_recall.append(len(words & _content_words(ours)) / len(words))
        summary = _summary(articles, papers)
        summary["number_recall_mean"] = round(statistics.mean(number_recall), 4) if number_recall else None
        summary["number_recall_pairs"] = len(number_recall)
        summary["content_word_recall_mean"] = round(statistics.mean(word_recall), 4) if word_recall else None
        out[audience] = summary
    return out


#: Questions the built-in library can answer, for the explainer measurements.
EXPLAINER_QUESTIONS = (
    SEED_QUESTION,
    "Does surgery improve locoregional control in metastatic breast cancer?",
    "Is breast reconstruction safe in stage IV breast cancer?",
    "Does locoregional radiotherapy improve survival in stage IV breast cancer?",
    "Does primary tumour surgery improve survival in HER2-positive metastatic breast cancer?",
)


def _explainers() -> dict[str, Any]:
    """Reading grade and checker pass rate of explainers over the built-in library."""
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp, Library.open(Path(tmp) / "library") as lib:
        lib.ingest(builtin_files())
        for question in EXPLAINER_QUESTIONS:
            answer = lib.ask(question)
            papers = lib.store.get_many([r.paper_id for r in answer.references])
            for audience in ("patient", "public"):
                explainer = write_explainer(answer, papers, audience=audience, today=TODAY)
                report = verify_claims(explainer.claims(), papers)
                reading = explainer.reading
                rows.append(
                    {
                        "question": question,
                        "audience": audience,
                        "label": explainer.label,
                        "sections": [s.key for s in explainer.sections],
                        "fk": reading.flesch_kincaid if reading else None,
                        "smog": reading.smog if reading else None,
                        "words": reading.words if reading else 0,
                        "printed": report.claims,
                        "passed": report.passed,
                        "dropped_before_printing": len(explainer.verification.dropped),
                    }
                )
    out: dict[str, Any] = {"questions": len(EXPLAINER_QUESTIONS), "rows": rows}
    for audience in ("patient", "public"):
        mine = [r for r in rows if r["audience"] == audience and r["fk"] is not None]
        printed = sum(r["printed"] for r in mine)
        out[audience] = {
            "fk_median": round(statistics.median(r["fk"] for r in mine), 1) if mine else None,
            "fk_max": max((r["fk"] for r in mine), default=None),
            "smog_median": round(statistics.median(r["smog"] for r in mine), 1) if mine else None,
            "words_median": statistics.median(r["words"] for r in mine) if mine else 0,
            "checker_pass_rate": round(sum(r["passed"] for r in mine) / printed, 4) if printed else 1.0,
        }
    return out


def run(data: Path) -> dict[str, Any]:
    # Dropped sentences are counted in the results; one log line each would drown the report.
    logging.getLogger("consilience.write.article").setLevel(logging.ERROR)
    rng = random.Random(SEED)
    papers = _papers_rct(data, rng) + _papers_breast(data, rng)
    by_id = {p.id: p for p in papers}
    facts = {p.id: analyze_paper(p) for p in papers}
    result: dict[str, Any] = {"abstracts": len(papers)}
    for audience in AUDIENCES:
        articles = [write_article(p, facts[p.id], audience=audience, today=TODAY) for p in papers]
        result[audience] = _summary(articles, by_id)
    result["cochrane"] = _cochrane(data)
    logging.getLogger("consilience.write.explainer").setLevel(logging.ERROR)
    result["explainers"] = _explainers()
    # Flat headline figures for the one-line report.
    result["patient_fk_median"] = result["patient"]["fk_median"]
    result["patient_smog_median"] = result["patient"]["smog_median"]
    result["public_fk_median"] = result["public"]["fk_median"]
    result["checker_pass_rate"] = min(result[a]["checker_pass_rate"] for a in AUDIENCES)
    result["cochrane_patient_fk_median"] = result["cochrane"]["patient"]["fk_median"]
    result["cochrane_human_fk_median"] = result["cochrane"]["human_fk_median"]
    result["cochrane_number_recall"] = result["cochrane"]["patient"]["number_recall_mean"]
    result["explainer_patient_fk_median"] = result["explainers"]["patient"]["fk_median"]
    result["explainer_patient_smog_median"] = result["explainers"]["patient"]["smog_median"]
    result["explainer_checker_pass_rate"] = min(
        result["explainers"][a]["checker_pass_rate"] for a in ("patient", "public")
    )
    return result
