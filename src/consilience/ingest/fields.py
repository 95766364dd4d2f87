"""Fields the citation-export readers share (MEDLINE .nbib, RIS, BibTeX, CSV, PubMedQA, SciFact).

Exports flatten what PubMed XML keeps apart, so each reader needs the same few repairs:
a structured abstract written as one string ("BACKGROUND: ... METHODS: ...") split back
into labelled sections, author names in either order, free-text dates, and a stable id
for a record that has none.

>>> [(s.label, s.text) for s in parse_abstract("AIMS: To test. RESULTS: It worked.")]
[('AIMS', 'To test.'), ('RESULTS', 'It worked.')]
>>> author_from_name("Doe, Jane Ann").initials
'JA'
>>> parse_date("2021 Mar 4").iso()
'2021-03-04'
"""

from __future__ import annotations

import hashlib
import re

from consilience.ingest.pubmed_xml import parse_medline_date, parse_month
from consilience.model import Author, PubDate, Section

__all__ = ["author_from_name", "fallback_id", "initials_of", "parse_abstract", "parse_date", "tidy"]

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
