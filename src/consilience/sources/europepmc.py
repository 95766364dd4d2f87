"""Europe PMC through its REST API: the ``search`` endpoint, JSON, full ('core') records.

Pages are walked with ``cursorMark`` (Europe PMC's deep paging). Each record becomes a
:class:`~consilience.model.Paper` with its abstract split at the ``<h4>`` headings Europe
PMC prints, DOI, PMID/PMCID, journal, dates, authors, publication types and MeSH. A
record with a PMID gets the PubMed library id (``pmid:N``) and a lower version than any
PubMed record, so the store keeps the PubMed copy when both arrive.

>>> item = paper_from_europepmc({"id": "31", "source": "MED", "pmid": "31", "title": "A <i>trial</i>",
...     "abstractText": "<h4>Methods</h4>We randomised 40. <h4>Results</h4>HR 0.5.",
...     "pubYear": "2019"}, "mem.json", 1)
>>> item.paper.id, item.paper.title, [s.label for s in item.paper.sections]
('pmid:31', 'A trial', ['METHODS', 'RESULTS'])
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree

from consilience.ingest.records import Item, Parsed, Rejected
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
    canonical_id,
    normalize_doi,
)
from consilience.sources.base import SearchLog
from consilience.sources.cache import Transport
from consilience.sources.http import SourceError

#: Europe PMC serves at most 1,000 records per page.
PAGE_MAX = 1000

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True)
class SearchPage:
    hit_count: int
    results: list[dict[str, Any]]
    next_cursor: str


def europepmc_query(query: str, since: int | None = None) -> str:
    """The search query: the user's, limited to publication years from ``since`` on.

    >>> europepmc_query("aspirin", 2010)
    '(aspirin) AND (PUB_YEAR:[2010 TO 3000])'
    """
    if since is None:
        return query
    return f"({query}) AND (PUB_YEAR:[{since} TO 3000])"


def parse_search_page(body: bytes) -> SearchPage:
    """Read one page of ``search?format=json``; ValueError if it is not one."""
    data = json.loads(body)
    if not isinstance(data, dict):
        raise ValueError("Europe PMC reply is not a JSON object")
    if "resultList" not in data:
        message = data.get("errMsg") or data.get("error")
        if message:
            raise SourceError(f"Europe PMC refused the search: {message}")
        raise ValueError("Europe PMC reply has no resultList")
    results = (data.get("resultList") or {}).get("result") or []
    if not isinstance(results, list):
        raise ValueError("Europe PMC resultList.result is not a list")
    try:
        hit_count = int(data.get("hitCount", len(results)))
    except (TypeError, ValueError):
        raise ValueError(f"hitCount {data.get('hitCount')!r} is not a number") from None
    return SearchPage(
        hit_count, [r for r in results if isinstance(r, dict)], str(data.get("nextCursorMark") or "")
    )


def record_id(record: dict[str, Any]) -> str:
    """Europe PMC's own id of a record, with its source: 'MED:31', 'PPR:PPR12'."""
    return f"{record.get('source', '')}:{record.get('id', '')}"


class EuropePMCClient:
    """Searches Europe PMC and yields its records page by page, through any :class:`Transport`."""

    name = "europepmc"
    label = "Europe PMC"

    def __init__(self, transport: Transport, *, batch_size: int = 200) -> None:
        self.transport = transport
        self.batch_size = max(1, min(batch_size, PAGE_MAX))

    def run(self, query: str, *, limit: int, since: int | None, log: SearchLog) -> Iterator[list[Item]]:
        """Yield the records of up to ``limit`` matches, one page at a time."""
        log.term = europepmc_query(query, since)
        cursor, got = "*", 0
        while got < limit:
            page, file = self.transport.get(
                "search",
                {
                    "query": log.term,
                    "format": "json",
                    "resultType": "core",
                    "pageSize": str(min(self.batch_size, limit - got)),
                    "cursorMark": cursor,
                },
                parse_search_page,
                "json",
            )
            if log.found is None:
                log.found = page.hit_count
            results = page.results[: limit - got]
            log.ids.extend(record_id(r) for r in results)
            got += len(results)
            if results:
                yield [paper_from_europepmc(r, file, i) for i, r in enumerate(results, 1)]
            if not results or not page.next_cursor or page.next_cursor == cursor:
                break
            cursor = page.next_cursor


