"""The JSON HTTP API: one route per :class:`~consilience.Library` method, nothing more.

Each handler parses its parameters, calls the library under the app's lock and returns the
library's own models; errors become JSON with a 4xx status (see :mod:`consilience.web.errors`).
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from consilience.errors import ConsilienceError, IngestError, NotFoundError
from consilience.ingest import FORMATS as INGEST_FORMATS
from consilience.model import Answer, Article, Explainer, Meter, Paper, SearchHit, StudyFacts
from consilience.web.state import AUDIENCES, MAX_K, MAX_QUESTION_CHARS, limit_questions, web_state
from consilience.web.uploads import (
    FRAMING_ALLOWANCE,
    IngestJob,
    ReceivedUpload,
    UploadError,
    check_same_origin,
    receive_upload,
    safe_filename,
    too_large,
)

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
#: Rendered answers and explainers are standalone documents: they may style themselves but
#: never run script or load anything, even when opened from this server.
RENDERED_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"


def rendered(text: str, fmt: str, filename: str) -> Response:
    """A Markdown or HTML rendering as an inline document with a locked-down policy."""
    return Response(
        text,
        media_type=ANSWER_MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": f'inline; filename="{filename}.{fmt}"',
            "Content-Security-Policy": RENDERED_CSP,
            "X-Content-Type-Options": "nosniff",
        },
    )


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
    return rendered(text, fmt, "answer")


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
def meter(request: Request, q: Question, k: Annotated[int, Query(ge=1, le=MAX_K)] = 30) -> Meter:
    """The consensus meter: how the most relevant papers answer a yes/no question, by design.

    ``k`` papers are read, as ``/api/ask`` reads them; at most 20 that address the question count.
    """
    with web_state(request).using() as lib:
        return lib.meter(q, k=k)


ExplainAudience = Literal["patient", "public"]
EXPLAIN_AUDIENCES: tuple[str, ...] = ("patient", "public")


@router.get("/explain", tags=["answers"], response_model=Explainer, dependencies=[Depends(limit_questions)])
def explain(
    request: Request,
    q: Question,
    audience: Annotated[ExplainAudience, Query(description="Who the explainer is written for.")] = "patient",
    format: Annotated[
        AnswerFormat, Query(description="json (default), md or html: the same Explainer, rendered.")
    ] = "json",
) -> Response:
    """A checked plain-language explainer of a question (``Library.explain``), written from its answer."""
    explainer = web_state(request).explain(q, audience=audience)
    if format == "json":
        return JSONResponse(explainer.model_dump(mode="json"))
    from consilience.render import explainer as renderer

    return rendered(renderer.render_explainer(explainer, format), format, "explainer")


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


# -- ingest of uploaded files ---------------------------------------------------------------

UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "PubMed XML (.xml or .xml.gz), JSONL, RIS, NBIB, BibTeX or CSV.",
                        },
                        "format": {
                            "type": "string",
                            "enum": ["auto", *INGEST_FORMATS],
                            "default": "auto",
                            "description": "The file's format; 'auto' tells it from the name and first bytes.",
                        },
                    },
                }
            }
        },
    }
}


def _upload_format(upload: ReceivedUpload, name: str) -> str:
    """The format an upload is read as: the one asked for, else the one its name and head show."""
    from consilience.ingest import detect_format

    asked = upload.fields.get("format", "").strip().lower()
    if asked and asked != "auto":
        if asked not in INGEST_FORMATS:
            known = ", ".join(sorted(INGEST_FORMATS))
            raise InvalidParameter("format", f"unknown format {asked!r}; known formats: auto, {known}")
        return asked
    assert upload.path is not None
    try:
        return detect_format(upload.path)
    except IngestError as exc:
        message = str(exc).replace(str(upload.path), name).replace("pass --format", "choose the format")
        raise InvalidParameter("format", message) from None


async def start_ingest(request: Request) -> IngestJob:
    """Receive one uploaded file into ``<library>/uploads`` and queue its ingest (API and page)."""
    check_same_origin(request.headers)
    state = web_state(request)
    limit = state.max_upload_bytes
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit + FRAMING_ALLOWANCE:
        raise too_large(limit)  # refused before a byte of the body is read
    job_id = state.jobs.new_id()
    folder = state.library.path / "uploads"

    def destination(filename: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{job_id}-{safe_filename(filename)}"

    upload = await receive_upload(
        request.stream(), request.headers.get("content-type", ""), destination, limit
    )
    try:
        if upload.path is None:
            raise UploadError(422, "no file in the upload: send it in a form field named 'file'")
        name = safe_filename(upload.filename) if upload.filename else "upload"
        if upload.size == 0:
            raise UploadError(422, f"{name} is empty")
        fmt = _upload_format(upload, name)
    except BaseException:
        if upload.path is not None:
            upload.path.unlink(missing_ok=True)
        raise
    return state.jobs.submit(job_id, upload.path, filename=name, fmt=fmt)


@router.post(
    "/ingest",
    tags=["library"],
    status_code=202,
    response_model=IngestJob,
    openapi_extra=UPLOAD_BODY,
    responses={413: {"description": "The file is over the upload limit."}},
)
async def ingest_upload(request: Request) -> Response:
    """Ingest one uploaded file (multipart field ``file``) with the validating ``Library.ingest``.

    Answers 202 at once with the job; follow it at ``url`` (JSON) or ``events`` (server-sent
    events). Indexes are updated by the ingest, so new papers are searchable once it is done.
    """
    job = await start_ingest(request)
    return JSONResponse(job.model_dump(mode="json"), status_code=202, headers={"Location": job.url})


def _job(request: Request, job_id: str) -> IngestJob:
    job = web_state(request).jobs.get(job_id)
    if job is None:
        raise NotFoundError(f"no ingest job {job_id!r} (jobs are kept until the server restarts)")
    return job


@router.get("/ingest", tags=["library"], response_model=list[IngestJob])
def ingest_jobs(request: Request) -> list[IngestJob]:
    """The most recent ingest jobs, newest first."""
    return web_state(request).jobs.recent()


@router.get("/ingest/{job_id}", tags=["library"], response_model=IngestJob)
def ingest_job(request: Request, job_id: str) -> IngestJob:
    """One ingest job: queued, running (with records read so far), done or failed, with counts."""
    return _job(request, job_id)


#: Seconds between progress checks of a streamed job, and between keep-alive comments.
EVENT_INTERVAL = 0.25
KEEPALIVE_SECONDS = 15.0


@router.get(
    "/ingest/{job_id}/events",
    tags=["library"],
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
def ingest_events(request: Request, job_id: str) -> StreamingResponse:
    """The job's progress as server-sent events: a ``progress`` event (the job as JSON) at each
    change, and a final ``done`` or ``failed`` event before the stream closes."""
    jobs = web_state(request).jobs
    _job(request, job_id)  # 404 before the stream starts

    async def stream() -> AsyncIterator[str]:
        last, quiet = "", 0.0
        while True:
            job = jobs.get(job_id)
            if job is None:  # pragma: no cover - only finished jobs are forgotten
                return
            data = job.model_dump_json()
            if job.status in ("done", "failed"):
                yield f"event: {job.status}\ndata: {data}\n\n"
                return
            if data != last:
                yield f"event: progress\ndata: {data}\n\n"
                last, quiet = data, 0.0
            elif quiet >= KEEPALIVE_SECONDS:
                yield ": still working\n\n"
                quiet = 0.0
            await asyncio.sleep(EVENT_INTERVAL)
            quiet += EVENT_INTERVAL

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


__all__ = [
    "AUDIENCES",
    "AskRequest",
    "InvalidParameter",
    "SearchResponse",
    "router",
    "run_search",
    "start_ingest",
]
