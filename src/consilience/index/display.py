"""Terminal rendering of search hits and index checks (rich), kept beside the search code."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape

from consilience.index.manager import IndexCheck
from consilience.model import SearchHit


def print_hits(console: Console, hits: Sequence[SearchHit]) -> None:
    """One block per hit: rank, title, year · journal · design · n, then the best sentence."""
    if not hits:
        console.print("No papers matched.")
        return
    for hit in hits:
        meta = [
            str(hit.year) if hit.year else "",
            hit.journal,
            hit.design or "",
            f"n={hit.n:,}" if hit.n else "",
        ]
        console.print(f"[bold]{hit.rank:>2}. {escape(hit.title or hit.paper_id)}[/bold]")
        console.print(f"    [dim]{escape(' · '.join(m for m in meta if m))}  {escape(hit.paper_id)}[/dim]")
        if hit.best_sentence:
            console.print(f"    {_marked(hit.best_sentence, hit.highlights)}", soft_wrap=True)


def _marked(sentence: str, ranges: Sequence[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in ranges:
        out.append(escape(sentence[last:start]))
        out.append(f"[bold yellow]{escape(sentence[start:end])}[/bold yellow]")
        last = end
    out.append(escape(sentence[last:]))
    return "".join(out)


def print_checks(console: Console, checks: Sequence[IndexCheck]) -> None:
    for check in checks:
        state = "[green]ok[/green]" if check.ok else "[red]out of step[/red]"
        console.print(f"{check.name}: {state} ({check.doc_count:,} papers, change {check.last_seq})")
        for problem in check.problems:
            console.print(f"  - {escape(problem)}")
