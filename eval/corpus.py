"""Load the shared evaluation sources as :class:`~consilience.model.Paper` objects, by id.

Gold files in ``eval/gold`` hold only ``(source, id)`` pairs and labels; these loaders turn
them back into papers from ``../shared/data``. MEDLINE goes through the project's own PubMed
reader; the JSON sources (for which the package has no reader yet) are read here.

Sources and their ids:

- ``scifact``: ``scifact/corpus.jsonl`` by ``doc_id``
- ``pubmedqa``: ``pubmedqa/pqal_train.json`` by PMID (contexts + long answer as CONCLUSIONS)
- ``medline``: ``medline/medline16n0902.xml.gz`` by PMID
- ``evidence_inference``: ``evidence_inference/abstracts.jsonl`` by PMCID
- ``bc_subset``: ``breast_cancer_subset/bc_subset.jsonl`` by ``<its source>:<its id>``
- ``cochrane``: ``cochrane_pls/val.source`` (one review abstract a line, results and conclusions
  only) by the review's DOI less ``10.1002/14651858.`` (``CD006819.pub2``), from ``val.doi``. It
  is not in ``SOURCES``: the retrieval corpus built from those stays as it was measured.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from consilience.ingest.pubmed_xml import read_pubmed_xml
from consilience.ingest.records import Parsed
from consilience.model import MeshHeading, Paper, PaperIds, PubDate, Section

SOURCES = ("scifact", "pubmedqa", "medline", "evidence_inference", "bc_subset")

_SCIFACT_LABEL = re.compile(
    r"^((?:BACKGROUND|INTRODUCTION|CONTEXT|OBJECTIVES?|AIMS?|PURPOSE|IMPORTANCE|RATIONALE|"
    r"(?:MATERIALS? AND |PATIENTS AND |SUBJECTS AND )?METHODS?(?: AND (?:MATERIALS?|FINDINGS))?|"
    r"DESIGN(?:,? SETTING,? AND PARTICIPANTS)?|SETTING|PARTICIPANTS|PATIENTS|INTERVENTIONS?|"
    r"MAIN OUTCOME MEASURES?|MEASUREMENTS?|RESULTS?|FINDINGS|CONCLUSIONS?(?: AND RELEVANCE)?|"
    r"INTERPRETATION|SIGNIFICANCE|DATA SOURCES|STUDY SELECTION|DATA EXTRACTION|DATA SYNTHESIS|"
    r"METHODOLOGY(?:/PRINCIPAL FINDINGS)?|PRINCIPAL FINDINGS|FUNDING|TRIAL REGISTRATION)\b)\s+(.*)$",
    re.DOTALL,
)


def _clean(text: str) -> str:
    return " ".join(text.split())


@functools.cache
def load_scifact(data: Path) -> dict[str, Paper]:
    """SciFact corpus abstracts; structured ones are cut into sections at their labels."""
    papers: dict[str, Paper] = {}
    with (data / "scifact" / "corpus.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            doc = str(rec["doc_id"])
            sections: list[Section] = []
            label, parts = "", []
            for sentence in rec["abstract"]:
                sentence = _clean(sentence)
                match = _SCIFACT_LABEL.match(sentence) if rec.get("structured") else None
                if match:
                    if parts:
                        sections.append(Section(label=label, text=" ".join(parts)))
                    label, parts = match.group(1), [match.group(2)]
                elif sentence:
                    parts.append(sentence)
            if parts:
                sections.append(Section(label=label, text=" ".join(parts)))
            papers[doc] = Paper(
                id=f"scifact:{doc}",
                ids=PaperIds(other={"scifact": doc}),
                title=_clean(rec.get("title", "")),
                sections=sections,
            )
    return papers


@functools.cache
def load_pubmedqa(data: Path) -> dict[str, Paper]:
    """PubMedQA expert-labelled abstracts (no titles); MeSH terms kept."""
    raw: dict[str, dict[str, Any]] = json.loads(
        (data / "pubmedqa" / "pqal_train.json").read_text(encoding="utf-8")
    )
    papers: dict[str, Paper] = {}
    for pmid, rec in raw.items():
        sections = [
            Section(label=label, category=label, text=_clean(text))
            for text, label in zip(rec["CONTEXTS"], rec["LABELS"], strict=False)
        ]
        if rec.get("LONG_ANSWER"):
            sections.append(
                Section(label="CONCLUSIONS", category="CONCLUSIONS", text=_clean(rec["LONG_ANSWER"]))
            )
        year = int(rec["YEAR"]) if str(rec.get("YEAR", "")).isdigit() else None
        papers[pmid] = Paper(
            id=f"pmid:{pmid}",
            ids=PaperIds(pmid=pmid),
            sections=sections,
            mesh=[MeshHeading(descriptor=m) for m in rec.get("MESHES", [])],
            pub_date=PubDate(year=year),
        )
    return papers


@functools.cache
def load_medline(data: Path) -> dict[str, Paper]:
    """The MEDLINE 2016 excerpt through the project's PubMed XML reader."""
    papers: dict[str, Paper] = {}
    for item in read_pubmed_xml(data / "medline" / "medline16n0902.xml.gz"):
        if isinstance(item, Parsed) and item.paper.ids.pmid:
            papers[item.paper.ids.pmid] = item.paper
    return papers


