"""Renderers for :class:`~consilience.model.Article`: Markdown, HTML, JSON and the terminal.

The article is data; these only lay it out. HTML escapes every piece of text, since titles,
author names and sentences come from papers and must never be read as markup.

>>> from consilience.model import Article, ArticleSection, CitationBlock, Claim
>>> article = Article(paper_id="p1", audience="patient", headline="A <b>bold</b> claim",
...     citation=CitationBlock(paper_id="p1", title="T & U"),
...     sections=[ArticleSection(heading="Key findings", style="bullets", claims=[Claim(text="Fewer died.")])])
>>> "&lt;b&gt;bold&lt;/b&gt;" in to_html(article) and "<b>bold" not in to_html(article)
True
>>> print(to_markdown(article).splitlines()[0])
# A <b>bold</b> claim
"""

from __future__ import annotations

import json
from html import escape

from rich.console import Console
from rich.markup import escape as rich_escape

from consilience.model import Article, Claim

__all__ = ["FORMATS", "print_article", "render_article", "to_html", "to_json", "to_markdown"]

FORMATS = ("md", "html", "json")


def _paragraph(claims: list[Claim]) -> str:
    return " ".join(c.text for c in claims)


def _citation_lines(article: Article) -> list[tuple[str, str]]:
    c = article.citation
    rows = [
        ("DOI", c.doi),
        ("PMID", c.pmid),
        ("Title", c.title),
        ("Subject", c.subject),
        ("Journal", c.journal),
        ("Publisher", c.publisher),
        ("Authors", ", ".join(c.authors)),
        ("Published", c.published),
    ]
    return [(k, v) for k, v in rows if v]


def to_markdown(article: Article) -> str:
    """The article as Markdown, in the order a reader meets it."""
    out: list[str] = [f"# {article.headline}", ""]
    if article.alt_text:
        out += [f"*Image: {article.alt_text}*", ""]
    if article.subheadline:
        out += [f"> \u201c{article.subheadline}\u201d", ""]
    for section in article.sections:
        out += [f"## {section.heading}", ""]
        if section.style == "bullets":
            out += [f"- {c.text}" for c in section.claims]
        else:
            out.append(_paragraph(section.claims))
        out.append("")
    if article.glossary:
        out += ["## Words to know", ""]
        out += [f"- **{g.term}**: {g.definition}" for g in article.glossary]
        out.append("")
    out += ["## About this article", "", article.about, ""]
    out += ["This article is based on research published as:", ""]
    out += [f"- **{k}:** {v}" for k, v in _citation_lines(article)]
    if article.citation.url:
        out.append(f"- **Link:** <{article.citation.url}>")
    out.append("")
    if article.faq:
        out += ["## Everything you need to know", ""]
        for number, item in enumerate(article.faq, 1):
            out += [f"### {number}. {item.question}", "", _paragraph(item.claims), ""]
    if article.reading is not None:
        out += [
            f"*Reading level: grade {article.reading.flesch_kincaid} (Flesch-Kincaid), "
            f"{article.reading.smog} (SMOG). Written for: {article.audience}.*",
            "",
        ]
    return "\n".join(out).rstrip() + "\n"


def to_html(article: Article) -> str:
    """The article as a standalone HTML page; all text escaped."""
    e = escape
    parts: list[str] = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(article.headline)}</title>",
        "<style>body{font:18px/1.6 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem}"
        "blockquote{font-style:italic;color:#444}aside{background:#f4f4f4;padding:.5rem 1rem}</style>",
        "</head><body><article>",
        f'<figure role="img" aria-label="{e(article.alt_text)}"><figcaption>{e(article.alt_text)}</figcaption></figure>'
        if article.alt_text
        else "",
        f"<h1>{e(article.headline)}</h1>",
    ]
    if article.subheadline:
        parts.append(f"<blockquote>\u201c{e(article.subheadline)}\u201d</blockquote>")
    for section in article.sections:
        parts.append(f"<h2>{e(section.heading)}</h2>")
        if section.style == "bullets":
            parts.append("<ul>" + "".join(f"<li>{e(c.text)}</li>" for c in section.claims) + "</ul>")
        else:
            parts.append(f"<p>{e(_paragraph(section.claims))}</p>")
    if article.glossary:
        parts.append("<aside><h2>Words to know</h2><dl>")
        parts += [f"<dt>{e(g.term)}</dt><dd>{e(g.definition)}</dd>" for g in article.glossary]
        parts.append("</dl></aside>")
    parts += ["<h2>About this article</h2>", f"<p>{e(article.about)}</p>", "<dl>"]
    parts += [f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in _citation_lines(article)]
    if article.citation.url:
        parts.append(
            f'<dt>Link</dt><dd><a href="{e(article.citation.url)}">{e(article.citation.url)}</a></dd>'
        )
    parts.append("</dl>")
    if article.faq:
        parts.append("<h2>Everything you need to know</h2><ol>")
        for item in article.faq:
            parts.append(f"<li><h3>{e(item.question)}</h3><p>{e(_paragraph(item.claims))}</p></li>")
        parts.append("</ol>")
    parts.append("</article></body></html>")
    return "\n".join(p for p in parts if p) + "\n"


def to_json(article: Article) -> str:
    """The article as JSON, with the checker's result and reading grades."""
    data = article.model_dump(mode="json")
    data["verification"]["ok"] = article.verification.ok
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_article(article: Article, fmt: str) -> str:
    """Render in one of :data:`FORMATS`."""
    renderers = {"md": to_markdown, "html": to_html, "json": to_json}
    if fmt not in renderers:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return renderers[fmt](article)


def print_article(console: Console, article: Article) -> None:
    """The article on a terminal, with rich styling (paper text escaped from markup)."""
    r = rich_escape
    console.print(f"[bold]{r(article.headline)}[/bold]")
    if article.subheadline:
        console.print(f"[italic]\u201c{r(article.subheadline)}\u201d[/italic]")
    for section in article.sections:
        console.print(f"\n[bold underline]{r(section.heading)}[/bold underline]")
        if section.style == "bullets":
            for claim in section.claims:
                console.print(f"  \u2022 {r(claim.text)}")
        else:
            console.print(r(_paragraph(section.claims)))
    if article.glossary:
        console.print("\n[bold underline]Words to know[/bold underline]")
        for g in article.glossary:
            console.print(f"  [bold]{r(g.term)}[/bold]: {r(g.definition)}")
    console.print("\n[bold underline]About this article[/bold underline]")
    console.print(r(article.about))
    for key, value in _citation_lines(article):
        console.print(f"  [dim]{key}:[/dim] {r(value)}")
    if article.faq:
        console.print("\n[bold underline]Everything you need to know[/bold underline]")
        for number, item in enumerate(article.faq, 1):
            console.print(f"\n[bold]{number}. {r(item.question)}[/bold]")
            console.print(r(_paragraph(item.claims)))
