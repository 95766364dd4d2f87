"""The key takeaway: the one sentence that best states a paper's main finding.

The first sentence of the conclusions that carries a finding verb wins; otherwise the
results sentence holding the primary effect estimate (or the first p-value); otherwise, for
an unstructured abstract, the last sentence with a finding verb.

>>> from consilience.model import Section
>>> paper = Paper(id="x:1", sections=[
...     Section(label="RESULTS", text="Mortality fell (HR 0.7, 95% CI 0.5-0.9)."),
...     Section(label="CONCLUSIONS", text="This is new. Drug X reduced mortality in adults.")])
>>> select_takeaway(paper).text
'Drug X reduced mortality in adults.'
"""

from __future__ import annotations

import re

from consilience.analyze.sentences import split_sentences
from consilience.model import Effect, Paper, Span
from consilience.text import is_whole_abstract

__all__ = ["FINDING_VERB", "select_takeaway"]

FINDING_VERB = re.compile(
    r"\b(?:improv|reduc|increas|decreas|lower|rais|prolong|shorten|prevent|associat|effective|"
    r"ineffective|efficac|benefi|superior|inferior|non-?inferior|equivalent|similar|comparable|"
    r"no\s+(?:significant\s+)?(?:difference|effect|benefit|evidence|association)|did\s+not|does\s+not|"
    r"was\s+not|were\s+not|failed|showed|shows|demonstrat|suggest|indicat|support|confirm|found|"
    r"safe|well\s+tolerated|outperform|favou?r|protect|predict|linked|correlat|higher|less|more|"
    r"significant)",
    re.IGNORECASE,
)
_CONCLUSION = re.compile(r"CONCLU|INTERPRETATION|IMPLICATION|SUMMARY|MAIN\s+FINDING|SIGNIFICANCE", re.I)
_RESULTS = re.compile(r"RESULT|FINDING|OUTCOME", re.I)
_P = re.compile(r"\b[Pp]\s?[<=≤]")


def _span(paper: Paper, section: int, text: str, bounds: tuple[int, int]) -> Span:
    return Span(
        paper_id=paper.id, section=section, start=bounds[0], end=bounds[1], text=text[bounds[0] : bounds[1]]
    )


def select_takeaway(paper: Paper, effects: list[Effect] | None = None) -> Span | None:
    """The sentence stating the main finding, as a span; None for a paper without an abstract."""
    sections = list(enumerate(paper.sections))
    # A lone "SUMMARY" section is the whole abstract, background first, not its conclusion.
    whole = is_whole_abstract([section.label for section in paper.sections])
    for index, section in sections:
        if not whole and _CONCLUSION.search(section.label + " " + section.category):
            for bounds in split_sentences(section.text):
                if FINDING_VERB.search(section.text[bounds[0] : bounds[1]]):
                    return _span(paper, index, section.text, bounds)
    for effect in effects or []:
        span = effect.span
        if span is not None and span.section >= 0:
            text = paper.sections[span.section].text
            for bounds in split_sentences(text):
                if bounds[0] <= span.start < bounds[1]:
                    return _span(paper, span.section, text, bounds)
    for index, section in sections:
        if _RESULTS.search(section.label + " " + section.category):
            for bounds in split_sentences(section.text):
                if _P.search(section.text[bounds[0] : bounds[1]]):
                    return _span(paper, index, section.text, bounds)
    for index, section in reversed(sections):
        for bounds in reversed(split_sentences(section.text)):
            if FINDING_VERB.search(section.text[bounds[0] : bounds[1]]):
                return _span(paper, index, section.text, bounds)
    return None