@functools.cache
def load_evidence_inference(data: Path) -> dict[str, Paper]:
    """Evidence Inference RCT abstracts by PMCID."""
    papers: dict[str, Paper] = {}
    with (data / "evidence_inference" / "abstracts.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            pmcid = str(rec["pmcid"])
            sections = [
                Section(label=s.get("label") or "", text=_clean(s.get("text") or ""))
                for s in rec.get("abstract_sections", [])
            ]
            papers[pmcid] = Paper(
                id=f"pmc:{pmcid}",
                ids=PaperIds(pmcid=pmcid),
                title=_clean(rec.get("title") or ""),
                sections=sections,
            )
    return papers


@functools.cache
def load_bc_subset(data: Path) -> dict[str, Paper]:
    """The breast-cancer subset (plain text, one section) by '<source>:<id>'."""
    papers: dict[str, Paper] = {}
    path = data / "breast_cancer_subset" / "bc_subset.jsonl"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            key = f"{rec['source']}:{rec['id']}"
            papers[key] = Paper(
                id=f"bc:{key}",
                ids=PaperIds(other={"bc_subset": key}),
                title=_clean(rec.get("title") or ""),
                sections=[Section(text=_clean(rec.get("text") or ""))],
            )
    return papers


@functools.cache
def load_cochrane(data: Path) -> dict[str, Paper]:
    """The Cochrane review abstracts of ``cochrane_pls`` (one unlabelled section) by DOI suffix."""
    folder = data / "cochrane_pls"
    texts = (folder / "val.source").read_text(encoding="utf-8").splitlines()
    dois = (folder / "val.doi").read_text(encoding="utf-8").splitlines()
    papers: dict[str, Paper] = {}
    for doi, text in zip(dois, texts, strict=True):
        key = doi.strip().removeprefix("10.1002/14651858.")
        papers[key] = Paper(
            id=f"cochrane:{key}", ids=PaperIds(doi=doi.strip()), sections=[Section(text=_clean(text))]
        )
    return papers


_LOADERS = {
    "scifact": load_scifact,
    "pubmedqa": load_pubmedqa,
    "medline": load_medline,
    "evidence_inference": load_evidence_inference,
    "bc_subset": load_bc_subset,
    "cochrane": load_cochrane,
}


def load_source(data: Path, source: str) -> dict[str, Paper]:
    """Every paper of one source, keyed by the id gold files use."""
    return _LOADERS[source](Path(data))


def resolve(data: Path, source: str, record_id: str) -> Paper:
    """The paper a gold row names; KeyError if the source lacks it."""
    return load_source(data, source)[record_id]
