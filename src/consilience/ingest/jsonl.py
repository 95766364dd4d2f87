"""Consilience JSON Lines: one paper a line, in the documented schema of docs/formats.md.

The schema is :class:`consilience.model.Paper` as JSON, with conveniences for people
writing files by hand or converting another tool's output: ``id`` may be omitted (it is
derived from ``pmid``/``doi``), ``pmid``/``doi``/``pmcid`` may sit at the top level,
``abstract`` may be a plain string or a list of strings (its paragraphs or sentences; a
structured abstract written out, "BACKGROUND: ... RESULTS: ..." or "RESULTS The rate fell",
is cut into labelled sections at its labels) or a list of ``{label, text}`` objects (labelled
sections, as ``sections``), ``abstract_sections`` may stand in for ``sections``, and ``year``
may stand in for ``pub_date``.

>>> import json, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "p.jsonl"
>>> _ = path.write_text(json.dumps({"pmid": "12", "title": "T", "abstract": "A."}) + "\\n")
>>> [item.paper.id for item in read_jsonl(path)]
['pmid:12']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from consilience.ingest.fields import parse_abstract
from consilience.ingest.records import Item, Parsed, Rejected
from consilience.ingest.textio import open_text
from consilience.model import Paper, PaperIds, PubDate, Source, canonical_id, normalize_doi

_SHORTCUTS = {"pmid", "doi", "pmcid", "abstract", "abstract_sections", "text", "year"}
#: Every top-level field a record may carry; any other is left out and reported.
_KNOWN = frozenset(Paper.model_fields) | _SHORTCUTS


def _sections_from_abstract(abstract: Any) -> list[dict[str, Any]]:
    """Sections from an ``abstract`` shortcut: a string, a list of strings, or labelled parts.

    >>> _sections_from_abstract("One  line.")
    [{'label': '', 'category': '', 'text': 'One line.'}]
    >>> [s["label"] for s in _sections_from_abstract([{"label": "METHODS", "text": "M."}, {"label": "RESULTS", "text": "R."}])]
    ['METHODS', 'RESULTS']
    >>> _sections_from_abstract(["First sentence.", "Second."])[0]["text"]
    'First sentence. Second.'
    >>> [(s["label"], s["text"]) for s in _sections_from_abstract("AIMS We asked.\\nRESULTS It fell.")]
    [('AIMS', 'We asked.'), ('RESULTS', 'It fell.')]
    """
    if isinstance(abstract, list):
        if all(isinstance(part, dict) for part in abstract):
            return list(abstract)  # labelled sections, validated as Section by the Paper model
        if all(isinstance(part, str) for part in abstract):
            abstract = " ".join(abstract)
        else:
            raise ValueError("field 'abstract': a list must hold only strings or only {label, text} objects")
    return [section.model_dump() for section in parse_abstract(str(abstract))]


def paper_from_dict(data: dict[str, Any], file: str, position: int, fmt: str = "jsonl") -> Paper:
    """Build a Paper from our JSONL schema (with its hand-writing shortcuts)."""
    data = dict(data)
    ids = data.pop("ids", None) or {}
    for key in ("pmid", "doi", "pmcid"):
        if data.get(key) is not None:
            ids[key] = str(data.pop(key))
        else:
            data.pop(key, None)
    if ids.get("doi"):
        ids["doi"] = normalize_doi(ids["doi"])
    paper_ids = PaperIds.model_validate(ids)
    labelled = data.pop("abstract_sections", None)
    if labelled and not data.get("sections"):
        data["sections"] = labelled
    text = data.pop("text", None)  # "id, title, text" is a common layout for abstracts
    abstract = data.pop("abstract", None) or text
    if abstract and not data.get("sections"):
        data["sections"] = _sections_from_abstract(abstract)
    year = data.pop("year", None)
    if year is not None and not data.get("pub_date"):
        data["pub_date"] = PubDate(year=int(year)).model_dump()
    data["source"] = Source(file=file, position=position, format=fmt).model_dump()
    if not data.get("id"):
        data["id"] = canonical_id(paper_ids)
        if data["id"] is None:
            raise ValueError("record has no id, pmid, doi or pmcid")
    data["ids"] = paper_ids.model_dump()
    return Paper.model_validate(data)


def read_jsonl(path: str | Path) -> Iterator[Item]:
    """Yield one item per non-blank line; a bad line is rejected, the rest read on."""
    file = str(path)
    with open_text(path) as handle:
        yield from _read_lines(handle, file)


def _read_lines(handle: IO[str], file: str) -> Iterator[Item]:
    position = 0
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
        except json.JSONDecodeError as exc:
            yield Rejected(
                file, position, "", f"line {position} is not valid JSON: {exc.msg} at column {exc.colno}"
            )
            continue
        if not isinstance(data, dict):
            yield Rejected(
                file, position, "", f"line {position} is a JSON {type(data).__name__}, not an object"
            )
            continue
        label = str(data.get("id") or data.get("pmid") or data.get("doi") or "")
        ignored = tuple(sorted(key for key in data if key not in _KNOWN))
        try:
            paper = paper_from_dict({k: v for k, v in data.items() if k in _KNOWN}, file, position)
            yield Parsed(paper, ignored)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            yield Rejected(file, position, label, f"field {where!r}: {first['msg']}")
        except (ValueError, TypeError) as exc:
            yield Rejected(file, position, label, str(exc))


def write_jsonl(papers: Iterable[Paper], handle: IO[str]) -> int:
    """Write papers in the same schema; reading the file back gives the same papers."""
    count = 0
    for paper in papers:
        handle.write(paper.model_dump_json(exclude_defaults=True, exclude={"source"}) + "\n")
        count += 1
    return count
