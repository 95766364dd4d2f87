"""Terminal rendering of a paper's StudyFacts, with the source text each fact came from highlighted.

>>> from rich.console import Console
>>> from consilience.analyze import analyze_paper
>>> from consilience.model import Paper, Section
>>> paper = Paper(id="x:1", title="T", sections=[Section(text="Death fell (OR 2.1 [1.3, 3.4]).")])
>>> console = Console(width=100, record=True, color_system=None)
>>> print_facts(console, paper, analyze_paper(paper))  # doctest: +ELLIPSIS
╭─...
>>> "OR 2.1 [1.3, 3.4]" in console.export_text()
True
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from consilience.model import Paper, Span, StudyFacts

__all__ = ["STYLES", "facts_spans", "highlighted_sections", "print_facts"]

#: How each kind of fact is highlighted in the source text.
STYLES: dict[str, str] = {
    "effect": "bold black on yellow",
    "sample": "bold black on cyan",
    "survival": "black on green",
    "follow-up": "black on magenta",
    "population": "underline blue",
    "intervention": "underline green",
    "comparator": "underline cyan",
    "outcome": "underline magenta",
    "bias": "italic red",
    "takeaway": "bold",
}


def facts_spans(facts: StudyFacts) -> list[tuple[str, Span]]:
    """Every span in the facts with the kind of fact it supports (takeaway first: lowest priority)."""
    spans: list[tuple[str, Span]] = []
    if facts.takeaway is not None:
        spans.append(("takeaway", facts.takeaway))
    for kind in ("population", "intervention", "comparator", "outcome"):
        spans.extend((kind, s) for s in getattr(facts.pico, kind))
    spans.extend(("bias", c.span) for c in facts.bias if c.span is not None)
    if facts.follow_up is not None:
        spans.append(("follow-up", facts.follow_up))
    for group in (facts.survival, facts.medians, facts.events):
        spans.extend(("survival", item.span) for item in group if item.span is not None)
    spans.extend(("sample", s.span) for s in facts.sample_sizes if s.span is not None)
    spans.extend(("effect", e.span) for e in facts.effects if e.span is not None)
    return spans


def highlighted_sections(paper: Paper, facts: StudyFacts) -> list[Text]:
    """The title and each section as rich Text with fact spans styled (later kinds on top)."""
    texts: list[Text] = []
    by_section: dict[int, list[tuple[str, Span]]] = {}
    for kind, span in facts_spans(facts):
        by_section.setdefault(span.section, []).append((kind, span))
    units = [(-1, "TITLE", paper.title)] if paper.title else []
    units.extend((i, s.label, s.text) for i, s in enumerate(paper.sections))
    for index, label, body in units:
        text = Text()
        if label:
            text.append(f"{label}: ", style="bold dim")
        offset = len(text.plain)
        text.append(body)
        for kind, span in by_section.get(index, []):
            if 0 <= span.start < span.end <= len(body):
                text.stylize(STYLES[kind], offset + span.start, offset + span.end)
        texts.append(text)
    return texts


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _effects_table(facts: StudyFacts) -> Table:
    table = Table(title="Effect estimates", title_justify="left", expand=False)
    for column in ("measure", "value", "CI", "level", "p", "adjusted", "outcome", "comparison"):
        table.add_column(column)
    for e in facts.effects:
        ci = f"{_fmt(e.ci_low)} to {_fmt(e.ci_high)}" if e.ci_low is not None else ""
        level = f"{e.ci_level:g}%" if e.ci_level else ""
        adjusted = {True: "yes", False: "no", None: ""}[e.adjusted]
        table.add_row(e.measure, _fmt(e.value), ci, level, e.p_text, adjusted, e.outcome, e.comparison)
    return table


def _summary(facts: StudyFacts) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    design = facts.design
    table.add_row(
        "Design", f"{design.design.value} (level {design.evidence_level}, confidence {design.confidence:.2f})"
    )
    for size in facts.sample_sizes:
        arms = ", ".join(f"{k} {v}" for k, v in size.arms.items())
        table.add_row(f"N {size.kind}", f"{size.total:,}" + (f" ({arms})" if arms else ""))
    for point in facts.survival:
        when = f"{_fmt(point.time_value)}-{point.time_unit}" if point.time_value is not None else ""
        table.add_row("Survival", f"{when} {point.endpoint} {point.percent:g}% {point.arm}".strip())
    for median in facts.medians:
        table.add_row("Median", f"{median.endpoint} {median.months:g} months {median.arm}".strip())
    for event in facts.events:
        table.add_row("Events", f"{event.events}/{event.total} {event.arm}".strip())
    if facts.follow_up_months is not None:
        table.add_row("Follow-up", f"{facts.follow_up_months:g} months")
    if facts.country or facts.setting:
        table.add_row("Setting", ", ".join(x for x in (facts.country, facts.setting) if x))
    if facts.bias:
        table.add_row("Bias cues", ", ".join(c.cue for c in facts.bias))
    if facts.takeaway is not None:
        table.add_row("Takeaway", facts.takeaway.text)
    return table


def print_facts(console: Console, paper: Paper, facts: StudyFacts) -> None:
    """Print the summary, the effects table and the highlighted abstract."""
    console.print(
        Panel(
            _summary(facts),
            title=f"[bold]{paper.id}[/bold] facts ({facts.analyzer_version})",
            title_align="left",
        )
    )
    if facts.effects:
        console.print(_effects_table(facts))
    legend = Text("  ").join(Text(kind, style=style) for kind, style in STYLES.items())
    console.print(
        Panel(
            Group(*highlighted_sections(paper, facts)),
            title="Source",
            title_align="left",
            subtitle=legend,
            subtitle_align="left",
        )
    )
