"""Pure helpers that shape library models for the page templates (no I/O, no HTML).

Highlighting splits text into runs, each with the kind of fact it supports; templates wrap
each marked run in ``<mark>`` and escape the text itself.

>>> segments("HR 0.66 in 350 women", [(0, 7, "effect"), (11, 14, "sample")])
[Segment(text='HR 0.66', kind='effect'), Segment(text=' in ', kind=''), Segment(text='350', kind='sample'), Segment(text=' women', kind='')]
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any, NamedTuple

from consilience.model import Paper, StudyFacts

#: What each kind of highlighted span means, in the order the legend lists them.
FACT_KINDS: dict[str, str] = {
    "effect": "effect estimate",
    "sample": "sample size",
    "survival": "survival figure",
    "follow-up": "follow-up",
    "population": "population",
    "intervention": "intervention",
    "comparator": "comparator",
    "outcome": "outcome",
    "bias": "risk-of-bias cue",
    "takeaway": "key takeaway",
    "match": "matches your query",
}


class Segment(NamedTuple):
    """A run of text and the kind of fact it supports ('' for plain text)."""

    text: str
    kind: str


class SectionView(NamedTuple):
    label: str
    segments: list[Segment]


def segments(text: str, marks: Sequence[tuple[int, int, str]]) -> list[Segment]:
    """Split ``text`` into runs by (start, end, kind) marks; a later mark wins where two overlap.

    Marks outside the text are ignored, so a stale span can never raise or misplace text.

    >>> segments("abc", [(0, 9, "x")])
    [Segment(text='abc', kind='')]
    >>> "".join(s.text for s in segments("abcdef", [(1, 4, "a"), (2, 5, "b")]))
    'abcdef'
    """
    kinds = [""] * len(text)
    for start, end, kind in marks:
        if 0 <= start < end <= len(text):
            kinds[start:end] = [kind] * (end - start)
    runs: list[Segment] = []
    position = 0
    for kind, group in itertools.groupby(kinds):
        length = sum(1 for _ in group)
        runs.append(Segment(text[position : position + length], kind))
        position += length
    return runs


def highlighted_sections(paper: Paper, facts: StudyFacts | None) -> list[SectionView]:
    """Each abstract section with the spans of extracted facts marked."""
    from consilience.render.facts import facts_spans

    marks: dict[int, list[tuple[int, int, str]]] = {}
    for kind, span in facts_spans(facts) if facts is not None else []:
        marks.setdefault(span.section, []).append((span.start, span.end, kind))
    return [
        SectionView(section.label, segments(section.text, marks.get(index, [])))
        for index, section in enumerate(paper.sections)
    ]


def used_kinds(sections: Sequence[SectionView]) -> list[tuple[str, str]]:
    """The (kind, meaning) pairs that appear in the sections, for the legend."""
    present = {seg.kind for section in sections for seg in section.segments if seg.kind}
    return [(kind, label) for kind, label in FACT_KINDS.items() if kind in present]


def author_line(paper: Paper, limit: int = 6) -> str:
    """'Soran A, Ozmen V, ... et al.' from the record's authors.

    >>> from consilience.model import Author
    >>> author_line(Paper(id="x", authors=[Author(last_name="Soran", initials="A")]))
    'Soran A'
    """
    names = []
    for author in paper.authors:
        name = author.collective or " ".join(p for p in (author.last_name, author.initials) if p)
        if name:
            names.append(name)
    if len(names) > limit:
        return ", ".join(names[:limit]) + " et al."
    return ", ".join(names)


def citation_line(paper: Paper) -> str:
    """'Ann Surg Oncol. 2018;25(11):3141-3149' from the record's journal and date.

    >>> from consilience.model import PubDate
    >>> citation_line(Paper(id="x", pub_date=PubDate(year=2021)))
    '2021'
    """
    j = paper.journal
    parts = [p for p in (j.iso_abbrev or j.title, str(paper.pub_date.year or "")) if p]
    text = ". ".join(parts)
    if j.volume:
        text += f";{j.volume}" + (f"({j.issue})" if j.issue else "")
    if j.pages:
        text += f":{j.pages}"
    return text


def external_links(paper: Paper) -> list[tuple[str, str, str]]:
    """(label, identifier, URL) for the paper's DOI, PMID and PMCID (links to read it online)."""
    links = []
    if paper.ids.doi:
        links.append(("DOI", paper.ids.doi, f"https://doi.org/{paper.ids.doi}"))
    if paper.ids.pmid:
        links.append(("PMID", paper.ids.pmid, f"https://pubmed.ncbi.nlm.nih.gov/{paper.ids.pmid}/"))
    if paper.ids.pmcid:
        links.append(
            ("PMCID", paper.ids.pmcid, f"https://www.ncbi.nlm.nih.gov/pmc/articles/{paper.ids.pmcid}/")
        )
    return links


class CitedSentence(NamedTuple):
    """A sentence split so that its reference links sit before the final full stop."""

    body: str
    refs: list[int]
    end: str


def cited(text: str, cites: Sequence[str], numbers: dict[str, int]) -> CitedSentence:
    """'Fewer died.' citing papers 3 and 1 -> ('Fewer died', [1, 3], '.'), shown 'Fewer died [1, 3].'

    >>> cited("Fewer died.", ["b", "a", "b"], {"a": 1, "b": 3})
    CitedSentence(body='Fewer died', refs=[1, 3], end='.')
    >>> cited("No citation", ["zz"], {})
    CitedSentence(body='No citation', refs=[], end='')
    """
    refs = sorted({numbers[p] for p in cites if p in numbers})
    body = text.rstrip()
    if refs and body.endswith("."):
        return CitedSentence(body[:-1], refs, ".")
    return CitedSentence(body, refs, "")


def runs(numbers: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted reference numbers as (first, last) runs; runs of three or more read '1–5'.

    >>> runs([1, 2, 3, 4, 7, 8, 10])
    [(1, 4), (7, 7), (8, 8), (10, 10)]
    """
    found: list[list[int]] = []
    for n in numbers:
        if found and n == found[-1][-1] + 1:
            found[-1].append(n)
        else:
            found.append([n])
    out: list[tuple[int, int]] = []
    for run in found:
        out += [(run[0], run[-1])] if len(run) >= 3 else [(n, n) for n in run]
    return out


def ci_text(low: float | None, high: float | None, level: float | None = None) -> str:
    """'95% CI 0.49-0.88' (or '' when the interval is unknown).

    >>> ci_text(0.49, 0.88, 90)
    '90% CI 0.49–0.88'
    """
    if low is None or high is None:
        return ""
    prefix = f"{level:g}% CI" if level else "CI"
    return f"{prefix} {low:.2f}–{high:.2f}"


def pct(value: Any) -> float:
    """A share in percent, clamped to 0-100 for bar widths."""
    try:
        return max(0.0, min(100.0, float(value)))
    except (TypeError, ValueError):
        return 0.0
