"""The JSON HTTP API: one route per :class:`~consilience.Library` method, nothing more.

Each handler parses its parameters, calls the library under the app's lock and returns the
library's own models; errors become JSON with a 4xx status (see :mod:`consilience.web.errors`).
"""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from consilience.errors import ConsilienceError
from consilience.model import Answer, Article, Meter, Paper, SearchHit, StudyFacts
from consilience.web.state import AUDIENCES, MAX_K, MAX_QUESTION_CHARS, limit_questions, web_state

router = APIRouter(prefix="/api")

Question = Annotated[
    str,
    Query(
        min_length=1,
        max_length=MAX_QUESTION_CHARS,
        description="A research question or keywords.",
        examples=["Does surgery of the primary tumour improve survival in de novo stage IV breast cancer?"],
    ),
]
TopK = Annotated[int, Query(ge=1, le=MAX_K, description="How many papers to read or return.")]
YearFrom = Annotated[int | None, Query(ge=1000, le=3000, description="Earliest year, inclusive.")]
YearTo = Annotated[int | None, Query(ge=1000, le=3000, description="Latest year, inclusive.")]
Audience = Literal["patient", "public", "clinician"]
ExportFormat = Literal["jsonl", "csv", "bibtex", "ris"]

#: Media type and file extension of each export format.
EXPORT_TYPES: dict[str, tuple[str, str]] = {
    "jsonl": ("application/x-ndjson", "jsonl"),
    "csv": ("text/csv", "csv"),
    "bibtex": ("application/x-bibtex", "bib"),
    "ris": ("application/x-research-info-systems", "ris"),
}


