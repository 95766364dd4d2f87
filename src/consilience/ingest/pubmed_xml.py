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
from typing import IO

from lxml import etree

from consilience.ingest.textio import open_binary
from consilience.ingest.records import Deleted, Item, Parsed, Rejected
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


def _text(el: etree._Element | None) -> str:
    """All text under an element with inline markup flattened and whitespace tidied."""
    if el is None:
        return ""
    return " ".join("".join(el.itertext()).split())


def parse_month(token: str) -> int | None:
    token = token.strip().lower()
    if token.isdigit():
        value = int(token)
        return value if 1 <= value <= 12 else None
    return _MONTHS.get(token[:3]) or _SEASONS.get(token)


def parse_medline_date(text: str) -> PubDate:
    """Best-effort reading of MedlineDate strings: '2015 Oct-Dec', '1998 Dec-1999 Jan',
    '2000 Spring', '2012 Jul 15-21'.

    >>> parse_medline_date("1998 Dec-1999 Jan").model_dump(exclude={"text"})
    {'year': 1998, 'month': 12, 'day': None}
    """
    match = re.match(r"\s*(\d{4})(?:[\s-]+([A-Za-z]+|\d{1,2})(?:\s+(\d{1,2})\b)?)?", text)
    if not match:
        return PubDate(text=text)
    year = int(match.group(1))
    month = parse_month(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if month and match.group(3) else None
    return PubDate(year=year, month=month, day=day, text=text)


def _pub_date(el: etree._Element | None) -> PubDate:
    if el is None:
        return PubDate()
    medline = el.findtext("MedlineDate")
    if medline:
        return parse_medline_date(medline)
    year_text = el.findtext("Year")
    year = int(year_text) if year_text and year_text.strip().isdigit() else None
    month_text = el.findtext("Month")
    month = parse_month(month_text) if month_text else None
    day_text = el.findtext("Day")
    day = int(day_text) if day_text and day_text.strip().isdigit() and month else None
    if year is None:
        season = el.findtext("Season")
        return PubDate(text=season or "")
    return PubDate(year=year, month=month, day=day)


def _ymd(el: etree._Element | None) -> str:
    if el is None:
        return ""
    y, m, d = el.findtext("Year") or "", el.findtext("Month") or "", el.findtext("Day") or ""
    month = parse_month(m) if m else None
    return f"{y}-{month or 0:02d}-{int(d) if d.isdigit() else 0:02d}" if y else ""


def _authors(article: etree._Element) -> list[Author]:
    authors = []
    for a in article.iterfind("AuthorList/Author"):
        authors.append(
            Author(
                last_name=a.findtext("LastName") or "",
                fore_name=a.findtext("ForeName") or "",
                initials=a.findtext("Initials") or "",
                collective=_text(a.find("CollectiveName")),
                affiliations=[_text(x) for x in a.iterfind("AffiliationInfo/Affiliation")]
                or ([a.findtext("Affiliation") or ""] if a.find("Affiliation") is not None else []),
            )
        )
    return authors


def _sections(abstract: etree._Element | None) -> list[Section]:
    if abstract is None:
        return []
    sections = []
    for part in abstract.iterfind("AbstractText"):
        text = _text(part)
        if text:
            sections.append(
                Section(
                    label=part.get("Label") or "",
                    category=part.get("NlmCategory") or "",
                    text=text,
                )
            )
    return sections


def _journal(article: etree._Element) -> Journal:
    journal = article.find("Journal")
    pages = article.findtext("Pagination/MedlinePgn") or ""
    if not pages:
        start = article.findtext("Pagination/StartPage") or ""
        end = article.findtext("Pagination/EndPage") or ""
        pages = f"{start}-{end}" if start and end else start
    if journal is None:
        return Journal(pages=pages)
    return Journal(
        title=_text(journal.find("Title")),
        iso_abbrev=journal.findtext("ISOAbbreviation") or "",
        volume=journal.findtext("JournalIssue/Volume") or "",
        issue=journal.findtext("JournalIssue/Issue") or "",
        pages=pages,
        issn=journal.findtext("ISSN") or "",
    )


def _collect_ids(record: etree._Element, citation: etree._Element, pmid: str) -> PaperIds:
    ids = PaperIds(pmid=pmid)
    for eloc in citation.iterfind("Article/ELocationID"):
        kind = eloc.get("EIdType")
        value = (eloc.text or "").strip()
        if kind == "doi" and value and eloc.get("ValidYN", "Y") == "Y":
            ids.doi = ids.doi or normalize_doi(value)
        elif kind == "pii" and value:
            ids.other.setdefault("pii", value)
    for other in citation.iterfind("OtherID"):
        value = (other.text or "").strip()
        if value.startswith("PMC"):
            ids.pmcid = ids.pmcid or value.split()[0]
    for aid in record.iterfind("PubmedData/ArticleIdList/ArticleId"):
        kind = aid.get("IdType")
        value = (aid.text or "").strip()
        if not value:
            continue
        if kind == "doi":
            ids.doi = normalize_doi(value)
        elif kind == "pmc":
            ids.pmcid = value
        elif kind == "pii":
            ids.other.setdefault("pii", value)
    return ids


def parse_citation(record: etree._Element, file: str, position: int) -> Item:
    """Turn one ``PubmedArticle`` (or bare ``MedlineCitation``) element into a Paper."""
    citation = record if record.tag == "MedlineCitation" else record.find("MedlineCitation")
    if citation is None:
        return Rejected(file, position, "", "record has no MedlineCitation element")
    pmid_el = citation.find("PMID")
    pmid = (pmid_el.text or "").strip() if pmid_el is not None else ""
    if not pmid.isdigit():
        return Rejected(file, position, "", f"record has no valid PMID (found {pmid!r})")
    article = citation.find("Article")
    if article is None:
        return Rejected(file, position, f"PMID {pmid}", "record has no Article element")
    ids = _collect_ids(record, citation, pmid)
    title = _text(article.find("ArticleTitle")) or _text(article.find("VernacularTitle"))
    version = f"{int(pmid_el.get('Version') or 1):03d}|{_ymd(citation.find('DateRevised'))}"  # type: ignore[union-attr]
    paper = Paper(
        id=f"pmid:{pmid}",
        ids=ids,
        title=title,
        sections=_sections(article.find("Abstract")),
        journal=_journal(article),
        authors=_authors(article),
        pub_date=_pub_date(article.find("Journal/JournalIssue/PubDate")),
        publication_types=[_text(p) for p in article.iterfind("PublicationTypeList/PublicationType")],
        mesh=[
            MeshHeading(
                descriptor=_text(h.find("DescriptorName")),
                major=h.find("DescriptorName").get("MajorTopicYN") == "Y"  # type: ignore[union-attr]
                or any(q.get("MajorTopicYN") == "Y" for q in h.iterfind("QualifierName")),
                qualifiers=[_text(q) for q in h.iterfind("QualifierName")],
                ui=h.find("DescriptorName").get("UI") or "",  # type: ignore[union-attr]
            )
            for h in citation.iterfind("MeshHeadingList/MeshHeading")
            if h.find("DescriptorName") is not None
        ],
        keywords=[_text(k) for k in citation.iterfind("KeywordList/Keyword") if _text(k)],
        language=article.findtext("Language") or "",
        grants=[
            Grant(
                grant_id=g.findtext("GrantID") or "",
                agency=g.findtext("Agency") or "",
                country=g.findtext("Country") or "",
            )
            for g in article.iterfind("GrantList/Grant")
        ],
        coi_statement=_text(citation.find("CoiStatement")),
        version=version,
        source=Source(file=file, position=position, format="pubmed-xml"),
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
    paper = Paper(
        id=f"pmid:{pmid}",
        ids=ids,
        title=title,
        sections=_sections(doc.find("Abstract")),
        publisher=_text(book.find("Publisher/PublisherName")) if book is not None else "",
        authors=_authors(doc),
        pub_date=_pub_date(book.find("PubDate") if book is not None else None),
        publication_types=[_text(p) for p in doc.iterfind("PublicationType")],
        language=doc.findtext("Language") or "",
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
        return [Rejected(file, position, f"PMID {pmid}" if pmid else "", f"unreadable record: {exc}")]


def _root_tag(head: bytes) -> str:
    match = re.search(rb"<(PubmedArticleSet|MedlineCitationSet|PubmedArticle|MedlineCitation)\b", head)
    return match.group(1).decode() if match else ""


def read_pubmed_xml(path: str | Path) -> Iterator[Item]:
    """Yield every record of a PubMed/MEDLINE XML file (plain or gzip) in file order."""
    path = Path(path)
    yield from read_pubmed_xml_stream(lambda: open_binary(path), str(path))


def read_pubmed_xml_stream(
    opener: Callable[[], IO[bytes]] | IO[bytes], file: str
) -> Iterator[Item]:
    """Like :func:`read_pubmed_xml` over a stream (or a function that opens one).

    With a plain stream the fragment fallback re-reads nothing: it needs an opener.
    """
    def open_stream() -> IO[bytes]:
        return opener() if callable(opener) else opener

    stream = open_stream()
    done = 0
    try:
        head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
        root = _root_tag(head) if head else ""
        record_tags: tuple[str, ...] = (
            ("MedlineCitation", "DeleteCitation")
            if root == "MedlineCitationSet"
            else ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")
        )
        try:
            for _event, el in etree.iterparse(
                stream, events=("end",), tag=record_tags, huge_tree=True, resolve_entities=False
            ):
                if el.tag == "MedlineCitation" and el.getparent() is not None and el.getparent().tag == "PubmedArticle":  # type: ignore[union-attr]
                    continue
                done += 1
                yield from _safe_parse(el, file, done)
                el.clear(keep_tail=False)
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
            return
        except (etree.XMLSyntaxError, EOFError, OSError, zlib.error) as exc:
            first_error = exc
    finally:
        stream.close()
    if not callable(opener):
        yield Rejected(file, done + 1, "", f"XML breaks after record {done}: {first_error}")
        return
    yield from _fragments(open_stream(), file, skip=done)


_START = re.compile(rb"<(PubmedArticle|PubmedBookArticle|DeleteCitation|MedlineCitation)[\s>]")


def _fragments(stream: IO[bytes], file: str, skip: int) -> Iterator[Item]:
    """Cut the stream into record fragments by tag and parse each alone.

    Used after the fast path met broken XML; positions match the fast path's, and the
    first ``skip`` records (already yielded) are passed over.
    """
    buf = b""
    position = 0
    truncated: str = ""
    eof = False
    nested_citation = False
    with stream:
        while True:
            match = _START.search(buf)
            while match is None and not eof:
                try:
                    chunk = stream.read(_CHUNK)
                except (EOFError, OSError, zlib.error) as exc:
                    chunk, truncated = b"", f"file is truncated or corrupt ({exc})"
                if not chunk:
                    eof = True
                buf = buf[-64:] + chunk if match is None and len(buf) > 64 else buf + chunk
                match = _START.search(buf)
            if match is None:
                break
            tag = match.group(1)
            if tag == b"PubmedArticle":
                nested_citation = True
            if tag == b"MedlineCitation" and nested_citation:
                buf = buf[match.end():]
                continue
            end_tag = b"</" + tag + b">"
            start = match.start()
            end = buf.find(end_tag, match.end())
            while end < 0 and not eof:
                try:
                    chunk = stream.read(_CHUNK)
                except (EOFError, OSError, zlib.error) as exc:
                    chunk, truncated = b"", f"file is truncated or corrupt ({exc})"
                if not chunk:
                    eof = True
                buf += chunk
                end = buf.find(end_tag, match.end())
            next_start = _START.search(buf, match.end())
            position += 1
            if end < 0 or (next_start is not None and next_start.start() < end and not _nested(tag, next_start.group(1))):
                cut = next_start.start() if next_start is not None else len(buf)
                fragment = buf[start:cut]
                buf = buf[cut:]
                if position > skip:
                    reason = truncated if (end < 0 and truncated and next_start is None) else "broken XML: the record has no closing tag"
                    yield Rejected(file, position, _pmid_of(fragment), reason)
                continue
            fragment = buf[start : end + len(end_tag)]
            buf = buf[end + len(end_tag):]
            if position <= skip:
                continue
            try:
                el = etree.fromstring(fragment, parser=etree.XMLParser(huge_tree=True, resolve_entities=False))
            except etree.XMLSyntaxError as exc:
                yield Rejected(file, position, _pmid_of(fragment), f"broken XML: {_describe(exc, fragment)}")
                continue
            yield from _safe_parse(el, file, position)
    if truncated:
        yield Rejected(file, position + 1, "", truncated)


def _nested(outer: bytes, inner: bytes) -> bool:
    return outer == b"PubmedArticle" and inner == b"MedlineCitation"


def _pmid_of(fragment: bytes) -> str:
    match = re.search(rb"<PMID[^>]*>\s*(\d+)", fragment)
    return f"PMID {match.group(1).decode()}" if match else ""


def _describe(exc: etree.XMLSyntaxError, fragment: bytes) -> str:
    try:
        fragment.decode("utf-8")
    except UnicodeDecodeError as bad:
        return f"text is not valid UTF-8 (byte 0x{fragment[bad.start]:02x} at offset {bad.start})"
    return str(exc.msg if hasattr(exc, "msg") else exc)

