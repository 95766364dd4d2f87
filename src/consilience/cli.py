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
            report.counts() | {"rejections": [str(r) for r in report.rejections], "errors": report.errors}
        )
    else:
        print_ingest_report(console, report)
    if report.errors:
        raise typer.Exit(1)


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
) -> None:
    """Show one paper's record."""
    from consilience.render.terminal import print_paper

    with open_library(library) as lib:
        paper = lib.get(paper_id)
    print_json(paper.model_dump(mode="json")) if as_json else print_paper(console, paper)


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
    err_console.print(f"Exported {count} papers as {fmt}" + (f" to {out}" if out else ""))


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


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
