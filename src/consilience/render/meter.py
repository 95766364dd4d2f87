"""Terminal rendering of stances and of the consensus meter (rich)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from consilience.model import Meter, MeterBar, Question, Stance
from consilience.synthesize.meter import counted_phrase

__all__ = ["bar_text", "print_meter", "print_stances"]

_STYLE = {"yes": "green", "possibly": "yellow", "no": "red", "not-addressed": "dim"}
_WIDTH = 30


def bar_text(shares: dict[str, float], width: int = _WIDTH) -> str:
    """A text bar of yes / possibly / no shares (in percent), as rich markup.

    >>> bar_text({"yes": 50.0, "possibly": 0.0, "no": 50.0}, width=4)
    '[green]██[/green][red]██[/red]'
    """
    out: list[str] = []
    for answer in ("yes", "possibly", "no"):
        cells = round(width * shares.get(answer, 0.0) / 100.0)
        if cells:
            out.append(f"[{_STYLE[answer]}]{'█' * cells}[/{_STYLE[answer]}]")
    return "".join(out)


def _understood(console: Console, question: Question) -> None:
    console.print(f"[bold]Understood as:[/bold] {question.understood_as}", soft_wrap=True)


def print_stances(console: Console, question: Question, stances: Sequence[Stance]) -> None:
    """One line per paper: its answer, confidence and the deciding sentence."""
    _understood(console, question)
    for s in stances:
        style = _STYLE.get(s.answer, "")
        console.print(
            f"\n[bold]{s.paper_id}[/bold]: [{style}]{s.answer}[/{style}] (confidence {s.confidence:.2f})"
        )
        if s.sentence is not None:
            console.print(f"  “{s.sentence.text}”", soft_wrap=True)
        if s.reasons:
            console.print(f"  [dim]{'; '.join(s.reasons)}[/dim]", soft_wrap=True)


def _row(table: Table, bar: MeterBar) -> None:
    counts = " / ".join(f"{bar.counts.get(a, 0)}" for a in ("yes", "possibly", "no"))
    table.add_row(bar.label, str(bar.papers), counts, bar_text(bar.weighted), bar.summary)


def print_meter(console: Console, meter: Meter) -> None:
    """The meter: raw counts and percentages, the evidence-weighted bar, and design tiers."""
    _understood(console, meter.question)
    if not meter.shown or meter.raw is None:
        console.print(meter.message, soft_wrap=True)
        return
    raw = meter.raw
    pct = ", ".join(f"{a} {raw.counts[a]} ({raw.percent[a]:.0f}%)" for a in ("yes", "possibly", "no"))
    console.print(f"\n{counted_phrase(meter)}: {pct}")
    console.print(f"By count:    {bar_text(raw.percent)}")
    console.print(f"By evidence: {bar_text(raw.weighted)}  {raw.summary} (weighted by design and size)")
    table = Table(title="By study design (weighted)", show_lines=False)
    for name in ("design", "papers", "yes / possibly / no", "weighted", "reading"):
        table.add_column(name)
    for bar in meter.by_design:
        _row(table, bar)
    console.print(table)
    console.print("[green]█ yes[/green]  [yellow]█ possibly[/yellow]  [red]█ no[/red]")
