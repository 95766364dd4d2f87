"""RIS as Zotero, EndNote and Mendeley write it: a reader and a writer.

A record is ``TAG  - value`` lines from ``TY`` to ``ER``; tags may repeat (``AU``,
``KW``) and a line without a tag continues the value above it (Zotero writes long
abstracts that way). Synonyms are merged: TI/T1, AB/N2, AU/A1, PY/Y1/DA, T2/JO/JF
(journal), J2/JA (abbreviation), SP/EP (pages). The DOI is normalised; a PMID comes
from ``AN`` when it is a plain number of up to 8 digits, or from "PMID: n" in the
notes or a PubMed URL; a PMCID from "PMC..." in ``C2`` or the notes. People are
written "Last, First"; a name without a comma is a group author. ``ID`` carries the
library id so that papers known only by a source id (``scifact:4983``) keep it.

>>> import io, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.ris"
>>> _ = path.write_text("TY  - JOUR\\nTI  - A trial\\nAU  - Doe, Jane\\nPY  - 2020\\n"
...                     "DO  - https://doi.org/10.1/ABC\\nER  - \\n")
>>> paper = next(read_ris(path)).paper
>>> paper.id, paper.authors[0].initials
('doi:10.1/abc', 'J')
>>> out = io.StringIO(); write_ris([paper], out)
1
>>> "DO  - 10.1/abc" in out.getvalue()
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from consilience.ingest.fields import author_from_name, fallback_id, parse_abstract, parse_date, tidy
from consilience.ingest.records import Item, Parsed, Rejected
from consilience.ingest.textio import open_text
from consilience.model import Journal, Paper, PaperIds, PubDate, Source, canonical_id, normalize_doi

__all__ = ["read_ris", "write_ris"]

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  ?-(?: (.*))?$")
_SOURCE_ID = re.compile(r"^([a-z][a-z0-9_-]*):(\S+)$")
_PMID_NOTE = re.compile(r"\bPMID:?\s*(\d{1,9})\b", re.IGNORECASE)
_PMCID = re.compile(r"\b(PMC\d+)\b")
_PUBMED_URL = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{1,9})")


def _records(handle: IO[str]) -> Iterator[tuple[list[tuple[str, str]], bool]]:
    """(fields, proper) per record; ``proper`` is False for text found outside TY..ER."""
    fields: list[tuple[str, str]] = []
    inside = False
    stray: list[tuple[str, str]] = []
    for raw in handle:
        line = raw.rstrip("\r\n").lstrip("\ufeff")
        match = _TAG_LINE.match(line)
        tag, value = (match.group(1), (match.group(2) or "").strip()) if match else ("", line)
        if tag == "TY":
            if inside:  # a record without ER: end it here
                yield fields, True
            elif stray:
                yield stray, False
                stray = []
            fields, inside = [("TY", value)], True
        elif not inside:
            if line.strip():
                stray.append((tag, line))
        elif tag == "ER":
            yield fields, True
            fields, inside = [], False
        elif tag:
            fields.append((tag, value))
        elif line.strip() and fields:
            last_tag, last_value = fields[-1]
            fields[-1] = (last_tag, f"{last_value}\n{line.strip()}" if last_value else line.strip())
    if inside:
        yield fields, True
    elif stray:
        yield stray, False


def _first(values: dict[str, list[str]], *tags: str) -> str:
    for tag in tags:
        for value in values.get(tag, []):
            if value.strip():
                return value.strip()
    return ""


def _paper(fields: list[tuple[str, str]], file: str, position: int) -> Paper | str:
    values: dict[str, list[str]] = {}
    for tag, value in fields:
        values.setdefault(tag, []).append(value)
    title = tidy(_first(values, "TI", "T1", "CT", "BT"))
    notes = " ".join(
        values.get("N1", []) + values.get("M1", []) + values.get("C2", []) + values.get("UR", [])
    )
    ids = PaperIds()
    doi = _first(values, "DO")
    if doi:
        ids.doi = normalize_doi(doi.split()[0])
    accession = _first(values, "AN")
    pmid_note = _PMID_NOTE.search(notes) or _PUBMED_URL.search(notes)
    if re.fullmatch(r"\d{1,8}", accession):
        ids.pmid = accession
    elif pmid_note:
        ids.pmid = pmid_note.group(1)
    pmc = _PMCID.search(notes)
    ids.pmcid = pmc.group(1) if pmc else None
    record_id = _first(values, "ID")
    source_id = _SOURCE_ID.match(record_id)
    if not (ids.pmid or ids.doi or ids.pmcid):
        if source_id and source_id.group(1) not in {"pmid", "doi", "pmc"}:
            ids.other[source_id.group(1)] = source_id.group(2)
        elif title:
            year_match = re.match(r"\s*(\d{4})", _first(values, "PY", "Y1", "DA"))
            ids.other["ref"] = fallback_id(title, int(year_match.group(1)) if year_match else None)
        else:
            return "RIS record has no title or id"
    date = parse_date(_first(values, "DA", "PY", "Y1"))
    year_only = parse_date(_first(values, "PY", "Y1"))
    if date.year is None and year_only.year is not None:
        date = year_only
    if date.year is None:
        date = PubDate()
    start, end = _first(values, "SP"), _first(values, "EP")
    pages = f"{start}-{end}" if start and end and end != start else start or end
    abstract = "\n".join(values.get("AB", []) or values.get("N2", []))
    return Paper(
        id=canonical_id(ids) or "",
        ids=ids,
        title=title,
        sections=parse_abstract(abstract),
        journal=Journal(
            title=tidy(_first(values, "T2", "JF", "JO")),
            iso_abbrev=tidy(_first(values, "J2", "JA", "J1")),
            volume=_first(values, "VL"),
            issue=_first(values, "IS"),
            pages=pages,
            issn=_first(values, "SN"),
        ),
        publisher=tidy(_first(values, "PB")),
        authors=[
            author_from_name(v, comma_means_person=True)
            for tag in ("AU", "A1")
            for v in values.get(tag, [])
            if v.strip()
        ],
        pub_date=date,
        keywords=[tidy(k) for k in values.get("KW", []) if k.strip()],
        language=_first(values, "LA"),
        source=Source(file=file, position=position, format="ris"),
    )


def read_ris(path: str | Path) -> Iterator[Item]:
    """Yield one item per TY..ER record; a record that cannot be read is rejected."""
    file = str(path)
    position = 0
    with open_text(path) as handle:
        records = _records(handle)
        while True:
            try:
                fields, proper = next(records)
            except StopIteration:
                return
            except (UnicodeDecodeError, EOFError, OSError) as exc:
                yield Rejected(file, position + 1, "", f"cannot read past record {position}: {exc}")
                return
            position += 1
            label = next((v for t, v in fields if t in ("TI", "T1", "ID") and v), "")[:60]
            if not proper:
                yield Rejected(file, position, "", "text outside a RIS record (records start with 'TY  - ')")
                continue
            try:
                result = _paper(fields, file, position)
            except ValueError as exc:
                result = f"invalid field: {exc}"
            if isinstance(result, str):
                yield Rejected(file, position, label, result)
            else:
                yield Parsed(result)


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {value}\n"


def write_ris(papers: Iterable[Paper], handle: IO[str]) -> int:
    """Write papers as RIS (JOUR records); see docs/formats.md for the fields carried."""
    count = 0
    for paper in papers:
        out = [_line("TY", "JOUR"), _line("ID", paper.id)]
        if paper.title:
            out.append(_line("TI", paper.title))
        for author in paper.authors:
            if author.collective:
                out.append(_line("AU", author.collective))
            elif author.last_name:
                out.append(_line("AU", f"{author.last_name}, {author.fore_name or author.initials}".rstrip()))
        date = paper.pub_date
        if date.year is not None:
            out.append(_line("PY", str(date.year)))
            month = f"{date.month:02d}" if date.month else ""
            day = f"{date.day:02d}" if date.month and date.day else ""
            out.append(_line("DA", f"{date.year:04d}/{month}/{day}/"))
        journal = paper.journal
        for tag, value in (
            ("T2", journal.title),
            ("J2", journal.iso_abbrev),
            ("VL", journal.volume),
            ("IS", journal.issue),
            ("SN", journal.issn),
            ("PB", paper.publisher),
        ):
            if value:
                out.append(_line(tag, value))
        pages = re.fullmatch(r"([^-]+)-([^-]+)", journal.pages)
        # A range whose ends are equal stays whole: readers (ours too) take SP = EP as one page.
        if pages and pages.group(1) != pages.group(2):
            out += [_line("SP", pages.group(1)), _line("EP", pages.group(2))]
        elif journal.pages:
            out.append(_line("SP", journal.pages))
        if paper.ids.doi:
            out.append(_line("DO", paper.ids.doi))
        if paper.ids.pmid:
            out.append(_line("AN", paper.ids.pmid))
        if paper.ids.pmcid:
            out.append(_line("C2", f"PMCID: {paper.ids.pmcid}"))
        if paper.sections:
            out.append(_line("AB", paper.abstract))
        out += [_line("KW", k) for k in paper.keywords]
        if paper.language:
            out.append(_line("LA", paper.language))
        out.append("ER  - \n\n")
        handle.write("".join(out))
        count += 1
    return count
