"""Rich terminal rendering of library objects (the CLI's default output)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from consilience.ingest.runner import IngestReport, ProgressFn
from consilience.model import Paper

_MAX_REJECTIONS_SHOWN = 20


@contextmanager
def ingest_progress(console: Console, *, disable: bool = False) -> Iterator[ProgressFn]:
    """A live 'N records · R records/s' line; yields the function that advances it."""
    start = time.perf_counter()
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]Ingesting[/bold] {task.completed:,.0f} records"),
        TextColumn("· {task.fields[rate]:,.0f} records/s"),
        TimeElapsedColumn(),
        console=console,
        disable=disable,
        transient=False,
    ) as progress:
        task = progress.add_task("ingest", total=None, rate=0.0)

        def bump(n: int) -> None:
            progress.advance(task, n)
            elapsed = max(time.perf_counter() - start, 1e-9)
            progress.update(task, rate=progress.tasks[0].completed / elapsed)

        yield bump


def print_ingest_report(console: Console, report: IngestReport) -> None:
    table = Table(title="Ingest summary", show_header=False, box=None)
    for name, value in report.counts().items():
        table.add_row(name, f"{value:,}")
    console.print(table)
    for error in report.errors:
        console.print(f"[red]File error:[/red] {error}")
    for line in report.ignored_fields():
        console.print(f"[yellow]Ignored:[/yellow] {line}", markup=True, soft_wrap=True, highlight=False)
    for rejection in report.rejections[:_MAX_REJECTIONS_SHOWN]:
        console.print(f"[yellow]Rejected:[/yellow] {rejection}", markup=True, soft_wrap=True)
    if report.rejected > _MAX_REJECTIONS_SHOWN:
        console.print(f"… and {report.rejected - _MAX_REJECTIONS_SHOWN:,} more rejections (see --json)")


def print_stats(console: Console, stats: dict[str, Any]) -> None:
    table = Table(title=f"Library {stats.get('library', '')}", show_header=False, box=None)
    table.add_row("papers", f"{stats['papers']:,}")
    table.add_row("with abstract", f"{stats['with_abstract']:,}")
    table.add_row("with PMID / DOI", f"{stats['with_pmid']:,} / {stats['with_doi']:,}")
    if stats.get("year_min"):
        table.add_row("years", f"{stats['year_min']}–{stats['year_max']}")
    table.add_row("by format", ", ".join(f"{k} {v:,}" for k, v in sorted(stats["by_format"].items())) or "—")
    table.add_row("deleted records", f"{stats['deleted']:,}")
    for key in ("analyzed", "indexed"):
        if key in stats:
            table.add_row(key, str(stats[key]))
    last = stats.get("last_ingest")
    if last:
        table.add_row("last ingest", f"{last['file']} at {last['finished'] or last['started']}")
    console.print(table)


def format_citation(paper: Paper) -> str:
    authors = [a.display for a in paper.authors]
    who = ", ".join(authors[:3]) + (", et al." if len(authors) > 3 else "")
    j = paper.journal
    where = j.iso_abbrev or j.title
    parts = [p for p in (who, where, str(paper.year or "")) if p]
    vol = f"{j.volume}({j.issue})" if j.issue else j.volume
    if vol:
        parts.append(vol + (f":{j.pages}" if j.pages else ""))
    return ". ".join(parts)


def print_paper(console: Console, paper: Paper) -> None:
    ids = [
        f"{k.upper()} {v}"
        for k, v in (("pmid", paper.ids.pmid), ("doi", paper.ids.doi), ("pmcid", paper.ids.pmcid))
        if v
    ]
    header = Text(paper.title or "(untitled)", style="bold")
    body = Text()
    body.append(format_citation(paper) + "\n", style="dim")
    body.append(" · ".join(ids) + "\n\n", style="cyan")
    for section in paper.sections:
        if section.label:
            body.append(section.label + ": ", style="bold")
        body.append(section.text + "\n")
    if paper.publication_types:
        body.append("\nPublication types: " + "; ".join(paper.publication_types) + "\n", style="dim")
    if paper.mesh:
        body.append(
            "MeSH: " + "; ".join(("*" if m.major else "") + m.descriptor for m in paper.mesh) + "\n",
            style="dim",
        )
    if paper.keywords:
        body.append("Keywords: " + "; ".join(paper.keywords) + "\n", style="dim")
    console.print(Panel(body, title=header, title_align="left"))
