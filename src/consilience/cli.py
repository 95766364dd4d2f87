"""The ``consilience`` command: a thin typer shell over :class:`consilience.Library`.

Each command parses its input, calls the library, and renders; errors the user can act
on are printed as one line and exit with status 1 (2 for usage errors).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from consilience.errors import ConsilienceError
from consilience.library import Library
from consilience.settings import Settings

app = typer.Typer(
    name="consilience",
    help="Consilience: an offline evidence engine for medical research questions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

F = TypeVar("F", bound=Callable[..., Any])

LibraryOption = Annotated[
    Path | None,
    typer.Option(
        "--library",
        "-L",
        envvar="CONSILIENCE_LIBRARY",
        help="Library directory (default ~/.consilience/library).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def friendly_errors(func: F) -> F:
    """Turn ConsilienceError into a one-line message and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ConsilienceError as exc:
            err_console.print(f"[red]Error:[/red] {exc}", soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def open_library(path: Path | None) -> Library:
    return Library.open(path, settings=Settings() if path is None else None)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


@app.command()
@friendly_errors
def ingest(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="PubMed XML (.xml/.xml.gz), JSONL, PubMedQA JSON, SciFact/BEIR JSONL, RIS, NBIB, BibTeX or CSV files."
        ),
    ],
    library: LibraryOption = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="Force the input format instead of guessing.")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Files ingested in parallel.")] = 1,
    as_json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read research records into the library (idempotent; bad records are reported)."""
    from consilience.render.terminal import ingest_progress, print_ingest_report

    with open_library(library) as lib, ingest_progress(err_console, disable=quiet or as_json) as bump:
        report = lib.ingest(files, fmt=fmt, jobs=jobs, progress=bump)
    if as_json:
        print_json(
            report.counts()
            | {
                "rejections": [str(r) for r in report.rejections],
                "errors": report.errors,
                "ignored": report.ignored_fields(),
            }
        )
    else:
        print_ingest_report(console, report)
    if report.errors:
        raise typer.Exit(1)


@app.command()
@friendly_errors
def fetch(
    query: Annotated[str, typer.Argument(help='A PubMed / Europe PMC query, e.g. "aspirin AND stroke".')],
    source: Annotated[str, typer.Option("--source", "-s", help="pubmed, europepmc or both.")] = "pubmed",
    max_records: Annotated[
        int | None, typer.Option("--max", min=1, help="Most records per source (default 200).")
    ] = None,
    since: Annotated[
        int | None, typer.Option("--since", help="Only papers published in or after this year.")
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Replay the latest recorded fetch of this query; no network.")
    ] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Reuse what an interrupted fetch of this query received.")
    ] = False,
    library: LibraryOption = None,
    as_json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Fetch papers matching a query from PubMed and/or Europe PMC (logged and cached for replay)."""
    from consilience.render.terminal import ingest_progress

    with open_library(library) as lib, ingest_progress(err_console, disable=quiet or as_json) as bump:
        report = lib.fetch(
            query,
            source=source,
            limit=max_records,
            since=since,
            offline=offline,
            resume=resume,
            progress=bump,
        )
    if as_json:
        print_json(report.to_json())
        return
    for part, line in zip(report.sources, report.summary(), strict=True):
        console.print(line, markup=False, soft_wrap=True)
        console.print(f"  logged in {part.directory}", style="dim", markup=False, soft_wrap=True)


@app.command()
@friendly_errors
def stats(library: LibraryOption = None, as_json: JsonOption = False) -> None:
    """Summarise the library: papers, sources, years, last ingest."""
    from consilience.render.terminal import print_stats

    with open_library(library) as lib:
        data = lib.stats()
    print_json(data) if as_json else print_stats(console, data)


@app.command()
@friendly_errors
def show(
    paper_id: Annotated[str, typer.Argument(help="PMID, DOI, PMCID or library id.")],
    library: LibraryOption = None,
    as_json: JsonOption = False,
    facts: Annotated[
        bool, typer.Option("--facts", help="Show the extracted study facts with their source text.")
    ] = False,
) -> None:
    """Show one paper's record (or, with --facts, what analysis extracted from it)."""
    from consilience.render.terminal import print_paper

    with open_library(library) as lib:
        paper = lib.get(paper_id)
        study = lib.facts(paper.id) if facts else None
    if study is not None:
        from consilience.render.facts import print_facts

        print_json(study.model_dump(mode="json")) if as_json else print_facts(console, paper, study)
        return
    print_json(paper.model_dump(mode="json")) if as_json else print_paper(console, paper)


