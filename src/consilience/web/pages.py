"""The server-rendered web app: home, answer, search, paper and library pages.

Each page calls the same library methods as its ``/api`` twin and renders the same models.
"""

from __future__ import annotations

import base64
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BeforeValidator

from consilience.model import StudyDesign
from consilience.web import views
from consilience.web.api import (
    ANSWER_FORMAT_LABELS,
    EXPLAIN_AUDIENCES,
    Audience,
    ExplainAudience,
    answer_formats,
    run_search,
    start_ingest,
)
from consilience.web.state import AUDIENCES, MAX_K, MAX_QUESTION_CHARS, limit_questions, web_state
from consilience.web.templating import render_page

router = APIRouter(include_in_schema=False)
#: matplotlib's pyplot state is global: one plot at a time.
_PLOT_LOCK = threading.Lock()

#: Questions offered on the home page (they suit the built-in library).
EXAMPLE_QUESTIONS = (
    "Does surgery of the primary tumour improve survival in de novo stage IV breast cancer?",
    "Does locoregional treatment improve local control in metastatic breast cancer?",
    "Do observational studies and randomized trials of primary tumour surgery disagree?",
)
OptionalText = Annotated[str, Query(max_length=MAX_QUESTION_CHARS)]


def _blank_to_none(value: object) -> object:
    """An empty form field means 'no filter' (browsers send ``year_to=`` for a blank box)."""
    return None if value == "" else value


Blank = BeforeValidator(_blank_to_none)
YearFilter = Annotated[int | None, Query(ge=1000, le=3000), Blank]


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    with web_state(request).using() as lib:
        stats = lib.stats()
    return render_page(
        request, "home.html", title="Ask the evidence", stats=stats, examples=EXAMPLE_QUESTIONS
    )


@router.get("/ask", response_class=HTMLResponse, dependencies=[Depends(limit_questions)])
def answer_page(
    request: Request, q: OptionalText = "", k: Annotated[int | None, Query(ge=1, le=MAX_K), Blank] = None
) -> Response:
    if not q.strip():
        return RedirectResponse("/", status_code=303)
    answer = web_state(request).ask(q, k=k)
    return render_page(
        request,
        "answer.html",
        title=q,
        question=q,
        k=k,
        answer=answer,
        refs=answer.ref_numbers(),
        card_refs={card.ref for card in answer.cards},
        ref_ids=[ref.paper_id for ref in answer.references],
        formats=[(fmt, ANSWER_FORMAT_LABELS[fmt]) for fmt in answer_formats()],
        plots=_forest_plots(answer),
    )


def _forest_plots(answer: Any) -> list[dict[str, str]]:
    """Each pooled estimate's forest plot as a ``data:`` URI of SVG with its alt text.

    An ``<img>`` never runs what an SVG holds, so the plot cannot carry script into the page.
    """
    import tempfile
    from pathlib import Path

    from consilience.render.plots import forest_plot

    plots = []
    with _PLOT_LOCK, tempfile.TemporaryDirectory(prefix="consilience-plot-") as folder:
        for number, pooled in enumerate(getattr(answer, "pooled", None) or [], start=1):
            if not pooled.rows:
                continue
            forest_plot(pooled, Path(folder) / f"forest{number}")
            svg = (Path(folder) / f"forest{number}.svg").read_bytes()
            alt = (
                f"Forest plot of {pooled.k} {pooled.group} studies, {pooled.outcome}: pooled "
                f"{pooled.measure} {pooled.estimate:.2f} "
                f"({views.ci_text(pooled.ci_low, pooled.ci_high, 95)})"
            )
            plots.append({"src": "data:image/svg+xml;base64," + base64.b64encode(svg).decode(), "alt": alt})
    return plots


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: OptionalText = "",
    k: Annotated[int, Query(ge=1, le=MAX_K)] = 20,
    year_from: YearFilter = None,
    year_to: YearFilter = None,
    design: Annotated[list[str] | None, Query()] = None,
    min_n: Annotated[int | None, Query(ge=1), Blank] = None,
) -> Response:
    result = None
    if q.strip():
        result = run_search(request, q, k=k, year_from=year_from, year_to=year_to, design=design, min_n=min_n)
    hits = [
        (hit, views.segments(hit.best_sentence, [(s, e, "match") for s, e in hit.highlights]))
        for hit in (result.hits if result else [])
    ]
    return render_page(
        request,
        "search.html",
        title=f"Search: {q}" if q else "Search",
        q=q,
        k=k,
        year_from=year_from,
        year_to=year_to,
        chosen_designs=set(design or []),
        min_n=min_n,
        all_designs=[d.value for d in StudyDesign],
        result=result,
        hits=hits,
    )


@router.get("/papers/{paper_id:path}", response_class=HTMLResponse)
def paper_page(request: Request, paper_id: str, audience: Audience = "patient") -> Response:
    with web_state(request).using() as lib:
        paper = lib.get(paper_id)
        facts = lib.facts(paper.id)
        article = lib.article(paper.id, audience=audience)
    sections = views.highlighted_sections(paper, facts)
    return render_page(
        request,
        "paper.html",
        title=paper.title or paper.id,
        paper=paper,
        facts=facts,
        article=article,
        audience=audience,
        audiences=AUDIENCES,
        sections=sections,
        legend=views.used_kinds(sections),
        authors=views.author_line(paper),
        citation=views.citation_line(paper),
        links=views.external_links(paper),
    )


@router.get("/explain", response_class=HTMLResponse, dependencies=[Depends(limit_questions)])
def explainer_page(request: Request, q: OptionalText = "", audience: ExplainAudience = "patient") -> Response:
    if not q.strip():
        return RedirectResponse("/", status_code=303)
    explainer = web_state(request).explain(q, audience=audience)
    return render_page(
        request,
        "explainer.html",
        title=explainer.headline,
        question=q,
        explainer=explainer,
        refs=explainer.ref_numbers(),
        audience=audience,
        audiences=EXPLAIN_AUDIENCES,
        formats=[(fmt, ANSWER_FORMAT_LABELS[fmt]) for fmt in ("md", "html", "json")],
    )


@router.get("/library", response_class=HTMLResponse)
def library_page(request: Request) -> Response:
    state = web_state(request)
    with state.using() as lib:
        stats = lib.stats()
    from consilience.ingest import FORMATS
    from consilience.web.uploads import human_bytes

    return render_page(
        request,
        "library.html",
        title="Library",
        stats=stats,
        formats=sorted(FORMATS),
        limit=human_bytes(state.max_upload_bytes),
        max_bytes=state.max_upload_bytes,
        jobs=state.jobs.recent(),
    )


@router.post("/library/ingest", response_class=HTMLResponse)
async def ingest_form(request: Request) -> Response:
    """The upload form without script: start the job, then show its page (which refreshes)."""
    job = await start_ingest(request)
    return RedirectResponse(job.page, status_code=303)


@router.get("/library/ingest/{job_id}", response_class=HTMLResponse)
def ingest_page(request: Request, job_id: str) -> Response:
    from consilience.errors import NotFoundError

    job = web_state(request).jobs.get(job_id)
    if job is None:
        raise NotFoundError(f"no ingest job {job_id!r} (jobs are kept until the server restarts)")
    return render_page(
        request,
        "ingest.html",
        title=f"Ingest of {job.filename}",
        job=job,
        running=job.status in ("queued", "running"),
    )
