"""PubMedQA JSON: one object keyed by PMID, each value a question with its abstract.

Each value holds ``QUESTION`` (the paper's title, phrased as a question),
``CONTEXTS`` (abstract parts) with their section ``LABELS``, ``LONG_ANSWER`` (the
abstract's conclusion), ``MESHES`` and ``YEAR``. The title of the Paper is the
question; the contexts become labelled sections and the long answer a final
``CONCLUSIONS`` section. The answer labels (``final_decision``,
``reasoning_required_pred``, ...) are evaluation data and are not stored.

Files are streamed with ``ijson`` (the artificial PubMedQA split is hundreds of MB),
so memory stays flat whatever the file size. A malformed value is rejected and
reading goes on; broken JSON syntax ends the file with one rejection.

>>> import json, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "qa.json"
>>> _ = path.write_text(json.dumps({"42": {"QUESTION": "Does X help?", "CONTEXTS": ["We ran a trial."],
...     "LABELS": ["METHODS"], "LONG_ANSWER": "X helps.", "YEAR": "2001"}}))
>>> paper = next(read_pubmedqa(path)).paper
>>> paper.id, paper.title, [s.label for s in paper.sections], paper.year
('pmid:42', 'Does X help?', ['METHODS', 'CONCLUSIONS'], 2001)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ijson  # type: ignore[import-untyped]

from consilience.ingest.fields import tidy
from consilience.ingest.records import Item, Parsed, Rejected
from consilience.ingest.textio import open_binary
from consilience.model import MeshHeading, Paper, PaperIds, PubDate, Section, Source, canonical_id

__all__ = ["read_pubmedqa"]


def _strings(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{field} is not a list of strings")
    return value


def _paper(key: str, value: Any, file: str, position: int) -> Paper:
    if not isinstance(value, dict):
        raise ValueError(f"value is a JSON {type(value).__name__}, not an object")
    question = value.get("QUESTION")
    contexts = _strings(value.get("CONTEXTS"), "CONTEXTS")
    labels = _strings(value.get("LABELS"), "LABELS")
    if not isinstance(question, str) or not question.strip():
        raise ValueError("record has no QUESTION")
    sections = [
        Section(label=labels[i] if i < len(labels) else "", text=tidy(text))
        for i, text in enumerate(contexts)
        if text.strip()
    ]
    long_answer = value.get("LONG_ANSWER")
    if isinstance(long_answer, str) and long_answer.strip():
        sections.append(Section(label="CONCLUSIONS", text=tidy(long_answer)))
    year_text = str(value.get("YEAR") or "").strip()
    if year_text and not year_text.isdigit():
        raise ValueError(f"YEAR {year_text!r} is not a year")
    ids = PaperIds(pmid=key) if key.isdigit() else PaperIds(other={"pubmedqa": key})
    return Paper(
        id=canonical_id(ids) or f"pubmedqa:{key}",
        ids=ids,
        title=tidy(question),
        sections=sections,
        mesh=[MeshHeading(descriptor=m) for m in _strings(value.get("MESHES"), "MESHES") if m.strip()],
        pub_date=PubDate(year=int(year_text)) if year_text else PubDate(),
        source=Source(file=file, position=position, format="pubmedqa"),
    )


def read_pubmedqa(path: str | Path) -> Iterator[Item]:
    """Yield one item per PMID key of a PubMedQA file, streaming."""
    file = str(path)
    position = 0
    with open_binary(path) as handle:
        pairs = ijson.kvitems(handle, "", use_float=True)
        while True:
            try:
                key, value = next(pairs)
            except StopIteration:
                return
            except (ijson.JSONError, UnicodeDecodeError, ValueError, EOFError, OSError) as exc:
                yield Rejected(
                    file, position + 1, "", f"not valid PubMedQA JSON after record {position}: {exc}"
                )
                return
            position += 1
            try:
                yield Parsed(_paper(str(key), value, file, position))
            except ValueError as exc:
                yield Rejected(file, position, f"PMID {key}", str(exc))
