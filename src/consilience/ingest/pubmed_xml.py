"""Read PubMed/MEDLINE XML: ``PubmedArticleSet`` (efetch, baseline, updates) and the
older ``MedlineCitationSet``, plain or gzip, streaming in constant memory.

The fast path is one lxml ``iterparse`` over the file, clearing each record once read.
If the XML breaks part-way (a broken fragment, bad bytes, a truncated gzip), the reader
switches to a fragment scanner that cuts the rest of the file into records by their tags
and parses each on its own, so one bad record costs only itself.

>>> import io
>>> xml = b'''<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID Version="1">7</PMID>
... <Article><ArticleTitle>A <i>title</i></ArticleTitle></Article></MedlineCitation>
... </PubmedArticle></PubmedArticleSet>'''
>>> [item.paper.title for item in read_pubmed_xml_stream(io.BytesIO(xml), "mem.xml")]
['A title']
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar, cast

from lxml import etree
from pydantic import BaseModel

from consilience.ingest.records import Deleted, Item, Parsed, Rejected
from consilience.ingest.textio import open_binary
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

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
_RECORD_TAGS = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation", "MedlineCitation")
_CHUNK = 1 << 20
# Errors a broken or truncated input raises from lxml, gzip or zlib.
_READ_ERRORS = (etree.XMLSyntaxError, EOFError, OSError, zlib.error)

M = TypeVar("M", bound=BaseModel)
_set = object.__setattr__


def _trusted(cls: type[M], values: dict[str, Any]) -> M:
    """Build a model from values already of the declared types, without re-validating.

    The extractors below only ever produce ``str``/``int``/``bool`` and lists of models,
    and fill every field, so pydantic's validation would re-check what holds by
    construction and cost about half the ingest time. ``model_construct`` is no cheaper
    (it loops over the fields in Python); this sets the same instance state it sets.
    tests/test_pubmed_xml.py checks that every parsed record equals its validated copy.
    """
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", set(values))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


def _text(el: etree._Element | None) -> str:
    """All text under an element with inline markup flattened and whitespace tidied.

    ``<i>``, ``<sup>``, ``<sub>``, MathML and the like keep their text and the spaces
    written around them: ``H<sub>2</sub>O`` reads ``H2O``, ``a <i>b</i> c`` reads ``a b c``.

    >>> _text(etree.fromstring(b"<t>10<sup>-3</sup> M of <i>E. coli</i>\\n  cells</t>"))
    '10-3 M of E. coli cells'
    """
    if el is None:
        return ""
    if len(el):
        return " ".join("".join(cast("Iterator[str]", el.itertext())).split())  # text, never bytes
    text = el.text or ""
    # Most fields are already tidy: printable text has no whitespace but ' ', so checking the
    # spaces then suffices and spares splitting and re-joining every field of every record.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


# -- dates ------------------------------------------------------------------------------


def parse_month(token: str) -> int | None:
    """A month number from '3', '03', 'Mar', 'March' or a season ('Spring' -> 3).

    >>> [parse_month(t) for t in ("03", "Sept", "winter", "13", "")]
    [3, 9, 12, None, None]
    """
    token = token.strip().lower()
    if token.isdigit():
        value = int(token)
        return value if 1 <= value <= 12 else None
    return _MONTHS.get(token[:3]) or _SEASONS.get(token)


_MEDLINE_DATE = re.compile(r"\s*(\d{4})(?:[\s-]+([A-Za-z]+|\d{1,2})\b(?:\s+(\d{1,2})\b)?)?")
_YEAR_LATER = re.compile(r"(?:([A-Za-z]+)\s+)?\b(\d{4})\b")


def parse_medline_date(text: str) -> PubDate:
    """Best-effort reading of MedlineDate strings: the first year, month and day named.

    >>> for s in ["1998 Dec-1999 Jan", "2015 Oct-Dec", "2012 Jul 15-21", "2000 Spring",
    ...           "Summer 2004", "1977-1978", "2004 3rd Quarter", "undated"]:
    ...     d = parse_medline_date(s)
    ...     print(s, "->", d.year, d.month, d.day)
    1998 Dec-1999 Jan -> 1998 12 None
    2015 Oct-Dec -> 2015 10 None
    2012 Jul 15-21 -> 2012 7 15
    2000 Spring -> 2000 3 None
    Summer 2004 -> 2004 6 None
    1977-1978 -> 1977 None None
    2004 3rd Quarter -> 2004 None None
    undated -> None None None
    """
    match = _MEDLINE_DATE.match(text)
    if match:
        month = parse_month(match.group(2)) if match.group(2) else None
        day = int(match.group(3)) if month and match.group(3) else None
        if day is not None and not 1 <= day <= 31:
            day = None
        return PubDate(year=int(match.group(1)), month=month, day=day, text=text)
    later = _YEAR_LATER.search(text)  # 'Summer 2004': the year is not written first
    if later:
        month = parse_month(later.group(1)) if later.group(1) else None
        return PubDate(year=int(later.group(2)), month=month, text=text)
    return PubDate(text=text)


def _pub_date(el: etree._Element | None) -> PubDate:
    """PubDate (or ArticleDate / a book's PubDate): Year, Month, Day, Season or MedlineDate."""
    if el is None:
        return _trusted(PubDate, {"year": None, "month": None, "day": None, "text": ""})
    year = month = day = season = ""
    for part in el:
        tag = part.tag
        if tag == "Year":
            year = (part.text or "").strip()
        elif tag == "Month":
            month = part.text or ""
        elif tag == "Day":
            day = (part.text or "").strip()
        elif tag == "Season":
            season = _text(part)
        elif tag == "MedlineDate":
            return parse_medline_date(_text(part))
    if not year.isdigit():
        return _trusted(PubDate, {"year": None, "month": None, "day": None, "text": season})
    month_number = parse_month(month) if month else (parse_month(season) if season else None)
    day_number = int(day) if month_number and day.isdigit() and 1 <= int(day) <= 31 else None
    return _trusted(PubDate, {"year": int(year), "month": month_number, "day": day_number, "text": season})


def _ymd(el: etree._Element) -> str:
    """'2015-12-26' from a Year/Month/Day element: the sortable half of a version key."""
    y = m = d = ""
    for part in el:
        if part.tag == "Year":
            y = (part.text or "").strip()
        elif part.tag == "Month":
            m = part.text or ""
        elif part.tag == "Day":
            d = (part.text or "").strip()
    if not y:
        return ""
    month = parse_month(m) if m else None
    return f"{y}-{month or 0:02d}-{int(d) if d.isdigit() else 0:02d}"


# -- parts of a record ---------------------------------------------------------------------


_AUTHOR_NAMES = {"LastName": "last_name", "ForeName": "fore_name", "Initials": "initials"}


def _authors(author_list: etree._Element) -> list[Author]:
    authors = []
    for author in author_list:
        if author.tag != "Author":
            continue
        values: dict[str, Any] = {
            "last_name": "",
            "fore_name": "",
            "initials": "",
            "collective": "",
            "affiliations": [],
        }
        for part in author:
            tag = part.tag
            key = _AUTHOR_NAMES.get(tag)
            if key is not None:  # plain text in the DTD: no markup to flatten
                values[key] = (part.text or "").strip()
            elif tag == "AffiliationInfo":
                for affiliation in part:
                    if affiliation.tag == "Affiliation":
                        values["affiliations"].append(_text(affiliation))
            elif tag == "CollectiveName":
                values["collective"] = _text(part)
            elif tag == "Affiliation":  # DTDs before 2014 put it directly in Author
                values["affiliations"].append(_text(part))
        authors.append(_trusted(Author, values))
    return authors


def _sections(abstract: etree._Element | None) -> list[Section]:
    """Labelled abstract sections; an unstructured abstract is one section without label."""
    if abstract is None:
        return []
    sections = []
    for part in abstract:
        if part.tag == "AbstractText":
            text = _text(part)
            if text:
                sections.append(
                    _trusted(
                        Section,
                        {
                            "label": part.get("Label") or "",
                            "category": part.get("NlmCategory") or "",
                            "text": text,
                        },
                    )
                )
    return sections


def _mesh(heading_list: etree._Element) -> list[MeshHeading]:
    """MeSH headings; a heading is major when its descriptor or any qualifier is starred."""
    headings = []
    for heading in heading_list:
        descriptor: etree._Element | None = None
        qualifiers = []
        major = False
        for part in heading:
            if part.tag == "DescriptorName":
                descriptor = part
                major = major or part.get("MajorTopicYN") == "Y"
            elif part.tag == "QualifierName":
                qualifiers.append(_text(part))
                major = major or part.get("MajorTopicYN") == "Y"
        if descriptor is not None:
            headings.append(
                _trusted(
                    MeshHeading,
                    {
                        "descriptor": _text(descriptor),
                        "major": major,
                        "qualifiers": qualifiers,
                        "ui": descriptor.get("UI") or "",
                    },
                )
            )
    return headings


def _grants(grant_list: etree._Element) -> list[Grant]:
    grants = []
    for grant in grant_list:
        values = {"grant_id": "", "agency": "", "country": ""}
        for part in grant:
            key = _GRANT_FIELDS.get(part.tag)
            if key:
                values[key] = _text(part)
        grants.append(_trusted(Grant, values))
    return grants


_GRANT_FIELDS = {"GrantID": "grant_id", "Agency": "agency", "Country": "country"}


def _journal(journal: etree._Element | None, pages: str) -> tuple[Journal, PubDate]:
    values = {"title": "", "iso_abbrev": "", "volume": "", "issue": "", "pages": pages, "issn": ""}
    pub_date: etree._Element | None = None
    if journal is not None:
        for part in journal:
            tag = part.tag
            if tag == "Title":
                values["title"] = _text(part)
            elif tag == "ISOAbbreviation":
                values["iso_abbrev"] = _text(part)
            elif tag == "ISSN" and not values["issn"]:
                values["issn"] = _text(part)
            elif tag == "JournalIssue":
                for sub in part:
                    if sub.tag == "Volume":
                        values["volume"] = _text(sub)
                    elif sub.tag == "Issue":
                        values["issue"] = _text(sub)
                    elif sub.tag == "PubDate":
                        pub_date = sub
    return _trusted(Journal, values), _pub_date(pub_date)


def _pages(pagination: etree._Element) -> str:
    medline = start = end = ""
    for part in pagination:
        if part.tag == "MedlinePgn":
            medline = _text(part)
        elif part.tag == "StartPage":
            start = _text(part)
        elif part.tag == "EndPage":
            end = _text(part)
    if medline:
        return medline
    return f"{start}-{end}" if start and end else start


def _article_ids(id_list: etree._Element, ids: dict[str, Any]) -> None:
    """PubmedData/ArticleIdList: authoritative DOI and PMCID, overriding the citation's."""
    for aid in id_list:
        value = (aid.text or "").strip()
        if not value:
            continue
        kind = aid.get("IdType")
        if kind == "doi":
            ids["doi"] = normalize_doi(value)
        elif kind == "pmc":
            ids["pmcid"] = value
        elif kind == "pii":
            ids["other"].setdefault("pii", value)


# -- records ---------------------------------------------------------------------------------


def parse_citation(record: etree._Element, file: str, position: int) -> Item:
    """Turn one ``PubmedArticle`` (or bare ``MedlineCitation``) element into a Paper."""
    citation: etree._Element | None = None
    pubmed_data: etree._Element | None = None
    if record.tag == "MedlineCitation":
        citation = record
    else:
        for child in record:
            if child.tag == "MedlineCitation":
                citation = child
            elif child.tag == "PubmedData":
                pubmed_data = child
    if citation is None:
        return Rejected(file, position, "", "record has no MedlineCitation element")

    pmid_el: etree._Element | None = None
    article: etree._Element | None = None
    revised = coi = ""
    mesh: list[MeshHeading] = []
    keywords: list[str] = []
    ids: dict[str, Any] = {"pmid": None, "doi": None, "pmcid": None, "other": {}}
    # One pass over the citation's children: cheaper than a path lookup per field, and
    # it never descends into what we do not keep (references, chemicals, comments).
    for child in citation:
        tag = child.tag
        if tag == "PMID":
            if pmid_el is None:
                pmid_el = child
        elif tag == "Article":
            article = child
        elif tag == "DateRevised":
            revised = _ymd(child)
        elif tag == "MeshHeadingList":
            mesh = _mesh(child)
        elif tag == "KeywordList":
            for keyword in child:
                if keyword.tag == "Keyword" and (text := _text(keyword)):
                    keywords.append(text)
        elif tag == "OtherID":
            value = (child.text or "").strip()
            if value.startswith("PMC") and not ids["pmcid"]:
                ids["pmcid"] = value.split()[0]  # 'PMC123 [Available on 2017-01-01]'
        elif tag == "CoiStatement":
            coi = _text(child)

    pmid = (pmid_el.text or "").strip() if pmid_el is not None else ""
    if not pmid:
        return Rejected(file, position, "", "record has no PMID")
    if not pmid.isdigit():
        return Rejected(file, position, "", f"PMID {pmid!r} is not a number")
    if article is None:
        return Rejected(file, position, f"PMID {pmid}", "record has no Article element")
    ids["pmid"] = pmid
    pmid_version = (pmid_el.get("Version") or "1").strip()  # type: ignore[union-attr]

    title = vernacular = language = pages = ""
    journal_el = abstract = None
    authors: list[Author] = []
    grants: list[Grant] = []
    publication_types: list[str] = []
    for child in article:
        tag = child.tag
        if tag == "ArticleTitle":
            title = _text(child)
        elif tag == "Abstract":
            abstract = child
        elif tag == "AuthorList":
            authors = _authors(child)
        elif tag == "Journal":
            journal_el = child
        elif tag == "Pagination":
            pages = _pages(child)
        elif tag == "ELocationID":
            value = (child.text or "").strip()
            kind = child.get("EIdType")
            if kind == "doi" and value and child.get("ValidYN", "Y") == "Y" and not ids["doi"]:
                ids["doi"] = normalize_doi(value)
            elif kind == "pii" and value:
                ids["other"].setdefault("pii", value)
        elif tag == "PublicationTypeList":
            publication_types = [_text(p) for p in child if p.tag == "PublicationType"]
        elif tag == "Language":
            language = language or _text(child)
        elif tag == "GrantList":
            grants = _grants(child)
        elif tag == "VernacularTitle":
            vernacular = _text(child)
    if pubmed_data is not None:
        for child in pubmed_data:
            if child.tag == "ArticleIdList":
                _article_ids(child, ids)
    journal, pub_date = _journal(journal_el, pages)

    paper = _trusted(
        Paper,
        {
            "id": f"pmid:{pmid}",
            "ids": _trusted(PaperIds, ids),
            "title": title or vernacular,
            "sections": _sections(abstract),
            "journal": journal,
            "publisher": "",
            "authors": authors,
            "pub_date": pub_date,
            "publication_types": publication_types,
            "mesh": mesh,
            "keywords": keywords,
            "language": language,
            "grants": grants,
            "coi_statement": coi,
            # Sorts revisions of one record: the PMID version, then DateRevised.
            "version": f"{int(pmid_version) if pmid_version.isdigit() else 1:03d}|{revised}",
            "source": _trusted(
                Source, {"file": file, "position": position, "url": "", "format": "pubmed-xml"}
            ),
        },
    )
    return Parsed(paper)


def parse_book(record: etree._Element, file: str, position: int) -> Item:
    """A ``PubmedBookArticle`` (NCBI Bookshelf chapter): fewer fields, same shape."""
    doc = record.find("BookDocument")
    pmid = (doc.findtext("PMID") or "").strip() if doc is not None else ""
    if doc is None or not pmid.isdigit():
        return Rejected(file, position, "", "book record has no valid PMID")
    book = doc.find("Book")
    title = _text(doc.find("ArticleTitle")) or _text(book.find("BookTitle") if book is not None else None)
    ids = PaperIds(pmid=pmid)
    for aid in doc.iterfind("ArticleIdList/ArticleId"):
        if aid.get("IdType") == "doi" and aid.text:
            ids.doi = normalize_doi(aid.text)
    author_list = doc.find("AuthorList")
    paper = Paper(
        id=f"pmid:{pmid}",
        ids=ids,
        title=title,
        sections=_sections(doc.find("Abstract")),
        publisher=_text(book.find("Publisher/PublisherName")) if book is not None else "",
        authors=_authors(author_list) if author_list is not None else [],
        pub_date=_pub_date(book.find("PubDate") if book is not None else None),
        publication_types=[_text(p) for p in doc.iterfind("PublicationType")],
        language=_text(doc.find("Language")),
        version="001|",
        source=Source(file=file, position=position, format="pubmed-xml"),
    )
    return Parsed(paper)


def _parse_record(el: etree._Element, file: str, position: int) -> list[Item]:
    if el.tag == "DeleteCitation":
        return [
            Deleted(f"pmid:{(p.text or '').strip()}", file, position)
            for p in el.iterfind("PMID")
            if (p.text or "").strip().isdigit()
        ]
    if el.tag == "PubmedBookArticle":
        return [parse_book(el, file, position)]
    return [parse_citation(el, file, position)]


def _safe_parse(el: etree._Element, file: str, position: int) -> list[Item]:
    try:
        return _parse_record(el, file, position)
    except Exception as exc:  # a record we cannot read must never stop the file
        pmid = el.findtext(".//PMID") or ""
        return [Rejected(file, position, f"PMID {pmid}" if pmid else "", f"unreadable record: {exc!r}")]


# -- the fast path -----------------------------------------------------------------------------


class _BrokenStructure(Exception):
    """A record nested in another: a record lost its closing tag and libxml2 has not noticed."""


def read_pubmed_xml(path: str | Path) -> Iterator[Item]:
    """Yield every record of a PubMed/MEDLINE XML file (plain or gzip) in file order."""
    path = Path(path)
    yield from read_pubmed_xml_stream(lambda: open_binary(path), str(path))


def read_pubmed_xml_stream(opener: Callable[[], IO[bytes]] | IO[bytes], file: str) -> Iterator[Item]:
    """Like :func:`read_pubmed_xml` over a stream (or a function that opens one).

    Records are numbered from 1 in file order (``Source.position``). When the XML breaks,
    the records before the break have been yielded; the rest of the file is re-read by
    the fragment scanner, which needs to open the input again: given a plain stream, the
    reader reports the break as one rejection and stops.
    """
    stream = opener() if callable(opener) else opener
    done = 0
    error: Exception | None = None
    try:
        for _event, el in etree.iterparse(
            stream, events=("end",), tag=_RECORD_TAGS, huge_tree=True, resolve_entities=False
        ):
            parent = el.getparent()
            if parent is not None:
                if el.tag == "MedlineCitation" and parent.tag == "PubmedArticle":
                    continue  # the citation inside a PubmedArticle, read with its record
                if parent.getparent() is not None:
                    raise _BrokenStructure(f"<{el.tag}> inside <{parent.tag}>")
            done += 1
            yield from _safe_parse(el, file, done)
            # Free what has been read so memory stays flat however large the file.
            el.clear(keep_tail=False)
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
        return
    except (*_READ_ERRORS, _BrokenStructure) as exc:
        error = exc
    finally:
        stream.close()
    if not callable(opener):
        yield Rejected(file, done + 1, "", f"XML breaks after record {done}: {error}")
        return
    yield from _fragments(opener(), file, skip=done, error=error)


# -- the fragment scanner (after a break) ---------------------------------------------------

_STARTS_PUBMED = re.compile(rb"<(PubmedArticle|PubmedBookArticle|DeleteCitation)[\s>]")
_STARTS_MEDLINE = re.compile(rb"<(MedlineCitation|DeleteCitation)[\s>]")


def _fragments(stream: IO[bytes], file: str, skip: int, error: Exception | None = None) -> Iterator[Item]:
    """Cut the stream into record fragments by their tags and parse each alone.

    Positions match the fast path's, and the first ``skip`` records (already yielded)
    are passed over; ``error`` is what stopped the fast path, reported if the scan finds
    no record to blame (a plain file cut between records). A record is the bytes from its start tag to its end tag; if the
    next record starts first (or the input ends), the record lost its closing tag and
    is rejected on its own while the scan carries on from the next record.
    """
    buf = b""
    pos = 0  # where the unscanned part of buf begins
    eof = False
    truncated = ""
    position = 0
    blamed = False
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False)
    # read1 makes one read of the underlying stream: a buffered read() that meets the
    # end of a truncated gzip raises and drops the good bytes it had already gathered.
    read = getattr(stream, "read1", stream.read)

    def more() -> bool:
        """Append the next chunk to buf (dropping what was scanned); False at the end."""
        nonlocal buf, pos, eof, truncated
        if eof:
            return False
        try:
            chunk = read(_CHUNK)
        except (EOFError, OSError, zlib.error) as exc:
            chunk, truncated = b"", f"the file is truncated or corrupt ({exc})"
        if not chunk:
            eof = True
            return False
        buf = buf[pos:] + chunk
        pos = 0
        return True

    with stream:
        more()
        # A PubmedArticleSet's records are PubmedArticles (their MedlineCitation is a
        # part); a MedlineCitationSet's are MedlineCitations.
        starts = _STARTS_PUBMED if b"<PubmedArticle" in buf[:8192] else _STARTS_MEDLINE
        while True:
            match = starts.search(buf, pos)
            while match is None:
                pos = max(pos, len(buf) - 64)  # keep a tail that may hold half a tag
                if not more():
                    break
                match = starts.search(buf, pos)
            if match is None:
                break
            pos = start = match.start()
            end_tag = b"</" + match.group(1) + b">"
            end = buf.find(end_tag, match.end())
            following = starts.search(buf, match.end())
            while end < 0 and following is None and more():
                start = 0  # more() moved buf
                end = buf.find(end_tag)
                following = starts.search(buf, len(match.group(0)))
            position += 1
            if end < 0 or (following is not None and following.start() < end):
                cut = following.start() if following is not None else len(buf)
                fragment, pos = buf[start:cut], cut
                if position > skip:
                    if following is None and truncated:
                        reason = f"the record is cut off: {truncated}"
                        truncated = ""  # reported with this record
                    elif following is None:
                        reason = "broken XML: the record is not closed before the end of the file"
                    else:
                        reason = "broken XML: the record is not closed before the next record starts"
                    blamed = True
                    yield Rejected(file, position, _pmid_of(fragment), reason)
                continue
            pos = end + len(end_tag)
            if position <= skip:
                continue
            fragment = buf[start:pos]
            try:
                el = etree.fromstring(fragment, parser=parser)
            except etree.XMLSyntaxError as exc:
                blamed = True
                yield Rejected(file, position, _pmid_of(fragment), _describe(exc, fragment))
                continue
            yield from _safe_parse(el, file, position)
    if truncated:
        yield Rejected(file, position + 1, "", f"{truncated}; nothing after record {position} could be read")
    elif not blamed and error is not None:
        yield Rejected(file, position + 1, "", f"the XML breaks after the last record ({error})")


def _pmid_of(fragment: bytes) -> str:
    match = re.search(rb"<PMID[^>]*>\s*(\d+)", fragment)
    return f"PMID {match.group(1).decode()}" if match else ""


def _describe(exc: etree.XMLSyntaxError, fragment: bytes) -> str:
    """Why a record fragment does not parse: where its bytes stop being UTF-8, or the
    parser's complaint."""
    try:
        fragment.decode("utf-8")
    except UnicodeDecodeError as bad:
        line = fragment.count(b"\n", 0, bad.start) + 1
        return (
            f"bad encoding: text is not valid UTF-8 (byte 0x{fragment[bad.start]:02x} at byte "
            f"{bad.start} of the record, line {line})"
        )
    return f"broken XML: {exc.msg if getattr(exc, 'msg', None) else exc}"
