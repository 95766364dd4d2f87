"""PubMed's citation-manager export (.nbib): the MEDLINE tagged format.

Each record is a run of ``TAG - value`` lines (the tag padded to four characters),
values continued on lines indented by six spaces, records separated by blank lines.
A structured abstract is one ``AB`` field ("BACKGROUND: ... METHODS: ..."); it is
split back into labelled sections where the labels are ALL-CAPS words and a colon.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "one.nbib"
>>> _ = path.write_text("PMID- 123\\nTI  - A trial.\\nAB  - AIMS: To test. RESULTS: It\\n"
...                     "      worked.\\nFAU - Doe, Jane Ann\\nAU  - Doe JA\\nDP  - 2021 Mar 4\\n")
>>> paper = next(read_nbib(path)).paper
>>> paper.id, [(s.label, s.text) for s in paper.sections], paper.authors[0].initials
('pmid:123', [('AIMS', 'To test.'), ('RESULTS', 'It worked.')], 'JA')
>>> paper.pub_date.iso()
'2021-03-04'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from consilience.ingest.fields import author_from_name, parse_abstract, parse_date, tidy
from consilience.ingest.records import Item, Parsed, Rejected
from consilience.ingest.textio import open_text
from consilience.model import (
    Author,
    Grant,
    Journal,
    MeshHeading,
    Paper,
    PaperIds,
    PubDate,
    Source,
    normalize_doi,
)

__all__ = ["read_nbib"]

# -- the MEDLINE reader -----------------------------------------------------------

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,3}- ?(.*)$")
_JOINED = {"TI", "AB", "AD", "COIS", "JT", "BTI", "OAB"}


def _records(path: str | Path) -> Iterator[list[tuple[str, str]]]:
    """Tag/value pairs of each blank-line separated record, continuations joined."""
    fields: list[tuple[str, str]] = []
    with open_text(path) as handle:
        for raw in handle:
            line = raw.rstrip("\r\n")
            if not line.strip():
                if fields:
                    yield fields
                    fields = []
                continue
            match = _TAG_LINE.match(line)
            if match and not line.startswith(" "):
                fields.append((match.group(1), match.group(2).strip()))
            elif fields:
                tag, value = fields[-1]
                fields[-1] = (tag, f"{value} {line.strip()}")
            else:
                fields.append(("", line.strip()))
    if fields:
        yield fields


def _mesh(value: str) -> MeshHeading:
    descriptor, *qualifiers = value.split("/")
    major = descriptor.startswith("*") or any(q.startswith("*") for q in qualifiers)
    return MeshHeading(
        descriptor=descriptor.lstrip("*").strip(),
        major=major,
        qualifiers=[q.lstrip("*").strip() for q in qualifiers],
    )


def _grant(value: str) -> Grant:
    parts = [p.strip() for p in value.split("/")]
    country = parts[-1] if len(parts) >= 4 else ""
    agency = parts[-2] if len(parts) >= 4 else (parts[-1] if len(parts) >= 2 else "")
    return Grant(grant_id=parts[0], agency=agency, country=country)


def _paper(fields: list[tuple[str, str]], file: str, position: int) -> Paper | str:
    """A Paper from one record's fields, or the reason it cannot be one."""
    values: dict[str, list[str]] = {}
    authors: list[Author] = []
    pending: Author | None = None  # the last FAU, waiting for its AU (which has the initials)
    for tag, value in fields:
        values.setdefault(tag, []).append(value)
        short = re.match(r"^(.*\S)\s+([A-Z]{1,4})$", value)
        if tag == "FAU":
            pending = author_from_name(value)
            authors.append(pending)
        elif tag == "AU" and pending is not None:
            if short:
                pending.initials = short.group(2)
            pending = None
        elif tag == "AU":
            authors.append(
                Author(last_name=short.group(1), initials=short.group(2))
                if short
                else Author(last_name=value)
            )
        elif tag == "AD" and authors:
            authors[-1].affiliations.append(value)
        elif tag == "CN":
            pending = None
            authors.append(Author(collective=value))
    pmid = (values.get("PMID") or [""])[0].strip()
    if not pmid.isdigit():
        return "MEDLINE record has no PMID" if not pmid else f"PMID {pmid!r} is not a number"
    ids = PaperIds(pmid=pmid)
    for value in values.get("LID", []) + values.get("AID", []):
        kind = re.search(r"\[(\w+)\]\s*$", value)
        number = value[: kind.start()].strip() if kind else value
        if kind and kind.group(1) == "doi" and not ids.doi:
            ids.doi = normalize_doi(number)
        elif kind and kind.group(1) == "pii":
            ids.other.setdefault("pii", number)
    pmc = (values.get("PMC") or [""])[0]
    ids.pmcid = pmc.split()[0] if pmc else None
    first = {tag: vals[0] for tag, vals in values.items()}
    revised = first.get("LR", "")
    version_date = f"{revised[:4]}-{revised[4:6]}-{revised[6:8]}" if re.fullmatch(r"\d{8}", revised) else ""
    date = parse_date(first.get("DP", ""))
    if date.text and date.year is not None:
        date = PubDate(year=date.year, month=date.month, day=date.day, text=first.get("DP", ""))
    return Paper(
        id=f"pmid:{pmid}",
        ids=ids,
        title=tidy(first.get("TI", "") or first.get("BTI", "")),
        sections=parse_abstract(first.get("AB", ""), lines=False),
        journal=Journal(
            title=first.get("JT", ""),
            iso_abbrev=first.get("TA", ""),
            volume=first.get("VI", ""),
            issue=first.get("IP", ""),
            pages=first.get("PG", ""),
            issn=re.sub(r"\s*\(.*\)$", "", first.get("IS", "")),
        ),
        publisher=first.get("PB", ""),
        authors=authors,
        pub_date=date,
        publication_types=values.get("PT", []),
        mesh=[_mesh(v) for v in values.get("MH", [])],
        keywords=values.get("OT", []),
        language=first.get("LA", ""),
        grants=[_grant(v) for v in values.get("GR", [])],
        coi_statement=first.get("COIS", ""),
        version=f"001|{version_date}",
        source=Source(file=file, position=position, format="nbib"),
    )


def read_nbib(path: str | Path) -> Iterator[Item]:
    """Yield one item per MEDLINE record; a record without a PMID is rejected."""
    file = str(path)
    position = 0
    records = _records(path)
    while True:
        try:
            fields = next(records)
        except StopIteration:
            return
        except (UnicodeDecodeError, EOFError, OSError) as exc:
            yield Rejected(file, position + 1, "", f"cannot read past record {position}: {exc}")
            return
        position += 1
        label = next((f"PMID {v}" for t, v in fields if t == "PMID"), "")
        try:
            result = _paper(fields, file, position)
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            result = f"invalid field: {exc}"
        if isinstance(result, str):
            yield Rejected(file, position, label, result)
        else:
            yield Parsed(result)