class InvalidParameter(ConsilienceError):
    """A parameter that passed type checks but makes no sense (answered with 422)."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


class SearchResponse(BaseModel):
    """Papers answering a query, best first, with any notices from the search."""

    query: str
    count: int
    hits: list[SearchHit]
    notices: list[str] = Field(default_factory=list, description="What the search could not do, in words.")


class AskRequest(BaseModel):
    """The body of ``POST /api/ask``."""

    model_config = {"extra": "forbid"}

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    k: int | None = Field(
        None, ge=1, le=MAX_K, description="Most relevant papers to read (default: the library's)."
    )
    year_from: int | None = Field(None, ge=1000, le=3000, description="Earliest year, inclusive.")
    year_to: int | None = Field(None, ge=1000, le=3000, description="Latest year, inclusive.")


def split_list(values: list[str] | None) -> list[str]:
    """Repeated and comma-separated query values as one list: ``['a,b', 'c']`` -> a, b, c.

    >>> split_list(["rct, meta-analysis", "registry"])
    ['rct', 'meta-analysis', 'registry']
    """
    return [item.strip() for value in values or [] for item in value.split(",") if item.strip()]


def search_filters(
    year_from: int | None, year_to: int | None, design: list[str] | None
) -> tuple[tuple[int | None, int | None] | None, list[str] | None]:
    """Validated (year range, design values) for :meth:`Library.search`."""
    from consilience.index.hybrid import parse_designs

    if year_from is not None and year_to is not None and year_from > year_to:
        raise InvalidParameter("year_from", f"year_from ({year_from}) is after year_to ({year_to})")
    try:
        designs = parse_designs(split_list(design))
    except ValueError as exc:
        raise InvalidParameter("design", str(exc)) from None
    years = None if year_from is None and year_to is None else (year_from, year_to)
    return years, [d.value for d in designs] if designs else None


def run_search(
    request: Request,
    q: str,
    *,
    k: int = 20,
    year_from: int | None = None,
    year_to: int | None = None,
    design: list[str] | None = None,
    min_n: int | None = None,
) -> SearchResponse:
    """Search the library under its lock (shared by the API and the search page)."""
    years, designs = search_filters(year_from, year_to, design)
    with web_state(request).using() as lib:
        hits = lib.search(q, k=k, year=years, designs=designs, min_n=min_n)
        notices = list(lib.indexes.notices)
        lib.indexes.notices.clear()  # notices belong to one search; don't let them pile up
    return SearchResponse(query=q, count=len(hits), hits=hits, notices=notices)


@router.get("/search", response_model=SearchResponse, tags=["search"])
def search(
    request: Request,
    q: Question,
    k: TopK = 20,
    year_from: YearFrom = None,
    year_to: YearTo = None,
    design: Annotated[
        list[str] | None,
        Query(description="Study designs (repeat or comma-separate), e.g. rct,meta-analysis."),
    ] = None,
    min_n: Annotated[int | None, Query(ge=1, description="Smallest sample size.")] = None,
) -> SearchResponse:
    """Papers answering a question, best first (BM25 and embeddings fused, then filtered)."""
    return run_search(request, q, k=k, year_from=year_from, year_to=year_to, design=design, min_n=min_n)


# The suffixed routes come first: ids such as doi:10.1001/jamasurg.2015.4539 hold slashes,
# so {paper_id:path} would otherwise swallow "/facts" and "/article".
@router.get("/papers/{paper_id:path}/facts", response_model=StudyFacts, tags=["papers"])
def paper_facts(request: Request, paper_id: str) -> StudyFacts:
    """What analysis extracted from one paper, each fact with its source span."""
    with web_state(request).using() as lib:
        return lib.facts(paper_id)


@router.get("/papers/{paper_id:path}/article", response_model=Article, tags=["papers"])
def paper_article(
    request: Request,
    paper_id: str,
    audience: Annotated[Audience, Query(description="Who the article is written for.")] = "patient",
) -> Article:
    """A checked plain-language article about one paper."""
    with web_state(request).using() as lib:
        return lib.article(paper_id, audience=audience)


@router.get("/papers/{paper_id:path}", response_model=Paper, tags=["papers"])
def paper(request: Request, paper_id: str) -> Paper:
    """One paper by PMID, DOI, PMCID or library id (URL-encode the slashes of a DOI or not)."""
    with web_state(request).using() as lib:
        return lib.get(paper_id)


#: How each answer format is offered for download.
ANSWER_FORMAT_LABELS = {"json": "JSON", "md": "Markdown", "html": "HTML"}
ANSWER_MEDIA_TYPES = {"json": "application/json", "md": "text/markdown", "html": "text/html"}
AnswerFormat = Literal["json", "md", "html"]


def answer_formats() -> list[str]:
    """The answer formats this build renders: JSON always, Markdown and HTML with their renderer."""
    try:
        from consilience.render import answer as renderer
    except ImportError:
        return ["json"]
    names = {"md": "to_markdown", "html": "to_html"}
    return ["json", *(fmt for fmt, name in names.items() if hasattr(renderer, name))]


def _answer_response(
    request: Request, question: str, *, k: int | None, year_from: int | None, year_to: int | None, fmt: str
) -> Response:
    if fmt not in answer_formats():
        raise InvalidParameter("format", f"answers can be rendered as {', '.join(answer_formats())}")
    years, _ = search_filters(year_from, year_to, None)
    answer = web_state(request).ask(question, k=k, year=years)
    if fmt == "json":
        return JSONResponse(answer.model_dump(mode="json"))
    from consilience.render import answer as renderer

    text: str = renderer.to_markdown(answer) if fmt == "md" else renderer.to_html(answer)
    return Response(
        text,
        media_type=ANSWER_MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'inline; filename="answer.{fmt}"'},
    )


AskFormat = Annotated[
    AnswerFormat, Query(description="json (default), md or html: the same Answer, rendered.")
]


@router.get("/ask", tags=["answers"], response_model=Answer, dependencies=[Depends(limit_questions)])
def ask(
    request: Request,
    q: Question,
    k: Annotated[int | None, Query(ge=1, le=MAX_K, description="Most relevant papers to read.")] = None,
    year_from: YearFrom = None,
    year_to: YearTo = None,
    format: AskFormat = "json",
) -> Response:
    """A graded, cited synthesis answering a question (``Library.ask``), in the Answer schema."""
    return _answer_response(request, q, k=k, year_from=year_from, year_to=year_to, fmt=format)


@router.post("/ask", tags=["answers"], response_model=Answer, dependencies=[Depends(limit_questions)])
def ask_post(request: Request, body: Annotated[AskRequest, Body()]) -> Response:
    """``GET /api/ask`` with the question in a JSON body: ``{"question": "...", "k": 20}``."""
    return _answer_response(
        request, body.question, k=body.k, year_from=body.year_from, year_to=body.year_to, fmt="json"
    )


@router.get("/meter", response_model=Meter, tags=["answers"], dependencies=[Depends(limit_questions)])
def meter(request: Request, q: Question, k: Annotated[int, Query(ge=1, le=20)] = 20) -> Meter:
    """The consensus meter: how the most relevant papers answer a yes/no question, by design."""
    with web_state(request).using() as lib:
        return lib.meter(q, k=k)


@router.get("/stats", tags=["library"], response_model=dict[str, Any])
def stats(request: Request) -> dict[str, Any]:
    """Counts of papers, identifiers, years and the last ingest."""
    with web_state(request).using() as lib:
        return lib.stats()


@router.get(
    "/export",
    tags=["library"],
    response_class=Response,
    responses={200: {"content": {t: {} for t, _ in EXPORT_TYPES.values()}}},
)
def export(
    request: Request,
    format: Annotated[ExportFormat, Query(description="jsonl, csv, bibtex or ris.")] = "jsonl",
    ids: Annotated[
        list[str] | None, Query(description="Only these papers (repeat or comma-separate); default all.")
    ] = None,
) -> Response:
    """The library, or some papers, in a format other tools read (as a download)."""
    buffer = io.StringIO()
    with web_state(request).using() as lib:
        lib.export(format, buffer, ids=split_list(ids) or None)
    media_type, extension = EXPORT_TYPES[format]
    return Response(
        buffer.getvalue(),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="consilience.{extension}"'},
    )


__all__ = ["AUDIENCES", "AskRequest", "InvalidParameter", "SearchResponse", "router", "run_search"]
