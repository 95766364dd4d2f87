"""Renderers for an :class:`~consilience.model.Explainer`: Markdown, HTML, JSON and the terminal.

The explainer is data; these only lay it out. Sentences that state a finding get ``[n]``
markers from the explainer's own numbered references; context sentences (definitions,
questions to ask) get none. HTML escapes every piece of text.

>>> from consilience.model import Claim, Explainer, ExplainerSection, Reference
>>> e = Explainer(question="Does <X> help?", audience="patient", headline="X & Y",
...     sections=[ExplainerSection(key="summary", heading="The short answer",
...         claims=[Claim(text="Trials showed that X helps.", cites=["p1"])])],
...     references=[Reference(number=1, paper_id="p1", citation="A <i>trial</i>. 2020")])
>>> print(to_markdown(e).splitlines()[4])
Trials showed that X helps [1].
>>> "&lt;i&gt;trial&lt;/i&gt;" in to_html(e) and "<i>trial" not in to_html(e)
True
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape

from rich.console import Console
from rich.markup import escape as rich_escape

from consilience.model import Claim, Explainer

__all__ = [
    "FORMATS",
    "claim_text",
    "print_explainer",
    "render_explainer",
    "to_html",
    "to_json",
    "to_markdown",
]

FORMATS = ("md", "html", "json")


def claim_text(claim: Claim, numbers: Mapping[str, int]) -> str:
    """A sentence with its reference numbers before the final full stop ('... [1, 3].')."""
    refs = sorted({numbers[p] for p in claim.cites if p in numbers}) if claim.kind != "context" else []
    if not refs:
        return claim.text
    marker = " [" + _ranges(refs) + "]"
    text = claim.text.rstrip()
    if text[-1:] in ".?!":
        return text[:-1] + marker + text[-1]
    return text + marker


def _ranges(numbers: list[int]) -> str:
    """'1–5, 8' for [1, 2, 3, 4, 5, 8]: runs of three or more are shortened.

    >>> _ranges([1, 2, 3, 4, 5, 8, 9])
    '1–5, 8, 9'
    """
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = []
    for run in runs:
        parts += [f"{run[0]}\u2013{run[-1]}"] if len(run) >= 3 else [str(n) for n in run]
    return ", ".join(parts)


def _paragraph(claims: list[Claim], numbers: Mapping[str, int]) -> str:
    return " ".join(claim_text(c, numbers) for c in claims)


def _reading_line(explainer: Explainer) -> str:
    if explainer.reading is None:
        return ""
    r = explainer.reading
    return (
        f"Reading level: grade {r.flesch_kincaid} (Flesch-Kincaid), {r.smog} (SMOG). "
        f"Written for: {explainer.audience}."
    )


def to_markdown(explainer: Explainer) -> str:
    """The explainer as Markdown, in the order a reader meets it."""
    numbers = explainer.ref_numbers()
    out: list[str] = [f"# {explainer.headline}", ""]
    if explainer.alt_text:
        out += [f"*Image: {explainer.alt_text}*", ""]
    for section in explainer.sections:
        out += [f"{'#' * section.level} {section.heading}", ""]
        if section.style == "bullets":
            out += [f"- {claim_text(c, numbers)}" for c in section.claims]
        else:
            out.append(_paragraph(section.claims, numbers))
        out.append("")
    if explainer.glossary:
        out += ["## Words to know", ""]
        out += [f"- **{g.term}**: {g.definition}" for g in explainer.glossary]
        out.append("")
    if explainer.references:
        out += ["## References", ""]
        out += [f"{r.number}. {r.citation}" for r in explainer.references]
        out.append("")
    out += ["## About this explainer", "", explainer.about, ""]
    if explainer.reading is not None:
        out += [f"*{_reading_line(explainer)}*", ""]
    return "\n".join(out).rstrip() + "\n"


def to_html(explainer: Explainer) -> str:
    """The explainer as a standalone HTML page; all text escaped."""
    e = escape
    numbers = explainer.ref_numbers()
    parts: list[str] = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(explainer.headline)}</title>",
        "<style>body{font:18px/1.6 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem}"
        "aside{background:#f4f4f4;padding:.5rem 1rem}</style>",
        "</head><body><article>",
    ]
    if explainer.alt_text:
        parts.append(
            f'<figure role="img" aria-label="{e(explainer.alt_text)}">'
            f"<figcaption>{e(explainer.alt_text)}</figcaption></figure>"
        )
    parts.append(f"<h1>{e(explainer.headline)}</h1>")
    for section in explainer.sections:
        tag = f"h{section.level}"
        parts.append(f"<{tag}>{e(section.heading)}</{tag}>")
        if section.style == "bullets":
            items = "".join(f"<li>{e(claim_text(c, numbers))}</li>" for c in section.claims)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{e(_paragraph(section.claims, numbers))}</p>")
    if explainer.glossary:
        parts.append("<aside><h2>Words to know</h2><dl>")
        parts += [f"<dt>{e(g.term)}</dt><dd>{e(g.definition)}</dd>" for g in explainer.glossary]
        parts.append("</dl></aside>")
    if explainer.references:
        parts.append("<h2>References</h2><ol>")
        parts += [f'<li value="{r.number}">{e(r.citation)}</li>' for r in explainer.references]
        parts.append("</ol>")
    parts += ["<h2>About this explainer</h2>", f"<p>{e(explainer.about)}</p>"]
    if explainer.reading is not None:
        parts.append(f"<p><small>{e(_reading_line(explainer))}</small></p>")
    parts.append("</article></body></html>")
    return "\n".join(parts) + "\n"


def to_json(explainer: Explainer) -> str:
    """The explainer as JSON, with the checker's result and reading grades."""
    data = explainer.model_dump(mode="json")
    data["verification"]["ok"] = explainer.verification.ok
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_explainer(explainer: Explainer, fmt: str) -> str:
    """Render in one of :data:`FORMATS`."""
    renderers = {"md": to_markdown, "html": to_html, "json": to_json}
    if fmt not in renderers:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return renderers[fmt](explainer)


def print_explainer(console: Console, explainer: Explainer) -> None:
    """The explainer on a terminal, with rich styling (all text escaped from markup)."""
    r = rich_escape
    numbers = explainer.ref_numbers()
    console.print(f"[bold]{r(explainer.headline)}[/bold]")
    for section in explainer.sections:
        style = "bold underline" if section.level == 2 else "bold"
        console.print(f"\n[{style}]{r(section.heading)}[/{style}]")
        if section.style == "bullets":
            for claim in section.claims:
                console.print(f"  \u2022 {r(claim_text(claim, numbers))}")
        else:
            console.print(r(_paragraph(section.claims, numbers)))
    if explainer.glossary:
        console.print("\n[bold underline]Words to know[/bold underline]")
        for g in explainer.glossary:
            console.print(f"  [bold]{r(g.term)}[/bold]: {r(g.definition)}")
    if explainer.references:
        console.print("\n[bold underline]References[/bold underline]")
        for ref in explainer.references:
            console.print(f"  {ref.number}. {r(ref.citation)}", soft_wrap=True)
    console.print("\n[bold underline]About this explainer[/bold underline]")
    console.print(r(explainer.about))
    if explainer.reading is not None:
        console.print(f"[dim]{r(_reading_line(explainer))}[/dim]")
