"""A PubMed query from a parsed question, for ``consilience ask --online``.

Each PICO part the question names becomes one AND-ed block of title/abstract words; a word with
another spelling (tumour / tumor) or a stage written two ways ("stage IV" / "metastatic") is OR-ed
with it. A second query adds PubMed's publication-type filter for randomized trials,
meta-analyses and systematic reviews, so that the strongest designs are fetched first.

>>> from consilience.question import parse_question
>>> q = parse_question("Does surgery of the primary tumour improve survival in stage IV breast cancer?")
>>> pubmed_query(q)
'(surgery[tiab] AND primary[tiab] AND (tumour[tiab] OR tumor[tiab])) AND (survival[tiab]) AND ((stage IV[tiab] OR metastatic[tiab]) AND breast[tiab] AND cancer[tiab])'
>>> design_filtered(pubmed_query(q)).endswith('systematic review[pt])')
True
"""

from __future__ import annotations

import re

from consilience.index.tokenize import fold
from consilience.model import Question

__all__ = ["design_filtered", "pubmed_query"]

_STOP = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "for",
        "with",
        "and",
        "or",
        "to",
        "by",
        "from",
        "at",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "does",
        "do",
        "did",
        "can",
        "could",
        "should",
        "would",
        "patients",
        "patient",
        "people",
        "adults",
        "women",
        "men",
        "individuals",
        "subjects",
        "who",
        "whose",
        "that",
        "which",
        "than",
        "versus",
        "vs",
        "de",
        "novo",
    }
)
_GENERIC_OUTCOMES = frozenset({"outcomes", "outcome", "harms", "effects", "effect"})
_STAGE = re.compile(r"\bstage\s+(?:iv|4)\b", re.IGNORECASE)
_DESIGNS = "randomized controlled trial[pt] OR meta-analysis[pt] OR systematic review[pt]"


def _block(phrase: str) -> str:
    parts: list[str] = []
    if _STAGE.search(phrase):
        parts.append("(stage IV[tiab] OR metastatic[tiab])")
        phrase = _STAGE.sub(" ", phrase)
    for word in re.findall(r"[A-Za-z0-9][\w-]*", phrase):
        low = word.lower()
        if low in _STOP or len(low) < 3:
            continue
        other = fold(low)
        parts.append(f"({low}[tiab] OR {other}[tiab])" if other != low else f"{low}[tiab]")
    return "(" + " AND ".join(parts) + ")" if parts else ""


def pubmed_query(question: Question) -> str:
    """An E-utilities query for the papers that could answer ``question``."""
    outcome = "" if question.outcome.lower() in _GENERIC_OUTCOMES else question.outcome
    blocks = [_block(part) for part in (question.intervention, outcome, question.population) if part]
    blocks = [b for b in blocks if b]
    return " AND ".join(blocks) or question.text


def design_filtered(query: str) -> str:
    """The same query limited to randomized trials, meta-analyses and systematic reviews."""
    return f"({query}) AND ({_DESIGNS})"
