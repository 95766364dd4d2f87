"""Which papers report the same trial, so that each trial is counted once.

A trial is recognised by its registration number (NCT, ISRCTN, EudraCT, ChiCTR, UMIN,
CTRI, ACTRN, DRKS, jRCT) or by a trial code of capital letters and digits such as
``MF07-01``, ``E2108``, ``ABCSG-28`` or ``JCOG1017`` that the paper names as a trial,
protocol or study. Papers sharing a key are reports of one trial; the latest report (a
later year, or one that says it is a long-term follow-up or update) stands for it, as a
trial's later follow-up replaces its earlier report in pooling.

>>> from consilience.model import Paper, PubDate, Section
>>> a = Paper(id="a", title="The MF07-01 trial", pub_date=PubDate(year=2018))
>>> b = Paper(id="b", title="Ten-year follow-up of protocol MF07-01", pub_date=PubDate(year=2021))
>>> trial_keys(a)
{'MF07-01'}
>>> latest_reports([a, b])
{'a': 'b', 'b': 'b'}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from consilience.model import Paper

_REGISTRY = re.compile(
    r"\b(NCT\d{8}|ISRCTN\d{6,}|EudraCT\s*\d{4}-\d{6}-\d{2}|ChiCTR[-A-Z0-9]{6,}|UMIN\d{9}|"
    r"CTRI/\d{4}/\d+/\d+|ACTRN\d{14}|DRKS\d{8}|jRCT\w{8,})\b"
)
# A code of a capital and up to 7 letters then digits (optionally hyphenated), e.g. E2108,
# JCOG1017, MF07-01, LoDoCo2; the surrounding words ("trial", "randomized") make it a trial name.
_CODE = r"[A-Z][A-Za-z]{0,7}-?\d{1,5}(?:-\d{1,3})?"
# A code in brackets names a trial only right after the word "trial" or "study" ("a randomized
# trial (E2108)"): elsewhere it abbreviates the words before it, a gene, a scale or a measure
# ("forced expiratory volume in one second (FEV1)", "Short Form-36 (SF-36)"), and reading those
# as trial names grouped unrelated papers as reports of one trial. A code before a colon opens a
# trial's title ("MF07-01: a randomized trial"), not a gene's ("SETD2: an epigenetic modifier")
# or a ratio ("C18:1"); "group R2" is an arm of one trial, and "FEV1 compared with placebo" a
# measure.
_NAMED_TRIAL = re.compile(
    rf"(?:\b(?:trial|protocol|study)\s+({_CODE})\b|\b({_CODE})(?::\s(?=[^.]{{0,80}}\b(?:trial|study|follow-?up|results|update|analysis|randomi[sz]ed|phase)\b)|\s+(?:tested|randomi[sz]ed|enrolled|investigators)\b)|\b({_CODE})(?:\s+[A-Z][A-Za-z-]+)?\s+(?:phase\s+\w+\s+)?(?:randomi[sz]ed\s+)?(?:trial|study|protocol)\b|\b(?:trial|study)\s*\(({_CODE})\)|\b({_CODE})\s+\(?[A-Z][A-Z-]{(3,)}\)?(?=[\s:]))"
)
# Codes that look like trial names but are cancer staging, genes, units or years.
_NOT_TRIALS = re.compile(
    r"^(?:T\d|N\d|M\d|CD\d+|HER\d|IL-?\d+|COVID-?19|SARS-?\w*|P\d{2,}|G\d|BRCA\d|ER\d*|PR\d*|HR\d*)$"
)
_UPDATE_CUES = re.compile(
    r"\b(?:follow-?up|update[ds]?|long-term|final (?:analysis|results)|\d+-year results)\b", re.I
)


def trial_keys(paper: Paper) -> set[str]:
    """Registration numbers and trial codes this paper names."""
    text = " ".join([paper.title, *(s.text for s in paper.sections), *paper.keywords])
    keys = {m.group(1).replace(" ", "") for m in _REGISTRY.finditer(text)}
    # Curated keywords that are exactly a trial code count too.
    keys |= {k for k in paper.keywords if re.fullmatch(_CODE, k) and not _NOT_TRIALS.match(k)}
    for match in _NAMED_TRIAL.finditer(text):
        code = next(g for g in match.groups() if g)
        if not _NOT_TRIALS.match(code):
            keys.add(code)
    return keys


def _recency(paper: Paper) -> tuple[int, int, int]:
    update = 1 if _UPDATE_CUES.search(paper.title + " " + " ".join(s.text for s in paper.sections[:2])) else 0
    return (paper.year or 0, paper.pub_date.month or 0, update)


def group_reports(papers: Sequence[Paper]) -> list[list[Paper]]:
    """Papers grouped by shared trial keys (transitively); singletons for the rest."""
    keys = {p.id: trial_keys(p) for p in papers}
    parent = {p.id: p.id for p in papers}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner: dict[str, str] = {}
    for paper in papers:
        for key in keys[paper.id]:
            if key in owner:
                parent[find(paper.id)] = find(owner[key])
            else:
                owner[key] = paper.id
    groups: dict[str, list[Paper]] = {}
    for paper in papers:
        groups.setdefault(find(paper.id), []).append(paper)
    return list(groups.values())


def latest_reports(papers: Iterable[Paper]) -> dict[str, str]:
    """Map each paper id to the id of the latest report of the same trial (itself if alone)."""
    latest: dict[str, str] = {}
    for group in group_reports(list(papers)):
        newest = max(group, key=_recency)
        for paper in group:
            latest[paper.id] = newest.id
    return latest