# -- one record ---------------------------------------------------------------------------


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _str(value: Any) -> str:
    return _tidy(str(value)) if value is not None else ""


def _fragment(html: str) -> lxml.html.HtmlElement | None:
    try:
        root: lxml.html.HtmlElement = lxml.html.fragment_fromstring(html, create_parent="div")
        return root
    except (etree.ParserError, ValueError):
        return None


def plain_text(html: str) -> str:
    """Text of an HTML fragment, tags dropped and entities decoded.

    >>> plain_text("HER2&ndash;positive <sup>+</sup>")
    'HER2–positive +'
    """
    if "<" not in html and "&" not in html:
        return _tidy(html)
    root = _fragment(html)
    return _tidy(root.text_content()) if root is not None else _tidy(html)


def abstract_sections(html: str) -> list[Section]:
    """Split an abstract at its headings (``<h4>Methods</h4>...``); none: one unlabelled section.

    >>> [(s.label, s.text) for s in abstract_sections("<h4>Background</h4>Why. <h4>Methods</h4>How.")]
    [('BACKGROUND', 'Why.'), ('METHODS', 'How.')]
    >>> [(s.label, s.text) for s in abstract_sections("Just <b>one</b> paragraph.")]
    [('', 'Just one paragraph.')]
    """
    root = _fragment(html) if html.strip() else None
    if root is None:
        return [Section(text=_tidy(html))] if html.strip() else []
    sections: list[Section] = []
    label, parts = "", [root.text or ""]

    def flush() -> None:
        text = _tidy(" ".join(parts))
        if text:
            sections.append(Section(label=label, text=text))

    for child in root:
        if not isinstance(child.tag, str):  # comments, processing instructions
            parts.append(child.tail or "")
        elif child.tag in _HEADINGS:
            flush()
            label = _tidy(child.text_content()).rstrip(":").upper()
            parts = [child.tail or ""]
        else:
            parts.extend([child.text_content(), child.tail or ""])
    flush()
    return sections


