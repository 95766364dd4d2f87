"""Renderers for an :class:`~consilience.model.Answer`: rich terminal, Markdown, HTML and JSON.

Every renderer prints the same checked sentences with the same [n] reference numbers; none adds
a finding of its own.

>>> from consilience.model import Answer, Claim, Question, Reference
>>> a = Answer(question=Question(text="Does X help?"), searched=3, retrieved=3, analyzed=3, label="no",
...            summary=[Claim(text="These studies suggest that X does not help.", cites=["p1"])],
...            references=[Reference(number=1, paper_id="p1", citation="A trial. Lancet. 2020")])
>>> print(to_markdown(a).splitlines()[2])
Searched 3 papers · 3 analyzed · 0 address the question · verdict: **no**
>>> claim_text(a.summary[0], a.ref_numbers())
'These studies suggest that X does not help [1].'
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from consilience.model import Answer, Claim, Effect, PooledEstimate, ReportedEstimate, StudyCard

__all__ = ["RENDERERS", "claim_text", "print_answer", "to_html", "to_json", "to_markdown"]

LABEL_WORDS = {
    "yes": "Yes",
    "no": "No",
    "possibly": "Possibly",
    "mixed": "Mixed",
    "insufficient evidence": "Insufficient evidence",
}
_LABEL_STYLE = {"yes": "green", "no": "red", "possibly": "yellow", "mixed": "magenta"}


def claim_text(claim: Claim, numbers: Mapping[str, int]) -> str:
    """A sentence with its reference numbers before the final full stop: '... [1, 3].'"""
    refs = sorted({numbers[p] for p in claim.cites if p in numbers})
    if not refs:
        return claim.text
    marker = " [" + ", ".join(str(n) for n in refs) + "]"
    text = claim.text.rstrip()
    if text.endswith("."):
        return text[:-1] + marker + "."
    return text + marker


def _paragraph(claims: list[Claim], numbers: Mapping[str, int]) -> str:
    return " ".join(claim_text(c, numbers) for c in claims)


def _effect(e: Effect) -> str:
    ci = ""
    if e.ci_low is not None and e.ci_high is not None:
        level = f"{e.ci_level:g}% " if e.ci_level else ""
        ci = f" ({level}CI {e.ci_low:g}–{e.ci_high:g})"
    p = f", {e.p_text}" if e.p_text else ""
    return f"{e.measure} {e.value:g}{ci}{p}"


def _pooled_line(p: PooledEstimate) -> str:
    pi = f"; 95% PI {p.pi_low:.3g}–{p.pi_high:.3g}" if p.pi_low is not None and p.pi_high is not None else ""
    return (
        f"{p.outcome} · {p.group} · {p.measure} {p.estimate:.3g} (95% CI {p.ci_low:.3g}–{p.ci_high:.3g}) · "
        f"k={p.k} · I² {100 * p.i2:.0f}% · tau² {p.tau2:.3g}{pi}"
    )


def _published_line(e: ReportedEstimate) -> str:
    return f"{e.label}: {e.outcome}, {_effect(e.effect)}"


def _who(card: StudyCard) -> str:
    """ "Smith, Lancet 2019", or what of it a record has ("" for none: no empty brackets)."""
    return ", ".join(x for x in (card.first_author, f"{card.journal} {card.year or ''}".strip()) if x)


def _header(answer: Answer) -> str:
    return (
        f"Searched {answer.searched} papers · {answer.analyzed} analyzed · {answer.addressing} address the "
        f"question · verdict: **{answer.label}**"
    )


# -- terminal ------------------------------------------------------------------------------


def print_answer(console: Console, answer: Answer) -> None:
    """The answer as a rich terminal report."""
    from consilience.render.meter import print_meter

    numbers = answer.ref_numbers()
    style = _LABEL_STYLE.get(answer.label, "white")
    head = Text()
    head.append(
        f"Searched {answer.searched} papers · {answer.analyzed} analyzed · {answer.addressing} address the question\n",
        style="dim",
    )
    head.append("Verdict: ", style="bold")
    head.append(LABEL_WORDS.get(answer.label, answer.label), style=f"bold {style}")
    if answer.designs_disagree:
        head.append("  (randomized and observational studies disagree)", style="yellow")
    head.append("\n\n")
    head.append(_paragraph(answer.summary, numbers))
    console.print(Panel(head, title=answer.question.text, title_align="left", border_style=style))
    if answer.meter is not None:
        console.print()
        print_meter(console, answer.meter)
    if answer.certainty:
        table = Table(title="Certainty of evidence (GRADE)", show_lines=False, expand=True)
        table.add_column("outcome")
        table.add_column("certainty")
        table.add_column("why", ratio=3)
        for g in answer.certainty:
            why = "; ".join(
                f"{'−' if r.change < 0 else '+' if r.change > 0 else ''}{r.domain}: {r.text}"
                for r in g.reasons
            )
            table.add_row(g.outcome, g.level, why or "no serious concern")
        console.print(table)
    if answer.pooled or answer.published_pooled:
        table = Table(
            title="Pooled effects (random effects; meta-analyses' own estimates apart)", expand=True
        )
        table.add_column("source")
        table.add_column("estimate", ratio=3)
        for p in answer.pooled:
            table.add_row("Consilience", _pooled_line(p))
        for e in answer.published_pooled:
            number = numbers.get(e.paper_id)
            table.add_row(f"published [{number}]" if number else "published", _published_line(e))
        console.print(table)
        for path in answer.plots:
            if path.endswith(".png"):
                console.print(Text(f"forest plot: {path}", style="dim"))
    for section in answer.sections:
        console.print()
        console.print(Text(section.heading, style="bold underline"))
        console.print(_paragraph(section.claims, numbers))
    if answer.cards:
        console.print()
        console.print(Text("Most relevant papers", style="bold underline"))
        for card in answer.cards:
            who = _who(card)
            n = f" · n={card.n}" if card.n else ""
            line = Text(f"[{card.ref}] ", style="bold")
            line.append(card.title, style="bold")
            line.append(
                f"\n    {who} · {card.design} (level {card.evidence_level}){n} · answer: ", style="dim"
            )
            line.append(card.answer, style=_LABEL_STYLE.get(card.answer, "white"))
            if card.takeaway:
                line.append(f"\n    {card.takeaway}")
            effects = "; ".join(_effect(e) for e in card.effects[:2])
            if effects:
                line.append(f"\n    {effects}", style="cyan")
            console.print(line)
    console.print()
    console.print(Text("References", style="bold underline"))
    for ref in answer.references:
        ids = " ".join(
            x for x in (f"PMID {ref.pmid}" if ref.pmid else "", f"doi:{ref.doi}" if ref.doi else "") if x
        )
        console.print(f"[{ref.number}] {ref.citation} {ids}".rstrip(), highlight=False)
    if answer.dropped:
        console.print(
            Text(f"\n{len(answer.dropped)} sentence(s) failed the checker and were left out.", style="dim")
        )


# -- Markdown ------------------------------------------------------------------------------


def to_markdown(answer: Answer) -> str:
    """The answer as Markdown, references numbered as in the text."""
    numbers = answer.ref_numbers()
    out = [f"# {answer.question.text}", "", _header(answer), ""]
    if answer.designs_disagree:
        out += ["> Randomized and observational studies disagree; see below.", ""]
    out += [_paragraph(answer.summary, numbers), ""]
    if answer.meter is not None and answer.meter.raw is not None:
        out += ["## Consensus meter", ""]
        out.append(f"| papers | {' | '.join(('yes', 'possibly', 'no'))} | reading |")
        out.append("|---|---|---|---|---|")
        for bar in [answer.meter.raw, *answer.meter.by_design]:
            cells = " | ".join(
                f"{bar.counts.get(a, 0)} ({bar.weighted.get(a, 0):.0f}%)" for a in ("yes", "possibly", "no")
            )
            out.append(f"| {bar.label} ({bar.papers}) | {cells} | {bar.summary} |")
        out.append("")
    if answer.certainty:
        out += ["## Certainty of evidence (GRADE)", "", "| outcome | certainty | reasons |", "|---|---|---|"]
        for g in answer.certainty:
            why = "; ".join(f"{r.domain}: {r.text}" for r in g.reasons) or "no serious concern"
            out.append(f"| {g.outcome} | {g.level} | {why} |")
        out.append("")
    if answer.pooled or answer.published_pooled:
        out += ["## Pooled effects", ""]
        out += [f"- Consilience: {_pooled_line(p)}" for p in answer.pooled]
        for e in answer.published_pooled:
            number = numbers.get(e.paper_id)
            out.append(f"- Published meta-analysis{f' [{number}]' if number else ''}: {_published_line(e)}")
        out += [f"- Forest plot: `{p}`" for p in answer.plots if p.endswith(".svg")]
        out.append("")
    for section in answer.sections:
        out += [f"## {section.heading}", "", _paragraph(section.claims, numbers), ""]
    if answer.cards:
        out += [
            "## Most relevant papers",
            "",
            "| # | study | design | n | answer | key takeaway |",
            "|---|---|---|---|---|---|",
        ]
        for card in answer.cards:
            who = f" ({_who(card)})" if _who(card) else ""
            take = card.takeaway.replace("|", "/")
            out.append(
                f"| {card.ref} | {card.title.replace('|', '/')}{who} | {card.design} | {card.n or ''} | "
                f"{card.answer} | {take} |"
            )
        out.append("")
    out += ["## References", ""]
    for ref in answer.references:
        ids = " ".join(
            x for x in (f"PMID {ref.pmid}" if ref.pmid else "", f"doi:{ref.doi}" if ref.doi else "") if x
        )
        out.append(f"{ref.number}. {ref.citation} {ids}".rstrip())
    out.append("")
    return "\n".join(out)


# -- HTML ----------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1d2733}
h1{font-size:1.5rem}.verdict{border-left:.4rem solid #888;padding:.6rem 1rem;background:#f5f7fa}
.v-yes{border-color:#2e7d32}.v-no{border-color:#c62828}.v-possibly{border-color:#f9a825}.v-mixed{border-color:#8e24aa}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #d0d7de;padding:.3rem .5rem;vertical-align:top}
.meta{color:#57606a}.cite{text-decoration:none}.plot svg{max-width:100%;height:auto}
"""


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