@app.command()
@friendly_errors
def analyze(
    library: LibraryOption = None,
    force: Annotated[bool, typer.Option("--force", help="Re-analyse every paper, cached or not.")] = False,
    as_json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Extract study facts (design, N, PICO, effects, survival, bias) for new or changed papers."""
    from rich.progress import Progress

    with open_library(library) as lib, Progress(console=err_console, disable=quiet or as_json) as bar:
        task = bar.add_task("Analysing", total=None)
        report = lib.analyze(
            force=force, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    if as_json:
        print_json(report.counts())
    else:
        console.print(
            f"Analysed {report.analysed:,} papers; {report.cached:,} have facts "
            f"({report.version}); {report.removed:,} removed."
        )


@app.command()
@friendly_errors
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv, bibtex or ris.")] = "jsonl",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")] = None,
    ids: Annotated[list[str] | None, typer.Argument(help="Only these papers (default: all).")] = None,
    library: LibraryOption = None,
) -> None:
    """Export the library (or some papers) for other tools."""
    with open_library(library) as lib:
        if out is None:
            count = lib.export(fmt, sys.stdout, ids=ids)
        else:
            with open(out, "w", encoding="utf-8", newline="") as handle:
                count = lib.export(fmt, handle, ids=ids)
    err_console.print(
        f"Exported {count} {'paper' if count == 1 else 'papers'} as {fmt}" + (f" to {out}" if out else "")
    )


@app.command()
@friendly_errors
def search(
    question: Annotated[str, typer.Argument(help="A question or keywords.")],
    k: Annotated[int, typer.Option("-k", min=1, help="How many papers to show.")] = 20,
    mode: Annotated[str | None, typer.Option("--mode", help="lexical, dense or hybrid.")] = None,
    year: Annotated[str | None, typer.Option("--year", help="Years, e.g. 2010:2024 or 2019.")] = None,
    design: Annotated[str | None, typer.Option("--design", help="Designs, e.g. rct,meta-analysis.")] = None,
    min_n: Annotated[int | None, typer.Option("--min-n", help="Smallest sample size.")] = None,
    library: LibraryOption = None,
    model: Annotated[Path | None, typer.Option("--model", help="Embedding model directory.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Find the papers that answer a question (BM25 + embeddings, fused)."""
    from consilience.index.display import print_hits
    from consilience.index.hybrid import parse_designs, parse_year_range

    try:
        years, designs = parse_year_range(year), parse_designs(design)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    with open_library(library) as lib:
        lib.settings.embedding_model = model or lib.settings.embedding_model
        hits = lib.search(
            question,
            k=k,
            mode=mode,
            year=years,
            min_n=min_n,
            designs=[d.value for d in designs] if designs else None,
        )
        for notice in lib.indexes.notices:
            err_console.print(notice)
    print_json([h.model_dump(mode="json") for h in hits]) if as_json else print_hits(console, hits)


@app.command()
@friendly_errors
def index(
    check: Annotated[bool, typer.Option("--check", help="Only verify the indexes match the store.")] = False,
    library: LibraryOption = None,
    model: Annotated[Path | None, typer.Option("--model", help="Embedding model directory.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Rebuild the search indexes from the library (or --check them)."""
    from dataclasses import asdict

    from consilience.index.display import print_checks

    with open_library(library) as lib:
        lib.settings.embedding_model = model or lib.settings.embedding_model
        if not check:
            lib.reindex()
            for notice in lib.indexes.notices:
                err_console.print(notice)
        checks = lib.check_index()
    print_json([asdict(c) for c in checks]) if as_json else print_checks(console, checks)
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


@app.command()
@friendly_errors
def demo(library: LibraryOption = None) -> None:
    """(Re)build the built-in evidence library on the seed topic and summarise it."""
    from consilience.demo import builtin_files
    from consilience.render.terminal import print_ingest_report, print_stats

    with open_library(library) as lib:
        report = lib.ingest(builtin_files())
        print_ingest_report(console, report)
        print_stats(console, lib.stats())


@app.command()
@friendly_errors
def article(
    paper_id: Annotated[str, typer.Argument(help="PMID, DOI, PMCID or library id.")],
    library: LibraryOption = None,
    audience: Annotated[
        str, typer.Option("--audience", "-a", help="Who it is written for: patient, public or clinician.")
    ] = "patient",
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="md, html or json (default: styled text).")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Date printed in the provenance note (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Write a checked plain-language article about one paper."""
    from consilience.render.article import FORMATS, print_article, render_article

    if audience not in ("patient", "public", "clinician") or (fmt is not None and fmt not in FORMATS):
        raise typer.BadParameter("audience: patient|public|clinician; format: md|html|json")
    with open_library(library) as lib:
        written = lib.article(paper_id, audience=audience, today=date)
    if fmt is None:
        print_article(console, written)
    else:
        sys.stdout.write(render_article(written, fmt))


@app.command()
@friendly_errors
def explain(
    question: Annotated[str, typer.Argument(help='A question, e.g. "Does X improve survival in Z?"')],
    library: LibraryOption = None,
    audience: Annotated[
        str, typer.Option("--audience", "-a", help="Who it is written for: patient or public.")
    ] = "patient",
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="md, html or json (default: styled text).")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the explainer to this file.")] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Date printed in the provenance note (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Write a checked plain-language explainer of a question, from its answer."""
    from consilience.render.explainer import FORMATS, print_explainer, render_explainer

    if fmt is None and out is not None:
        fmt = {".html": "html", ".htm": "html", ".json": "json"}.get(out.suffix.lower(), "md")
    if audience not in ("patient", "public") or (fmt is not None and fmt not in FORMATS):
        raise typer.BadParameter("audience: patient|public; format: md|html|json")
    with open_library(library) as lib:
        written = lib.explain(question, audience=audience, today=date)
    if fmt is None:
        print_explainer(console, written)
    elif out is None:
        sys.stdout.write(render_explainer(written, fmt))
    else:
        out.write_text(render_explainer(written, fmt), encoding="utf-8")
        err_console.print(f"wrote {out} ({len(written.references)} references)")


@app.command()
@friendly_errors
def stance(
    question: Annotated[str, typer.Argument(help='A question, e.g. "Does X reduce mortality in Z?"')],
    ids: Annotated[list[str], typer.Argument(help="PMIDs, DOIs, PMCIDs or library ids.")],
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """What each paper says about a question: yes, possibly, no or not addressed."""
    from consilience.question import parse_question
    from consilience.render.meter import print_stances

    with open_library(library) as lib:
        stances = lib.stance(question, ids)
    parsed = parse_question(question)
    if as_json:
        print_json(
            {
                "question": parsed.model_dump(mode="json"),
                "stances": [s.model_dump(mode="json") for s in stances],
            }
        )
    else:
        print_stances(console, parsed, stances)


@app.command()
@friendly_errors
def meter(
    question: Annotated[str, typer.Argument(help="A yes/no question about the library's papers.")],
    k: Annotated[
        int,
        typer.Option(
            "--top", "-k", min=1, max=200, help="Most relevant papers to read (at most 20 counted)."
        ),
    ] = 30,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """The consensus meter: how the most relevant papers answer a question, by design."""
    from consilience.render.meter import print_meter

    with open_library(library) as lib:
        result = lib.meter(question, k=k)
    print_json(result.model_dump(mode="json")) if as_json else print_meter(console, result)


@app.command()
@friendly_errors
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    library: LibraryOption = None,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="CONSILIENCE_TOKEN",
            help="Access token; required off loopback.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the web app and JSON API on loopback (needs the optional 'web' extra; see docs/web.md)."""
    try:
        from consilience.web import serve as run_server
    except ImportError as exc:
        raise ConsilienceError(f"the web app needs the 'web' extra ({exc.name} is missing)") from None
    with open_library(library) as lib:
        run_server(lib, host=host, port=port, token=token)


AnswerFormat = Annotated[
    str | None, typer.Option("--format", "-f", help="md, html or json (default: the terminal report).")
]


@app.command()
@friendly_errors
def ask(
    question: Annotated[
        str, typer.Argument(help='A research question, e.g. "Does X improve survival in Z?"')
    ],
    library: LibraryOption = None,
    k: Annotated[int, typer.Option("--k", min=1, max=200, help="Papers to read from the search.")] = 30,
    fmt: AnswerFormat = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the answer to this file.")] = None,
    plots: Annotated[
        Path | None,
        typer.Option("--plots", help="Folder for forest plots (default: beside --out, or in the library)."),
    ] = None,
    year_from: Annotated[int | None, typer.Option("--from", help="Only papers from this year on.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", help="Only papers up to this year.")] = None,
    mode: Annotated[str | None, typer.Option("--mode", help="lexical, dense or hybrid search.")] = None,
    online: Annotated[
        bool,
        typer.Option("--online", help="First fetch from PubMed what the library lacks (needs a network)."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Answer a question from the library: verdict, meter, certainty, pooled effects, cited synthesis."""
    from consilience.render.answer import RENDERERS, print_answer

    if as_json:
        if fmt not in (None, "json"):
            raise typer.BadParameter(f"--json and --format {fmt} ask for two formats; give one")
        fmt = "json"  # as every other command spells it
    if fmt is not None and fmt not in RENDERERS:
        raise typer.BadParameter(f"--format must be one of {', '.join(RENDERERS)}")
    if fmt is None and out is not None:
        fmt = {".md": "md", ".html": "html", ".htm": "html", ".json": "json"}.get(out.suffix.lower(), "md")
    with open_library(library) as lib:
        if lib.store.count() == 0:
            from consilience.demo import builtin_files

            err_console.print(
                f"The library at {lib.path} is empty: loading the built-in evidence library first "
                "(consilience ingest FILE adds your own).",
                soft_wrap=True,
            )
            lib.ingest(builtin_files())
        if plots is None:
            plots = (
                out.with_name(out.stem + "_plots")
                if out is not None
                else lib.path / "answers" / _slug(question)
            )
        year = (year_from, year_to) if year_from or year_to else None
        answer = lib.ask(question, k=k, mode=mode, year=year, plots_dir=plots, online=online)
    for notice in answer.notices:
        err_console.print(notice, style="dim", markup=False, soft_wrap=True)
    if fmt is None:
        print_answer(console, answer)
        return
    text = RENDERERS[fmt](answer)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        err_console.print(
            f"wrote {out} ({len(answer.references)} references, {len(answer.plots)} plot files)"
        )


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "answer"


@app.command()
@friendly_errors
def verify(
    report: Annotated[Path, typer.Argument(help="An answer saved with `ask --format json`.")],
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check a saved answer: every number in a cited paper, every citation real, every finding cited."""
    with open_library(library) as lib:
        result = lib.verify(report)
    if as_json:
        print_json(result.model_dump(mode="json"))
    else:
        console.print(
            f"{report}: {result.claims} sentences, {result.passed} pass, {result.failed} fail; "
            f"{result.numbers_traced}/{result.numbers} numbers traced to a cited paper; "
            f"{result.findings_cited}/{result.findings} findings cited"
        )
        for problem in result.problems:
            console.print(f"[red]FAIL[/red] {problem.sentence}\n     {problem.problem}", soft_wrap=True)
    if not result.ok:
        raise typer.Exit(1)


# -- build: batch builds at scale (consilience.batch; docs/scale.md) ---------------------


@app.command()
@friendly_errors
def build(
    paths: Annotated[
        list[Path], typer.Argument(help="Files, or directories of PubMed *.xml.gz / *.xml files.")
    ],
    library: LibraryOption = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", min=1, help="Parallel workers (default: all CPUs).")
    ] = None,
    ray: Annotated[
        str | None,
        typer.Option("--ray", help="Run the tasks on the Ray cluster at ADDRESS ('local' starts one here)."),
    ] = None,
    gpu: Annotated[
        bool, typer.Option("--gpu", help="Embed on the GPU (CUDA), building or updating the dense index.")
    ] = False,
    analyze: Annotated[bool, typer.Option("--analyze/--no-analyze", help="Extract study facts too.")] = True,
    retries: Annotated[int, typer.Option("--retries", min=0, help="Re-tries of a failed file.")] = 2,
    worker_memory: Annotated[
        int | None, typer.Option("--worker-memory", min=1, help="MiB Ray reserves for each task.")
    ] = None,
    as_json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
) -> None:
    """Build many files into the library in parallel: parse, analyse, store, index (resumable)."""
    from consilience.batch import build as run_build
    from consilience.render.build import build_progress, print_build_report

    with open_library(library) as lib, build_progress(err_console, disable=quiet or as_json) as show:
        report = run_build(
            paths,
            lib,
            workers=workers,
            ray_address=ray,
            gpu=gpu,
            analyze=analyze,
            retries=retries,
            worker_memory_mb=worker_memory,
            progress=show,
        )
    if as_json:
        print_json(report.to_dict())
    else:
        print_build_report(console, report)
    if not report.ok:
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
