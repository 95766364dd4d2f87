"""Terminal progress and summary for ``consilience build``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from consilience.batch import BuildProgress, BuildReport
from consilience.render.terminal import print_ingest_report

_STAGES = {"files": "Building", "facts": "Analysing leftovers", "index": "Indexing", "done": "Built"}


def _eta(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


@contextmanager
def build_progress(console: Console, *, disable: bool = False) -> Iterator[Callable[[BuildProgress], None]]:
    """A live 'files done/total · records · records/s · ETA' line; yields its update function."""
    with Progress(
        TextColumn("[bold]{task.description}[/bold]"),
        BarColumn(),
        TextColumn("{task.fields[done]:,}/{task.fields[files]:,} files"),
        TextColumn("· {task.fields[records]:,} records · {task.fields[rate]:,.0f} records/s"),
        TextColumn("· ETA {task.fields[eta]}"),
        TimeElapsedColumn(),
        console=console,
        disable=disable,
    ) as progress:
        task = progress.add_task("Building", total=None, done=0, files=0, records=0, rate=0.0, eta="–")

        def show(state: BuildProgress) -> None:
            progress.update(
                task,
                description=_STAGES.get(state.stage, state.stage),
                completed=state.files_done,
                total=state.files_total or None,
                done=state.files_done,
                files=state.files_total,
                records=state.records,
                rate=state.records_per_s,
                eta=_eta(state.eta_s),
            )

        yield show


def print_build_report(console: Console, report: BuildReport) -> None:
    """The end-of-build summary: files, record counts, per-stage rates, failures."""
    table = Table(title="Build summary", show_header=False, box=None)
    table.add_row("executor", report.executor or "(nothing to do)")
    table.add_row(
        "files",
        f"{report.files_built:,} built, {report.files_skipped:,} already done, "
        f"{len(report.failures):,} failed (of {report.files_total:,})",
    )
    if report.retries:
        table.add_row("retries", f"{report.retries:,}")
    rates = report.stage_rates()
    table.add_row(
        "records/s",
        f"{rates['end_to_end']:,.0f} end to end; per worker: parse {rates['parse_per_worker']:,.0f}, "
        f"analyse {rates['analyze_per_worker']:,.0f}; writer {rates['write']:,.0f}",
    )
    table.add_row(
        "seconds",
        f"{report.wall_s:,.1f} wall; CPU: writing {report.write_s:,.1f}, facts {report.facts_s:,.1f}, "
        f"indexes {report.index_s:,.1f}",
    )
    if report.worker_peak_rss_mb:
        table.add_row("worker peak memory", f"{report.worker_peak_rss_mb:,.0f} MiB")
    console.print(table)
    print_ingest_report(console, report.counts)
    for notice in report.notices:
        console.print(f"[dim]{notice}[/dim]", soft_wrap=True)
    for failure in report.failures:
        console.print(
            f"[red]Failed:[/red] {failure.path} after {failure.attempts} attempts: {failure.reason}",
            soft_wrap=True,
        )