def _date(text: str) -> PubDate | None:
    match = _DATE.match(text.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    return PubDate(year=year, month=month or None, day=(day or None) if month else None)


def _pub_date(record: dict[str, Any], journal_info: dict[str, Any]) -> PubDate:
    for text in (journal_info.get("printPublicationDate"), record.get("firstPublicationDate")):
        if isinstance(text, str) and (date := _date(text)) is not None:
            return date
    year = journal_info.get("yearOfPublication") or record.get("pubYear")
    try:
        return PubDate(year=int(year)) if year else PubDate()
    except (TypeError, ValueError):
        return PubDate(text=str(year))


def _authors(record: dict[str, Any]) -> list[Author]:
    authors = []
    for entry in (record.get("authorList") or {}).get("author") or []:
        if not isinstance(entry, dict):
            continue
        affiliations = [
            _str(a.get("affiliation"))
            for a in (entry.get("authorAffiliationDetailsList") or {}).get("authorAffiliation") or []
            if isinstance(a, dict) and a.get("affiliation")
        ]
        if entry.get("collectiveName"):
            authors.append(Author(collective=_str(entry["collectiveName"]), affiliations=affiliations))
        elif entry.get("lastName") or entry.get("fullName"):
            authors.append(
                Author(
                    last_name=_str(entry.get("lastName") or entry.get("fullName")),
                    fore_name=_str(entry.get("firstName")),
                    initials=_str(entry.get("initials")),
                    affiliations=affiliations,
                )
            )
    return authors


def _mesh(record: dict[str, Any]) -> list[MeshHeading]:
    headings = []
    for entry in (record.get("meshHeadingList") or {}).get("meshHeading") or []:
        if not isinstance(entry, dict) or not entry.get("descriptorName"):
            continue
        qualifiers = [
            q
            for q in (entry.get("meshQualifierList") or {}).get("meshQualifier") or []
            if isinstance(q, dict)
        ]
        headings.append(
            MeshHeading(
                descriptor=_str(entry["descriptorName"]),
                # As PubMed's reader: major when the descriptor or any qualifier is starred.
                major=entry.get("majorTopic_YN") == "Y"
                or any(q.get("majorTopic_YN") == "Y" for q in qualifiers),
                qualifiers=[_str(q.get("qualifierName")) for q in qualifiers if q.get("qualifierName")],
            )
        )
    return headings


def _strings(container: Any, key: str) -> list[str]:
    values = container.get(key) if isinstance(container, dict) else None
    if not isinstance(values, list):
        return []
    return [_str(v) for v in values if isinstance(v, str) and v.strip()]


def paper_from_europepmc(record: dict[str, Any], file: str, position: int) -> Item:
    """Turn one Europe PMC 'core' search result into a Paper (or a Rejected with the reason)."""
    pmid = _str(record.get("pmid"))
    if not pmid and record.get("source") == "MED" and str(record.get("id", "")).isdigit():
        pmid = str(record["id"])
    doi = _str(record.get("doi"))
    pmcid = _str(record.get("pmcid")).upper()
    ids = PaperIds(
        pmid=pmid if pmid.isdigit() else None,
        doi=normalize_doi(doi) if doi else None,
        pmcid=pmcid if pmcid.startswith("PMC") else None,
        other={"europepmc": record_id(record)} if record.get("id") else {},
    )
    paper_id = canonical_id(ids)
    title = plain_text(_str(record.get("title")))
    if paper_id is None:
        return Rejected(file, position, "", "Europe PMC record has no id")
    if not title and not record.get("abstractText"):
        return Rejected(file, position, paper_id, "Europe PMC record has neither title nor abstract")
    journal_info = record.get("journalInfo") or {}
    journal = journal_info.get("journal") or {}
    grants = [
        Grant(grant_id=_str(g.get("grantId")), agency=_str(g.get("agency")))
        for g in (record.get("grantsList") or {}).get("grant") or []
        if isinstance(g, dict)
    ]
    source_name, source_id = record.get("source", ""), record.get("id", "")
    return Parsed(
        Paper(
            id=paper_id,
            ids=ids,
            title=title,
            sections=abstract_sections(str(record.get("abstractText") or "")),
            journal=Journal(
                title=_str(journal.get("title")),
                iso_abbrev=_str(journal.get("isoabbreviation") or journal.get("medlineAbbreviation")),
                volume=_str(journal_info.get("volume")),
                issue=_str(journal_info.get("issue")),
                pages=_str(record.get("pageInfo")),
                issn=_str(journal.get("issn") or journal.get("essn")),
            ),
            publisher=_str((record.get("bookOrReportDetails") or {}).get("publisher")),
            authors=_authors(record),
            pub_date=_pub_date(record, journal_info),
            publication_types=_strings(record.get("pubTypeList"), "pubType"),
            mesh=_mesh(record),
            keywords=_strings(record.get("keywordList"), "keyword"),
            language=_str(record.get("language")),
            grants=grants,
            # Below every PubMed version ('001|...'): a PubMed copy of the record wins.
            version=f"000|{_str(record.get('dateOfRevision') or record.get('firstIndexDate'))}",
            source=Source(
                file=file,
                position=position,
                url=f"https://europepmc.org/article/{source_name}/{source_id}" if source_id else "",
                format="europepmc-json",
            ),
        )
    )
