"""PubMed's citation-manager export (.nbib): the MEDLINE tagged format.

Each record is a run of ``TAG - value`` lines (the tag padded to four characters),
values continued on lines indented by six spaces, records separated by blank lines.
A structured abstract is one ``AB`` field ("BACKGROUND: ... METHODS: ..."); it is
split back into labelled sections where the labels are ALL-CAPS words and a colon.

This module also holds the small helpers the other citation formats (RIS, BibTeX,
CSV) share: abstract splitting, author names, dates and the fallback id.

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

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from consilience.ingest.pubmed_xml import parse_medline_date, parse_month
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
    Section,
    Source,
    normalize_doi,
)

__all__ = [
    "author_from_name",
    "fallback_id",
    "initials_of",
    "parse_abstract",
    "parse_date",
    "read_nbib",
    "tidy",
]

# -- shared helpers -------------------------------------------------------------

# An inline label: ALL-CAPS words then a colon, at the start or after a sentence end.
_INLINE_LABEL = re.compile(r"(?:^|(?<=[.!?)\]]\s))([A-Z][A-Z0-9]*(?:(?:[ ,/&-]|, )+[A-Z][A-Z0-9]*)*):\s+")
# A label at the start of a line: any short capitalised phrase then a colon.
_LINE_LABEL = re.compile(r"([A-Z][A-Za-z0-9 ,&/()'-]{0,58}[A-Za-z)]):[ \t]+(?=\S)")
_INITIALS_ONLY = re.compile(r"^(?:[A-Z][.\s-]*){1,4}$")
_PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "da",
    "del",
    "della",
    "di",
    "du",
    "la",
    "le",
    "dos",
    "ten",
    "ter",
}


def tidy(text: str) -> str:
    """Collapse runs of whitespace to single spaces and trim the ends."""
    return " ".join(text.split())


def _split_inline(text: str) -> list[Section]:
    matches = [m for m in _INLINE_LABEL.finditer(text) if len(m.group(1)) >= 3]
    if not matches:
        return [Section(text=text)] if text else []
    sections = []
    if matches[0].start() > 0:
        sections.append(Section(text=text[: matches[0].start()].strip()))
    for match, after in zip(matches, [*matches[1:], None], strict=True):
        end = after.start() if after is not None else len(text)
        sections.append(Section(label=match.group(1), text=text[match.end() : end].strip()))
    return [s for s in sections if s.text or s.label]


def parse_abstract(text: str, *, lines: bool = True) -> list[Section]:
    """Split an abstract into labelled sections.

    With ``lines`` (the default), a line starting "Label: " opens a section and other
    lines continue the one before. Each section (or, when no line has a label, the
    text as one paragraph) is then split at inline ALL-CAPS labels after a sentence
    end ("BACKGROUND: ... METHODS: ...").

    >>> [(s.label, s.text) for s in parse_abstract("Aims: x\\nResults: y\\nmore")]
    [('Aims', 'x'), ('Results', 'y more')]
    >>> [(s.label, s.text) for s in parse_abstract("OBJECTIVE: x. METHODS: y (95% CI: 1-2).")]
    [('OBJECTIVE', 'x.'), ('METHODS', 'y (95% CI: 1-2).')]
    """
    if lines:
        sections: list[Section] = []
        labelled = False
        for raw in text.splitlines():
            line = tidy(raw)
            if not line:
                continue
            match = _LINE_LABEL.match(line)
            if match:
                labelled = True
                sections.append(Section(label=match.group(1), text=line[match.end() :]))
            elif sections:
                previous = sections[-1]
                sections[-1] = Section(label=previous.label, text=f"{previous.text} {line}")
            else:
                sections.append(Section(text=line))
        if labelled:
            expanded: list[Section] = []
            for section in sections:
                pieces = _split_inline(section.text)
                if pieces and not pieces[0].label:
                    pieces[0] = Section(label=section.label, text=pieces[0].text)
                expanded.extend(pieces or [section])
            return expanded
    return _split_inline(tidy(text))


def initials_of(fore_name: str) -> str:
    """PubMed-style initials: 'Jean-Pierre' -> 'JP', 'Mary Ann' -> 'MA'."""
    return "".join(part[0].upper() for part in re.split(r"[\s.-]+", fore_name) if part and part[0].isalpha())


def author_from_name(name: str, *, comma_means_person: bool = False) -> Author:
    """An author from 'Last, First', 'Last, FM' or 'First von Last'.

    With ``comma_means_person`` a name without a comma is a group author (RIS and CSV
    write people as 'Last, First' and groups as plain names).

    >>> author_from_name("van der Berg, Jean-Pierre").model_dump(exclude={"affiliations"})
    {'last_name': 'van der Berg', 'fore_name': 'Jean-Pierre', 'initials': 'JP', 'collective': ''}
    >>> author_from_name("Ann B. Smith").initials
    'AB'
    """
    name = tidy(name)
    if "," in name:
        last, _, fore = (tidy(p) for p in name.partition(","))
        if "," in fore:  # 'Last, Jr, First'
            fore = tidy(fore.rpartition(",")[2])
        if _INITIALS_ONLY.match(fore):
            return Author(last_name=last, initials=re.sub(r"[^A-Z]", "", fore))
        return Author(last_name=last, fore_name=fore, initials=initials_of(fore))
    if comma_means_person:
        return Author(collective=name)
    words = name.split(" ")
    if len(words) == 1:
        return Author(last_name=name)
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    fore = " ".join(words[:start])
    return Author(last_name=" ".join(words[start:]), fore_name=fore, initials=initials_of(fore))


def parse_date(text: str) -> PubDate:
    """A date as citation files write it: '2020', '2020/03/15/', '2020-03', '2020 Mar 15'.

    >>> parse_date("2020/03//").model_dump(exclude={"text"})
    {'year': 2020, 'month': 3, 'day': None}
    """
    text = text.strip()
    match = re.fullmatch(r"(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?)?(?:/.*)?", text)
    if match:
        month = int(match.group(2)) if match.group(2) and 1 <= int(match.group(2)) <= 12 else None
        day = int(match.group(3)) if month and match.group(3) and 1 <= int(match.group(3)) <= 31 else None
        return PubDate(year=int(match.group(1)), month=month, day=day)
    match = re.fullmatch(r"(\d{4})(?:\s+([A-Za-z]{3,9})\.?(?:\s+(\d{1,2}))?)?", text)
    if match:
        month = parse_month(match.group(2)) if match.group(2) else None
        day = int(match.group(3)) if month and match.group(3) and 1 <= int(match.group(3)) <= 31 else None
        return PubDate(year=int(match.group(1)), month=month, day=day)
    if re.match(r"\s*\d{4}", text):
        return parse_medline_date(text)
    return PubDate(text=text)


def fallback_id(title: str, year: int | None) -> str:
    """A stable id for a record with no identifier: a hash of its title and year."""
    key = f"{tidy(title).lower()}|{year or ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


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