def _html_claim(claim: Claim, numbers: Mapping[str, int]) -> str:
    refs = sorted({numbers[p] for p in claim.cites if p in numbers})
    text = _h(claim.text.rstrip())
    if not refs:
        return text
    links = ", ".join(f'<a class="cite" href="#ref-{n}">{n}</a>' for n in refs)
    if text.endswith("."):
        return f"{text[:-1]} [{links}]."
    return f"{text} [{links}]"


def to_html(answer: Answer, *, standalone: bool = True) -> str:
    """The answer as HTML (all record text escaped); forest plots are inlined as SVG when present."""
    numbers = answer.ref_numbers()
    parts: list[str] = []
    add = parts.append
    add(f"<h1>{_h(answer.question.text)}</h1>")
    add(f'<p class="meta">{_h(_header(answer).replace("**", ""))}</p>')
    add(f'<section class="verdict v-{_h(answer.label.split()[0])}" aria-label="verdict">')
    add(f"<p><strong>{_h(LABEL_WORDS.get(answer.label, answer.label))}.</strong> ")
    add(" ".join(_html_claim(c, numbers) for c in answer.summary) + "</p></section>")
    if answer.meter is not None and answer.meter.raw is not None:
        add(
            "<h2>Consensus meter</h2><table><tr><th>papers</th><th>yes</th><th>possibly</th><th>no</th><th>reading</th></tr>"
        )
        for bar in [answer.meter.raw, *answer.meter.by_design]:
            cells = "".join(
                f"<td>{bar.counts.get(a, 0)} ({bar.weighted.get(a, 0):.0f}%)</td>"
                for a in ("yes", "possibly", "no")
            )
            add(f"<tr><td>{_h(bar.label)} ({bar.papers})</td>{cells}<td>{_h(bar.summary)}</td></tr>")
        add("</table>")
    if answer.certainty:
        add(
            "<h2>Certainty of evidence (GRADE)</h2><table><tr><th>outcome</th><th>certainty</th><th>reasons</th></tr>"
        )
        for g in answer.certainty:
            why = "; ".join(f"{r.domain}: {r.text}" for r in g.reasons) or "no serious concern"
            add(f"<tr><td>{_h(g.outcome)}</td><td>{_h(g.level)}</td><td>{_h(why)}</td></tr>")
        add("</table>")
    if answer.pooled or answer.published_pooled:
        add("<h2>Pooled effects</h2><ul>")
        for p in answer.pooled:
            add(f"<li>Consilience: {_h(_pooled_line(p))}</li>")
        for e in answer.published_pooled:
            number = numbers.get(e.paper_id)
            link = f' [<a class="cite" href="#ref-{number}">{number}</a>]' if number else ""
            add(f"<li>Published meta-analysis{link}: {_h(_published_line(e))}</li>")
        add("</ul>")
        for path in answer.plots:
            if path.endswith(".svg") and Path(path).is_file():
                svg = Path(path).read_text(encoding="utf-8")
                svg = svg[svg.find("<svg") :] if "<svg" in svg else ""
                add(f'<figure class="plot">{svg}</figure>')
    for section in answer.sections:
        add(f"<h2>{_h(section.heading)}</h2><p>")
        add(" ".join(_html_claim(c, numbers) for c in section.claims) + "</p>")
    if answer.cards:
        add(
            "<h2>Most relevant papers</h2><table><tr><th>#</th><th>study</th><th>design</th><th>n</th>"
            "<th>answer</th><th>key takeaway</th></tr>"
        )
        for card in answer.cards:
            who = _who(card)
            effects = "; ".join(_effect(e) for e in card.effects[:2])
            add(
                f'<tr><td><a href="#ref-{card.ref}">{card.ref}</a></td><td>{_h(card.title)}<br>'
                f'<span class="meta">{_h(who)}</span></td><td>{_h(card.design)} (level {card.evidence_level})</td>'
                f"<td>{_h(card.n or '')}</td><td>{_h(card.answer)}</td><td>{_h(card.takeaway)}"
                f'<br><span class="meta">{_h(effects)}</span></td></tr>'
            )
        add("</table>")
    add("<h2>References</h2><ol>")
    for ref in answer.references:
        ids = []
        if ref.pmid:
            ids.append(f"PMID {_h(ref.pmid)}")
        if ref.doi:
            ids.append(f"doi:{_h(ref.doi)}")
        add(f'<li id="ref-{ref.number}">{_h(ref.citation)} {" ".join(ids)}</li>')
    add("</ol>")
    body = "\n".join(parts)
    if not standalone:
        return body
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{_h(answer.question.text)}</title>'
        f"<style>{_CSS}</style></head><body>\n{body}\n</body></html>\n"
    )


def to_json(answer: Answer) -> str:
    """The answer as JSON (schema: docs/answer.md; ``format_version`` tells its shape)."""
    return answer.model_dump_json(indent=2) + "\n"


RENDERERS = {"md": to_markdown, "html": to_html, "json": to_json}
