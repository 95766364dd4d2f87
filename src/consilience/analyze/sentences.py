"""Sentence splitting with character offsets, aware of biomedical abbreviations.

A period ends a sentence only when it is followed by space and a capital letter, digit or
opening bracket, and the word before it is not a known abbreviation ("vs.", "et al.", "i.e.",
"Fig.", "approx."), an initial ("J. Smith") or part of a decimal number ("0.5").

>>> text = "Patients (n = 12, i.e. all) got 2.5 mg vs. placebo. Pain fell. HR was 0.6."
>>> [text[s:e] for s, e in split_sentences(text)]
['Patients (n = 12, i.e. all) got 2.5 mg vs. placebo.', 'Pain fell.', 'HR was 0.6.']
"""

from __future__ import annotations

import re

__all__ = ["ABBREVIATIONS", "sentence_at", "split_sentences"]

#: Lower-cased words that end with a period without ending a sentence.
ABBREVIATIONS = frozenset(
    {
        "vs",
        "v",
        "al",
        "i.e",
        "e.g",
        "cf",
        "fig",
        "figs",
        "approx",
        "ca",
        "no",
        "nos",
        "vol",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "inc",
        "ltd",
        "co",
        "corp",
        "resp",
        "ref",
        "refs",
        "eq",
        "etc",
        "viz",
        "min",
        "max",
        "mo",
        "yr",
        "yrs",
        "wk",
        "wks",
        "hr",
        "hrs",
        "sec",
        "sd",
        "se",
        "iu",
        "u.s",
        "u.k",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "p",
        "pts",
        "pt",
        "sp",
        "spp",
        "subsp",
        "var",
        "n.s",
        "dept",
        # "95% C.I. 1.2–4.0": an interval's label, never a sentence's end
        "c.i",
    }
)

_CANDIDATE = re.compile(r"[.!?](?:[\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


#: "(OR 2.9. 95% CI 1.1-7.7)": a full stop misprinted for a comma between a value and its interval.
_MISPRINTED_COMMA = re.compile(r"\s+\d{2}(?:\.\d+)?\s?%\s?(?:CI|confidence)")


def _is_boundary(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return True
    if dot > 0 and text[dot - 1].isdigit() and _MISPRINTED_COMMA.match(text, dot + 1):
        return False
    match = _WORD_BEFORE.search(text, max(0, dot - 20), dot)
    if match is None:
        return True
    word = match.group(1).lower()
    if word in ABBREVIATIONS:
        # "... compared with placebo vs. drug" never ends here; "et al. Methods" rarely does.
        return False
    # A single capital initial ("J. Smith"), but not a lone capital that ends a clause such as
    # "group A. Patients" (treated as a boundary when the next word is long and capitalised).
    if len(word) == 1 and match.group(1).isupper():
        nxt = text[dot + 1 : dot + 3].strip()
        return not (nxt[:1].isupper() and len(nxt) == 1)
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of each sentence, trailing whitespace excluded."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if not _is_boundary(text, match.start()):
            continue
        end = match.end()
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            bounds.append((start, stop))
        start = end
    stop = len(text)
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    if stop > start:
        bounds.append((start, stop))
    return bounds


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    """The ``(start, end)`` of the sentence holding character ``offset``.

    >>> sentence_at("One. Two here. Three.", 7)
    (5, 14)
    """
    for start, end in split_sentences(text):
        if start <= offset < end:
            return start, end
    return 0, len(text)
