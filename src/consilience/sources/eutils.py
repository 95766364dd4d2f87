"""PubMed through NCBI E-utilities: esearch on the history server, then efetch in batches.

esearch (``usehistory=y``, JSON) returns the match count, the first ``limit`` PMIDs and a
WebEnv/query_key naming the result set on NCBI's history server; efetch then pages
through that set (``retstart``/``retmax`` ≤ 200) as PubMed XML, which goes through the
same reader as PubMed files (:mod:`consilience.ingest.pubmed_xml`).

>>> pubmed_term("aspirin AND stroke", since=2010)
'(aspirin AND stroke) AND ("2010"[dp] : "3000"[dp])'
>>> parse_esearch(b'{"esearchresult": {"count": "2", "idlist": ["11", "12"], '
...               b'"webenv": "W1", "querykey": "1"}}').ids
['11', '12']
"""

from __future__ import annotations

import functools
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from consilience.ingest.pubmed_xml import read_pubmed_xml_stream
from consilience.ingest.records import Item, Parsed
from consilience.sources.base import SearchLog
from consilience.sources.cache import Transport
from consilience.sources.http import SourceError

#: E-utilities serve at most the first 10,000 records of a PubMed search.
ESEARCH_MAX = 10_000
#: NCBI asks for at most 200 records per efetch GET.
EFETCH_MAX = 200

_EFETCH_ERROR = re.compile(rb"<ERROR>(.*?)</ERROR>", re.S)


@dataclass(frozen=True)
class EsearchResult:
    count: int
    ids: list[str]
    webenv: str
    query_key: str


def pubmed_term(query: str, since: int | None = None) -> str:
    """The esearch term: the user's query, limited to publication years from ``since`` on."""
    if since is None:
        return query
    return f'({query}) AND ("{since}"[dp] : "3000"[dp])'


def parse_esearch(body: bytes) -> EsearchResult:
    """Read an esearch JSON reply; ValueError if it is not one, SourceError if NCBI refused."""
    data = json.loads(body)
    if not isinstance(data, dict):
        raise ValueError("esearch reply is not a JSON object")
    result = data.get("esearchresult")
    if not isinstance(result, dict):
        message = data.get("error") or data.get("ERROR")
        if message:
            raise SourceError(f"PubMed refused the search: {message}")
        raise ValueError("esearch reply has no esearchresult")
    if result.get("ERROR"):
        raise SourceError(f"PubMed refused the search: {result['ERROR']}")
    try:
        count = int(result.get("count", 0))
    except (TypeError, ValueError):
        raise ValueError(f"esearch count {result.get('count')!r} is not a number") from None
    ids = [str(i) for i in result.get("idlist") or []]
    return EsearchResult(count, ids, str(result.get("webenv", "")), str(result.get("querykey", "")))


def check_efetch(body: bytes) -> bytes:
    """An efetch reply as is, after checking it is not empty or an E-utilities error."""
    if not body.strip():
        raise ValueError("efetch reply is empty")
    head = body[:4096]
    if b"<eFetchResult" in head and (match := _EFETCH_ERROR.search(head)):
        raise SourceError(f"PubMed efetch failed: {match.group(1).decode('utf-8', 'replace').strip()}")
    return body


class PubMedClient:
    """Searches PubMed and yields its records in batches, through any :class:`Transport`."""

    name = "pubmed"
    label = "PubMed"

    def __init__(self, transport: Transport, *, batch_size: int = EFETCH_MAX) -> None:
        self.transport = transport
        self.batch_size = max(1, min(batch_size, EFETCH_MAX))

    def run(self, query: str, *, limit: int, since: int | None, log: SearchLog) -> Iterator[list[Item]]:
        """Yield the parsed records of up to ``limit`` matches, one efetch batch at a time."""
        log.term = pubmed_term(query, since)
        limit = min(limit, ESEARCH_MAX)
        search, _ = self.transport.get(
            "esearch.fcgi",
            {
                "db": "pubmed",
                "term": log.term,
                "usehistory": "y",
                "retmode": "json",
                "retstart": "0",
                "retmax": str(limit),
                "sort": "relevance",
            },
            parse_esearch,
            "json",
        )
        log.found = search.count
        log.ids = search.ids[:limit]
        total = min(limit, search.count, len(search.ids))
        if total and not (search.webenv and search.query_key):
            raise SourceError("PubMed's esearch reply lacks the history-server WebEnv/query_key")
        for start in range(0, total, self.batch_size):
            body, file = self.transport.get(
                "efetch.fcgi",
                {
                    "db": "pubmed",
                    "query_key": search.query_key,
                    "WebEnv": search.webenv,
                    "retstart": str(start),
                    "retmax": str(min(self.batch_size, total - start)),
                    "retmode": "xml",
                },
                check_efetch,
                "xml",
            )
            yield [
                _with_url(item) for item in read_pubmed_xml_stream(functools.partial(io.BytesIO, body), file)
            ]


def _with_url(item: Item) -> Item:
    """Point a fetched record's source at its PubMed page."""
    if not isinstance(item, Parsed) or not item.paper.ids.pmid:
        return item
    paper = item.paper
    source = paper.source.model_copy(update={"url": f"https://pubmed.ncbi.nlm.nih.gov/{paper.ids.pmid}/"})
    return Parsed(paper.model_copy(update={"source": source}))
