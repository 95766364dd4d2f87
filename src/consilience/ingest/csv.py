"""CSV: our export format (one row a paper), and common exports such as PubMed's.

Our columns are id, pmid, doi, pmcid, title, abstract, journal, iso_abbrev, volume,
issue, pages, issn, publisher, year, month, day, authors, publication_types, mesh,
keywords, language. The abstract holds one "LABEL: text" line per section, authors
are "Last, Initials; ..." (a name without a comma is a group author), lists are
joined with "; " and a MeSH heading is "*Descriptor/qualifier" ('*' = major topic).

Headers are matched case-insensitively, and the usual names of other tools are
understood too (Title, Abstract, DOI, PMID, Publication Year, Authors, Journal/Book,
...), including PubMed's "Authors" column ("Smith J, Doe JA.").

>>> import io, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
>>> _ = path.write_text("PMID,Title,Authors,Publication Year\\n12,A trial,\\"Smith J, Doe JA.\\",2020\\n")
>>> paper = next(read_csv(path)).paper
>>> paper.id, [a.display for a in paper.authors], paper.year
('pmid:12', ['Smith J', 'Doe JA'], 2020)
>>> out = io.StringIO(); write_csv([paper], out)
1
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

from consilience.ingest.fields import author_from_name, fallback_id, parse_abstract, tidy
from consilience.ingest.records import Item, Parsed, Rejected
from consilience.ingest.textio import open_text
from consilience.model import Author, Journal, MeshHeading, Paper, PaperIds, PubDate, Source, normalize_doi

__all__ = ["COLUMNS", "read_csv", "write_csv"]

COLUMNS = [
    "id",
    "pmid",
    "doi",
    "pmcid",
    "title",
    "abstract",
    "journal",
    "iso_abbrev",
    "volume",
    "issue",
    "pages",
    "issn",
    "publisher",
    "year",
    "month",
    "day",
    "authors",
    "publication_types",
    "mesh",
    "keywords",
    "language",
]
_ALIASES = {
    "pubmed id": "pmid",
    "pubmed_id": "pmid",
    "pmc": "pmcid",
    "pmc id": "pmcid",
    "article title": "title",
    "document title": "title",
    "journal/book": "journal",
    "journal title": "journal",
    "source title": "journal",
    "publication title": "journal",
    "journal abbreviation": "iso_abbrev",
    "page": "pages",
    "publication year": "year",
    "pub year": "year",
    "author": "authors",
    "author keywords": "keywords",
    "issue number": "issue",
    "publication type": "publication_types",
    "publication types": "publication_types",
    "mesh terms": "mesh",
    "mesh headings": "mesh",
}
_SOURCE_ID = re.compile(r"^([a-z][a-z0-9_-]*):(\S+)$")
_PUBMED_AUTHOR = re.compile(r"^\S.*\s[A-Z]{1,4}$")

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # abstracts can be long


def _column(header: str) -> str:
    name = tidy(header).lower()
    return name if name in COLUMNS else _ALIASES.get(name, name)


def _list(value: str) -> list[str]:
    return [tidy(v) for v in value.split(";") if v.strip()]


def _authors(value: str) -> list[Author]:
    value = tidy(value)
    if not value:
        return []
    if ";" not in value:
        items = [v.strip() for v in value.rstrip(".").split(",")]
        if all(_PUBMED_AUTHOR.match(v) for v in items if v):  # PubMed: 'Smith J, Doe JA.'
            return [author_from_name(re.sub(r"\s+([A-Z]{1,4})$", r", \1", v)) for v in items if v]
    return [author_from_name(v, comma_means_person=True) for v in value.split(";") if v.strip()]


def _mesh(value: str) -> MeshHeading:
    descriptor, *qualifiers = (tidy(v) for v in value.split("/"))
    return MeshHeading(
        descriptor=descriptor.lstrip("*").strip(),
        major=descriptor.startswith("*") or any(q.startswith("*") for q in qualifiers),
        qualifiers=[q.lstrip("*") for q in qualifiers],
    )


def _number(row: dict[str, str], name: str, low: int, high: int) -> int | None:
    text = row.get(name, "")
    if not text:
        return None
    match = re.match(r"^(\d{1,4})(?:\.0)?$", text)
    if not match or not low <= int(match.group(1)) <= high:
        raise ValueError(f"{name} {text!r} is not a {name}")
    return int(match.group(1))


def _paper(row: dict[str, str], file: str, position: int) -> Paper:
    ids = PaperIds(
        pmid=row.get("pmid") or None,
        doi=normalize_doi(row["doi"]) if row.get("doi") else None,
        pmcid=row.get("pmcid") or None,
    )
    year = _number(row, "year", 1000, 2999)
    month = _number(row, "month", 1, 12) if year else None
    day = _number(row, "day", 1, 31) if month else None
    paper_id = row.get("id", "")
    source = _SOURCE_ID.match(paper_id)
    if source and source.group(1) not in {"pmid", "doi", "pmc"}:
        ids.other[source.group(1)] = source.group(2)
    if not paper_id:
        if ids.pmid:
            paper_id = f"pmid:{ids.pmid}"
        elif ids.doi:
            paper_id = f"doi:{ids.doi}"
        elif ids.pmcid:
            paper_id = f"pmc:{ids.pmcid}"
        elif row.get("title"):
            ids.other["ref"] = fallback_id(row["title"], year)
            paper_id = f"ref:{ids.other['ref']}"
        else:
            raise ValueError("CSV row has no title or id")
    return Paper(
        id=paper_id,
        ids=ids,
        title=tidy(row.get("title", "")),
        sections=parse_abstract(row.get("abstract", "")),
        journal=Journal(
            title=tidy(row.get("journal", "")),
            iso_abbrev=tidy(row.get("iso_abbrev", "")),
            volume=row.get("volume", ""),
            issue=row.get("issue", ""),
            pages=row.get("pages", ""),
            issn=row.get("issn", ""),
        ),
        publisher=tidy(row.get("publisher", "")),
        authors=_authors(row.get("authors", "")),
        pub_date=PubDate(year=year, month=month, day=day),
        publication_types=_list(row.get("publication_types", "")),
        mesh=[_mesh(v) for v in _list(row.get("mesh", ""))],
        keywords=_list(row.get("keywords", "")),
        language=row.get("language", ""),
        source=Source(file=file, position=position, format="csv"),
    )


def read_csv(path: str | Path) -> Iterator[Item]:
    """Yield one item per data row; a row that cannot be read is rejected."""
    file = str(path)
    position = 0
    with open_text(path) as handle:
        rows = csv.reader(handle)
        header: list[str] | None = None
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError, EOFError, OSError) as exc:
                if header is None or isinstance(exc, (UnicodeDecodeError, EOFError, OSError)):
                    yield Rejected(file, position + 1, "", f"cannot read CSV past row {position}: {exc}")
                    return
                position += 1
                yield Rejected(file, position, "", f"CSV row {position} is malformed: {exc}")
                continue
            if header is None:
                header = [_column(h) for h in cells]
                if not {"id", "title", "pmid", "doi"} & set(header):
                    yield Rejected(file, 0, "", "CSV header has no id, title, pmid or doi column")
                    return
                continue
            if not any(c.strip() for c in cells):
                continue
            position += 1
            row = {name: cell.strip() for name, cell in zip(header, cells, strict=False) if cell.strip()}
            label = row.get("id") or row.get("pmid") or row.get("doi") or row.get("title", "")[:60]
            try:
                yield Parsed(_paper(row, file, position))
            except ValueError as exc:
                yield Rejected(file, position, label, str(exc))


def _author_cell(author: Author) -> str:
    if author.collective:
        return author.collective
    return f"{author.last_name}, {author.initials}".rstrip(" ")


def _authors_cell(authors: Sequence[Author]) -> str:
    """Authors joined by "; ". A lone group author gets a closing ";" so that a name such as
    "0 A" is not read back as PubMed's "Surname Initials" list form."""
    cell = "; ".join(_author_cell(a) for a in authors)
    return cell + ";" if len(authors) == 1 and authors[0].collective else cell


def write_csv(papers: Iterable[Paper], handle: IO[str]) -> int:
    """Write papers as CSV with :data:`COLUMNS`; see docs/formats.md for what is carried."""
    writer = csv.writer(handle)
    writer.writerow(COLUMNS)
    count = 0
    for paper in papers:
        journal, date = paper.journal, paper.pub_date
        mesh = [("*" if m.major else "") + "/".join([m.descriptor, *m.qualifiers]) for m in paper.mesh]
        writer.writerow(
            [
                paper.id,
                paper.ids.pmid or "",
                paper.ids.doi or "",
                paper.ids.pmcid or "",
                paper.title,
                paper.abstract,
                journal.title,
                journal.iso_abbrev,
                journal.volume,
                journal.issue,
                journal.pages,
                journal.issn,
                paper.publisher,
                date.year or "",
                date.month or "",
                date.day or "",
                _authors_cell(paper.authors),
                "; ".join(paper.publication_types),
                "; ".join(mesh),
                "; ".join(paper.keywords),
                paper.language,
            ]
        )
        count += 1
    return count
