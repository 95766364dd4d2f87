"""SciFact and BEIR corpus files: JSON Lines of documents with their own ids.

SciFact lines hold ``doc_id``, ``title``, ``abstract`` (a list of sentences) and
``structured``. The sentences are joined with single spaces; for a structured
abstract a sentence that opens with a known section label ("BACKGROUND", "METHODS
AND RESULTS", ...; SciFact drops the colon) starts a new labelled section. The id
is ``scifact:<doc_id>``.

BEIR lines hold ``_id``, ``title``, ``text`` and an optional ``metadata`` object; a
``pubmed_id``/``pmid``/``doi`` there becomes the paper's identifier, else the id is
``beir:<_id>``.

>>> import json, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "corpus.jsonl"
>>> _ = path.write_text(json.dumps({"doc_id": 7, "title": "T", "structured": True,
...     "abstract": ["BACKGROUND Mice age.", "It is slow.", "RESULTS They aged."]}) + "\\n")
>>> paper = next(read_scifact(path)).paper
>>> paper.id, [(s.label, s.text) for s in paper.sections]
('scifact:7', [('BACKGROUND', 'Mice age. It is slow.'), ('RESULTS', 'They aged.')])
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from consilience.ingest.fields import leading_label, parse_abstract, tidy
from consilience.ingest.records import Item, Parsed, Rejected
from consilience.ingest.textio import open_text
from consilience.model import Paper, PaperIds, Section, Source, canonical_id, normalize_doi

__all__ = ["read_beir", "read_scifact"]


def scifact_sections(sentences: list[str], structured: bool) -> list[Section]:
    """Join sentences into sections, splitting at leading labels when structured."""
    sections: list[tuple[str, list[str]]] = []
    for raw in sentences:
        sentence = tidy(raw)
        if not sentence:
            continue
        label, rest = leading_label(sentence) if structured else ("", sentence)
        if label or not sections:
            sections.append((label, [rest] if rest else []))
        else:
            sections[-1][1].append(sentence)
    return [Section(label=label, text=" ".join(parts)) for label, parts in sections if parts or label]


def _scifact_paper(data: dict[str, Any], file: str, position: int) -> Paper:
    doc_id = data.get("doc_id")
    if not isinstance(doc_id, (int, str)) or isinstance(doc_id, bool) or str(doc_id).strip() == "":
        raise ValueError("record has no doc_id")
    abstract = data.get("abstract")
    if not isinstance(abstract, list) or not all(isinstance(s, str) for s in abstract):
        raise ValueError("abstract is not a list of sentences")
    ids = PaperIds(other={"scifact": str(doc_id).strip()})
    return Paper(
        id=f"scifact:{str(doc_id).strip()}",
        ids=ids,
        title=tidy(str(data.get("title") or "")),
        sections=scifact_sections(abstract, bool(data.get("structured"))),
        source=Source(file=file, position=position, format="scifact"),
    )


def _beir_paper(data: dict[str, Any], file: str, position: int) -> Paper:
    doc_id = data.get("_id")
    if not isinstance(doc_id, (int, str)) or isinstance(doc_id, bool) or str(doc_id).strip() == "":
        raise ValueError("record has no _id")
    text = data.get("text")
    if text is not None and not isinstance(text, str):
        raise ValueError("text is not a string")
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    assert isinstance(metadata, dict)
    ids = PaperIds(other={"beir": str(doc_id).strip()})
    pmid = str(metadata.get("pubmed_id") or metadata.get("pmid") or "").strip()
    if pmid.isdigit():
        ids.pmid = pmid
    if isinstance(metadata.get("doi"), str) and metadata["doi"].strip():
        ids.doi = normalize_doi(metadata["doi"])
    return Paper(
        id=canonical_id(ids) or f"beir:{doc_id}",
        ids=ids,
        title=tidy(str(data.get("title") or "")),
        sections=parse_abstract(text or "", lines=False),
        source=Source(file=file, position=position, format="beir"),
    )


def _read(path: str | Path, build: Callable[[dict[str, Any], str, int], Paper]) -> Iterator[Item]:
    file = str(path)
    position = 0
    with open_text(path) as handle:
        lines = iter(handle)
        while True:
            try:
                line = next(lines)
            except StopIteration:
                return
            except (UnicodeDecodeError, EOFError, OSError) as exc:
                yield Rejected(file, position + 1, "", f"cannot read past line {position}: {exc}")
                return
            if not line.strip():
                continue
            position += 1
            try:
                data = json.loads(line)
            except ValueError as exc:
                yield Rejected(file, position, "", f"line {position} is not valid JSON: {exc}")
                continue
            if not isinstance(data, dict):
                yield Rejected(
                    file, position, "", f"line {position} is a JSON {type(data).__name__}, not an object"
                )
                continue
            label = str(data.get("doc_id", data.get("_id", "")))
            try:
                yield Parsed(build(data, file, position))
            except ValueError as exc:
                yield Rejected(file, position, label, str(exc))


def read_scifact(path: str | Path) -> Iterator[Item]:
    """Yield one item per line of a SciFact ``corpus.jsonl``."""
    return _read(path, _scifact_paper)


def read_beir(path: str | Path) -> Iterator[Item]:
    """Yield one item per line of a BEIR ``corpus.jsonl``."""
    return _read(path, _beir_paper)
